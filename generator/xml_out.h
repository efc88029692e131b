/*
 * Writes the archival XML: the complete content and metadata of a plan in
 * the vocabulary of handlingsplan.xsd (described in docs/xml.md).
 */
#ifndef HPLAN_XML_OUT_H
#define HPLAN_XML_OUT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "doc.h"

#define XML_NAMESPACE	"urn:hplan:plan:1"
#define XML_FORMAT	"1"

/* The XML of doc in a new buffer of *len bytes, to be freed by free(). */
char	*xml_out_write(const struct doc *doc, size_t *len);

/* Helpers for every XML file hplan writes (the plan, ERMS, METS). */

/* A new last child of parent, in its namespace, holding text if any. */
xmlNodePtr	 xml_out_element(xmlNodePtr parent, const char *name,
		    const char *text);

/* x as indented UTF-8 in a new buffer of *len bytes; frees x. */
char		*xml_out_serialize(xmlDocPtr x, size_t *len);

#endif
