#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "pdf.h"
#include "xalloc.h"

static cairo_status_t
append(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void
color(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 0xff) / 255.0,
	    ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

/* A string for a Cairo tag attribute: quotes and backslashes escaped. */
static void
quoted(struct buf *b, const char *s)
{
	buf_addc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '\'');
}

static void
link(cairo_t *cr, const struct lay_box *bx)
{
	struct buf a = { 0 };

	buf_printf(&a, "rect=[%.2f %.2f %.2f %.2f] ", bx->x, bx->y, bx->w,
	    bx->h);
	if (bx->uri != NULL) {
		buf_adds(&a, "uri=");
		quoted(&a, bx->uri);
	} else
		buf_printf(&a, "dest='h%d'", bx->dest);
	cairo_tag_begin(cr, CAIRO_TAG_LINK, a.data);
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	buf_free(&a);
}

/* The layout has read the image once already; a failure now leaves the
 * area empty rather than the document unmade. */
static void
image(cairo_t *cr, const struct lay_box *bx)
{
	cairo_surface_t *img = cairo_image_surface_create_from_png(bx->image);

	if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
		cairo_save(cr);
		cairo_translate(cr, bx->x, bx->y);
		cairo_scale(cr, bx->w / cairo_image_surface_get_width(img),
		    bx->h / cairo_image_surface_get_height(img));
		cairo_set_source_surface(cr, img, 0, 0);
		cairo_paint(cr);
		cairo_restore(cr);
	}
	cairo_surface_destroy(img);
}

static void
draw_box(cairo_t *cr, const struct lay_box *bx)
{
	char name[32];

	switch (bx->kind) {
	case LAY_TEXT:
		if (bx->anchor > 0) {
			/* A heading is a named destination, for the contents'
			 * links and the bookmarks. */
			snprintf(name, sizeof(name), "name='h%d'", bx->anchor);
			cairo_tag_begin(cr, CAIRO_TAG_DEST, name);
		}
		color(cr, bx->color);
		cairo_move_to(cr, bx->x, bx->baseline);
		pango_cairo_show_layout_line(cr,
		    pango_layout_get_line_readonly(bx->layout, bx->line));
		if (bx->anchor > 0)
			cairo_tag_end(cr, CAIRO_TAG_DEST);
		break;
	case LAY_RULE:
		color(cr, bx->color);
		cairo_set_line_width(cr, bx->thickness);
		cairo_move_to(cr, bx->x, bx->y);
		cairo_line_to(cr, bx->x + bx->w, bx->y + bx->h);
		cairo_stroke(cr);
		break;
	case LAY_RECT:
		color(cr, bx->color);
		cairo_rectangle(cr, bx->x, bx->y, bx->w, bx->h);
		cairo_fill(cr);
		break;
	case LAY_LINK:
		link(cr, bx);
		break;
	case LAY_IMAGE:
		image(cr, bx);
		break;
	}
}

void
pdf_draw_page(cairo_t *cr, const struct lay_page *page)
{
	size_t k;

	for (k = 0; k < page->nboxes; k++)
		draw_box(cr, &page->boxes[k]);
}

/* The date of the file, as Cairo wants it. */
static void
file_date(const struct doc *doc, char out[32])
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	const struct doc_date *d = &doc->meta.date;
	char *end;

	if (epoch != NULL && epoch[0] != '\0') {
		time_t t = (time_t)strtoll(epoch, &end, 10);
		struct tm tm;

		if (*end == '\0' && gmtime_r(&t, &tm) != NULL) {
			strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
			return;
		}
	}
	snprintf(out, 32, "%04d-%02d-%02dT00:00:00Z", d->year % 10000,
	    (d->month > 0 ? d->month : 1) % 100, (d->day > 0 ? d->day : 1) % 100);
}

static void
metadata(cairo_surface_t *surface, const struct doc *doc)
{
	const struct doc_meta *m = &doc->meta;
	char date[32];

	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
	    m->title.s);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
	    m->board.s);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT,
	    "Handlingsplan mot våldsbejakande extremism");
	if (m->dnr.s != NULL && m->dnr.s[0] != '\0')
		cairo_pdf_surface_set_metadata(surface,
		    CAIRO_PDF_METADATA_KEYWORDS, m->dnr.s);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
	    "hplan");
	file_date(doc, date);
	cairo_pdf_surface_set_metadata(surface,
	    CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE,
	    date);
}

/* Bookmarks: every heading, nested by level. */
static void
outline(cairo_surface_t *surface, const struct lay_doc *ld)
{
	int parent[DOC_MAX_LEVEL + 1] = { CAIRO_PDF_OUTLINE_ROOT };
	size_t i;

	for (i = 0; i < ld->nheadings; i++) {
		const struct lay_heading *h = &ld->headings[i];
		char dest[64];

		if (h->page < 0)
			continue;
		snprintf(dest, sizeof(dest), "dest='h%zu'", i + 1);
		parent[h->level] = cairo_pdf_surface_add_outline(surface,
		    parent[h->level - 1], h->title, dest, 0);
	}
}

int
pdf_write(const struct lay_doc *ld, const struct doc *doc, struct buf *out,
    struct diag *d)
{
	cairo_surface_t *surface;
	cairo_status_t status;
	cairo_t *cr;
	size_t p;

	surface = cairo_pdf_surface_create_for_stream(append, out, ld->width,
	    ld->height);
	cr = cairo_create(surface);
	metadata(surface, doc);
	for (p = 0; p < ld->npages; p++) {
		pdf_draw_page(cr, &ld->pages[p]);
		cairo_show_page(cr);
	}
	outline(surface, ld);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (status != CAIRO_STATUS_SUCCESS) {
		struct diag_pos pos = { doc->file, 0, 0 };

		diag_report(d, DIAG_ERROR, &pos, "cannot make the PDF: %s",
		    cairo_status_to_string(status));
		return -1;
	}
	return 0;
}

int
pdf_write_png(const struct lay_doc *ld, size_t page, double dpi,
    struct buf *out)
{
	double scale = dpi / 72;
	cairo_surface_t *surface = cairo_image_surface_create(
	    CAIRO_FORMAT_RGB24, (int)(ld->width * scale + 0.5),
	    (int)(ld->height * scale + 0.5));
	cairo_status_t status;
	cairo_t *cr = cairo_create(surface);

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	pdf_draw_page(cr, &ld->pages[page]);
	cairo_destroy(cr);
	status = cairo_surface_write_to_png_stream(surface, append, out);
	cairo_surface_destroy(surface);
	return status == CAIRO_STATUS_SUCCESS ? 0 : -1;
}
