#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "intl.h"
#include "lay_verify.h"
#include "xalloc.h"

enum {
	/* More violations than this are counted, not each shown. */
	MAX_SHOWN = 20
};

/* How close two things may come without counting, in points. */
#define SLACK	0.5

/* What a drawn text is of: the key of a block with its node. */
enum kind {
	K_HEADING,	/* a section's title */
	K_PARAGRAPH,	/* a paragraph, in the body or a cell */
	K_CAPTION,	/* a table's or a figure's caption */
	K_FIGURE,	/* a figure's image: a '#' in its text per drawing */
	K_COLUMN,	/* a column heading on one page: sub = page, col */
	K_NOTE,		/* a footnote's text */
	K_NOTE_NUMBER,	/* the number before it */
	K_MARKER,	/* a list item's bullet or number */
	K_CONTENTS,	/* an entry of the contents: sub = its group */
	K_HEADER,	/* the running header's title: sub = page */
	K_PAGE_NUMBER,	/* sub = page */
	K_DRAFT,	/* a draft's mark: sub = page */
	K_COVER,	/* all of the cover */
	K_TITLE_PAGE,	/* all of the title page */
	K_TABLE_PAGE	/* a table's cells on a page: sub = page */
};

/* The text drawn for one thing of the plan, in drawing order. */
struct block {
	const struct doc_node	*node;
	enum kind		 kind;
	size_t			 sub;
	struct buf		 text;
	int			 checked;
};

struct verifier {
	const struct lay_doc	*ld;
	const struct doc	*doc;
	const struct style	*s;
	struct diag		*d;
	struct block		*blocks;
	size_t			 nblocks, cap;
	size_t			*slots;		/* hash: index + 1, or 0 */
	size_t			 nslots;
	unsigned		 found;
	int			 figures;	/* captioned, so far */
};

static void	violation(struct verifier *, const struct diag_pos *,
		    const char *, ...) __attribute__((format(printf, 3, 4)));

static void
violation(struct verifier *v, const struct diag_pos *pos, const char *fmt,
    ...)
{
	struct diag_pos none = { v->doc->file, 0, 0 };
	struct buf msg = { 0 };
	va_list ap;

	if (v->found++ >= MAX_SHOWN)
		return;
	va_start(ap, fmt);
	buf_vprintf(&msg, _(fmt), ap);
	va_end(ap);
	diag_report(v->d, DIAG_ERROR, pos != NULL && pos->file != NULL ? pos :
	    &none, "%s (a fault in hplan: please report it with the plan)",
	    msg.data);
	buf_free(&msg);
}

/* Blocks, found by their key in an open-addressed hash table. */

static size_t
hash(const struct doc_node *node, enum kind kind, size_t sub)
{
	size_t h = (size_t)(uintptr_t)node * 31 + (size_t)kind;

	return (h * 1000003u) ^ (sub * 2654435761u);
}

static struct block *
block(struct verifier *v, const struct doc_node *node, enum kind kind,
    size_t sub, int make)
{
	size_t i, k;

	if (v->nslots < 2 * (v->nblocks + 1)) {
		size_t n = v->nslots ? 2 * v->nslots : 1024;

		free(v->slots);
		v->slots = xcalloc(n, sizeof(*v->slots));
		v->nslots = n;
		for (k = 0; k < v->nblocks; k++) {
			const struct block *b = &v->blocks[k];

			i = hash(b->node, b->kind, b->sub) % n;
			while (v->slots[i] != 0)
				i = (i + 1) % n;
			v->slots[i] = k + 1;
		}
	}
	for (i = hash(node, kind, sub) % v->nslots; v->slots[i] != 0;
	    i = (i + 1) % v->nslots) {
		struct block *b = &v->blocks[v->slots[i] - 1];

		if (b->node == node && b->kind == kind && b->sub == sub)
			return b;
	}
	if (!make)
		return NULL;
	v->blocks = xgrow(v->blocks, &v->cap, v->nblocks + 1,
	    sizeof(*v->blocks));
	memset(&v->blocks[v->nblocks], 0, sizeof(*v->blocks));
	v->blocks[v->nblocks].node = node;
	v->blocks[v->nblocks].kind = kind;
	v->blocks[v->nblocks].sub = sub;
	v->slots[i] = ++v->nblocks;
	return &v->blocks[v->nblocks - 1];
}

/* Text, normalised for comparison. */

static int
dropped(gunichar c)
{
	return c == 0xad || (c >= 0x200b && c <= 0x200d) || c == 0x2060 ||
	    c == 0xfeff || c == 0x2029;
}

/* Typographic quotes compare as the straight ones typed for them. */
static gunichar
straight(gunichar c)
{
	if (c == 0x201c || c == 0x201d || c == 0x201e || c == 0xab ||
	    c == 0xbb)
		return '"';
	if (c == 0x2018 || c == 0x2019 || c == 0x201a)
		return '\'';
	return c;
}

/* What ends a line of a layout's text. */
static int
separator(gunichar c)
{
	return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

/* A paragraph separator is the layout's break without a space, as after
 * a hyphen typed in a word: it drops, where a line feed is a space. */
static int
white(gunichar c)
{
	return c == ' ' || c == '\t' || (separator(c) && c != 0x2029);
}

static void
normalise(const char *s, size_t len, struct buf *out)
{
	const char *p = s, *end = s + len, *kept = s;
	int space = 0;

	while (p < end) {
		gunichar c;
		const char *next;

		/* Plain ASCII stays as it is: copied a stretch at a time. */
		if ((unsigned char)*p > ' ' && (unsigned char)*p < 0x7f) {
			if (space && out->len > 0)
				buf_addc(out, ' ');
			space = 0;
			p++;
			continue;
		}
		buf_add(out, kept, (size_t)(p - kept));
		c = g_utf8_get_char_validated(p, end - p);
		next = c == (gunichar)-1 || c == (gunichar)-2 ? p + 1 :
		    g_utf8_next_char(p);
		kept = next;
		if (white(c))
			space = 1;
		else if (!dropped(c)) {
			if (space && out->len > 0)
				buf_addc(out, ' ');
			space = 0;
			if (straight(c) != c)
				buf_addc(out, (char)straight(c));
			else
				buf_add(out, p, (size_t)(next - p));
		}
		p = next;
	}
	buf_add(out, kept, (size_t)(p - kept));
	if (out->data == NULL)
		buf_adds(out, "");
}

/* Pass 1: the page list. */

struct area {
	double	 left, top, right, bottom;
};

static struct area
area_of(const struct verifier *v, enum lay_role role)
{
	const struct style *s = v->s;
	struct area a = { s->margin_left, s->margin_top,
	    v->ld->width - s->margin_right, v->ld->height - s->margin_bottom };

	switch (role) {
	case LAY_ROLE_COVER:
	case LAY_ROLE_TITLE_PAGE:
		a.left = a.top = 0;
		a.right = v->ld->width;
		a.bottom = v->ld->height;
		break;
	case LAY_ROLE_HEADER:
	case LAY_ROLE_PAGE_NUMBER:
	case LAY_ROLE_DRAFT:
		a.top = 0;
		a.bottom = s->margin_top;
		break;
	default:
		break;
	}
	return a;
}

/*
 * The width of what a line draws, from its glyphs, less the white space
 * at its end (which may hang past the edge); summed in double, so a line
 * too long for Pango's integers still measures long.  *missing is set when
 * characters have no glyphs or the font's "unknown" glyph.
 */
static double
drawn_width(const struct lay_line *line, const char *text, int *missing)
{
	double w = 0, trailing = 0;
	size_t k;
	int i;

	*missing = 0;
	for (k = 0; k < line->nruns; k++) {
		const struct lay_run *run = line->runs[k];
		const char *at = text + run->item->offset;

		if (run->item->length > 0 && run->n == 0)
			*missing = 1;
		for (i = 0; i < run->n; i++) {
			double gw = run->width[i] / (double)PANGO_SCALE;
			gunichar c = g_utf8_get_char(at +
			    lay_run_cluster(run, i));

			if ((lay_run_glyph(run, i) & PANGO_GLYPH_UNKNOWN_FLAG) &&
			    !dropped(c) && !white(c))
				*missing = 1;
			w += gw;
			trailing = white(c) ? trailing + gw : 0;
		}
	}
	return w - trailing;
}

struct rect {
	double			 x0, y0, x1, y1;
	const struct lay_box	*bx;
};

static int
by_top(const void *a, const void *b)
{
	const struct rect *r = a, *s = b;

	return r->y0 < s->y0 ? -1 : r->y0 > s->y0;
}

static const struct diag_pos *
box_pos(const struct verifier *v, const struct lay_box *bx)
{
	return bx->node != NULL ? &bx->node->pos : &v->doc->meta.title.pos;
}

/* No two lines of a page overlap. */
static void
overlaps(struct verifier *v, struct rect *r, size_t n, size_t page)
{
	char where[32];
	size_t i, k;

	if (n > 1)
		qsort(r, n, sizeof(*r), by_top);
	snprintf(where, sizeof(where), "%zu", page + 1);
	for (i = 0; i < n; i++)
		for (k = i + 1; k < n && r[k].y0 < r[i].y1 - SLACK; k++) {
			if (fmin(r[i].x1, r[k].x1) - fmax(r[i].x0, r[k].x0) <=
			    SLACK)
				continue;
			violation(v, box_pos(v, r[i].bx), "a line on page %s "
			    "overprints \"%s\"", where, r[k].bx->text != NULL ?
			    r[k].bx->text : r[k].bx->node->as.figure.src);
		}
}

/* The block a drawn line belongs to, or NULL for one not checked as text
 * (the contents' dot leaders). */
static struct block *
block_of(struct verifier *v, const struct lay_box *bx, size_t page,
    const char *text, size_t len)
{
	const char *leader = v->s->toc_leader;
	size_t k, n = strlen(leader);

	switch (bx->role) {
	case LAY_ROLE_HEADING:
		return block(v, bx->node, K_HEADING, 0, 1);
	case LAY_ROLE_BODY:
	case LAY_ROLE_TABLE_CELL:
		return block(v, bx->node, K_PARAGRAPH, 0, 1);
	case LAY_ROLE_CAPTION:
		return block(v, bx->node, K_CAPTION, 0, 1);
	case LAY_ROLE_TABLE_HEADER:
		return block(v, bx->node, K_COLUMN, page * (DOC_MAX_COLUMNS +
		    1) + (size_t)bx->group, 1);
	case LAY_ROLE_FOOTNOTE:
		return block(v, bx->node, bx->group == 1 ? K_NOTE_NUMBER :
		    K_NOTE, 0, 1);
	case LAY_ROLE_MARKER:
		return block(v, bx->node, K_MARKER, 0, 1);
	case LAY_ROLE_CONTENTS:
		for (k = 0; n > 0 && k + n <= len &&
		    memcmp(text + k, leader, n) == 0; k += n)
			continue;
		if (n > 0 && k == len && len > 0)
			return NULL;
		return block(v, NULL, K_CONTENTS, (size_t)bx->group, 1);
	case LAY_ROLE_HEADER:
		return block(v, NULL, K_HEADER, page, 1);
	case LAY_ROLE_PAGE_NUMBER:
		return block(v, NULL, K_PAGE_NUMBER, page, 1);
	case LAY_ROLE_DRAFT:
		return block(v, NULL, K_DRAFT, page, 1);
	case LAY_ROLE_COVER:
		return block(v, NULL, K_COVER, 0, 1);
	case LAY_ROLE_TITLE_PAGE:
		return block(v, NULL, K_TITLE_PAGE, 0, 1);
	default:
		return NULL;
	}
}

/*
 * Appends the text of bx's line l: what it draws but the hyphen the layout
 * added at its end, then the separators between it and the next line.
 */
static void
line_text(const struct lay_box *bx, const char *text,
    const struct lay_line *l, struct buf *out)
{
	size_t end = l->start + l->len;
	const char *p;

	buf_add(out, text + l->start, l->len - (bx->hyphenated && l->len > 0 &&
	    text[end - 1] == '-'));
	for (p = text + end; *p != '\0' && separator(g_utf8_get_char(p));
	    p = g_utf8_next_char(p))
		buf_add(out, p, (size_t)(g_utf8_next_char(p) - p));
}

static void
line(struct verifier *v, const struct lay_box *bx, size_t page,
    struct rect *r)
{
	const struct lay_line *l = &bx->lines->line[bx->line];
	const char *text = bx->lines->text;
	struct area a = area_of(v, bx->role);
	int missing;
	double w = drawn_width(l, text, &missing), right = a.right;
	struct block *b;
	char where[32];

	snprintf(where, sizeof(where), "%zu", page + 1);
	/* Its column, or the text area, when the layout says which. */
	if (bx->area_right > bx->area_left) {
		a.left = fmax(a.left, bx->area_left);
		right = fmin(right, bx->area_right);
	}
	if (missing)
		violation(v, box_pos(v, bx), "characters on page %s are not "
		    "drawn: \"%s\"", where, bx->text);
	if (bx->x < a.left - SLACK || bx->x + w > right + SLACK ||
	    bx->y < a.top - SLACK || bx->y + bx->h > a.bottom + SLACK)
		violation(v, box_pos(v, bx), "a line on page %s is drawn "
		    "outside its area: \"%.60s\"", where, bx->text);
	r->x0 = bx->x;
	r->x1 = bx->x + w;
	r->y0 = bx->y;
	r->y1 = bx->y + bx->h;
	r->bx = bx;
	b = block_of(v, bx, page, text + l->start, l->len);
	if (b != NULL)
		line_text(bx, text, l, &b->text);
	/* The pages a table's rows reach, which its header must head. */
	if (bx->role == LAY_ROLE_TABLE_CELL) {
		const struct doc_node *t = bx->node;

		while (t != NULL && t->type != DOC_TABLE &&
		    t->type != DOC_ACTIONS)
			t = t->parent;
		if (t != NULL)
			block(v, t, K_TABLE_PAGE, page, 1)->checked = 1;
	}
}

/* A figure's image: in the text area, and drawn once (tree()). */
static void
figure_box(struct verifier *v, const struct lay_box *bx, size_t page,
    struct rect *r)
{
	struct area a = area_of(v, bx->role);

	if (bx->x < a.left - SLACK || bx->x + bx->w > a.right + SLACK ||
	    bx->y < a.top - SLACK || bx->y + bx->h > a.bottom + SLACK)
		violation(v, &bx->node->pos, "the figure's image on page %zu "
		    "is drawn outside the text area", page + 1);
	buf_addc(&block(v, bx->node, K_FIGURE, 0, 1)->text, '#');
	r->x0 = bx->x;
	r->x1 = bx->x + bx->w;
	r->y0 = bx->y;
	r->y1 = bx->y + bx->h;
	r->bx = bx;
}

static void
pages(struct verifier *v)
{
	struct rect *r = NULL;
	size_t p, k, n, cap = 0;

	for (p = 0; p < v->ld->npages; p++) {
		const struct lay_page *pg = &v->ld->pages[p];

		n = 0;
		for (k = 0; k < pg->nboxes; k++) {
			const struct lay_box *bx = &pg->boxes[k];

			if (bx->kind == LAY_IMAGE && bx->role ==
			    LAY_ROLE_FIGURE) {
				r = xgrow(r, &cap, n + 1, sizeof(*r));
				figure_box(v, bx, p, &r[n++]);
				continue;
			}
			if (bx->kind != LAY_TEXT)
				continue;
			r = xgrow(r, &cap, n + 1, sizeof(*r));
			line(v, bx, p, &r[n]);
			if (r[n].x1 > r[n].x0)
				n++;
		}
		overlaps(v, r, n, p);
	}
	free(r);
}

/* Pass 2: the tree, and what it says must have been drawn. */

/* Compares block b (NULL: nothing drawn) with the text expected. */
static void
expect(struct verifier *v, struct block *b, const char *expected,
    size_t len, const struct diag_pos *pos, const char *what)
{
	struct buf want = { 0 }, got = { 0 };
	size_t i;

	normalise(expected, len, &want);
	if (b == NULL) {
		if (want.len > 0)
			violation(v, pos, "the %s \"%.60s\" is not drawn",
			    _(what), want.data);
		buf_free(&want);
		return;
	}
	b->checked = 1;
	normalise(b->text.data ? b->text.data : "", b->text.len, &got);
	if (strcmp(want.data, got.data) != 0) {
		struct buf msg = { 0 };

		for (i = 0; i < want.len && i < got.len &&
		    want.data[i] == got.data[i]; i++)
			continue;
		/* Back to the start of a character. */
		while (i > 0 && (want.data[i] & 0xc0) == 0x80)
			i--;
		buf_printf(&msg, "\"%.40s\" is drawn where the plan has "
		    "\"%.40s\"", got.data + i, want.data + i);
		violation(v, pos, "the text of this %s differs from what is "
		    "drawn: %s", _(what), msg.data);
		buf_free(&msg);
	}
	buf_free(&want);
	buf_free(&got);
}

/* The number drawn before footnote n, "" when there is none. */
static const char *
note_number(struct verifier *v, const struct doc_node *n)
{
	struct block *b = block(v, n, K_NOTE_NUMBER, 0, 0);

	return b != NULL && b->text.data != NULL ? b->text.data : "";
}

/* The inline content of parent as it must print; footnotes by number. */
static void
inline_text(struct verifier *v, const struct doc_node *parent,
    struct buf *out)
{
	const struct doc_node *n;

	for (n = parent->first; n != NULL; n = n->next)
		switch (n->type) {
		case DOC_TEXT:
			buf_adds(out, n->as.text.s);
			break;
		case DOC_LINEBREAK:
			buf_addc(out, ' ');
			break;
		case DOC_FOOTNOTE:
			buf_adds(out, note_number(v, n));
			break;
		default:
			inline_text(v, n, out);
			break;
		}
}

static void
printed_text(struct verifier *v, const struct doc_node *n, enum kind kind,
    const char *what)
{
	struct buf t = { 0 };

	inline_text(v, n, &t);
	expect(v, block(v, n, kind, 0, 0), t.data ? t.data : "", t.len,
	    &n->pos, what);
	buf_free(&t);
}

static void
table(struct verifier *v, const struct doc_node *n)
{
	size_t c, p, pages = 0;

	if (n->as.table.caption != NULL)
		expect(v, block(v, n, K_CAPTION, 0, 0), n->as.table.caption,
		    strlen(n->as.table.caption), &n->pos, "table's caption");
	for (c = 0; c < n->as.table.ncols; c++) {
		const struct doc_column *col = &n->as.table.cols[c];
		const char *h = col->header != NULL ? col->header :
		    doc_colkey_header(col->key);

		pages = 0;
		/* On every page the table reaches. */
		for (p = 0; p < v->ld->npages; p++) {
			struct block *b = block(v, n, K_COLUMN, p *
			    (DOC_MAX_COLUMNS + 1) + c + 1, 0);

			if (b == NULL) {
				if (block(v, n, K_TABLE_PAGE, p, 0) != NULL)
					violation(v, &col->pos, "the column "
					    "heading \"%.40s\" does not head "
					    "page %zu of its table", h, p + 1);
				continue;
			}
			pages++;
			expect(v, b, h, strlen(h), &col->pos, "column heading");
		}
		if (pages == 0)
			expect(v, NULL, h, strlen(h), &col->pos,
			    "column heading");
	}
}

/* A figure's image drawn once, and its caption, numbered here among the
 * captioned figures as the reader counts them. */
static void
figure(struct verifier *v, const struct doc_node *n)
{
	struct block *b = block(v, n, K_FIGURE, 0, 0);
	char *caption;

	if (b == NULL || b->text.len != 1)
		violation(v, &n->pos, "the figure's image is drawn %zu times, "
		    "not once", b != NULL ? b->text.len : 0);
	if (b != NULL)
		b->checked = 1;
	if (n->as.figure.caption == NULL)
		return;
	caption = g_strdup_printf("%s %d: %s", v->s->figure_label,
	    ++v->figures, n->as.figure.caption);
	expect(v, block(v, n, K_CAPTION, 0, 0), caption, strlen(caption),
	    &n->pos, "figure's caption");
	g_free(caption);
}

static void	tree(struct verifier *, const struct doc_node *);

/* The footnotes within inline content. */
static void
notes_in(struct verifier *v, const struct doc_node *n)
{
	const struct doc_node *c;

	if (n->type == DOC_FOOTNOTE) {
		tree(v, n);
		return;
	}
	for (c = n->first; c != NULL; c = c->next)
		notes_in(v, c);
}

static void
tree(struct verifier *v, const struct doc_node *n)
{
	const struct doc_node *c;
	char mark[32];
	int number;

	switch (n->type) {
	case DOC_SECTION:
		expect(v, block(v, n, K_HEADING, 0, 0), n->as.section.title,
		    strlen(n->as.section.title), &n->pos, "heading");
		break;
	case DOC_PARAGRAPH:
		printed_text(v, n, K_PARAGRAPH, "paragraph");
		break;
	case DOC_FIGURE:
		figure(v, n);
		break;
	case DOC_FOOTNOTE:
		printed_text(v, n, K_NOTE, "footnote");
		if (note_number(v, n)[0] == '\0')
			violation(v, &n->pos, "the number of this footnote is "
			    "not drawn");
		else
			block(v, n, K_NOTE_NUMBER, 0, 0)->checked = 1;
		break;
	case DOC_LIST:
		number = n->as.list.start;
		for (c = n->first; c != NULL; c = c->next) {
			if (n->as.list.ordered)
				snprintf(mark, sizeof(mark), "%d.", number++);
			else
				snprintf(mark, sizeof(mark), "%s",
				    v->s->bullet);
			expect(v, block(v, c, K_MARKER, 0, 0), mark,
			    strlen(mark), &c->pos, "list item's marker");
		}
		break;
	case DOC_TABLE:
	case DOC_ACTIONS:
		table(v, n);
		break;
	case DOC_FIELD:
		/* Fields the table has no column for are not printed. */
		if (doc_table_column(n->parent->parent, n->as.field.field) ==
		    NULL)
			return;
		break;
	default:
		break;
	}
	for (c = n->first; c != NULL; c = c->next)
		if (doc_is_inline(c->type))
			notes_in(v, c);
		else
			tree(v, c);
}

/* Generated text: the contents, the running header, cover and title
 * page. */

/* The place of kind and sub (the cover, the title page, a page's header)
 * shows s whole. */
static void
on_page_n(struct verifier *v, enum kind kind, size_t sub,
    const struct doc_str *s, const char *page)
{
	struct block *b = block(v, NULL, kind, sub, 0);
	struct buf want = { 0 }, got = { 0 };

	if (s->s == NULL)
		return;
	normalise(s->s, strlen(s->s), &want);
	if (b != NULL) {
		normalise(b->text.data ? b->text.data : "", b->text.len, &got);
		b->checked = 1;
	}
	if (want.len > 0 && (b == NULL || strstr(got.data, want.data) ==
	    NULL))
		violation(v, &s->pos, "\"%.60s\" is not drawn whole on the %s",
		    want.data, _(page));
	buf_free(&want);
	buf_free(&got);
}

/* The cover or the title page (kind) shows s whole. */
static void
on_page(struct verifier *v, enum kind kind, const struct doc_str *s,
    const char *page)
{
	on_page_n(v, kind, 0, s, page);
}

static void
memo_str(struct verifier *v, const char *text, const struct diag_pos *pos)
{
	struct doc_str str = { (char *)text, *pos, 0 };

	on_page_n(v, K_TITLE_PAGE, 0, &str, "first page");
}

/* A tjänsteutlåtande's first page, address block and headers. */
static void
memo_generated(struct verifier *v)
{
	const struct doc *doc = v->doc;
	const struct doc_memo *memo = doc->memo;
	const struct lay_doc *ld = v->ld;
	const struct diag_pos *at = &doc->meta.title.pos;
	struct buf want = { 0 };
	size_t i, p;
	char date[11];
	int column;

	memo_str(v, lay_memo_to, at);
	memo_str(v, memo->to.s != NULL && memo->to.s[0] != '\0' ? memo->to.s :
	    doc->meta.board.s, &memo->to.pos);
	on_page_n(v, K_TITLE_PAGE, 0, &doc->meta.title, "first page");
	if (memo->officer.s != NULL && memo->officer.s[0] != '\0') {
		memo_str(v, lay_memo_officer, at);
		on_page_n(v, K_TITLE_PAGE, 0, &memo->officer, "first page");
	}
	for (i = 0; i < memo->nsignatures; i++) {
		on_page_n(v, K_TITLE_PAGE, 0, &memo->signatures[i].name,
		    "first page");
		on_page_n(v, K_TITLE_PAGE, 0, &memo->signatures[i].title,
		    "first page");
	}
	/* The address block's lines, each a text of its own, drawn one
	 * after the other: whole and in order, so that a line that is also
	 * the end of another ("stockholm.se") is not taken for drawn. */
	for (column = 0; column < 2; column++) {
		struct buf lines = { 0 };
		size_t k;

		lay_memo_footer_lines(doc, v->s, column, &lines);
		for (k = 0; k < lines.len; k++)
			if (lines.data[k] != '\n')
				buf_addc(&want, lines.data[k]);
		buf_free(&lines);
	}
	memo_str(v, want.data != NULL ? want.data : "", at);
	buf_free(&want);
	doc_date_format(&doc->meta.date, date);
	for (p = 0; p < ld->npages; p++) {
		struct doc_str kind = { v->s->memo_kind, *at, 0 };
		struct doc_str day = { date, doc->meta.date.pos, 0 };

		on_page_n(v, K_HEADER, p, &kind, "header");
		on_page_n(v, K_HEADER, p, &day, "header");
		if (doc->meta.dnr.s != NULL && doc->meta.dnr.s[0] != '\0')
			on_page_n(v, K_HEADER, p, &doc->meta.dnr, "header");
		buf_printf(&want, "Sida %zu (%zu)", p + 1, ld->npages);
		expect(v, block(v, NULL, K_PAGE_NUMBER, p, 0), want.data,
		    want.len, at, "page number");
		buf_free(&want);
	}
}

static void
generated(struct verifier *v, unsigned flags)
{
	const struct doc_meta *m = &v->doc->meta;
	const struct style *s = v->s;
	const struct lay_doc *ld = v->ld;
	struct buf want = { 0 };
	size_t i, p, entry = 0;

	int memo = v->doc->kind == DOC_KIND_MEMO;

	if (memo)
		memo_generated(v);
	if (!(flags & LAY_APPENDIX) && !memo) {
		expect(v, block(v, NULL, K_CONTENTS, 0, 0), s->toc_title,
		    strlen(s->toc_title), &m->title.pos, "contents' title");
		for (i = 0; i < ld->nheadings; i++) {
			const struct lay_heading *h = &ld->headings[i];

			if (h->level > s->toc_depth)
				continue;
			buf_printf(&want, "%s%d", h->title, h->page + 1);
			expect(v, block(v, NULL, K_CONTENTS, ++entry, 0),
			    want.data, want.len, &m->title.pos,
			    "contents' entry");
			buf_free(&want);
		}
		on_page(v, K_COVER, &m->title, "cover");
		on_page(v, K_TITLE_PAGE, m->title_page_title.s != NULL ?
		    &m->title_page_title : &m->title, "title page");
		for (i = 0; i < LAY_FIXED_LABELS; i++) {
			struct doc_str label = { (char *)lay_fixed_labels[i],
			    m->title.pos, 0 };

			on_page(v, K_TITLE_PAGE, &label, "title page");
		}
		on_page(v, K_TITLE_PAGE, &m->dnr, "title page");
		on_page(v, K_TITLE_PAGE, &m->contact, "title page");
		if (m->decision.present) {
			struct doc_str decision = { NULL, m->decision.pos, 0 };
			struct buf words = { 0 };

			doc_decision_words(m, &words);
			decision.s = words.data;
			on_page(v, K_TITLE_PAGE, &decision, "title page");
			buf_free(&words);
		}
		for (i = 0; i < m->nlabels; i++) {
			on_page(v, K_TITLE_PAGE, &m->labels[i].label,
			    "title page");
			on_page(v, K_TITLE_PAGE, &m->labels[i].value,
			    "title page");
		}
	}
	for (p = 0; flags & LAY_DRAFT && p < ld->npages; p++)
		expect(v, block(v, NULL, K_DRAFT, p, 0), s->draft_mark,
		    strlen(s->draft_mark), &m->title.pos, "draft's mark");
	for (p = flags & LAY_APPENDIX ? 0 : 1; !memo && p < ld->npages; p++) {
		buf_printf(&want, "%zu (%zu)", p + 1, ld->npages);
		expect(v, block(v, NULL, K_HEADER, p, 0), m->title.s,
		    strlen(m->title.s), &m->title.pos, "running header");
		expect(v, block(v, NULL, K_PAGE_NUMBER, p, 0), want.data,
		    want.len, &m->title.pos, "page number");
		buf_free(&want);
	}
}

unsigned
lay_verify(const struct lay_doc *ld, const struct doc *doc,
    const struct style *s, unsigned flags, struct diag *d)
{
	struct verifier v;
	const struct doc_node *n;
	size_t i;

	memset(&v, 0, sizeof(v));
	v.ld = ld;
	v.doc = doc;
	v.s = s;
	v.d = d;
	pages(&v);
	for (n = doc->root->first; n != NULL; n = n->next)
		tree(&v, n);
	generated(&v, flags);
	for (i = 0; i < v.nblocks; i++) {
		const struct block *b = &v.blocks[i];
		struct buf t = { 0 };

		if (b->checked)
			continue;
		normalise(b->text.data ? b->text.data : "", b->text.len, &t);
		if (t.len > 0)
			violation(&v, b->node != NULL ? &b->node->pos : NULL,
			    "\"%.60s\" is drawn but is not part of the plan "
			    "here", t.data);
		buf_free(&t);
	}
	if (v.found > MAX_SHOWN) {
		struct diag_pos pos = { doc->file, 0, 0 };

		diag_report(d, DIAG_NOTE, &pos, "and %u more faults of the "
		    "layout", v.found - MAX_SHOWN);
	}
	for (i = 0; i < v.nblocks; i++)
		buf_free(&v.blocks[i].text);
	free(v.blocks);
	free(v.slots);
	return v.found;
}
