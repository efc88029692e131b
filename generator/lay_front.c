#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "font.h"
#include "lay_break.h"
#include "lay_int.h"
#include "xalloc.h"

/*
 * Front matter and furniture: the cover, the title page, the contents with
 * their page numbers, and the running header on every page.
 */

/* Fixed pages. */

static void
date_words(const struct doc_date *d, struct buf *out)
{
	doc_date_words(d, 1, out);
}

/*
 * The title page's version line: "Version 3, reviderad mars 2018 ·
 * version 2, reviderad augusti 2017 · version 1, maj 2017".
 */
static void
version_line(const struct doc_meta *m, struct buf *out)
{
	size_t i;

	buf_printf(out, "Version" NBSP "%u, reviderad ", m->version);
	doc_date_words(&m->date, 0, out);
	for (i = 0; i < m->nhistory; i++) {
		const struct doc_version *h = &m->history[i];

		buf_printf(out, " · version" NBSP "%u, ", h->version);
		if (h->note.s != NULL && h->note.s[0] != '\0')
			buf_printf(out, "%s ", h->note.s);
		else if (i + 1 < m->nhistory)
			buf_adds(out, "reviderad ");
		doc_date_words(&h->date, 0, out);
	}
}

static int
ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);

	return n >= k && strcmp(s + n - k, end) == 0;
}

/* The title, and the date on a line of its own unless the title ends
 * with it already ("…extremism 2020"). */
static void
title_and_date(const char *title, const struct doc_date *d, struct buf *out)
{
	struct buf date = { 0 };

	date_words(d, &date);
	buf_adds(out, title);
	if (!ends_with(title, date.data)) {
		buf_adds(out, LINE_SEPARATOR);
		buf_adds(out, date.data);
	}
	buf_free(&date);
}

void
lay_place_text(struct builder *b, int page, enum lay_role role, struct text *t,
    double x, double top)
{
	int i;

	for (i = 0; i < lay_line_count(t); i++)
		lay_text_box(b, page, role, t, i, x, top + i * t->leading);
}

/* The style's logo at the cover's top left; -1 when it cannot be read. */
int
lay_logo(struct builder *b, int page, struct diag *d)
{
	const struct style *s = b->s;
	cairo_surface_t *img;
	struct lay_box *bx;
	int ok;

	if (s->cover_logo == NULL)
		return 0;
	img = cairo_image_surface_create_from_png(s->cover_logo);
	ok = cairo_surface_status(img) == CAIRO_STATUS_SUCCESS &&
	    cairo_image_surface_get_width(img) > 0;
	if (ok) {
		bx = lay_new_box(b->ld, page, LAY_IMAGE, LAY_ROLE_COVER);
		bx->x = b->left;
		bx->y = s->cover_logo_top;
		bx->w = s->cover_logo_width;
		bx->h = s->cover_logo_width *
		    cairo_image_surface_get_height(img) /
		    cairo_image_surface_get_width(img);
		bx->image = xstrdup(s->cover_logo);
	} else {
		struct diag_pos pos = { s->file, 0, 0 };

		diag_report(d, DIAG_ERROR, &pos, "cannot read the logo %s: %s",
		    s->cover_logo, cairo_status_to_string(
		    cairo_surface_status(img)));
	}
	cairo_surface_destroy(img);
	return ok ? 0 : -1;
}

void
lay_cover(struct builder *b, struct pager *p)
{
	const struct style *s = b->s;
	const struct doc_meta *m = &b->doc->meta;
	struct buf str = { 0 };
	struct text *site;

	lay_new_page(p);
	title_and_date(m->title.s, &m->date, &str);
	lay_place_text(b, p->page, LAY_ROLE_COVER, lay_plain_text(b, str.data,
	    &s->cover_title, s->cover_title_width), b->left,
	    s->cover_title_top);
	buf_free(&str);
	site = lay_plain_text(b, s->cover_site, &s->cover_site_text, 0);
	lay_place_text(b, p->page, LAY_ROLE_COVER, site, b->left,
	    b->ld->height - s->cover_site_bottom - site->leading);
}

/* A line of the title page's date block, at *y, which it moves down. */
static void
under_title(struct builder *b, struct pager *p, const char *str, double *y)
{
	struct text *t = lay_plain_text(b, str, &b->s->tp_date, b->width);

	lay_place_text(b, p->page, LAY_ROLE_TITLE_PAGE, t, b->left, *y);
	*y += lay_line_count(t) * t->leading;
}

const char *const lay_fixed_labels[LAY_FIXED_LABELS] = { "Dnr:",
    "Utgivningsdatum:", "Kontaktperson:" };

void
lay_title_page(struct builder *b, struct pager *p)
{
	const struct style *s = b->s;
	const struct doc_meta *m = &b->doc->meta;
	struct buf str = { 0 };
	const char *title;
	struct text *t;
	double y;
	size_t i;
	char date[11];
	const char *const values[] = { m->dnr.s, date, m->contact.s };

	lay_new_page(p);
	title = m->title_page_title.s != NULL ? m->title_page_title.s :
	    m->title.s;
	t = lay_plain_text(b, title, &s->tp_title, b->width);
	lay_place_text(b, p->page, LAY_ROLE_TITLE_PAGE, t, b->left,
	    s->tp_title_top);
	y = s->tp_title_top + lay_line_count(t) * t->leading;
	date_words(&m->date, &str);
	if (!ends_with(title, str.data))
		under_title(b, p, str.data, &y);
	buf_free(&str);
	if (m->nhistory > 0) {
		version_line(m, &str);
		under_title(b, p, str.data, &y);
		buf_free(&str);
	}
	if (m->decision.present) {
		doc_decision_words(m, &str);
		under_title(b, p, str.data, &y);
		buf_free(&str);
	}
	y += s->tp_labels_top;
	doc_date_format(&m->published, date);
	for (i = 0; i < LAY_FIXED_LABELS + m->nlabels; i++) {
		int fixed = i < LAY_FIXED_LABELS;
		const struct doc_label *own = fixed ? NULL :
		    &m->labels[i - LAY_FIXED_LABELS];
		const char *label = fixed ? lay_fixed_labels[i] : NULL;
		const char *value = fixed ? values[i] : own->value.s;
		struct text *v;

		if (label == NULL) {
			buf_printf(&str, "%s:", own->label.s);
			t = lay_plain_text(b, str.data, &s->tp_labels,
			    s->tp_label_width);
			buf_free(&str);
		} else
			t = lay_plain_text(b, label, &s->tp_labels,
			    s->tp_label_width);
		lay_place_text(b, p->page, LAY_ROLE_TITLE_PAGE, t, b->left, y);
		v = lay_plain_text(b, value != NULL ? value : "", &s->tp_labels,
		    b->width - s->tp_label_width);
		lay_place_text(b, p->page, LAY_ROLE_TITLE_PAGE, v, b->left +
		    s->tp_label_width, y);
		y += fmax(lay_line_count(t), lay_line_count(v)) * t->leading;
		/* The title page is one page: what does not fit on it is
		 * refused, not drawn below its edge. */
		if (y > b->bottom + 0.001 && !p->failed) {
			diag_report(p->d, DIAG_ERROR, fixed ? &m->title.pos :
			    &own->value.pos, "the title page's "
			    "lines do not fit on one page; shorten the title "
			    "or the lines of 'titelsida'");
			p->failed = 1;
		}
	}
}

/*
 * The contents: laid out before the body, numbered after it.  The page
 * numbers stand in a column kept free for them, so no number can change
 * how the contents break into lines and pages, and one pass is exact: the
 * numbers are those of the pages the headings were placed on.
 */
void
lay_contents(struct builder *b, struct pager *p)
{
	const struct style *s = b->s;
	struct flow f = { 0 };
	size_t i;

	lay_new_page(p);
	b->ld->first_contents_page = p->page;
	lay_lines(&f, lay_plain_text(b, s->toc_title, &s->toc_title_text,
	    b->width), b->left, LAY_ROLE_CONTENTS, NULL, 0);
	f.items[f.n - 1].keep = 1;
	lay_space(&f, s->toc_title_space);
	for (i = 0; i < b->ld->nheadings; i++) {
		const struct lay_heading *h = &b->ld->headings[i];
		double indent = s->toc_indent * (h->level - 1);
		struct contents_entry *e;
		size_t k;

		if (h->level > s->toc_depth)
			continue;
		b->contents = xgrow(b->contents, &b->contentscap,
		    b->ncontents + 1, sizeof(*b->contents));
		e = &b->contents[b->ncontents++];
		memset(e, 0, sizeof(*e));
		e->heading = (int)i;
		e->x = b->left + indent;
		e->text = lay_plain_text(b, h->title,
		    &s->toc_levels[h->level - 1],
		    b->width - indent - s->toc_number_width);
		k = f.n;
		lay_lines(&f, e->text, e->x, LAY_ROLE_CONTENTS, NULL, 0);
		for (; k < f.n; k++) {
			f.items[k].group = (int)b->ncontents;
			f.items[k].level = h->level;
			f.items[k].keep = k + 1 < f.n;
		}
	}
	lay_paginate(p, &f);
	free(f.items);
}

/* n leader characters, one every leader-spacing points, in the style of
 * the contents' level (from 1). */
static struct text *
leaders(struct builder *b, int level, int n)
{
	const struct style_text *st = &b->s->toc_levels[level - 1];
	const struct style *s = b->s;
	struct text *one, *t;
	PangoAttrList *attrs;
	struct buf str = { 0 };
	gpointer key = GINT_TO_POINTER(n * (DOC_MAX_LEVEL + 1) + level);
	double gap;
	int k;

	if (b->leaders == NULL)
		b->leaders = g_hash_table_new(NULL, NULL);
	if ((t = g_hash_table_lookup(b->leaders, key)) != NULL)
		return t;
	one = lay_plain_text(b, s->toc_leader, st, 0);
	attrs = pango_attr_list_new();
	gap = s->toc_leader_spacing - lay_line_width(one, 0);
	for (k = 0; k < n; k++)
		buf_adds(&str, s->toc_leader);
	pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(
	    (int)(gap * PANGO_SCALE)));
	t = lay_text_new(b);
	lay_text_layout(b, t, str.data, attrs, st, 0, NULL);
	pango_attr_list_unref(attrs);
	buf_free(&str);
	g_hash_table_insert(b->leaders, key, t);
	return t;
}

/* Numbers, leaders and links of the contents, once pages are known. */
void
lay_contents_numbers(struct builder *b)
{
	const struct style *s = b->s;
	struct lay_doc *ld = b->ld;
	size_t i, p, k;

	/* Find each entry's lines among the placed boxes. */
	for (p = (size_t)ld->first_contents_page;
	    p < (size_t)ld->first_body_page; p++)
		for (k = 0; k < ld->pages[p].nboxes; k++) {
			struct lay_box *bx = &ld->pages[p].boxes[k];

			for (i = 0; i < b->ncontents; i++) {
				struct contents_entry *e = &b->contents[i];

				if (bx->kind != LAY_TEXT ||
				    bx->lines != e->text->lines)
					continue;
				if (bx->line == 0) {
					e->first_page = (int)p;
					e->top = bx->y;
				}
				e->page = (int)p;
				e->baseline = bx->baseline;
				e->end_x = bx->x + bx->w;
			}
		}
	for (i = 0; i < b->ncontents; i++) {
		struct contents_entry *e = &b->contents[i];
		const struct lay_heading *h = &ld->headings[e->heading];
		const struct style_text *st = &s->toc_levels[h->level - 1];
		struct buf num = { 0 };
		struct text *t, *leader;
		double right = b->left + b->width, x;
		struct lay_box *bx;
		int n;

		buf_printf(&num, "%d", h->page + 1);
		t = lay_plain_text(b, num.data, st, 0);
		buf_free(&num);
		bx = lay_text_box(b, e->page, LAY_ROLE_CONTENTS, t, 0,
		    right - lay_line_width(t, 0), e->baseline - t->ascent);
		bx->level = h->level;
		bx->group = (int)i + 1;
		/* Dot leaders on a grid, so that the dots line up. */
		x = ceil((e->end_x + s->toc_leader_spacing) /
		    s->toc_leader_spacing) * s->toc_leader_spacing;
		/* At least one leader's space before the number. */
		n = (int)floor((right - lay_line_width(t, 0) - x) /
		    s->toc_leader_spacing) - 1;
		if (n > 0) {
			leader = leaders(b, h->level, n);
			bx = lay_text_box(b, e->page, LAY_ROLE_CONTENTS, leader,
			    0, x, e->baseline - leader->ascent);
			bx->ornament = 1;
			bx->level = h->level;
			bx->group = (int)i + 1;
		}
		bx = lay_new_box(ld, e->page, LAY_LINK, LAY_ROLE_CONTENTS);
		bx->group = (int)i + 1;
		bx->x = e->x;
		bx->y = e->page == e->first_page ? e->top : b->top;
		bx->w = right - e->x;
		bx->h = e->baseline - t->ascent + t->leading - bx->y;
		bx->dest = e->heading + 1;
	}
}

/*
 * The boxes of each contents entry together, the entry's number and link
 * after its text: reading order, for tagging.  Insertion sort is stable
 * and the pages are short.
 */
void
lay_contents_order(struct lay_doc *ld)
{
	size_t p, i, j;

	for (p = (size_t)ld->first_contents_page;
	    p < (size_t)ld->first_body_page; p++) {
		struct lay_box *bx = ld->pages[p].boxes;

		for (i = 1; i < ld->pages[p].nboxes; i++) {
			struct lay_box moving = bx[i];

			for (j = i; j > 0 && bx[j - 1].role == LAY_ROLE_CONTENTS &&
			    moving.role == LAY_ROLE_CONTENTS &&
			    bx[j - 1].group > moving.group; j--)
				bx[j] = bx[j - 1];
			bx[j] = moving;
		}
	}
}

void
lay_draft_marks(struct builder *b)
{
	const struct style *s = b->s;
	struct text *t = lay_plain_text(b, s->draft_mark, &s->draft_text, 0);
	size_t p;

	if (s->draft_mark[0] == '\0')
		return;
	for (p = 0; p < b->ld->npages; p++)
		lay_text_box(b, (int)p, LAY_ROLE_DRAFT, t, 0, b->left +
		    b->width - lay_line_width(t, 0), s->draft_top)->color =
		    s->draft_color;
}

/* The running header on every page from the second. */
void
lay_headers(struct builder *b, size_t first)
{
	const struct style *s = b->s;
	struct lay_doc *ld = b->ld;
	struct text *title = lay_plain_text(b, b->doc->meta.title.s, &s->header,
	    s->header_title_width);
	size_t p;

	for (p = first; p < ld->npages; p++) {
		struct buf num = { 0 };
		struct text *t;

		lay_place_text(b, (int)p, LAY_ROLE_HEADER, title, b->left,
		    s->header_top);
		buf_printf(&num, "%zu (%zu)", p + 1, ld->npages);
		t = lay_plain_text(b, num.data, &s->header, 0);
		buf_free(&num);
		lay_text_box(b, (int)p, LAY_ROLE_PAGE_NUMBER, t, 0, b->left +
		    b->width - lay_line_width(t, 0), s->header_top);
	}
}
