/*
 * Reads a plan written in YAML (docs/format.md) into a document tree.
 * Reading is strict: every problem is reported with its position, all of
 * them in one pass, and no tree is returned when there was an error.
 */
#ifndef HPLAN_YAML_IN_H
#define HPLAN_YAML_IN_H

#include <stddef.h>

#include "diag.h"
#include "doc.h"

enum {
	YAML_IN_MAX_BYTES = 16 << 20	/* a plan file */
};

/* Reads a plan from memory; name is used in positions. */
struct doc	*yaml_in_parse(const char *name, const char *data, size_t len,
		    struct diag *d);

#endif
