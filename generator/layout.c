#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <glib.h>

#include "font.h"
#include "lay_break.h"
#include "lay_int.h"
#include "xalloc.h"

/*
 * The layout of a plan: its texts (lay_text.c) are made into flows of
 * items (lay_flow.c), each a line of text, a vertical space or a table
 * (lay_table.c); a pager (lay_page.c) places the items on pages, keeping
 * headings with what follows them, paragraphs free of widows and orphans,
 * and every footnote on the page of its marker; then the front matter,
 * contents and running header (lay_front.c).  Every page is laid out before
 * anything is drawn.
 */

struct lay_doc *
lay_build(const struct doc *doc, const struct style *s, PangoContext *ctx,
    struct hyph *h, unsigned flags, struct diag *d, enum diag_exit *status)
{
	struct builder b;
	struct pager p;
	struct flow body = { 0 }, proposal = { 0 };
	const struct doc_node *n;
	size_t i;
	int failed;

	memset(&b, 0, sizeof(b));
	memset(&p, 0, sizeof(p));
	b.doc = doc;
	b.s = s;
	b.ctx = ctx;
	b.hyph = h;
	b.ld = xcalloc(1, sizeof(*b.ld));
	b.ld->width = s->page_width;
	b.ld->height = s->page_height;
	b.left = s->margin_left;
	b.width = s->page_width - s->margin_left - s->margin_right;
	b.top = s->margin_top;
	b.bottom = b.page_bottom = s->page_height - s->margin_bottom;
	b.area_left = b.left;
	b.area_right = b.left + b.width;
	b.d = d;
	n = doc->root->first;
	/* A tjänsteutlåtande's proposal is followed by its signatures. */
	if (doc->kind == DOC_KIND_MEMO && n != NULL && n->as.section.id !=
	    NULL && strcmp(n->as.section.id, DOC_MEMO_PROPOSAL) == 0) {
		lay_section(&b, &proposal, n);
		n = n->next;
	}
	for (; n != NULL; n = n->next)
		lay_section(&b, &body, n);
	p.b = &b;
	p.d = d;
	p.page = -1;
	failed = 0;
	*status = DIAG_EXIT_OK;
	if (doc->kind == DOC_KIND_MEMO) {
		lay_memo_front(&b, &p);
	} else {
		if (!(flags & LAY_APPENDIX)) {
			lay_cover(&b, &p);
			if (lay_logo(&b, p.page, d) != 0) {
				failed = 1;
				*status = DIAG_EXIT_SYSTEM;
			}
			lay_title_page(&b, &p);
			lay_contents(&b, &p);
		}
		lay_new_page(&p);
	}
	b.ld->first_body_page = p.page;
	if (!p.failed && !b.failed && doc->kind == DOC_KIND_MEMO) {
		lay_paginate(&p, &proposal);
		if (!p.failed)
			lay_memo_signatures(&b, &p);
	}
	if (!p.failed && !b.failed)
		lay_paginate(&p, &body);
	/* The rest of a long footnote, on pages of its own. */
	while (p.ncarry > 0 && !p.failed)
		lay_new_page(&p);
	/* Placed: the boxes hold what the contents and headers need. */
	free(body.items);
	free(proposal.items);
	if (p.failed || b.failed) {
		failed = 1;
		*status = DIAG_EXIT_INPUT;
	}
	lay_finish_page(&p);
	lay_contents_numbers(&b);
	lay_contents_order(b.ld);
	/* A plan's cover has no header; an appendix's first page has, and
	 * so has a tjänsteutlåtande's. */
	if (doc->kind == DOC_KIND_MEMO) {
		lay_memo_footer(&b);
		lay_memo_headers(&b);
	} else
		lay_headers(&b, flags & LAY_APPENDIX ? 0 : 1);
	if (flags & LAY_DRAFT)
		lay_draft_marks(&b);

	free(p.notes);
	free(p.carry);
	for (i = 0; i < b.ntables; i++)
		lay_table_free(b.tables[i]);
	free(b.tables);
	for (i = 0; i < b.ntexts; i++)
		lay_text_free(b.texts[i]);
	free(b.texts);
	lay_measured_free(&b);
	if (b.leaders != NULL)
		g_hash_table_destroy(b.leaders);
	free(b.notes);
	free(b.contents);
	for (i = 0; i < b.nfaces; i++)
		pango_font_description_free(b.faces[i].fd);
	if (failed) {
		lay_free(b.ld);
		return NULL;
	}
	return b.ld;
}

void
lay_page_release(struct lay_page *page)
{
	size_t k;

	for (k = 0; k < page->nboxes; k++) {
		struct lay_box *bx = &page->boxes[k];

		lay_lines_unref(bx->lines);
		free(bx->text);
		free(bx->uri);
		free(bx->image);
	}
	free(page->boxes);
	memset(page, 0, sizeof(*page));
}

void
lay_free(struct lay_doc *ld)
{
	size_t p, k;

	if (ld == NULL)
		return;
	for (p = 0; p < ld->npages; p++)
		lay_page_release(&ld->pages[p]);
	free(ld->pages);
	for (k = 0; k < ld->nheadings; k++)
		free(ld->headings[k].title);
	free(ld->headings);
	free(ld);
}

/* Adds the bytes of v to the digest. */
static void
digest_add(GChecksum *sum, const void *v, size_t len)
{
	g_checksum_update(sum, v, (gssize)len);
}

static void
digest_string(GChecksum *sum, const char *s)
{
	/* With its NUL, so that two strings cannot run into one. */
	if (s != NULL)
		digest_add(sum, s, strlen(s) + 1);
	else
		digest_add(sum, "", 1);
}

/* The drawing of a text box's line: each run's font, colour, underline,
 * and glyphs with their places. */
static void
digest_line(GChecksum *sum, const struct lay_box *bx)
{
	const struct lay_line *l;
	PangoFontDescription *font;
	size_t r;
	int i;

	if (bx->lines == NULL || bx->line < 0 ||
	    (size_t)bx->line >= bx->lines->n)
		return;
	l = &bx->lines->line[bx->line];
	for (r = 0; r < l->nruns; r++) {
		const struct lay_run *run = l->runs[r];
		struct lay_run_style st = lay_run_style(run);
		guint hash = 0;
		int look[6] = { run->n, run->y_offset, st.underline, -1, -1,
		    -1 };

		if (run->item->analysis.font != NULL) {
			font = pango_font_describe(run->item->analysis.font);
			hash = pango_font_description_hash(font);
			pango_font_description_free(font);
		}
		if (st.color != NULL) {
			look[3] = st.color->red;
			look[4] = st.color->green;
			look[5] = st.color->blue;
		}
		digest_add(sum, &hash, sizeof(hash));
		digest_add(sum, look, sizeof(look));
		for (i = 0; i < run->n; i++) {
			int32_t glyph[4] = { (int32_t)lay_run_glyph(run, i),
			    run->width[i], run->offset != NULL ?
			    run->offset[2 * i] : 0, run->offset != NULL ?
			    run->offset[2 * i + 1] : 0 };

			digest_add(sum, glyph, sizeof(glyph));
		}
	}
}

void
lay_page_digest(const struct lay_page *page, unsigned char out[LAY_DIGEST])
{
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	gsize len = LAY_DIGEST;
	size_t k;

	for (k = 0; k < page->nboxes; k++) {
		const struct lay_box *bx = &page->boxes[k];
		const double place[] = { bx->x, bx->y, bx->w, bx->h,
		    bx->kind == LAY_TEXT ? bx->baseline : 0, bx->thickness };
		const int kind[] = { (int)bx->kind, (int)bx->role, bx->ornament,
		    bx->hyphenated };

		if (bx->kind == LAY_LINK)
			continue;
		digest_add(sum, kind, sizeof(kind));
		digest_add(sum, place, sizeof(place));
		digest_add(sum, &bx->color, sizeof(bx->color));
		digest_string(sum, bx->text);
		if (bx->kind == LAY_TEXT)
			digest_line(sum, bx);
		else if (bx->kind == LAY_IMAGE && bx->image != NULL)
			digest_string(sum, bx->image);
		else if (bx->kind == LAY_IMAGE) {
			const struct doc_node *fig = bx->node;

			digest_add(sum, &fig->as.figure.len,
			    sizeof(fig->as.figure.len));
			if (fig->as.figure.data != NULL)
				digest_add(sum, fig->as.figure.data,
				    fig->as.figure.len);
		}
	}
	g_checksum_get_digest(sum, out, &len);
	g_checksum_free(sum);
}

void
lay_page_text(const struct lay_page *page, struct buf *out)
{
	size_t k;

	for (k = 0; k < page->nboxes; k++) {
		const struct lay_box *bx = &page->boxes[k];

		if (bx->kind == LAY_TEXT && !bx->ornament && bx->text != NULL) {
			buf_adds(out, bx->text);
			buf_addc(out, '\n');
		}
	}
}

static const char *const role_names[] = {
	[LAY_ROLE_COVER] = "cover",
	[LAY_ROLE_TITLE_PAGE] = "title-page",
	[LAY_ROLE_HEADER] = "header",
	[LAY_ROLE_PAGE_NUMBER] = "page-number",
	[LAY_ROLE_CONTENTS] = "contents",
	[LAY_ROLE_HEADING] = "heading",
	[LAY_ROLE_BODY] = "body",
	[LAY_ROLE_MARKER] = "marker",
	[LAY_ROLE_CAPTION] = "caption",
	[LAY_ROLE_FIGURE] = "figure",
	[LAY_ROLE_DRAFT] = "draft",
	[LAY_ROLE_TABLE_HEADER] = "table-header",
	[LAY_ROLE_TABLE_CELL] = "cell",
	[LAY_ROLE_TABLE_RULE] = "table-rule",
	[LAY_ROLE_FOOTNOTE] = "footnote",
	[LAY_ROLE_FOOTNOTE_RULE] = "footnote-rule",
};

void
lay_dump(const struct lay_doc *ld, struct buf *out)
{
	size_t p, k;

	for (p = 0; p < ld->npages; p++) {
		buf_printf(out, "page %zu\n", p + 1);
		for (k = 0; k < ld->pages[p].nboxes; k++) {
			const struct lay_box *bx = &ld->pages[p].boxes[k];

			buf_printf(out, "  %s", role_names[bx->role]);
			switch (bx->kind) {
			case LAY_TEXT:
				buf_printf(out, " text %.1f %.1f w=%.1f \"%s\"%s",
				    bx->x, bx->baseline, bx->w, bx->text,
				    bx->hyphenated ? " hyphenated" : "");
				break;
			case LAY_RULE:
				buf_printf(out, " rule %.1f %.1f %.1f %.1f",
				    bx->x, bx->y, bx->x + bx->w, bx->y + bx->h);
				break;
			case LAY_RECT:
				buf_printf(out, " rect %.1f %.1f %.1f %.1f",
				    bx->x, bx->y, bx->w, bx->h);
				break;
			case LAY_IMAGE:
				buf_printf(out, " image %.1f %.1f %.1f %.1f %s",
				    bx->x, bx->y, bx->w, bx->h, bx->image != NULL ?
				    bx->image : bx->node->as.figure.src);
				break;
			case LAY_LINK:
				buf_printf(out, " link %.1f %.1f %.1f %.1f",
				    bx->x, bx->y, bx->w, bx->h);
				if (bx->uri != NULL)
					buf_printf(out, " %s", bx->uri);
				else
					buf_printf(out, " heading %d", bx->dest);
				break;
			}
			buf_addc(out, '\n');
		}
	}
}
