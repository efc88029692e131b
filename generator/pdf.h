/* The PDF device: draws a laid-out plan with Cairo. */
#ifndef HPLAN_PDF_H
#define HPLAN_PDF_H

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "layout.h"

/*
 * Draws ld, the layout of doc, as a PDF into out.  The file's dates come
 * from SOURCE_DATE_EPOCH when it is set, else from the plan's date, never
 * from the clock, so the same plan gives the same bytes.  Returns 0, or
 * -1 when Cairo fails (reported to d).
 */
int	pdf_write(const struct lay_doc *ld, const struct doc *doc,
	    struct buf *out, struct diag *d);

#endif
