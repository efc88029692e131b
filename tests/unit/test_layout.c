/*
 * The layout of each plan given on the command line (after the style),
 * checked for what a reader of the printed plan relies on:
 * - every contents entry's page number is the page its heading is on;
 * - every page from the second has the header with "x (N)";
 * - a table's header row heads every page the table continues on;
 * - every footnote is on the page of its marker;
 * - no text leaves its column or the text area;
 * - the layout's own invariants (lay_verify) hold, and catch a layout
 *   spoilt on purpose: a line dropped, repeated, moved off the page or
 *   onto another, a line of the title page dropped, a cell's line moved
 *   into the next column, a column heading missing from a page, a hyphen
 *   the layout added passed off as the plan's.
 * Usage: test_layout STYLE PLAN...
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lay_verify.h"
#include "plan.h"
#include "render.h"

static const double eps = 0.01;

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static void
check_contents(const struct lay_doc *ld, const struct style *s,
    const char *plan)
{
	size_t p, k, h = 0;

	for (p = (size_t)ld->first_contents_page;
	    p < (size_t)ld->first_body_page; p++)
		for (k = 0; k < ld->pages[p].nboxes; k++) {
			const struct lay_box *bx = &ld->pages[p].boxes[k];
			size_t q, j;
			int found = -1;

			if (bx->role != LAY_ROLE_CONTENTS ||
			    bx->kind != LAY_TEXT || !all_digits(bx->text))
				continue;
			while (h < ld->nheadings &&
			    ld->headings[h].level > s->toc_depth)
				h++;
			OK(h < ld->nheadings);
			if (h >= ld->nheadings)
				return;
			/* Find the heading among the body's boxes. */
			for (q = (size_t)ld->first_body_page; q < ld->npages &&
			    found < 0; q++)
				for (j = 0; j < ld->pages[q].nboxes; j++) {
					const struct lay_box *hb =
					    &ld->pages[q].boxes[j];

					if (hb->role == LAY_ROLE_HEADING &&
					    hb->y == ld->headings[h].y &&
					    q == (size_t)ld->headings[h].page &&
					    strncmp(ld->headings[h].title,
					    hb->text, strlen(hb->text)) == 0) {
						found = (int)q + 1;
						break;
					}
				}
			if (atoi(bx->text) != found)
				fprintf(stderr, "%s: contents say '%s' is on "
				    "page %s, it is on %d\n", plan,
				    ld->headings[h].title, bx->text, found);
			INT_EQ(atoi(bx->text), found);
			h++;
		}
}

static void
check_headers(const struct lay_doc *ld, const struct doc *doc)
{
	int memo = doc->kind == DOC_KIND_MEMO;
	size_t p, k;

	/* A tjänsteutlåtande numbers every page "Sida x (N)", a plan its
	 * pages after the cover "x (N)". */
	for (p = memo ? 0 : 1; p < ld->npages; p++) {
		char want[64];
		int seen = 0;

		snprintf(want, sizeof(want), "%s%zu (%zu)", memo ? "Sida " : "",
		    p + 1, ld->npages);
		for (k = 0; k < ld->pages[p].nboxes; k++) {
			const struct lay_box *bx = &ld->pages[p].boxes[k];

			if (bx->role == LAY_ROLE_PAGE_NUMBER)
				seen += strcmp(bx->text, want) == 0;
		}
		INT_EQ(seen, 1);
	}
}

static void
check_tables(const struct lay_doc *ld)
{
	size_t p, k;

	for (p = 0; p < ld->npages; p++) {
		const struct lay_box *top = NULL;

		for (k = 0; k < ld->pages[p].nboxes; k++) {
			const struct lay_box *bx = &ld->pages[p].boxes[k];

			if (bx->kind == LAY_TEXT &&
			    (bx->role == LAY_ROLE_TABLE_CELL ||
			    bx->role == LAY_ROLE_TABLE_HEADER ||
			    bx->role == LAY_ROLE_CAPTION) &&
			    (top == NULL || bx->y < top->y))
				top = bx;
		}
		/* The first table text on a page is a header or caption. */
		if (top != NULL)
			OK(top->role != LAY_ROLE_TABLE_CELL);
	}
}

static void
check_footnotes(const struct lay_doc *ld)
{
	size_t p, k, j;

	for (p = 0; p < ld->npages; p++)
		for (k = 0; k < ld->pages[p].nboxes; k++) {
			const struct lay_box *bx = &ld->pages[p].boxes[k];
			int n;

			for (n = bx->first_note; n < bx->first_note +
			    bx->nnotes; n++) {
				int here = 0;

				for (j = 0; j < ld->pages[p].nboxes; j++)
					here += ld->pages[p].boxes[j].role ==
					    LAY_ROLE_FOOTNOTE &&
					    ld->pages[p].boxes[j].note == n;
				OK(here > 0);
			}
		}
}

static void
check_bounds(const struct lay_doc *ld, const struct style *s,
    const struct doc *doc, const char *plan)
{
	double right = s->page_width - s->margin_right;
	size_t p, k;

	for (p = 0; p < ld->npages; p++)
		for (k = 0; k < ld->pages[p].nboxes; k++) {
			const struct lay_box *bx = &ld->pages[p].boxes[k];
			/* A tjänsteutlåtande's address block stands in the
			 * bottom margin of its first page. */
			double foot = s->page_height - (doc->kind ==
			    DOC_KIND_MEMO && p == 0 && bx->role ==
			    LAY_ROLE_TITLE_PAGE ? s->memo_footer_bottom :
			    s->margin_bottom);
			int ok;

			if (bx->kind != LAY_TEXT)
				continue;
			ok = bx->x + bx->w <= right + eps &&
			    bx->x >= s->margin_left - eps;
			if (bx->role != LAY_ROLE_HEADER &&
			    bx->role != LAY_ROLE_PAGE_NUMBER &&
			    bx->role != LAY_ROLE_COVER)
				ok &= bx->y >= s->margin_top - eps &&
				    bx->y + bx->h <= foot + eps;
			if (!ok)
				fprintf(stderr, "%s: page %zu: '%s' at %.1f,%.1f "
				    "w %.1f leaves its area\n", plan, p + 1,
				    bx->text, bx->x, bx->y, bx->w);
			OK(ok);
		}
}

/* The index of the nth body or cell line of ld (from 0), or 0 with
 * *page = -1. */
static size_t
body_line(const struct lay_doc *ld, int n, int *page)
{
	size_t p, k;

	for (p = 0; p < ld->npages; p++)
		for (k = 0; k < ld->pages[p].nboxes; k++)
			if (ld->pages[p].boxes[k].kind == LAY_TEXT &&
			    (ld->pages[p].boxes[k].role == LAY_ROLE_BODY ||
			    ld->pages[p].boxes[k].role ==
			    LAY_ROLE_TABLE_CELL) &&
			    n-- == 0) {
				*page = (int)p;
				return k;
			}
	*page = -1;
	return 0;
}

enum spoil {
	DROP,		/* a line is not drawn */
	REPEAT,		/* a line is drawn in place of the next */
	OFF_PAGE,	/* a line is moved below the page */
	ONTO_ANOTHER,	/* a line is drawn on top of the one before */
	TITLE_PAGE,	/* the title page's last line is not drawn */
	OUT_OF_COLUMN,	/* a cell's line is moved into the next column */
	NO_HEADER,	/* a table's last page lacks a column heading */
	HYPHEN_DENIED	/* a hyphen the layout added is said to be the plan's */
};

/* A line ending in a hyphen the layout added, or NULL. */
static struct lay_box *
hyphenated_line(const struct lay_doc *ld)
{
	size_t p, k;

	for (p = 0; p < ld->npages; p++)
		for (k = 0; k < ld->pages[p].nboxes; k++)
			if (ld->pages[p].boxes[k].kind == LAY_TEXT &&
			    ld->pages[p].boxes[k].hyphenated)
				return &ld->pages[p].boxes[k];
	return NULL;
}

/* A column heading's line on the last page with one, or NULL. */
static struct lay_box *
last_header(const struct lay_doc *ld)
{
	struct lay_box *last = NULL;
	size_t p, k;

	for (p = 0; p < ld->npages; p++)
		for (k = 0; k < ld->pages[p].nboxes; k++)
			if (ld->pages[p].boxes[k].kind == LAY_TEXT &&
			    ld->pages[p].boxes[k].role == LAY_ROLE_TABLE_HEADER)
				last = &ld->pages[p].boxes[k];
	return last;
}

/* A table cell's line in a column with another to its right, or NULL. */
static struct lay_box *
cell_line(const struct lay_doc *ld)
{
	size_t p, k;

	for (p = 0; p < ld->npages; p++)
		for (k = 0; k < ld->pages[p].nboxes; k++) {
			struct lay_box *bx = &ld->pages[p].boxes[k];

			if (bx->kind == LAY_TEXT &&
			    bx->role == LAY_ROLE_TABLE_CELL &&
			    bx->area_right < ld->width / 2)
				return bx;
		}
	return NULL;
}

/* The title page's last line with text, or NULL. */
static struct lay_box *
title_page_last(const struct lay_doc *ld)
{
	struct lay_box *last = NULL;
	size_t k;

	size_t p;

	/* A plan's title page is its second page, a tjänsteutlåtande's
	 * first page holds what stands for one. */
	for (p = 0; p < ld->npages && p < 2; p++)
		for (k = 0; k < ld->pages[p].nboxes; k++)
			if (ld->pages[p].boxes[k].role ==
			    LAY_ROLE_TITLE_PAGE &&
			    ld->pages[p].boxes[k].kind == LAY_TEXT &&
			    ld->pages[p].boxes[k].text[0] != '\0')
				last = &ld->pages[p].boxes[k];
	return last;
}

/* Spoils the layout of doc as asked; lay_verify must find it. */
static void
check_verify_catches(struct render *r, const struct doc *doc, enum spoil how)
{
	enum diag_exit status;
	struct lay_doc *ld;
	struct lay_box *bx;
	struct diag quiet;
	size_t k;
	int page;

	diag_init(&quiet, NULL);
	ld = render_layout(r, doc, 0, &quiet, &status);
	OK(ld != NULL);
	if (ld == NULL)
		return;
	k = body_line(ld, 3, &page);
	OK(page >= 0 && k > 0);
	if (page < 0 || k == 0) {
		lay_free(ld);
		return;
	}
	bx = &ld->pages[page].boxes[k];
	switch (how) {
	case DROP:
		bx->kind = LAY_RULE;
		break;
	case REPEAT:
		bx->line = bx->line > 0 ? bx->line - 1 : bx->line + 1;
		break;
	case OFF_PAGE:
		bx->y += ld->height;
		break;
	case ONTO_ANOTHER:
		bx->y -= bx->h / 2;
		break;
	case NO_HEADER:
		if ((bx = last_header(ld)) == NULL) {
			lay_free(ld);
			return;
		}
		bx->kind = LAY_RULE;
		break;
	case OUT_OF_COLUMN:
		bx = cell_line(ld);
		if (bx != NULL)
			bx->x = bx->area_right + 1;
		else {
			/* A plan without tables cannot be spoilt so. */
			lay_free(ld);
			return;
		}
		break;
	case HYPHEN_DENIED:
		if ((bx = hyphenated_line(ld)) == NULL) {
			/* A plan set without hyphens cannot be spoilt so. */
			lay_free(ld);
			return;
		}
		bx->hyphenated = 0;
		break;
	case TITLE_PAGE:
		bx = title_page_last(ld);
		OK(bx != NULL);
		if (bx != NULL)
			bx->kind = LAY_RULE;
		break;
	}
	OK(lay_verify(ld, doc, r->style, 0, &quiet) > 0);
	lay_free(ld);
}

int
main(int argc, char *argv[])
{
	struct render *r;
	struct diag d;
	int i;

	diag_init(&d, stderr);
	if (argc < 2 || (r = render_open(argv[1], &d)) == NULL)
		return 1;
	for (i = 2; i < argc; i++) {
		enum diag_exit status;
		struct doc *doc = plan_read(argv[i], &d, &status);
		struct lay_doc *ld;

		OK(doc != NULL);
		if (doc == NULL)
			continue;
		ld = render_layout(r, doc, 0, &d, &status);
		OK(ld != NULL);
		if (ld != NULL) {
			check_contents(ld, r->style, argv[i]);
			check_headers(ld, doc);
			check_tables(ld);
			check_footnotes(ld);
			check_bounds(ld, r->style, doc, argv[i]);
			OK(lay_verify(ld, doc, r->style, 0, &d) == 0);
			lay_free(ld);
			if (i == 2) {
				check_verify_catches(r, doc, DROP);
				check_verify_catches(r, doc, REPEAT);
				check_verify_catches(r, doc, OFF_PAGE);
				check_verify_catches(r, doc, ONTO_ANOTHER);
				check_verify_catches(r, doc, TITLE_PAGE);
				check_verify_catches(r, doc, OUT_OF_COLUMN);
				check_verify_catches(r, doc, NO_HEADER);
				check_verify_catches(r, doc, HYPHEN_DENIED);
			}
		}
		doc_free(doc);
	}
	render_close(r);
	return harness_done();
}
