#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "font.h"
#include "lay_break.h"
#include "layout.h"
#include "xalloc.h"

/*
 * The plan is first turned into flows of items, each item a line of text,
 * a vertical space or a table; a pager then places the items on pages,
 * keeping headings with what follows them, paragraphs free of widows and
 * orphans, and every footnote on the page of its marker.
 */

#define LINE_SEPARATOR	"\xe2\x80\xa8"
#define NBSP		"\xc2\xa0"
#define WORD_JOINER	"\xe2\x81\xa0"

struct link_span {
	size_t		 start, end;	/* bytes of the layout's text */
	char		*uri;
};

/* A laid-out piece of text. */
struct text {
	PangoLayout		*layout;
	double			 area_left, area_right;	/* see lay_box */
	double			 leading;	/* baseline to baseline */
	double			 ascent;	/* top of a line to its baseline */
	struct link_span	*links;
	size_t			 nlinks, linkcap;
	size_t			*note_at;	/* byte index of each marker */
	int			*notes;		/* the markers' numbers */
	size_t			 nnotes, notecap;
	size_t			*hyphens;	/* see lay_para */
	size_t			 nhyphens;
	/* Measuring a table's cells: the text, measured, in place of a
	 * layout, and the width it was given. */
	struct lay_measure	*measure;
	double			 width;
};

enum item_kind {
	IT_LINE,
	IT_SPACE,
	IT_TABLE
};

struct table;

struct item {
	enum item_kind	 kind;
	double		 height;
	int		 keep;		/* keep with the next item */
	enum lay_role	 role;
	int		 level;
	int		 heading;	/* index + 1 into headings, or 0 */
	struct text	*text;		/* IT_LINE */
	int		 line;
	double		 x;
	struct text	*marker;	/* IT_LINE: a list item's marker */
	double		 marker_x;
	const struct doc_node *node;	/* IT_LINE: see lay_box */
	const struct doc_node *marker_node;
	int		 group;
	struct table	*table;		/* IT_TABLE */
};

struct flow {
	struct item	*items;
	size_t		 n, cap;
};

struct cell {
	struct flow	 flow;
	double		*y;		/* each item's top within the cell */
};

struct row {
	struct cell	*cells;
	int		 header;
};

struct table {
	const struct doc_node *node;
	size_t		 ncols;
	double		*colx, *colw;	/* absolute x and width of columns */
	double		 x, width;
	struct text	*caption;	/* NULL when none */
	struct row	 head;
	struct row	*rows;
	size_t		 nrows;
};

struct note {
	const struct doc_node *node;
	struct text	*number;
	struct text	*body;
	double		 height;
};

struct contents_entry {
	int		 heading;	/* index into headings */
	struct text	*text;
	double		 x;
	int		 page;		/* where its last line was placed */
	double		 baseline, end_x;
	int		 first_page;
	double		 top;
};

struct builder {
	const struct doc	*doc;
	const struct style	*s;
	PangoContext		*ctx;
	struct hyph		*hyph;
	struct lay_doc		*ld;
	double			 left, width;	/* the text area */
	double			 top, bottom;
	/* Where the texts made now must stay: a column, or the text area. */
	double			 area_left, area_right;
	struct diag		*d;
	int			 failed;	/* the plan asks for too much */
	int			 measuring;	/* texts are measured, not laid
						 * out (a table's columns) */
	struct text		**texts;	/* every text, to free */
	size_t			 ntexts, textcap;
	struct note		*notes;		/* by number - 1 */
	size_t			 nnotes, notecap;
	struct table		**tables;
	size_t			 ntables, tablecap;
	struct contents_entry	*contents;
	size_t			 ncontents, contentscap;
	size_t			 headingcap;
	/* Each text style's font and line metrics, worked out once: Pango
	 * measures a sample text for the metrics. */
	struct face {
		const struct style_text	*st;
		PangoFontDescription	*fd;
		double			 ascent;
		double			 hyphen;	/* its width */
	}			 faces[48];
	size_t			 nfaces;
};

/* Texts. */

static double
ascent_of(struct builder *b, PangoFontDescription *fd, double leading)
{
	PangoFontMetrics *m = pango_context_get_metrics(b->ctx, fd, NULL);
	double asc = pango_font_metrics_get_ascent(m) / (double)PANGO_SCALE;
	double desc = pango_font_metrics_get_descent(m) / (double)PANGO_SCALE;

	pango_font_metrics_unref(m);
	/* The line's extra space is shared above and below. */
	return (leading - (asc + desc)) / 2 + asc;
}

static struct text *
text_new(struct builder *b)
{
	struct text *t = xcalloc(1, sizeof(*t));

	b->texts = xgrow(b->texts, &b->textcap, b->ntexts + 1,
	    sizeof(*b->texts));
	b->texts[b->ntexts++] = t;
	return t;
}

static void
text_free(struct text *t)
{
	size_t i;

	if (t->layout != NULL)
		g_object_unref(t->layout);
	for (i = 0; i < t->nlinks; i++)
		free(t->links[i].uri);
	free(t->links);
	free(t->note_at);
	free(t->notes);
	free(t->hyphens);
	lay_measure_free(t->measure);
	free(t);
}

static const struct face *
face(struct builder *b, const struct style_text *st)
{
	struct face *f;
	size_t i;

	for (i = 0; i < b->nfaces; i++)
		if (b->faces[i].st == st)
			return &b->faces[i];
	/* The style has a fixed number of text styles. */
	f = &b->faces[b->nfaces < 48 ? b->nfaces++ : 47];
	if (f->fd != NULL)
		pango_font_description_free(f->fd);
	f->st = st;
	f->fd = font_describe(b->s, st);
	f->ascent = ascent_of(b, f->fd, st->leading);
	f->hyphen = lay_hyphen_width(b->ctx, f->fd);
	return f;
}

/*
 * Appends len bytes of str to out with the straight quotes a plan's author
 * typed made typographic ones, as the style says.
 */
static void
typographic(const struct style *s, const char *str, size_t len,
    struct buf *out)
{
	size_t i, from = 0;

	for (i = 0; i < len; i++) {
		const char *mark = str[i] == '"' ? s->double_quote :
		    str[i] == '\'' ? s->single_quote : NULL;

		if (mark == NULL || mark[0] == '\0')
			continue;
		buf_add(out, str + from, i - from);
		buf_adds(out, mark);
		from = i + 1;
	}
	buf_add(out, str + from, len - from);
}

/*
 * Makes t's layout of str with attrs in style st, width wide (0: none),
 * hyphenated where needed with h (NULL: never).
 */
static void
text_layout(struct builder *b, struct text *t, const char *str,
    PangoAttrList *attrs, const struct style_text *st, double width,
    struct hyph *h)
{
	const struct face *f = face(b, st);
	struct lay_para para;
	size_t i;

	t->leading = st->leading;
	if (b->measuring && width > 0) {
		t->measure = lay_measure(b->ctx, f->fd, attrs, str, h,
		    f->hyphen);
		t->width = width;
		return;
	}
	memset(&para, 0, sizeof(para));
	if (width > 0) {
		lay_break(b->ctx, f->fd, attrs, str, h, width, f->hyphen,
		    &para);
		for (i = 0; i < t->nnotes; i++)
			t->note_at[i] = lay_break_map(&para, t->note_at[i]);
		for (i = 0; i < t->nlinks; i++) {
			t->links[i].start = lay_break_map(&para,
			    t->links[i].start);
			t->links[i].end = lay_break_map(&para, t->links[i].end);
		}
		t->hyphens = para.hyphens;
		t->nhyphens = para.nhyphens;
		para.hyphens = NULL;
		str = para.text.data;
		t->layout = para.layout;
		para.layout = NULL;
	}
	if (t->layout == NULL) {
		t->layout = pango_layout_new(b->ctx);
		pango_layout_set_font_description(t->layout, f->fd);
		/* The plan is Swedish: every line starts at the left,
		 * whatever script it starts with. */
		pango_layout_set_auto_dir(t->layout, FALSE);
		/* A broken text gets no width to break at.  A line a little
		 * wider than its column after all would be found by the
		 * layout's checks (lay_verify). */
		pango_layout_set_text(t->layout, str, -1);
		if (attrs != NULL)
			pango_layout_set_attributes(t->layout, attrs);
	}
	lay_para_free(&para);
	t->ascent = f->ascent;
	t->area_left = b->area_left;
	t->area_right = b->area_right;
}

/* A text without markup; headings and titles are never hyphenated. */
static struct text *
plain_text(struct builder *b, const char *str, const struct style_text *st,
    double width)
{
	struct text *t = text_new(b);
	struct buf typo = { 0 };

	typographic(b->s, str, strlen(str), &typo);
	text_layout(b, t, typo.data != NULL ? typo.data : "", NULL, st, width,
	    NULL);
	buf_free(&typo);
	return t;
}

struct inline_ctx {
	struct builder		*b;
	struct text		*t;
	struct buf		 str;
	PangoAttrList		*attrs;
	const struct style_text	*st;
};

static void	inline_run(struct inline_ctx *, const struct doc_node *);
static struct text *inline_text(struct builder *, const struct doc_node *,
		    const struct style_text *, double);

static void
add_attr(struct inline_ctx *c, PangoAttribute *a, size_t start)
{
	a->start_index = (guint)start;
	a->end_index = (guint)c->str.len;
	pango_attr_list_insert(c->attrs, a);
}

/* A footnote's number as it stands before its note. */
static struct text *
superscript(struct builder *b, const char *num, const struct style_text *st)
{
	PangoAttrList *attrs = pango_attr_list_new();
	struct text *t = text_new(b);

	pango_attr_list_insert(attrs, pango_attr_scale_new(
	    b->s->fn_marker_scale));
	pango_attr_list_insert(attrs, pango_attr_rise_new((int)(
	    b->s->fn_marker_rise * st->size * PANGO_SCALE)));
	text_layout(b, t, num, attrs, st, 0, NULL);
	pango_attr_list_unref(attrs);
	return t;
}

/* A footnote: its number goes in the text, the note to the builder. */
static void
footnote(struct inline_ctx *c, const struct doc_node *n)
{
	struct builder *b = c->b;
	const struct style *s = b->s;
	struct text *t = c->t;
	struct text *body;
	char num[16];
	size_t start, k;
	double area_left, area_right;

	if (b->measuring) {
		/* Its marker as wide as it will be; the note is made when
		 * the table is laid out. */
		snprintf(num, sizeof(num), "%zu", b->nnotes + 1);
		buf_adds(&c->str, WORD_JOINER);
		start = c->str.len;
		buf_adds(&c->str, num);
		add_attr(c, pango_attr_scale_new(s->fn_marker_scale), start);
		return;
	}
	b->notes = xgrow(b->notes, &b->notecap, b->nnotes + 1,
	    sizeof(*b->notes));
	/* An index, not a pointer: a note within the note's text would grow
	 * the array and move it. */
	k = b->nnotes++;
	memset(&b->notes[k], 0, sizeof(b->notes[k]));
	b->notes[k].node = n;
	snprintf(num, sizeof(num), "%zu", k + 1);
	/* The marker is glued to the word before it: a line never starts
	 * with one. */
	buf_adds(&c->str, WORD_JOINER);
	start = c->str.len;
	t->note_at = xgrow(t->note_at, &t->notecap, t->nnotes + 1,
	    sizeof(*t->note_at));
	t->notes = xrealloc(t->notes, t->notecap * sizeof(*t->notes));
	t->note_at[t->nnotes] = start;
	t->notes[t->nnotes++] = (int)(k + 1);
	buf_adds(&c->str, num);
	add_attr(c, pango_attr_scale_new(s->fn_marker_scale), start);
	add_attr(c, pango_attr_rise_new((int)(s->fn_marker_rise *
	    c->st->size * PANGO_SCALE)), start);
	/* A note stands at the page's foot, not in the column of its
	 * marker. */
	area_left = b->area_left;
	area_right = b->area_right;
	b->area_left = b->left;
	b->area_right = b->left + b->width;
	body = inline_text(b, n, &s->footnote, b->width - s->fn_note_indent);
	b->notes[k].body = body;
	b->notes[k].number = superscript(b, num, &s->footnote);
	b->area_left = area_left;
	b->area_right = area_right;
	b->notes[k].height = pango_layout_get_line_count(body->layout) *
	    s->footnote.leading;
}

static void
inline_run(struct inline_ctx *c, const struct doc_node *parent)
{
	const struct doc_node *n;
	struct buf typo = { 0 };
	size_t start;

	for (n = parent->first; n != NULL; n = n->next) {
		start = c->str.len;
		switch (n->type) {
		case DOC_TEXT:
			typographic(c->b->s, n->as.text.s,
			    strlen(n->as.text.s), &typo);
			if (typo.data != NULL)
				buf_add(&c->str, typo.data, typo.len);
			buf_free(&typo);
			break;
		case DOC_LINEBREAK:
			buf_adds(&c->str, LINE_SEPARATOR);
			break;
		case DOC_EMPH:
			inline_run(c, n);
			add_attr(c, pango_attr_style_new(PANGO_STYLE_ITALIC),
			    start);
			break;
		case DOC_STRONG:
			inline_run(c, n);
			add_attr(c, pango_attr_weight_new(PANGO_WEIGHT_BOLD),
			    start);
			break;
		case DOC_LINK:
			inline_run(c, n);
			add_attr(c, pango_attr_underline_new(
			    PANGO_UNDERLINE_SINGLE), start);
			add_attr(c, pango_attr_foreground_new(
			    (guint16)(((c->b->s->color_link >> 16) & 0xff) * 257),
			    (guint16)(((c->b->s->color_link >> 8) & 0xff) * 257),
			    (guint16)((c->b->s->color_link & 0xff) * 257)), start);
			c->t->links = xgrow(c->t->links, &c->t->linkcap,
			    c->t->nlinks + 1, sizeof(*c->t->links));
			c->t->links[c->t->nlinks].start = start;
			c->t->links[c->t->nlinks].end = c->str.len;
			c->t->links[c->t->nlinks++].uri =
			    xstrdup(n->as.link.url);
			break;
		case DOC_FOOTNOTE:
			footnote(c, n);
			break;
		default:
			break;
		}
	}
}

/* The inline content of n as a text in style st. */
static struct text *
inline_text(struct builder *b, const struct doc_node *n,
    const struct style_text *st, double width)
{
	struct inline_ctx c;

	memset(&c, 0, sizeof(c));
	c.b = b;
	c.t = text_new(b);
	c.attrs = pango_attr_list_new();
	c.st = st;
	inline_run(&c, n);
	text_layout(b, c.t, c.str.data ? c.str.data : "", c.attrs, st, width,
	    b->hyph);
	pango_attr_list_unref(c.attrs);
	buf_free(&c.str);
	return c.t;
}

static int
line_count(const struct text *t)
{
	return pango_layout_get_line_count(t->layout);
}

/* Whether line l of t ends inside a word, in a hyphen the line breaker
 * added. */
static int
breaks_word(const struct text *t, PangoLayoutLine *l)
{
	size_t end = (size_t)(l->start_index + l->length);
	size_t lo = 0, hi = t->nhyphens;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->hyphens[mid] + 1 < end)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->nhyphens && t->hyphens[lo] + 1 == end;
}

static int
line_breaks_word(const struct text *t, int i)
{
	return breaks_word(t, pango_layout_get_line_readonly(t->layout, i));
}

static int
item_breaks_word(const struct item *it)
{
	return it->kind == IT_LINE && line_breaks_word(it->text, it->line);
}

/* Flows. */

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

static void
space(struct flow *f, double h)
{
	if (h > 0)
		push(f, IT_SPACE, h);
}

/*
 * Appends t's lines at x.  A paragraph keeps its first two and its last
 * two lines together, so no line is left alone at a page's foot or head.
 * Pango gives every text at least one line.
 */
static void
lines(struct flow *f, struct text *t, double x, enum lay_role role,
    const struct doc_node *node, int widows)
{
	GSList *l;
	int i, n;

	if (t->measure != NULL) {
		push(f, IT_LINE, 0)->text = t;
		return;
	}
	/* The lines walked as a list: Pango finds line i by walking it. */
	l = pango_layout_get_lines_readonly(t->layout);
	n = line_count(t);
	for (i = 0; i < n; i++, l = l->next) {
		struct item *it = push(f, IT_LINE, t->leading);

		it->text = t;
		it->line = i;
		it->x = x;
		it->role = role;
		it->node = node;
		if (widows)
			it->keep = (i == 0 && n >= 2) || (i == n - 2 && n >= 2);
		/* A word broken at a line's end is not broken over a page. */
		if (i + 1 < n && breaks_word(t, l->data))
			it->keep = 1;
	}
}

struct block_style {
	const struct style_text	*text;
	enum lay_role		 role;
	double			 para_space;
};

static void	blocks(struct builder *, struct flow *, const struct doc_node *,
		    double, double, const struct block_style *);

static int
is_block(enum doc_type type)
{
	return type == DOC_PARAGRAPH || type == DOC_LIST || type == DOC_QUOTE;
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
		blocks(b, f, item, x + s->list_indent, width - s->list_indent,
		    bs);
		/* The marker goes on the item's first line. */
		for (; at < f->n && f->items[at].kind != IT_LINE; at++)
			continue;
		if (at < f->n) {
			f->items[at].marker = plain_text(b, mark, bs->text, 0);
			f->items[at].marker_x = x;
			f->items[at].marker_node = item;
		}
		if (item->next != NULL)
			space(f, s->item_space);
	}
	keep_list(f, first);
}

static void
blocks(struct builder *b, struct flow *f, const struct doc_node *parent,
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
			lines(f, inline_text(b, n, bs->text, width), x,
			    bs->role, n, 1);
			break;
		case DOC_LIST:
			list(b, f, n, x, width, bs);
			break;
		case DOC_QUOTE:
			quote = *bs;
			if (bs->role == LAY_ROLE_BODY)
				quote.text = &s->quote;
			blocks(b, f, n, x + s->quote_indent, width -
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
		space(f, bs->para_space);
		if (n->type == DOC_PARAGRAPH && n->next->type == DOC_LIST)
			f->items[f->n - 1].keep = 1;
	}
}

/* Tables. */

static double
flow_height(const struct flow *f)
{
	double h = 0;
	size_t i;

	for (i = 0; i < f->n; i++)
		h += f->items[i].height;
	return h;
}

static void
cell_new(struct builder *b, struct cell *c, const struct doc_node *content,
    const struct table *t, size_t col, const struct block_style *bs)
{
	double pad = b->s->table_padding, y = 0;
	size_t i;

	if (content != NULL) {
		b->area_left = t->colx[col] + pad;
		b->area_right = t->colx[col] + t->colw[col] - pad;
		blocks(b, &c->flow, content, t->colx[col] + pad,
		    t->colw[col] - 2 * pad, bs);
		b->area_left = b->left;
		b->area_right = b->left + b->width;
	}
	c->y = xcalloc(c->flow.n + 1, sizeof(*c->y));
	for (i = 0; i < c->flow.n; i++) {
		c->y[i] = y;
		y += c->flow.items[i].height;
	}
	c->y[c->flow.n] = y;
}

/* What row r of table n has in column col: NULL when nothing. */
static const struct doc_node *
cell_content(const struct doc_node *n, const struct doc_node *r, size_t col)
{
	const struct doc_node *c, *content = NULL;
	size_t k = 0;

	if (n->type == DOC_TABLE) {
		for (c = r->first; c != NULL && k < col; c = c->next)
			k++;
		return c;
	}
	for (c = r->first; c != NULL; c = c->next)
		if (c->as.field.field == doc_colkey_field(
		    n->as.table.cols[col].key))
			content = c;
	return content;
}

static void
columns(struct builder *b, struct table *t, const struct doc_node *n)
{
	double given = 0, share;
	size_t i, unsized = 0;

	t->ncols = n->as.table.ncols;
	t->x = b->left;
	t->width = b->width;
	t->colx = xcalloc(t->ncols, sizeof(*t->colx));
	t->colw = xcalloc(t->ncols, sizeof(*t->colw));
	for (i = 0; i < t->ncols; i++) {
		given += n->as.table.cols[i].width;
		unsized += n->as.table.cols[i].width == 0;
	}
	share = unsized > 0 ? (100 - given) / (double)unsized : 0;
	for (i = 0; i < t->ncols; i++) {
		double pct = n->as.table.cols[i].width > 0 ?
		    n->as.table.cols[i].width : share;

		t->colw[i] = t->width * pct / 100;
		t->colx[i] = i == 0 ? t->x : t->colx[i - 1] + t->colw[i - 1];
	}
}

/*
 * Choosing the columns' widths.  Each cell is measured once: its texts,
 * their indents, the spaces between them.  A column is never narrower than
 * its widest word (or, where the words of all columns cannot fit side by
 * side, its widest hyphenated piece); within that the widths are those
 * that make the table shortest, the plan's widths a preference that
 * decides between equally short tables.
 */

#define MEASURE_WIDTH	1e5	/* "unbroken", for measuring */
/* Beside the table's height, in points of it: every cell's height, for a
 * column read as words rather than syllables even where another column
 * makes the row as tall, a hyphen, and a point away from the plan. */
#define CELL_WEIGHT	0.2
#define HYPHEN_COST	6.0	/* see lay_measure_lines */
#define PREFERENCE	0.05

struct column_fit {
	struct builder	*b;
	size_t		 ncols, nrows;
	struct flow	*cells;		/* nrows x ncols, the header first */
	double		*w, *pref, *min;
	double		*floor;		/* its widest letter and a hyphen */
	/* Each column's cell heights at the widths tried. */
	struct tried {
		double	 width;
		double	*heights;	/* by row */
		double	 cost;		/* of the cells, the hyphens */
	}		**tried;
	size_t		*ntried, *triedcap;
};

/* The cell's height at a column width of w; counts its hyphens. */
static double
cell_height(const struct column_fit *cf, const struct flow *f, double w,
    int *hyphens)
{
	double h = 0, pad = cf->b->s->table_padding;
	size_t i;

	for (i = 0; i < f->n; i++) {
		const struct item *it = &f->items[i];

		if (it->kind == IT_LINE && it->text->measure != NULL)
			h += lay_measure_lines(it->text->measure, w - 2 * pad -
			    (MEASURE_WIDTH - it->text->width), hyphens) *
			    it->text->leading;
		else
			h += it->height;
	}
	return h;
}

/* Column c's cells at width w, worked out once. */
static const struct tried *
column_at(struct column_fit *cf, size_t c, double w)
{
	struct tried *t;
	size_t i, r;
	int hyphens = 0;

	for (i = 0; i < cf->ntried[c]; i++)
		if (fabs(cf->tried[c][i].width - w) < 0.01)
			return &cf->tried[c][i];
	cf->tried[c] = xgrow(cf->tried[c], &cf->triedcap[c], cf->ntried[c] + 1,
	    sizeof(*cf->tried[c]));
	t = &cf->tried[c][cf->ntried[c]++];
	t->width = w;
	t->heights = xcalloc(cf->nrows, sizeof(*t->heights));
	t->cost = PREFERENCE * fabs(w - cf->pref[c]);
	for (r = 0; r < cf->nrows; r++) {
		t->heights[r] = cell_height(cf, &cf->cells[r * cf->ncols + c],
		    w, &hyphens);
		t->cost += CELL_WEIGHT * t->heights[r];
	}
	t->cost += HYPHEN_COST * hyphens;
	return t;
}

/* What the table costs at widths w: its height, and see above. */
static double
table_cost(struct column_fit *cf, const double *w)
{
	const double *h[DOC_MAX_COLUMNS];
	double cost = 0;
	size_t c, r;

	for (c = 0; c < cf->ncols; c++) {
		const struct tried *t = column_at(cf, c, w[c]);

		h[c] = t->heights;
		cost += t->cost;
	}
	for (r = 0; r < cf->nrows; r++) {
		double row = 0;

		for (c = 0; c < cf->ncols; c++)
			row = fmax(row, h[c][r]);
		cost += row;
	}
	return cost;
}

/* The narrowest each column can be, broken into pieces. */
static void
column_minimums(struct column_fit *cf, enum lay_pieces pieces)
{
	double pad = cf->b->s->table_padding;
	size_t c, r, i;

	for (c = 0; c < cf->ncols; c++) {
		cf->min[c] = 0;
		for (r = 0; r < cf->nrows; r++) {
			const struct flow *f = &cf->cells[r * cf->ncols + c];

			for (i = 0; i < f->n; i++) {
				const struct text *t = f->items[i].text;

				if (f->items[i].kind != IT_LINE ||
				    t->measure == NULL)
					continue;
				/* Column headings are never hyphenated. */
				cf->min[c] = fmax(cf->min[c], lay_measure_min(
				    t->measure, r > 0 ? pieces : LAY_WORDS) +
				    MEASURE_WIDTH - t->width + 2 * pad);
				cf->floor[c] = fmax(cf->floor[c],
				    lay_measure_letter(t->measure) +
				    MEASURE_WIDTH - t->width + 2 * pad);
			}
		}
	}
}

/*
 * Widths as near the plan's as the minimums allow, adding up to total;
 * 0 when the minimums do not fit: then each column gives up the same
 * share of what it has above the room of a letter, and what does not fit
 * is broken between characters or refused when laid out.
 */
static int
start_widths(struct column_fit *cf, double total)
{
	double over = 0, slack = 0, sum = 0, floors = 0, share;
	size_t c;

	for (c = 0; c < cf->ncols; c++) {
		cf->floor[c] = fmin(cf->floor[c], cf->min[c]);
		sum += cf->min[c];
		floors += cf->floor[c];
	}
	if (sum > total) {
		share = floors < total ? (total - floors) / (sum - floors) : 0;
		for (c = 0; c < cf->ncols; c++)
			cf->w[c] = cf->floor[c] + share * (cf->min[c] -
			    cf->floor[c]);
		return 0;
	}
	for (c = 0; c < cf->ncols; c++) {
		cf->w[c] = fmax(cf->pref[c], cf->min[c]);
		over += cf->w[c];
		slack += cf->w[c] - cf->min[c];
	}
	over -= total;
	/* Taken from what the columns have above their minimums. */
	for (c = 0; c < cf->ncols && slack > 0; c++)
		cf->w[c] -= fmin(over, slack) * (cf->w[c] - cf->min[c]) / slack;
	return 1;
}

/* Moves width between columns while the table gets shorter. */
static void
shorten(struct column_fit *cf, double total)
{
	double step, best, trial[DOC_MAX_COLUMNS];
	size_t i, j, bi = 0, bj = 0;

	best = table_cost(cf, cf->w);
	for (step = total / 16; step >= total / 1024;) {
		int better = 0;

		for (i = 0; i < cf->ncols; i++)
			for (j = 0; j < cf->ncols; j++) {
				double cost;

				if (i == j || cf->w[j] - step < cf->min[j])
					continue;
				memcpy(trial, cf->w, cf->ncols * sizeof(*trial));
				trial[i] += step;
				trial[j] -= step;
				cost = table_cost(cf, trial);
				if (cost < best - 1e-9) {
					best = cost;
					bi = i;
					bj = j;
					better = 1;
				}
			}
		if (better) {
			cf->w[bi] += step;
			cf->w[bj] -= step;
		} else
			step /= 2;
	}
}

static void
fit_columns(struct builder *b, struct table *t, const struct doc_node *n)
{
	struct block_style bs = { &b->s->table_text, LAY_ROLE_TABLE_CELL,
	    b->s->paragraph_space / 2 };
	struct column_fit cf;
	const struct doc_node *r;

	double sum = 0;
	size_t c, i, k;
	int fitted;

	memset(&cf, 0, sizeof(cf));
	cf.b = b;
	cf.ncols = t->ncols;
	for (r = n->first; r != NULL; r = r->next)
		cf.nrows++;
	cf.nrows++;
	cf.cells = xcalloc(cf.nrows * cf.ncols, sizeof(*cf.cells));
	cf.w = xcalloc(cf.ncols, sizeof(*cf.w));
	cf.pref = xcalloc(cf.ncols, sizeof(*cf.pref));
	cf.min = xcalloc(cf.ncols, sizeof(*cf.min));
	cf.floor = xcalloc(cf.ncols, sizeof(*cf.floor));
	cf.tried = xcalloc(cf.ncols, sizeof(*cf.tried));
	cf.ntried = xcalloc(cf.ncols, sizeof(*cf.ntried));
	cf.triedcap = xcalloc(cf.ncols, sizeof(*cf.triedcap));
	b->measuring = 1;
	for (c = 0; c < cf.ncols; c++) {
		const struct doc_column *col = &n->as.table.cols[c];

		lines(&cf.cells[c], plain_text(b, col->header != NULL ?
		    col->header : doc_colkey_header(col->key),
		    &b->s->table_header, MEASURE_WIDTH), 0, bs.role, n, 0);
		cf.pref[c] = t->colw[c];
	}
	for (r = n->first, i = 1; r != NULL; r = r->next, i++)
		for (c = 0; c < cf.ncols; c++) {
			const struct doc_node *content = cell_content(n, r, c);

			if (content != NULL)
				blocks(b, &cf.cells[i * cf.ncols + c], content,
				    0, MEASURE_WIDTH, &bs);
		}
	b->measuring = 0;
	/* The words of compounds whole, if the columns have room. */
	column_minimums(&cf, LAY_PARTS);
	for (c = 0; c < cf.ncols; c++)
		sum += cf.min[c];
	if (sum <= t->width)
		fitted = start_widths(&cf, t->width);
	else {
		/* Where they have not, each column starts with the same
		 * share of the room its compounds' words need beyond their
		 * syllables', the hyphens' cost deciding from there. */
		double parts[DOC_MAX_COLUMNS], syllables = 0, share;

		memcpy(parts, cf.min, cf.ncols * sizeof(*parts));
		column_minimums(&cf, LAY_SYLLABLES);
		for (c = 0; c < cf.ncols; c++)
			syllables += cf.min[c];
		if (syllables <= t->width) {
			share = (t->width - syllables) / (sum - syllables);
			for (c = 0; c < cf.ncols; c++)
				cf.w[c] = cf.min[c] + share * (parts[c] -
				    cf.min[c]);
			fitted = 1;
		} else
			fitted = start_widths(&cf, t->width);
	}
	if (fitted)
		shorten(&cf, t->width);
	for (c = 0; c < cf.ncols; c++) {
		t->colw[c] = cf.w[c];
		t->colx[c] = c == 0 ? t->x : t->colx[c - 1] + t->colw[c - 1];
	}
	for (i = 0; i < cf.nrows * cf.ncols; i++) {
		for (k = 0; k < cf.cells[i].n; k++) {
			struct text *tx = cf.cells[i].items[k].text;

			if (tx != NULL && tx->measure != NULL) {
				lay_measure_free(tx->measure);
				tx->measure = NULL;
			}
		}
		free(cf.cells[i].items);
	}
	for (c = 0; c < cf.ncols; c++) {
		for (k = 0; k < cf.ntried[c]; k++)
			free(cf.tried[c][k].heights);
		free(cf.tried[c]);
	}
	free(cf.tried);
	free(cf.ntried);
	free(cf.triedcap);
	free(cf.min);
	free(cf.floor);
	free(cf.pref);
	free(cf.w);
	free(cf.cells);
}

static void
header_row(struct builder *b, struct table *t, const struct doc_node *n)
{
	struct block_style bs = { &b->s->table_header, LAY_ROLE_TABLE_HEADER,
	    0 };
	double pad = b->s->table_padding;
	size_t i;

	t->head.header = 1;
	t->head.cells = xcalloc(t->ncols, sizeof(*t->head.cells));
	for (i = 0; i < t->ncols; i++) {
		const struct doc_column *c = &n->as.table.cols[i];
		const char *h = c->header != NULL ? c->header :
		    doc_colkey_header(c->key);
		struct cell *cell = &t->head.cells[i];

		size_t k;

		b->area_left = t->colx[i] + pad;
		b->area_right = t->colx[i] + t->colw[i] - pad;
		/* A column heading is read at a glance: never hyphenated
		 * (Pango breaks a word only if the column cannot hold it). */
		lines(&cell->flow, plain_text(b, h, bs.text, t->colw[i] -
		    2 * pad), t->colx[i] + pad, bs.role, n, 0);
		b->area_left = b->left;
		b->area_right = b->left + b->width;
		for (k = 0; k < cell->flow.n; k++)
			cell->flow.items[k].group = (int)i + 1;
		cell_new(b, cell, NULL, t, i, &bs);
	}
}

static struct table *
table(struct builder *b, const struct doc_node *n)
{
	struct block_style bs = { &b->s->table_text, LAY_ROLE_TABLE_CELL,
	    b->s->paragraph_space / 2 };
	struct table *t = xcalloc(1, sizeof(*t));
	const struct doc_node *r;
	size_t i;

	b->tables = xgrow(b->tables, &b->tablecap, b->ntables + 1,
	    sizeof(*b->tables));
	b->tables[b->ntables++] = t;
	t->node = n;
	columns(b, t, n);
	fit_columns(b, t, n);
	if (n->as.table.caption != NULL)
		t->caption = plain_text(b, n->as.table.caption,
		    &b->s->table_caption, t->width - 2 * b->s->table_padding);
	header_row(b, t, n);
	for (r = n->first; r != NULL; r = r->next)
		t->nrows++;
	t->rows = xcalloc(t->nrows + 1, sizeof(*t->rows));
	for (r = n->first, i = 0; r != NULL; r = r->next, i++) {
		struct row *row = &t->rows[i];
		size_t col;

		row->cells = xcalloc(t->ncols, sizeof(*row->cells));
		for (col = 0; col < t->ncols; col++)
			cell_new(b, &row->cells[col], cell_content(n, r, col),
			    t, col, &bs);
	}
	return t;
}

static void
table_free(struct table *t)
{
	size_t i, c;

	for (i = 0; i <= t->nrows; i++) {
		struct row *row = i < t->nrows ? &t->rows[i] : &t->head;

		for (c = 0; row->cells != NULL && c < t->ncols; c++) {
			free(row->cells[c].flow.items);
			free(row->cells[c].y);
		}
		free(row->cells);
	}
	free(t->rows);
	free(t->colx);
	free(t->colw);
	free(t);
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

static void
section(struct builder *b, struct flow *f, const struct doc_node *n)
{
	const struct style *s = b->s;
	const struct style_heading *hs = &s->headings[n->as.section.level - 1];
	struct block_style bs = { &s->body, LAY_ROLE_BODY, s->paragraph_space };
	const struct doc_node *c;
	size_t i, at;
	/* A heading right under its parent's heading keeps the chain: both
	 * go with the first lines of text. */
	int chained = f->n > 0 && f->items[f->n - 1].keep;

	space(f, hs->space_before);
	if (chained && hs->space_before > 0)
		f->items[f->n - 1].keep = 1;
	at = f->n;
	/* An index, not a pointer: the items move as the flow grows. */
	lines(f, plain_text(b, n->as.section.title, &hs->text, b->width),
	    b->left, LAY_ROLE_HEADING, n, 0);
	f->items[at].heading = add_heading(b, n);
	/* A heading is never left alone at a page's foot. */
	for (i = at; i < f->n; i++) {
		f->items[i].keep = 1;
		f->items[i].level = n->as.section.level;
	}
	space(f, hs->space_after);
	f->items[f->n - 1].keep = 1;
	blocks(b, f, n, b->left, b->width, &bs);
	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DOC_TABLE || c->type == DOC_ACTIONS) {
			struct item *it;

			space(f, s->table_space_before);
			it = push(f, IT_TABLE, 0);
			it->table = table(b, c);
			space(f, s->table_space_after);
		} else if (c->type == DOC_SECTION) {
			section(b, f, c);
		}
	}
}

/* The pager. */

/* Lines from..to-1 of footnote num, on a page. */
struct note_part {
	int		 num;
	int		 from, to;
};

struct pager {
	struct builder	*b;
	struct diag	*d;
	int		 failed;	/* the plan asks for too much */
	int		 page;
	double		 y;
	int		 at_top;	/* nothing placed yet on the page */
	struct note_part *notes;	/* footnotes of the current page */
	size_t		 nnotes, notecap;
	double		 notes_h;
	/* What did not fit of footnotes too long for their page: it goes
	 * on at the foot of the next, as in Word. */
	struct note_part *carry;
	size_t		 ncarry, carrycap;
};

static struct lay_box *
box(struct lay_doc *ld, int page, enum lay_kind kind, enum lay_role role)
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

static void
rule(struct lay_doc *ld, int page, enum lay_role role, double x, double y,
    double w, double h, double thickness, uint32_t color)
{
	struct lay_box *bx = box(ld, page, LAY_RULE, role);

	bx->x = x;
	bx->y = y;
	bx->w = w;
	bx->h = h;
	bx->thickness = thickness;
	bx->color = color;
}

/* The width of line i of t, in points, without the spaces at its end
 * (which the text keeps for whoever reads the PDF's text). */
static double
line_width(const struct text *t, int i)
{
	PangoLayoutLine *l = pango_layout_get_line_readonly(t->layout, i);
	const char *str = pango_layout_get_text(t->layout);
	int end = l->start_index + l->length, last = end, x_end, x_last;
	PangoRectangle r;

	pango_layout_line_get_extents(l, NULL, &r);
	while (last > l->start_index && (str[last - 1] == ' ' ||
	    str[last - 1] == '\t'))
		last--;
	if (last == end)
		return (r.x + r.width) / (double)PANGO_SCALE;
	pango_layout_line_index_to_x(l, last, 0, &x_last);
	pango_layout_line_index_to_x(l, end, 0, &x_end);
	return (r.x + r.width - (x_end - x_last)) / (double)PANGO_SCALE;
}

/* A line's characters as drawn: soft hyphens and word joiners are not. */
static char *
visible(const char *s, size_t len)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < len; i++) {
		if (i + 1 < len && strncmp(s + i, "\xc2\xad", 2) == 0) {
			i++;
			continue;
		}
		if (i + 2 < len && strncmp(s + i, WORD_JOINER, 3) == 0) {
			i += 2;
			continue;
		}
		buf_addc(&b, s[i]);
	}
	return buf_take(&b);
}

static struct lay_box *
text_box(struct builder *b, int page, enum lay_role role, struct text *t,
    int i, double x, double top)
{
	struct lay_box *bx = box(b->ld, page, LAY_TEXT, role);
	size_t at = b->ld->pages[page].nboxes - 1;
	PangoLayoutLine *l = pango_layout_get_line_readonly(t->layout, i);
	const char *str = pango_layout_get_text(t->layout);
	size_t k;

	bx->layout = g_object_ref(t->layout);
	bx->line = i;
	bx->x = x;
	bx->y = top;
	bx->w = line_width(t, i);
	bx->limit = pango_layout_get_width(t->layout) > 0 ? x +
	    pango_layout_get_width(t->layout) / (double)PANGO_SCALE : x + bx->w;
	bx->h = t->leading;
	bx->area_left = t->area_left;
	bx->area_right = t->area_right;
	bx->baseline = top + t->ascent;
	bx->color = b->s->color_text;
	bx->text = visible(str + l->start_index, (size_t)l->length);
	bx->hyphenated = breaks_word(t, l);
	/* Links on this line. */
	for (k = 0; k < t->nlinks; k++) {
		const struct link_span *ls = &t->links[k];
		size_t s0 = (size_t)l->start_index, s1 = s0 + (size_t)l->length;
		int x0, x1;
		struct lay_box *lk;

		if (ls->end <= s0 || ls->start >= s1)
			continue;
		pango_layout_line_index_to_x(l, (int)(ls->start > s0 ?
		    ls->start : s0), 0, &x0);
		pango_layout_line_index_to_x(l, (int)(ls->end < s1 ? ls->end :
		    s1), 0, &x1);
		lk = box(b->ld, page, LAY_LINK, role);
		lk->x = x + x0 / (double)PANGO_SCALE;
		lk->w = (x1 - x0) / (double)PANGO_SCALE;
		lk->y = top;
		lk->h = t->leading;
		lk->uri = xstrdup(ls->uri);
	}
	/* The link boxes may have moved the page's boxes. */
	return &b->ld->pages[page].boxes[at];
}

/* The footnotes on line i of t. */
static void
line_notes(const struct text *t, int i, size_t *from, size_t *to)
{
	PangoLayoutLine *l = pango_layout_get_line_readonly(t->layout, i);
	size_t s0 = (size_t)l->start_index, s1 = s0 + (size_t)l->length, k;

	*from = *to = 0;
	for (k = 0; k < t->nnotes && t->note_at[k] < s0; k++)
		continue;
	*from = k;
	for (; k < t->nnotes && t->note_at[k] < s1; k++)
		continue;
	*to = k;
}

static double
notes_height(const struct pager *p, double more)
{
	double h = p->notes_h + more;

	return h > 0 ? h + p->b->s->fn_space_above : 0;
}

/* The height the footnotes of an item would add to the page. */
static double
item_notes(const struct pager *p, const struct item *it)
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

static void
finish_page(struct pager *p)
{
	struct builder *b = p->b;
	const struct style *s = b->s;
	double y = b->bottom - p->notes_h;
	size_t k;

	if (p->nnotes > 0)
		rule(b->ld, p->page, LAY_ROLE_FOOTNOTE_RULE, b->left,
		    y - s->fn_space_above / 2, s->fn_rule_width, 0,
		    s->fn_rule_thickness, s->color_rule);
	for (k = 0; k < p->nnotes; k++) {
		const struct note_part *part = &p->notes[k];
		struct note *n = &b->notes[part->num - 1];
		struct lay_box *bx;
		int i;

		/* The number stands before the note's first line only. */
		if (part->from == 0) {
			bx = text_box(b, p->page, LAY_ROLE_FOOTNOTE,
			    n->number, 0, b->left, y);
			bx->group = 1;
			bx->note = part->num;
			bx->node = n->node;
		}
		for (i = part->from; i < part->to; i++) {
			bx = text_box(b, p->page, LAY_ROLE_FOOTNOTE, n->body, i,
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
	while (fit > 1 && from + fit < line_count(t) &&
	    line_breaks_word(t, from + fit - 1))
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

static void
new_page(struct pager *p)
{
	struct lay_doc *ld = p->b->ld;
	size_t cap = ld->npages;

	if (p->page >= 0)
		finish_page(p);
	ld->pages = xrealloc(ld->pages, (cap + 1) * sizeof(*ld->pages));
	memset(&ld->pages[ld->npages], 0, sizeof(*ld->pages));
	p->page = (int)ld->npages++;
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
	    line_count(p->b->notes[num - 1].body) };
}

/*
 * Places line item it at the pager's position.  With split, its notes
 * need not fit: what does not goes on at the foot of the next page.
 */
static void
place_line(struct pager *p, const struct item *it, double dy, int split)
{
	struct builder *b = p->b;
	struct lay_box *bx;
	size_t from, to, k;

	/* A list item's marker first, where it is read: before its item. */
	if (it->marker != NULL)
		text_box(b, p->page, LAY_ROLE_MARKER, it->marker, 0,
		    it->marker_x, p->y + dy)->node = it->marker_node;
	bx = text_box(b, p->page, it->role, it->text, it->line, it->x,
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
		int lines = line_count(n->body), fit = lines;

		if (p->ncarry > 0) {
			/* After a note that goes on, so do the notes after
			 * it: their order is kept. */
			carry(p, num, 0);
			continue;
		}
		if (split)
			fit = whole_words(n->body, 0, (int)floor((b->bottom -
			    p->y - dy - it->height - notes_height(p, 0) -
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

static int
fits(const struct pager *p, double h, double notes)
{
	return p->y + h <= p->b->bottom - notes_height(p, notes) + 0.001;
}

/* Whether line item it with its footnotes fits on an empty page. */
static int
fits_empty(const struct pager *p, const struct item *it)
{
	return it->height + item_notes(p, it) + p->b->s->fn_space_above <=
	    p->b->bottom - p->b->top + 0.001;
}

/*
 * Reports that what stands on line item it (from 'from' on, its first
 * footnote) cannot fit on an empty page, and stops the pager: without the
 * check a new page would be started for it without end.
 */
static void
too_tall(struct pager *p, const struct item *it, const struct doc_node *at)
{
	size_t from, to;
	const struct doc_node *note = NULL;

	if (it != NULL && it->kind == IT_LINE) {
		line_notes(it->text, it->line, &from, &to);
		if (to > from)
			note = p->b->notes[it->text->notes[from] - 1].node;
	}
	if (note != NULL)
		diag_report(p->d, DIAG_ERROR, &note->pos, "the footnote%s of "
		    "this line %s too long to stand on one page with the "
		    "line; shorten %s, or move some of %s into the text",
		    to - from > 1 ? "s" : "", to - from > 1 ? "are together" :
		    "is", to - from > 1 ? "them" : "it", to - from > 1 ?
		    "them" : "it");
	else
		diag_report(p->d, DIAG_ERROR, at != NULL ? &at->pos : NULL,
		    "this does not fit on a page; shorten it");
	p->failed = 1;
}

/* Tables on pages. */

/* Draws the borders and fill of a row fragment of height h at y. */
static void
row_frame(struct pager *p, const struct table *t, double y, double h,
    int header, int span)
{
	const struct style *s = p->b->s;
	struct lay_doc *ld = p->b->ld;
	double bw = s->table_border;
	size_t c;

	if (header) {
		struct lay_box *bx = box(ld, p->page, LAY_RECT,
		    LAY_ROLE_TABLE_RULE);

		bx->x = t->x;
		bx->y = y;
		bx->w = t->width;
		bx->h = h;
		bx->color = s->color_table_header;
	}
	rule(ld, p->page, LAY_ROLE_TABLE_RULE, t->x, y, t->width, 0, bw,
	    s->color_rule);
	rule(ld, p->page, LAY_ROLE_TABLE_RULE, t->x, y + h, t->width, 0, bw,
	    s->color_rule);
	for (c = 0; c <= t->ncols; c++) {
		double x = c < t->ncols ? t->colx[c] : t->x + t->width;

		if (span && c > 0 && c < t->ncols)
			continue;
		rule(ld, p->page, LAY_ROLE_TABLE_RULE, x, y, 0, h, bw,
		    s->color_rule);
	}
}

/*
 * How many of a cell's items from 'from' fit in height avail, and the
 * height they take; *notes gets the height of their footnotes.
 */
static size_t
cell_fit(const struct pager *p, const struct cell *c, size_t from,
    double avail, double *used, double *notes)
{
	size_t i = from, last = from;

	*notes = 0;
	*used = 0;
	for (; i < c->flow.n; i++) {
		double bottom = c->y[i + 1] - c->y[from];

		if (bottom > avail + 0.001)
			break;
		*notes += item_notes(p, &c->flow.items[i]);
		if (c->flow.items[i].kind == IT_LINE) {
			last = i + 1;
			*used = bottom;
		}
	}
	return i == c->flow.n ? c->flow.n : last;
}

static size_t
lines_between(const struct cell *c, size_t from, size_t to)
{
	size_t n = 0;

	for (; from < to; from++)
		n += c->flow.items[from].kind == IT_LINE;
	return n;
}

/* The last line before end (from start), or NULL. */
static const struct item *
last_line(const struct cell *c, size_t start, size_t end)
{
	while (end > start && c->flow.items[end - 1].kind != IT_LINE)
		end--;
	return end > start ? &c->flow.items[end - 1] : NULL;
}

/*
 * A cell split over two pages leaves at least two lines on each, when it
 * has lines enough, and no word broken over the page: no single line is
 * left alone at a page's foot or head.
 */
static void
keep_two(const struct cell *c, size_t start, size_t *end)
{
	for (;;) {
		size_t before = lines_between(c, start, *end);
		size_t after = lines_between(c, *end, c->flow.n);
		const struct item *last = last_line(c, start, *end);

		if (after == 0 || (after >= 2 && before >= 2 &&
		    (last == NULL || !item_breaks_word(last))))
			return;
		if (before < 2) {
			*end = start;
			return;
		}
		/* Move a line over, and the spaces before it. */
		do
			(*end)--;
		while (*end > start && c->flow.items[*end].kind != IT_LINE);
		while (*end > start && c->flow.items[*end - 1].kind == IT_SPACE)
			(*end)--;
		if (lines_between(c, start, *end) < 2) {
			*end = start;
			return;
		}
	}
}

/*
 * Places the part of row that fits from the items start[] on; advances
 * start[].  Returns whether the row is complete.
 */
static int
place_row(struct pager *p, const struct table *t, const struct row *row,
    size_t *start, int force)
{
	const struct style *s = p->b->s;
	double pad = s->table_padding, avail, h = 0, notes = 0, used, n;
	size_t c, *end = xcalloc(t->ncols, sizeof(*end)), i;
	int done = 1, any = 0, round;

	avail = p->b->bottom - notes_height(p, 0) - p->y - 2 * pad;
	/* Footnotes of the fragment shrink the room for it: settle both. */
	for (round = 0; round < 4; round++) {
		h = notes = 0;
		done = 1;
		any = 0;
		for (c = 0; c < t->ncols; c++) {
			end[c] = cell_fit(p, &row->cells[c], start[c], avail,
			    &used, &n);
			if (used > h)
				h = used;
			notes += n;
			done &= end[c] == row->cells[c].flow.n;
			any |= end[c] > start[c];
		}
		if (fits(p, h + 2 * pad, notes))
			break;
		avail -= notes_height(p, notes) - notes_height(p, 0);
	}
	if (!done) {
		h = 0;
		for (c = 0; c < t->ncols; c++) {
			keep_two(&row->cells[c], start[c], &end[c]);
			used = row->cells[c].y[end[c]] -
			    row->cells[c].y[start[c]];
			if (used > h)
				h = used;
		}
	}
	if (!done && !force && (!any || h < 3 * s->table_text.leading)) {
		free(end);
		return -1;	/* too little would stand on this page */
	}
	row_frame(p, t, p->y, h + 2 * pad, row->header, 0);
	for (c = 0; c < t->ncols; c++) {
		const struct cell *cell = &row->cells[c];

		for (i = start[c]; i < end[c]; i++)
			if (cell->flow.items[i].kind == IT_LINE)
				place_line(p, &cell->flow.items[i], pad +
				    cell->y[i] - cell->y[start[c]], 0);
		/* A continued cell starts with its next line, not a space. */
		while (end[c] < cell->flow.n &&
		    cell->flow.items[end[c]].kind == IT_SPACE)
			end[c]++;
		start[c] = end[c];
	}
	p->y += h + 2 * pad;
	p->at_top = 0;
	free(end);
	return done;
}

static double
row_height(const struct table *t, const struct row *row)
{
	double h = 0;
	size_t c;

	for (c = 0; c < t->ncols; c++)
		if (flow_height(&row->cells[c].flow) > h)
			h = flow_height(&row->cells[c].flow);
	return h;
}

static void
table_head(struct pager *p, const struct table *t)
{
	size_t start[DOC_MAX_COLUMNS] = { 0 };

	place_row(p, t, &t->head, start, 1);
}

/* The height of the footnotes from a whole row. */
static double
row_notes(const struct pager *p, const struct table *t, const struct row *row)
{
	double h = 0;
	size_t c, i;

	for (c = 0; c < t->ncols; c++)
		for (i = 0; i < row->cells[c].flow.n; i++)
			h += item_notes(p, &row->cells[c].flow.items[i]);
	return h;
}

/* Whether a whole row fits on a page of its own, below the header row. */
static int
fits_fresh_page(const struct pager *p, const struct table *t,
    const struct row *row)
{
	double pad = p->b->s->table_padding;

	return row_height(t, row) + row_height(t, &t->head) + 4 * pad +
	    row_notes(p, t, row) + p->b->s->fn_space_above <=
	    p->b->bottom - p->b->top;
}

static void
place_table(struct pager *p, const struct table *t)
{
	const struct style *s = p->b->s;
	double pad = s->table_padding, first;
	size_t r, start[DOC_MAX_COLUMNS];

	/* The header row heads every page of the table: it must leave room
	 * for rows under it. */
	if (row_height(t, &t->head) + 4 * pad + 3 * s->table_text.leading >
	    p->b->bottom - p->b->top) {
		size_t c, tallest = 0;

		for (c = 1; c < t->ncols; c++)
			if (flow_height(&t->head.cells[c].flow) >
			    flow_height(&t->head.cells[tallest].flow))
				tallest = c;
		diag_report(p->d, DIAG_ERROR,
		    &t->node->as.table.cols[tallest].pos, "the column heading "
		    "is too long: the table's header row, repeated on every "
		    "page of the table, would leave no room for its rows; "
		    "shorten it");
		p->failed = 1;
		return;
	}
	/* The caption, the header and the first row (as much of it as must
	 * stand together) start on one page. */
	first = (t->caption != NULL ? line_count(t->caption) *
	    t->caption->leading + 2 * pad : 0) + row_height(t, &t->head) +
	    2 * pad;
	if (t->nrows > 0)
		first += (fits_fresh_page(p, t, &t->rows[0]) ?
		    row_height(t, &t->rows[0]) : 3 * s->table_text.leading) +
		    2 * pad;
	/* A page that so far holds only the rest of a long footnote is not
	 * empty for this. */
	if ((!p->at_top || p->nnotes > 0) && !fits(p, first, t->nrows > 0 ?
	    row_notes(p, t, &t->rows[0]) : 0))
		new_page(p);
	if (t->caption != NULL) {
		double h = line_count(t->caption) * t->caption->leading;
		int i;

		row_frame(p, t, p->y, h + 2 * pad, 0, 1);
		for (i = 0; i < line_count(t->caption); i++)
			text_box(p->b, p->page, LAY_ROLE_CAPTION, t->caption,
			    i, t->x + pad, p->y + pad + i *
			    t->caption->leading)->node = t->node;
		p->y += h + 2 * pad;
	}
	table_head(p, t);
	for (r = 0; r < t->nrows; r++) {
		const struct row *row = &t->rows[r];
		int ret, fresh = 0;

		memset(start, 0, sizeof(start));
		/* A row that fits on a page is never split: it goes whole
		 * to the next page when it does not fit on this one. */
		if (!fits(p, row_height(t, row) + 2 * pad,
		    row_notes(p, t, row)) && fits_fresh_page(p, t, row)) {
			new_page(p);
			table_head(p, t);
			fresh = 1;
		}
		for (;;) {
			size_t before[DOC_MAX_COLUMNS], c;

			memcpy(before, start, sizeof(before));
			ret = place_row(p, t, row, start, fresh);
			if (ret == 1)
				break;
			/* A fresh page must take some of the row. */
			if (fresh && memcmp(before, start,
			    sizeof(before)) == 0) {
				const struct item *at = NULL;

				for (c = 0; c < t->ncols && at == NULL; c++)
					if (start[c] < row->cells[c].flow.n)
						at = &row->cells[c].flow.items[
						    start[c]];
				too_tall(p, at, t->node);
				return;
			}
			new_page(p);
			table_head(p, t);
			fresh = 1;
		}
	}
}

/* Places items, keeping together what must stay together. */
static void
paginate(struct pager *p, const struct flow *f)
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
			place_table(p, it->table);
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
			notes += item_notes(p, &f->items[j]);
			if (!f->items[j].keep)
				break;
		}
		if (!p->at_top && !fits(p, h, notes) &&
		    h <= p->b->bottom - p->b->top)
			new_page(p);
		for (k = i; k <= j && k < f->n; k++) {
			it = &f->items[k];
			if (it->kind == IT_TABLE)
				break;
			if (it->kind == IT_SPACE) {
				if (!p->at_top)
					p->y += it->height;
				continue;
			}
			/* A line goes to the next page with its footnotes,
			 * unless they would not fit there either: then they
			 * go on at the foot of the next page. */
			if (!p->at_top && !fits(p, it->height,
			    item_notes(p, it)) && (fits_empty(p, it) ||
			    !fits(p, it->height, p->b->s->footnote.leading)))
				new_page(p);
			if (!fits(p, it->height, 0)) {
				too_tall(p, it, it->node);
				return;
			}
			place_line(p, it, 0, !fits(p, it->height,
			    item_notes(p, it)));
			p->y += it->height;
			p->at_top = 0;
		}
		i = k;
	}
}

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

static void
place_text(struct builder *b, int page, enum lay_role role, struct text *t,
    double x, double top)
{
	int i;

	for (i = 0; i < line_count(t); i++)
		text_box(b, page, role, t, i, x, top + i * t->leading);
}

/* The style's logo at the cover's top left; -1 when it cannot be read. */
static int
logo(struct builder *b, int page, struct diag *d)
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
		bx = box(b->ld, page, LAY_IMAGE, LAY_ROLE_COVER);
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

static void
cover(struct builder *b, struct pager *p)
{
	const struct style *s = b->s;
	const struct doc_meta *m = &b->doc->meta;
	struct buf str = { 0 };
	struct text *site;

	new_page(p);
	title_and_date(m->title.s, &m->date, &str);
	place_text(b, p->page, LAY_ROLE_COVER, plain_text(b, str.data,
	    &s->cover_title, s->cover_title_width), b->left,
	    s->cover_title_top);
	buf_free(&str);
	site = plain_text(b, s->cover_site, &s->cover_site_text, 0);
	place_text(b, p->page, LAY_ROLE_COVER, site, b->left,
	    b->ld->height - s->cover_site_bottom - site->leading);
}

const char *const lay_fixed_labels[LAY_FIXED_LABELS] = { "Dnr:",
    "Utgivningsdatum:", "Kontaktperson:" };

static void
title_page(struct builder *b, struct pager *p)
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

	new_page(p);
	title = m->title_page_title.s != NULL ? m->title_page_title.s :
	    m->title.s;
	t = plain_text(b, title, &s->tp_title, b->width);
	place_text(b, p->page, LAY_ROLE_TITLE_PAGE, t, b->left,
	    s->tp_title_top);
	y = s->tp_title_top + line_count(t) * t->leading;
	date_words(&m->date, &str);
	if (!ends_with(title, str.data)) {
		t = plain_text(b, str.data, &s->tp_date, b->width);
		place_text(b, p->page, LAY_ROLE_TITLE_PAGE, t, b->left, y);
		y += line_count(t) * t->leading;
	}
	buf_free(&str);
	if (m->nhistory > 0) {
		version_line(m, &str);
		t = plain_text(b, str.data, &s->tp_date, b->width);
		place_text(b, p->page, LAY_ROLE_TITLE_PAGE, t, b->left, y);
		y += line_count(t) * t->leading;
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
			t = plain_text(b, str.data, &s->tp_labels,
			    s->tp_label_width);
			buf_free(&str);
		} else
			t = plain_text(b, label, &s->tp_labels,
			    s->tp_label_width);
		place_text(b, p->page, LAY_ROLE_TITLE_PAGE, t, b->left, y);
		v = plain_text(b, value != NULL ? value : "", &s->tp_labels,
		    b->width - s->tp_label_width);
		place_text(b, p->page, LAY_ROLE_TITLE_PAGE, v, b->left +
		    s->tp_label_width, y);
		y += fmax(line_count(t), line_count(v)) * t->leading;
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
static void
contents(struct builder *b, struct pager *p)
{
	const struct style *s = b->s;
	struct flow f = { 0 };
	size_t i;

	new_page(p);
	b->ld->first_contents_page = p->page;
	lines(&f, plain_text(b, s->toc_title, &s->toc_title_text, b->width),
	    b->left, LAY_ROLE_CONTENTS, NULL, 0);
	f.items[f.n - 1].keep = 1;
	space(&f, s->toc_title_space);
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
		e->text = plain_text(b, h->title, &s->toc_levels[h->level - 1],
		    b->width - indent - s->toc_number_width);
		k = f.n;
		lines(&f, e->text, e->x, LAY_ROLE_CONTENTS, NULL, 0);
		for (; k < f.n; k++) {
			f.items[k].group = (int)b->ncontents;
			f.items[k].level = h->level;
			f.items[k].keep = k + 1 < f.n;
		}
	}
	paginate(p, &f);
	free(f.items);
}

/* n leader characters, one every leader-spacing points. */
static struct text *
leaders(struct builder *b, const struct style_text *st, int n)
{
	const struct style *s = b->s;
	struct text *one = plain_text(b, s->toc_leader, st, 0), *t;
	PangoAttrList *attrs = pango_attr_list_new();
	struct buf str = { 0 };
	double gap = s->toc_leader_spacing - line_width(one, 0);

	while (n-- > 0)
		buf_adds(&str, s->toc_leader);
	pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(
	    (int)(gap * PANGO_SCALE)));
	t = text_new(b);
	text_layout(b, t, str.data, attrs, st, 0, NULL);
	pango_attr_list_unref(attrs);
	buf_free(&str);
	return t;
}

/* Numbers, leaders and links of the contents, once pages are known. */
static void
contents_numbers(struct builder *b)
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
				    bx->layout != e->text->layout)
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
		t = plain_text(b, num.data, st, 0);
		buf_free(&num);
		bx = text_box(b, e->page, LAY_ROLE_CONTENTS, t, 0,
		    right - line_width(t, 0), e->baseline - t->ascent);
		bx->level = h->level;
		bx->group = (int)i + 1;
		/* Dot leaders on a grid, so that the dots line up. */
		x = ceil((e->end_x + s->toc_leader_spacing) /
		    s->toc_leader_spacing) * s->toc_leader_spacing;
		/* At least one leader's space before the number. */
		n = (int)floor((right - line_width(t, 0) - x) /
		    s->toc_leader_spacing) - 1;
		if (n > 0) {
			leader = leaders(b, st, n);
			bx = text_box(b, e->page, LAY_ROLE_CONTENTS, leader, 0,
			    x, e->baseline - leader->ascent);
			bx->level = h->level;
			bx->group = (int)i + 1;
		}
		bx = box(ld, e->page, LAY_LINK, LAY_ROLE_CONTENTS);
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
static void
contents_order(struct lay_doc *ld)
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

/* The running header on every page from the second. */
static void
headers(struct builder *b, size_t first)
{
	const struct style *s = b->s;
	struct lay_doc *ld = b->ld;
	struct text *title = plain_text(b, b->doc->meta.title.s, &s->header,
	    s->header_title_width);
	size_t p;

	for (p = first; p < ld->npages; p++) {
		struct buf num = { 0 };
		struct text *t;

		place_text(b, (int)p, LAY_ROLE_HEADER, title, b->left,
		    s->header_top);
		buf_printf(&num, "%zu (%zu)", p + 1, ld->npages);
		t = plain_text(b, num.data, &s->header, 0);
		buf_free(&num);
		text_box(b, (int)p, LAY_ROLE_PAGE_NUMBER, t, 0, b->left +
		    b->width - line_width(t, 0), s->header_top);
	}
}

struct lay_doc *
lay_build(const struct doc *doc, const struct style *s, PangoContext *ctx,
    struct hyph *h, int appendix, struct diag *d, enum diag_exit *status)
{
	struct builder b;
	struct pager p;
	struct flow body = { 0 };
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
	b.bottom = s->page_height - s->margin_bottom;
	b.area_left = b.left;
	b.area_right = b.left + b.width;
	b.d = d;
	for (n = doc->root->first; n != NULL; n = n->next)
		section(&b, &body, n);
	p.b = &b;
	p.d = d;
	p.page = -1;
	failed = 0;
	*status = DIAG_EXIT_OK;
	if (!appendix) {
		cover(&b, &p);
		if (logo(&b, p.page, d) != 0) {
			failed = 1;
			*status = DIAG_EXIT_SYSTEM;
		}
		title_page(&b, &p);
		contents(&b, &p);
	}
	new_page(&p);
	b.ld->first_body_page = p.page;
	if (!p.failed && !b.failed)
		paginate(&p, &body);
	/* The rest of a long footnote, on pages of its own. */
	while (p.ncarry > 0 && !p.failed)
		new_page(&p);
	if (p.failed || b.failed) {
		failed = 1;
		*status = DIAG_EXIT_INPUT;
	}
	finish_page(&p);
	contents_numbers(&b);
	contents_order(b.ld);
	/* A plan's cover has no header; an appendix's first page has. */
	headers(&b, appendix ? 0 : 1);

	free(body.items);
	free(p.notes);
	free(p.carry);
	for (i = 0; i < b.ntables; i++)
		table_free(b.tables[i]);
	free(b.tables);
	for (i = 0; i < b.ntexts; i++)
		text_free(b.texts[i]);
	free(b.texts);
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
lay_free(struct lay_doc *ld)
{
	size_t p, k;

	if (ld == NULL)
		return;
	for (p = 0; p < ld->npages; p++) {
		for (k = 0; k < ld->pages[p].nboxes; k++) {
			struct lay_box *bx = &ld->pages[p].boxes[k];

			if (bx->layout != NULL)
				g_object_unref(bx->layout);
			free(bx->text);
			free(bx->uri);
			free(bx->image);
		}
		free(ld->pages[p].boxes);
	}
	free(ld->pages);
	for (k = 0; k < ld->nheadings; k++)
		free(ld->headings[k].title);
	free(ld->headings);
	free(ld);
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
				    bx->x, bx->y, bx->w, bx->h, bx->image);
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
