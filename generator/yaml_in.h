/*
 * Reads a plan written in YAML (docs/format.md) into a document tree.
 * Reading is strict: every problem of the YAML is reported with its
 * position, all of them in one pass.  The rules of a plan are checked
 * afterwards, on the tree (validate.h); plan_parse() does both.
 */
#ifndef HPLAN_YAML_IN_H
#define HPLAN_YAML_IN_H

#include <stddef.h>

#include "diag.h"
#include "doc.h"

enum {
	YAML_IN_MAX_BYTES = 16 << 20	/* a plan file */
};

/*
 * Reads a plan from memory; name is used in positions.  The tree is
 * returned even when errors were reported, as far as it could be read,
 * so that validation can report the rest; NULL when there is none.
 */
struct doc	*yaml_in_parse(const char *name, const char *data, size_t len,
		    struct diag *d);

#endif
