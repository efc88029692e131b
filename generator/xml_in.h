/*
 * Reads the archival XML back into a document tree, so that an archived
 * plan regenerates the identical PDF.  The file is validated against the
 * built-in schema; network access, DTDs and entity expansion are refused.
 */
#ifndef HPLAN_XML_IN_H
#define HPLAN_XML_IN_H

#include <stddef.h>

#include "diag.h"
#include "doc.h"

enum {
	XML_IN_MAX_BYTES = 64 << 20
};

/*
 * Reads archival XML from memory; name is used in positions.  A file the
 * schema accepts gives a tree, even when errors were reported later, so
 * that validation (validate.h) can report the rest; NULL otherwise.
 */
struct doc	*xml_in_parse(const char *name, const char *data, size_t len,
		    struct diag *d);

#endif
