/*
 * Validation: the one pass every document tree goes through after it is
 * read, whatever the reader (YAML or archival XML), so that the same plan
 * gets the same verdicts either way.  The readers check only what their
 * syntax needs; the rules of a plan live here.
 */
#ifndef HPLAN_VALIDATE_H
#define HPLAN_VALIDATE_H

#include "diag.h"
#include "doc.h"
#include "render.h"

enum {
	/* A paragraph longer than this (some 40 pages) would overflow
	 * Pango's measures when laid out as one line before breaking. */
	VALIDATE_MAX_PARAGRAPH = 100000,
	/* Pango's line breaking grows with the square of the hard line
	 * breaks in one paragraph. */
	VALIDATE_MAX_LINE_BREAKS = 1000,
	/* Longer unbroken runs make Pango's line breaking quadratic. */
	VALIDATE_MAX_WORD = 500,
	/* A numbered list starts at 1 to this. */
	VALIDATE_MAX_LIST_START = 9999
};

/*
 * The rules of the tree: ids valid and unique, nesting (sections 3 deep,
 * lists and quotations 8), no footnote in a footnote or a link, no link in
 * a link, no empty link or footnote, link addresses, list numbers, tables
 * (columns, rows, fields), no control or bidirectional override
 * characters in any text, lengths of words and paragraphs.  Returns the
 * number of errors, each reported.
 */
unsigned	validate_doc(const struct doc *doc, struct diag *d);

/*
 * The rules that need the style and its fonts: every printed character in
 * the fonts, every table column wide enough for its text, the title short
 * enough for the cover and the running header.  Returns the number of
 * errors, each reported.
 */
unsigned	validate_print(const struct doc *doc, struct render *r,
		    struct diag *d);

#endif
