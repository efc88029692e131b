/*
 * hplan import: a plan written in Word (.docx), read into the document
 * tree without a converter in between.  Headings become sections, lists
 * lists (from the numbering or typed by hand), footnotes footnotes, tables
 * with the known column names action tables; the cover and title page
 * become metadata.  What cannot be mapped (images, text boxes, tracked
 * changes, comments, fields, merged cells) is reported with its place and
 * kept as text where it can be.
 */
#ifndef HPLAN_DOCX_IN_H
#define HPLAN_DOCX_IN_H

#include "diag.h"
#include "doc.h"

/* What was imported, for the summary. */
struct docx_summary {
	unsigned	 sections;
	unsigned	 paragraphs;
	unsigned	 lists;
	unsigned	 footnotes;
	unsigned	 tables;	/* plain tables */
	unsigned	 action_tables;
	unsigned	 actions;
	unsigned	 unmapped;	/* things reported */
};

/* The largest Word file read. */
#define DOCX_IN_MAX_BYTES	(64 << 20)

/*
 * The plan in the len bytes of a Word file named name, with the things
 * that could not be mapped reported to d as warnings; NULL when it cannot
 * be read as a Word document (reported).
 */
struct doc	*docx_in_parse(const char *name, const char *data, size_t len,
		    struct docx_summary *summary, struct diag *d);

#endif
