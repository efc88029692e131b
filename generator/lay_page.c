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
 * Pages: the pager places a flow's items on pages, keeping headings with
 * what follows them, paragraphs free of widows and orphans, and every
 * footnote on the page of its marker.
 */

struct lay_box *
lay_new_box(struct lay_doc *ld, int page, enum lay_kind kind,
    enum lay_role role)
{
	struct lay_page *p = &ld->pages[page];
	struct lay_box *bx;

	p->boxes = xgrow(p->boxes, &p->cap, p->nboxes + 1, sizeof(*p->boxes));
	bx = &p->boxes[p->nboxes++];
	memset(bx, 0, sizeof(*bx));
	bx->kind = kind;
	bx->role = role;
	return bx;
}

void
lay_rule(struct lay_doc *ld, int page, enum lay_role role, double x, double y,
    double w, double h, double thickness, uint32_t color)
{
	struct lay_box *bx = lay_new_box(ld, page, LAY_RULE, role);

	bx->x = x;
	bx->y = y;
	bx->w = w;
	bx->h = h;
	bx->thickness = thickness;
	bx->color = color;
}

struct lay_box *
lay_text_box(struct builder *b, int page, enum lay_role role, struct text *t,
    int i, double x, double top)
{
	struct lay_box *bx = lay_new_box(b->ld, page, LAY_TEXT, role);
	size_t at = b->ld->pages[page].nboxes - 1;
	const struct lay_line *l = &t->lines->line[i];
	const char *str = t->lines->text;
	size_t k;

	bx->lines = lay_lines_ref(t->lines);
	bx->line = i;
	bx->x = x;
	bx->y = top;
	bx->w = lay_line_width(t, i);
	bx->h = t->leading;
	bx->area_left = t->area_left;
	bx->area_right = t->area_right;
	bx->baseline = top + t->ascent;
	bx->color = b->s->color_text;
	bx->text = lay_visible(str + l->start, l->len);
	bx->hyphenated = lay_breaks_word(t, i);
	/* Links on this line. */
	for (k = 0; k < t->nlinks; k++) {
		const struct link_span *ls = &t->links[k];
		size_t s0 = l->start, s1 = s0 + l->len;
		double x0, x1;
		struct lay_box *lk;

		if (ls->end <= s0 || ls->start >= s1)
			continue;
		x0 = lay_line_x(t->lines, l, ls->start > s0 ? ls->start : s0);
		x1 = lay_line_x(t->lines, l, ls->end < s1 ? ls->end : s1);
		lk = lay_new_box(b->ld, page, LAY_LINK, role);
		lk->x = x + x0;
		lk->w = x1 - x0;
		lk->y = top;
		lk->h = t->leading;
		lk->uri = xstrdup(ls->uri);
		lk->start = ls->start > s0 ? ls->start : s0;
		lk->end = ls->end < s1 ? ls->end : s1;
	}
	/* The link boxes may have moved the page's boxes. */
	return &b->ld->pages[page].boxes[at];
}

/* The footnotes on line i of t. */
static void
line_notes(const struct text *t, int i, size_t *from, size_t *to)
{
	const struct lay_line *l = &t->lines->line[i];
	size_t s0 = l->start, s1 = s0 + l->len, k;

	*from = *to = 0;
	for (k = 0; k < t->nnotes && t->note_at[k] < s0; k++)
		continue;
	*from = k;
	for (; k < t->nnotes && t->note_at[k] < s1; k++)
		continue;
	*to = k;
}

double
lay_notes_height(const struct pager *p, double more)
{
	double h = p->notes_h + more;

	return h > 0 ? h + p->b->s->fn_space_above : 0;
}

/* The height the footnotes of an item would add to the page. */
double
lay_item_notes(const struct pager *p, const struct item *it)
{
	size_t from, to, k;
	double h = 0;

	if (it->kind != IT_LINE)
		return 0;
	line_notes(it->text, it->line, &from, &to);
	for (k = from; k < to; k++)
		h += p->b->notes[it->text->notes[k] - 1].height;
	return h;
}

void
lay_finish_page(struct pager *p)
{
	struct builder *b = p->b;
	const struct style *s = b->s;
	double y = b->bottom - p->notes_h;
	size_t k;

	if (p->nnotes > 0)
		lay_rule(b->ld, p->page, LAY_ROLE_FOOTNOTE_RULE, b->left,
		    y - s->fn_space_above / 2, s->fn_rule_width, 0,
		    s->fn_rule_thickness, s->color_rule);
	for (k = 0; k < p->nnotes; k++) {
		const struct note_part *part = &p->notes[k];
		struct note *n = &b->notes[part->num - 1];
		struct lay_box *bx;
		int i;

		/* The number stands before the note's first line only. */
		if (part->from == 0) {
			bx = lay_text_box(b, p->page, LAY_ROLE_FOOTNOTE,
			    n->number, 0, b->left, y);
			bx->group = 1;
			bx->note = part->num;
			bx->node = n->node;
		}
		for (i = part->from; i < part->to; i++) {
			bx = lay_text_box(b, p->page, LAY_ROLE_FOOTNOTE,
			    n->body, i,
			    b->left + s->fn_note_indent, y + (i - part->from) *
			    n->body->leading);
			bx->note = part->num;
			bx->node = n->node;
		}
		y += (part->to - part->from) * n->body->leading;
	}
	p->nnotes = 0;
	p->notes_h = 0;
}

/* Of fit lines of a note from line from, as many as do not leave a word
 * broken over the page. */
static int
whole_words(const struct text *t, int from, int fit)
{
	while (fit > 1 && from + fit < lay_line_count(t) &&
	    lay_breaks_word(t, from + fit - 1))
		fit--;
	return fit;
}

static void
add_note(struct pager *p, int num, int from, int to)
{
	const struct note *n = &p->b->notes[num - 1];

	p->notes = xgrow(p->notes, &p->notecap, p->nnotes + 1,
	    sizeof(*p->notes));
	p->notes[p->nnotes++] = (struct note_part){ num, from, to };
	p->notes_h += (to - from) * n->body->leading;
}

/*
 * The lines of a footnote that continues from the page before, as many
 * as leave the body room for three lines; the rest goes on again.
 */
static void
continue_notes(struct pager *p)
{
	const struct builder *b = p->b;
	double room = b->bottom - b->top - b->s->fn_space_above -
	    3 * b->s->body.leading;
	size_t k, left = 0;

	for (k = 0; k < p->ncarry; k++) {
		struct note_part *c = &p->carry[k];
		double leading = b->notes[c->num - 1].body->leading;
		int fit = (int)floor((room - p->notes_h) / leading + 0.001);

		if (left == 0 && fit > 0) {
			if (fit > c->to - c->from)
				fit = c->to - c->from;
			fit = whole_words(b->notes[c->num - 1].body, c->from,
			    fit);
			add_note(p, c->num, c->from, c->from + fit);
			c->from += fit;
		}
		if (c->from < c->to)
			p->carry[left++] = *c;
	}
	p->ncarry = left;
}

void
lay_new_page(struct pager *p)
{
	struct lay_doc *ld = p->b->ld;
	size_t cap = ld->npages;

	if (p->page >= 0)
		lay_finish_page(p);
	ld->pages = xrealloc(ld->pages, (cap + 1) * sizeof(*ld->pages));
	memset(&ld->pages[ld->npages], 0, sizeof(*ld->pages));
	p->page = (int)ld->npages++;
	p->b->bottom = p->page == 0 && p->b->first_bottom > 0 ?
	    p->b->first_bottom : p->b->page_bottom;
	p->y = p->b->top;
	p->at_top = 1;
	continue_notes(p);
	/* A style whose page holds no line of a note besides three of the
	 * body would carry it on for ever. */
	if (p->ncarry > 0 && p->nnotes == 0 && !p->failed) {
		const struct note *n = &p->b->notes[p->carry[0].num - 1];

		diag_report(p->d, DIAG_ERROR, &n->node->pos, "the footnote "
		    "does not fit on the pages of this style, even in part");
		p->failed = 1;
		p->ncarry = 0;
	}
}

/* Lines from of note num go on at the foot of the next page. */
static void
carry(struct pager *p, int num, int from)
{
	p->carry = xgrow(p->carry, &p->carrycap, p->ncarry + 1,
	    sizeof(*p->carry));
	p->carry[p->ncarry++] = (struct note_part){ num, from,
	    lay_line_count(p->b->notes[num - 1].body) };
}

/*
 * Places line item it at the pager's position.  With split, its notes
 * need not fit: what does not goes on at the foot of the next page.
 */
void
lay_place_line(struct pager *p, const struct item *it, double dy, int split)
{
	struct builder *b = p->b;
	struct lay_box *bx;
	size_t from, to, k;

	/* A list item's marker first, where it is read: before its item. */
	if (it->marker != NULL)
		lay_text_box(b, p->page, LAY_ROLE_MARKER, it->marker, 0,
		    it->marker_x, p->y + dy)->node = it->marker_node;
	bx = lay_text_box(b, p->page, it->role, it->text, it->line, it->x,
	    p->y + dy);
	bx->level = it->level;
	bx->node = it->node;
	bx->group = it->group;
	if (it->heading > 0) {
		bx->anchor = it->heading;
		b->ld->headings[it->heading - 1].page = p->page;
		b->ld->headings[it->heading - 1].y = p->y + dy;
	}
	line_notes(it->text, it->line, &from, &to);
	if (to > from) {
		bx->first_note = it->text->notes[from];
		bx->nnotes = (int)(to - from);
	}
	for (k = from; k < to; k++) {
		int num = it->text->notes[k];

		const struct note *n = &b->notes[num - 1];
		int lines = lay_line_count(n->body), fit = lines;

		if (p->ncarry > 0) {
			/* After a note that goes on, so do the notes after
			 * it: their order is kept. */
			carry(p, num, 0);
			continue;
		}
		if (split)
			fit = whole_words(n->body, 0, (int)floor((b->bottom -
			    p->y - dy - it->height - lay_notes_height(p, 0) -
			    (p->nnotes == 0 ? b->s->fn_space_above : 0)) /
			    n->body->leading + 0.001));
		if (fit >= lines)
			add_note(p, num, 0, lines);
		else {
			if (fit > 0)
				add_note(p, num, 0, fit);
			carry(p, num, fit > 0 ? fit : 0);
		}
	}
}

int
lay_fits(const struct pager *p, double h, double notes)
{
	return p->y + h <= p->b->bottom - lay_notes_height(p, notes) + 0.001;
}

/* Whether line item it with its footnotes fits on an empty page. */
static int
fits_empty(const struct pager *p, const struct item *it)
{
	return it->height + lay_item_notes(p, it) + p->b->s->fn_space_above <=
	    p->b->bottom - p->b->top + 0.001;
}

/*
 * Reports that what stands on line item it (from 'from' on, its first
 * footnote) cannot fit on an empty page, and stops the pager: without the
 * check a new page would be started for it without end.
 */
void
lay_too_tall(struct pager *p, const struct item *it, const struct doc_node *at)
{
	size_t from, to;
	const struct doc_node *note = NULL;

	if (it != NULL && it->kind == IT_LINE) {
		line_notes(it->text, it->line, &from, &to);
		if (to > from)
			note = p->b->notes[it->text->notes[from] - 1].node;
	}
	if (note != NULL && to - from > 1)
		diag_report(p->d, DIAG_ERROR, &note->pos, "the footnotes of "
		    "this line are together too long to stand on one page "
		    "with the line; shorten them, or move some of them into "
		    "the text");
	else if (note != NULL)
		diag_report(p->d, DIAG_ERROR, &note->pos, "the footnote of "
		    "this line is too long to stand on one page with the "
		    "line; shorten it, or move some of it into the text");
	else
		diag_report(p->d, DIAG_ERROR, at != NULL ? &at->pos : NULL,
		    "this does not fit on a page; shorten it");
	p->failed = 1;
}

/* Places a figure's image, on the next page where this one has no room
 * (the layout made it fit a page). */
static void
place_figure(struct pager *p, const struct item *it)
{
	struct lay_box *bx;

	if (!p->at_top && !lay_fits(p, it->height, 0))
		lay_new_page(p);
	bx = lay_new_box(p->b->ld, p->page, LAY_IMAGE, LAY_ROLE_FIGURE);
	bx->x = it->x;
	bx->y = p->y;
	bx->w = it->width;
	bx->h = it->height;
	bx->node = it->node;
	p->y += it->height;
	p->at_top = 0;
}

/* Places items, keeping together what must stay together. */
void
lay_paginate(struct pager *p, const struct flow *f)
{
	size_t i = 0, j, k;

	while (i < f->n) {
		const struct item *it = &f->items[i];
		double h = 0, notes = 0;

		if (it->kind == IT_SPACE) {
			if (!p->at_top)
				p->y += it->height;
			i++;
			continue;
		}
		if (it->kind == IT_TABLE) {
			lay_place_table(p, it->table);
			if (p->failed)
				return;
			i++;
			continue;
		}
		/* The group of items kept with this one. */
		for (j = i; j < f->n; j++) {
			if (f->items[j].kind == IT_TABLE) {
				h += 3 * p->b->s->table_text.leading;
				break;
			}
			h += f->items[j].height;
			notes += lay_item_notes(p, &f->items[j]);
			if (!f->items[j].keep)
				break;
		}
		if (!p->at_top && !lay_fits(p, h, notes) &&
		    h <= p->b->bottom - p->b->top)
			lay_new_page(p);
		for (k = i; k <= j && k < f->n; k++) {
			it = &f->items[k];
			if (it->kind == IT_TABLE)
				break;
			if (it->kind == IT_SPACE) {
				if (!p->at_top)
					p->y += it->height;
				continue;
			}
			if (it->kind == IT_FIGURE) {
				place_figure(p, it);
				continue;
			}
			/* A line goes to the next page with its footnotes,
			 * unless they would not fit there either: then they
			 * go on at the foot of the next page. */
			if (!p->at_top && !lay_fits(p, it->height,
			    lay_item_notes(p, it)) && (fits_empty(p, it) ||
			    !lay_fits(p, it->height,
			    p->b->s->footnote.leading)))
				lay_new_page(p);
			if (!lay_fits(p, it->height, 0)) {
				lay_too_tall(p, it, it->node);
				return;
			}
			lay_place_line(p, it, 0, !lay_fits(p, it->height,
			    lay_item_notes(p, it)));
			p->y += it->height;
			p->at_top = 0;
		}
		i = k;
	}
}
