/* The PDF device: draws a laid-out plan with Cairo. */
#ifndef HPLAN_PDF_H
#define HPLAN_PDF_H

#include <cairo.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "layout.h"
#include "pdfa.h"

/*
 * Asks Cairo (through its CAIRO_DEBUG_PDF, read when a PDF surface is
 * made) to leave the pages' content streams uncompressed: the post-pass
 * (pdfa.h), which every PDF drawn goes through, re-marks decoration in
 * them and compresses them, and Cairo's compression would only be undone.
 * A Cairo that compresses anyway costs the post-pass an inflation more.
 * To be called before the process starts a thread, as it sets the
 * environment.
 */
void	pdf_init(void);

/*
 * Draws ld, the layout of doc, as a PDF into out, its structure recorded
 * in rec (pdfua.h), ready for the PDF/A pass
 * of level (pdfa.h), dated date (pdf_file_date(), never the clock, so the
 * same plan gives the same bytes).  Each page's boxes are released once it
 * is drawn (lay_page_release), so that a long plan's layout and its PDF
 * are not in memory whole together: ld keeps its headings and its pages,
 * empty.  Returns 0, or -1 when Cairo fails (reported).
 */
int	pdf_write(struct lay_doc *ld, const struct doc *doc,
	    enum pdfa_level level, const char *date, struct buf *out,
	    struct pdfua_record *rec, struct diag *d);

/*
 * The date of the files made from doc, "YYYY-MM-DDThh:mm:ssZ": from
 * SOURCE_DATE_EPOCH when it is set, else the plan's own date.
 */
void	pdf_file_date(const struct doc *doc, char out[32]);

/* Draws one page of a layout on cr, in points. */
void	pdf_draw_page(cairo_t *cr, const struct lay_page *page);

/* Page (from 0) drawn as an image of dpi dots per inch, or NULL when
 * Cairo cannot make one. */
cairo_surface_t	*pdf_page_image(const struct lay_doc *ld, size_t page,
		    double dpi);
/* image, an RGB24 surface drawn, as PNG, compressed for speed rather than
 * size (cairo's own writer spends several times the drawing's time on
 * it); in any thread.  0 or -1. */
int	pdf_png(cairo_surface_t *image, struct buf *out);
/* A preview of page (from 0) as a PNG image of dpi dots per inch. */
int	pdf_write_png(const struct lay_doc *ld, size_t page, double dpi,
	    struct buf *out);

#endif
