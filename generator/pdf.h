/* The PDF device: draws a laid-out plan with Cairo. */
#ifndef HPLAN_PDF_H
#define HPLAN_PDF_H

#include <cairo.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "layout.h"
#include "pdfa.h"
#include "style.h"

/*
 * Draws ld, the layout of doc, as a PDF of PDF/A level into out.  The
 * file's dates come from SOURCE_DATE_EPOCH when it is set, else from the
 * plan's date, never from the clock, so the same plan gives the same
 * bytes.  Returns 0, or -1 when Cairo or the PDF/A pass fails (reported).
 */
int	pdf_write(const struct lay_doc *ld, const struct doc *doc,
	    const struct style *s, enum pdfa_level level, struct buf *out,
	    struct diag *d);

/*
 * The date of the files made from doc, "YYYY-MM-DDThh:mm:ssZ": from
 * SOURCE_DATE_EPOCH when it is set, else the plan's own date.
 */
void	pdf_file_date(const struct doc *doc, char out[32]);

/* Draws one page of a layout on cr, in points. */
void	pdf_draw_page(cairo_t *cr, const struct lay_page *page);

/* A preview of page (from 0) as a PNG image of dpi dots per inch. */
int	pdf_write_png(const struct lay_doc *ld, size_t page, double dpi,
	    struct buf *out);

#endif
