/*
 * Writes the archival XML: the complete content and metadata of a plan in
 * the vocabulary of handlingsplan.xsd (described in docs/xml.md).
 */
#ifndef HPLAN_XML_OUT_H
#define HPLAN_XML_OUT_H

#include <stddef.h>

#include "doc.h"

#define XML_NAMESPACE	"urn:hplan:plan:1"
#define XML_FORMAT	"1"

/* The XML of doc in a new buffer of *len bytes, to be freed by free(). */
char	*xml_out_write(const struct doc *doc, size_t *len);

#endif
