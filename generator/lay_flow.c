#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "font.h"
#include "img.h"
#include "lay_break.h"
#include "lay_int.h"
#include "xalloc.h"

/*
 * Flows: the plan's sections, paragraphs, lists and quotations as a list of
 * items (lines, spaces, tables), with what must stay together.
 */


static struct item *
push(struct flow *f, enum item_kind kind, double height)
{
	struct item *it;

	f->items = xgrow(f->items, &f->cap, f->n + 1, sizeof(*f->items));
	it = &f->items[f->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->height = height;
	return it;
}

void
lay_space(struct flow *f, double h)
{
	if (h > 0)
		push(f, IT_SPACE, h);
}

/*
 * Appends t's lines at x.  A paragraph keeps its first two and its last
 * two lines together, so no line is left alone at a page's foot or head.
 * Pango gives every text at least one line.
 */
void
lay_lines(struct flow *f, struct text *t, double x, enum lay_role role,
    const struct doc_node *node, int widows)
{
	int i, n;

	if (t->measure != NULL) {
		push(f, IT_LINE, 0)->text = t;
		return;
	}
	n = lay_line_count(t);
	for (i = 0; i < n; i++) {
		struct item *it = push(f, IT_LINE, t->leading);

		it->text = t;
		it->line = i;
		it->x = x;
		it->role = role;
		it->node = node;
		if (widows)
			it->keep = (i == 0 && n >= 2) || (i == n - 2 && n >= 2);
		/* A word broken at a line's end is not broken over a page. */
		if (i + 1 < n && lay_breaks_word(t, i))
			it->keep = 1;
	}
}


static int
is_block(enum doc_type type)
{
	return type == DOC_PARAGRAPH || type == DOC_LIST || type == DOC_QUOTE ||
	    type == DOC_FIGURE;
}

/*
 * A figure: its image at its share of the text width (all of it unless
 * the plan says), as tall as its proportions make it, but never taller
 * than a page leaves room for beside its caption; the caption, "Figur N:
 * …", below it and kept with it.
 */
static void
figure(struct builder *b, struct flow *f, const struct doc_node *n,
    double x, double width)
{
	const struct style *s = b->s;
	struct text *caption = NULL;
	struct item *it;
	double iw, ih, w, h, room;
	const char *why;
	char *label;

	if (img_size(n->as.figure.data, n->as.figure.len, &iw, &ih,
	    &why) != 0)
		return;
	w = width * (n->as.figure.width > 0 ? n->as.figure.width / 100 : 1);
	h = w * ih / iw;
	if (n->as.figure.caption != NULL) {
		label = g_strdup_printf("%s %d: %s", s->figure_label,
		    ++b->figures, n->as.figure.caption);
		caption = lay_plain_text(b, label, &s->figure_caption, width);
		g_free(label);
	}
	room = b->bottom - b->top - s->figure_space_before -
	    (caption != NULL ? s->figure_caption_space +
	    lay_line_count(caption) * caption->leading : 0);
	if (h > room) {
		w *= room / h;
		h = room;
	}
	it = push(f, IT_FIGURE, h);
	it->x = x;
	it->width = w;
	it->node = n;
	it->role = LAY_ROLE_FIGURE;
	if (caption == NULL)
		return;
	it->keep = 1;
	lay_space(f, s->figure_caption_space);
	f->items[f->n - 1].keep = 1;
	lay_lines(f, caption, x, LAY_ROLE_CAPTION, n, 1);
}

/*
 * A list's first two and last two lines stay together, as a paragraph's
 * do, so that a list is never split one line and one line over a page.
 */
static void
keep_list(struct flow *f, size_t first)
{
	size_t i, lines[2] = { 0, 0 }, nlines = 0, last = 0, before_last = 0;

	for (i = first; i < f->n; i++) {
		if (f->items[i].kind != IT_LINE)
			continue;
		if (nlines < 2)
			lines[nlines] = i;
		nlines++;
		before_last = last;
		last = i;
	}
	if (nlines < 2)
		return;
	for (i = lines[0]; i < lines[1]; i++)
		f->items[i].keep = 1;
	for (i = before_last; i < last; i++)
		f->items[i].keep = 1;
}

static void
list(struct builder *b, struct flow *f, const struct doc_node *n, double x,
    double width, const struct block_style *bs)
{
	const struct style *s = b->s;
	const struct doc_node *item;
	int number = n->as.list.start;
	size_t first = f->n;
	char mark[32];

	for (item = n->first; item != NULL; item = item->next) {
		size_t at = f->n;

		if (n->as.list.ordered)
			snprintf(mark, sizeof(mark), "%d.", number++);
		else
			snprintf(mark, sizeof(mark), "%s", s->bullet);
		lay_blocks(b, f, item, x + s->list_indent,
		    width - s->list_indent, bs);
		/* The marker goes on the item's first line. */
		for (; at < f->n && f->items[at].kind != IT_LINE; at++)
			continue;
		if (at < f->n && f->items[at].marker == NULL) {
			f->items[at].marker = lay_plain_text(b, mark, bs->text,
			    0);
			f->items[at].marker_x = x;
			f->items[at].marker_node = item;
		} else if (at < f->n) {
			/* The item begins with a list of its own, whose marker
			 * has the line: this one stands before it on the same
			 * line, an item of no height kept with it. */
			struct item *m;

			push(f, IT_LINE, 0);
			memmove(&f->items[at + 1], &f->items[at],
			    (f->n - 1 - at) * sizeof(*f->items));
			m = &f->items[at];
			memset(m, 0, sizeof(*m));
			m->kind = IT_LINE;
			m->text = lay_plain_text(b, mark, bs->text, 0);
			m->x = x;
			m->role = LAY_ROLE_MARKER;
			m->node = item;
			m->keep = 1;
		}
		if (item->next != NULL)
			lay_space(f, s->item_space);
	}
	keep_list(f, first);
}

void
lay_blocks(struct builder *b, struct flow *f, const struct doc_node *parent,
    double x, double width, const struct block_style *bs)
{
	const struct style *s = b->s;
	const struct doc_node *n;
	struct block_style quote;

	for (n = parent->first; n != NULL; n = n->next) {
		switch (n->type) {
		case DOC_PARAGRAPH:
			/* Lists and quotations nested in a narrow column can
			 * leave a text no room at all. */
			if (width < 1.5 * bs->text->size && !b->failed) {
				diag_report(b->d, DIAG_ERROR, &n->pos, "this "
				    "text has no room: the lists and quotations "
				    "it is in leave it %.0f mm; nest them less "
				    "deeply or widen the column",
				    width > 0 ? width * 25.4 / 72 : 0);
				b->failed = 1;
			}
			lay_lines(f, lay_inline_text(b, n, bs->text, width), x,
			    bs->role, n, 1);
			break;
		case DOC_LIST:
			list(b, f, n, x, width, bs);
			break;
		case DOC_FIGURE:
			figure(b, f, n, x, width);
			break;
		case DOC_QUOTE:
			quote = *bs;
			if (bs->role == LAY_ROLE_BODY)
				quote.text = &s->quote;
			lay_blocks(b, f, n, x + s->quote_indent, width -
			    2 * s->quote_indent, &quote);
			break;
		default:
			continue;
		}
		if (n->next == NULL || !is_block(n->next->type))
			continue;
		/* A paragraph that leads into a list stays with its first
		 * item. */
		if (n->type == DOC_PARAGRAPH && n->next->type == DOC_LIST &&
		    f->n > 0)
			f->items[f->n - 1].keep = 1;
		lay_space(f, n->next->type == DOC_FIGURE ?
		    s->figure_space_before : n->type == DOC_FIGURE ?
		    s->figure_space_after : bs->para_space);
		if (n->type == DOC_PARAGRAPH && n->next->type == DOC_LIST)
			f->items[f->n - 1].keep = 1;
	}
}

/* The body. */

static int
add_heading(struct builder *b, const struct doc_node *n)
{
	struct lay_doc *ld = b->ld;
	struct lay_heading *h;

	ld->headings = xgrow(ld->headings, &b->headingcap, ld->nheadings + 1,
	    sizeof(*ld->headings));
	h = &ld->headings[ld->nheadings++];
	h->level = n->as.section.level;
	h->title = xstrdup(n->as.section.title);
	h->page = -1;
	return (int)ld->nheadings;
}

void
lay_section(struct builder *b, struct flow *f, const struct doc_node *n)
{
	const struct style *s = b->s;
	const struct style_heading *hs = &s->headings[n->as.section.level - 1];
	struct block_style bs = { &s->body, LAY_ROLE_BODY, s->paragraph_space };
	const struct doc_node *c;
	size_t i, at;
	/* A heading right under its parent's heading keeps the chain: both
	 * go with the first lines of text. */
	int chained = f->n > 0 && f->items[f->n - 1].keep;

	lay_space(f, hs->space_before);
	if (chained && hs->space_before > 0)
		f->items[f->n - 1].keep = 1;
	at = f->n;
	/* An index, not a pointer: the items move as the flow grows. */
	lay_lines(f, lay_plain_text(b, n->as.section.title, &hs->text,
	    b->width), b->left, LAY_ROLE_HEADING, n, 0);
	f->items[at].heading = add_heading(b, n);
	/* A heading is never left alone at a page's foot. */
	for (i = at; i < f->n; i++) {
		f->items[i].keep = 1;
		f->items[i].level = n->as.section.level;
	}
	lay_space(f, hs->space_after);
	f->items[f->n - 1].keep = 1;
	lay_blocks(b, f, n, b->left, b->width, &bs);
	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DOC_TABLE || c->type == DOC_ACTIONS) {
			struct item *it;

			lay_space(f, s->table_space_before);
			it = push(f, IT_TABLE, 0);
			it->table = lay_table(b, c);
			lay_space(f, s->table_space_after);
		} else if (c->type == DOC_SECTION) {
			lay_section(b, f, c);
		}
	}
}
