#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "intl.h"
#include "markup.h"
#include "xalloc.h"

/* U+2022, the bullet a word processor puts before a list item. */
#define BULLET	"\xe2\x80\xa2"

/* A line of a text block; s points into the text at byte offset off. */
struct line {
	const char	*s;
	size_t		 len;
	size_t		 off;
};

struct block_ctx {
	const char			*text;
	const struct markup_origin	*o;
	struct diag			*d;
	int				 failed;
};

enum marker {
	MARK_NONE,
	MARK_BULLET,		/* - */
	MARK_BULLET_DOT,	/* • */
	MARK_ORDERED,		/* 1. */
	MARK_ORDERED_PAREN,	/* 1) */
	MARK_QUOTE
};

static size_t
utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

void
markup_locate(const struct markup_origin *o, const char *text, size_t off,
    struct diag_pos *pos)
{
	size_t lo = 0, hi = o->nanchors;
	const struct markup_anchor *a;

	pos->file = o->file;
	if (o->nanchors == 0) {
		pos->line = pos->col = 0;
		return;
	}
	if (!o->exact)
		off = 0;
	/* The last anchor at or before off. */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (o->anchors[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	a = &o->anchors[lo];
	pos->line = a->line;
	pos->col = a->col + (unsigned)utf8_chars(text + a->off, off - a->off);
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
is_blank(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (!is_space(l->s[i]))
			return 0;
	return 1;
}

static size_t
indent_of(const struct line *l)
{
	size_t i = 0;

	while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	return i;
}

static struct line
strip(const struct line *l, size_t n)
{
	struct line r = *l;

	if (n > r.len)
		n = r.len;
	r.s += n;
	r.len -= n;
	r.off += n;
	return r;
}

/*
 * The list or quotation marker at the start of l (after its indentation):
 * its kind, the number of an ordered item, and in *width the marker with
 * the spaces after it, where the item's text begins.
 */
static enum marker
marker_of(const struct line *l, long *num, size_t *width)
{
	size_t i = indent_of(l), w = 0;
	const char *s = l->s;
	enum marker kind;
	long v = 0;

	if (i < l->len && s[i] == '>') {
		i++;
		if (i < l->len && s[i] == ' ')
			i++;
		*width = i;
		return MARK_QUOTE;
	}
	if (i < l->len && s[i] == '-') {
		kind = MARK_BULLET;
		w = 1;
	} else if (l->len - i >= 3 && memcmp(s + i, BULLET, 3) == 0) {
		kind = MARK_BULLET_DOT;	/* pasted from a word processor */
		w = 3;
	} else {
		kind = MARK_ORDERED;
		while (i + w < l->len && w < 9 && s[i + w] >= '0' &&
		    s[i + w] <= '9')
			v = v * 10 + (s[i + w++] - '0');
		if (w == 0 || i + w >= l->len ||
		    (s[i + w] != '.' && s[i + w] != ')'))
			return MARK_NONE;
		if (s[i + w] == ')')
			kind = MARK_ORDERED_PAREN;
		w++;
	}
	if (i + w < l->len && s[i + w] != ' ' && s[i + w] != '\t')
		return MARK_NONE;
	i += w;
	while (i < l->len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	*width = i;
	*num = v;
	return kind;
}

static int
is_ordered(enum marker m)
{
	return m == MARK_ORDERED || m == MARK_ORDERED_PAREN;
}

static void	parse_blocks(struct block_ctx *, struct doc_node *,
		    const struct line *, size_t, int);

static void
locate_line(struct block_ctx *c, const struct line *l, struct diag_pos *pos)
{
	markup_locate(c->o, c->text, l->off, pos);
}

/* Reports a list or quotation on line l that is nested too deep. */
static int
too_deep(struct block_ctx *c, const struct line *l, int depth)
{
	struct diag_pos pos;

	if (depth < MARKUP_MAX_DEPTH)
		return 0;
	locate_line(c, l, &pos);
	diag_report(c->d, DIAG_ERROR, &pos, "lists and quotations are nested "
	    "more than %d deep", MARKUP_MAX_DEPTH);
	c->failed = 1;
	return 1;
}

/* Whether s begins with a Markdown footnote's "[^name]", *end after it. */
static int
markdown_note(const char *s, size_t len, size_t *end)
{
	size_t k;

	if (len < 4 || s[0] != '[' || s[1] != '^')
		return 0;
	for (k = 2; k < len && k < 40 && s[k] != ']' && !is_space(s[k]) &&
	    s[k] != '['; k++)
		continue;
	if (k == 2 || k >= len || s[k] != ']')
		return 0;
	*end = k + 1;
	return 1;
}

/*
 * Warns of what a line l of a paragraph carries over from Word or
 * Markdown, which hplan would print as text: a heading's '#', a bullet
 * typed as '–' or '*', a number that does not begin a list (cont: l goes
 * on a paragraph), a Markdown footnote's text.
 */
static void
habits(struct block_ctx *c, const struct line *l, int cont)
{
	struct diag_pos pos;
	size_t k = 0, w;
	long num;

	locate_line(c, l, &pos);
	while (k < l->len && k < 6 && l->s[k] == '#')
		k++;
	if (k > 0 && k < l->len && l->s[k] == ' ')
		diag_report(c->d, DIAG_WARNING, &pos, "'%.*s' at a line's start "
		    "makes no heading in hplan but is printed; a heading is a "
		    "section's 'rubrik', a subheading that of a section in "
		    "'avsnitt'", (int)k, l->s);
	else if ((l->len >= 4 && memcmp(l->s, "\xe2\x80\x93 ", 4) == 0) ||
	    (l->len >= 2 && (l->s[0] == '*' || l->s[0] == '+') &&
	    l->s[1] == ' '))
		diag_report(c->d, DIAG_WARNING, &pos, "'%.*s' at a line's start "
		    "makes no list item but is printed as text; begin an item "
		    "with '- '", l->s[0] == '*' || l->s[0] == '+' ? 1 : 3, l->s);
	else if (cont && marker_of(l, &num, &w) != MARK_NONE && num > 1 &&
	    num < 100)
		diag_report(c->d, DIAG_WARNING, &pos, "'%ld.' goes on the "
		    "paragraph as text; a numbered list begins after an empty "
		    "line, or with '1.'", num);
	else if (markdown_note(l->s, l->len, &k) && k < l->len &&
	    l->s[k] == ':')
		diag_report(c->d, DIAG_WARNING, &pos, "'%.*s' is a Markdown "
		    "footnote, which hplan prints as text; write the note where "
		    "its number goes: ^[the note's text]", (int)k + 1, l->s);
}

static size_t
parse_paragraph(struct block_ctx *c, struct doc_node *parent,
    const struct line *lines, size_t i, size_t n)
{
	struct markup_anchor *anchors = NULL;
	struct markup_origin sub = *c->o;
	size_t nanchors = 0, cap = 0, first = i;
	struct buf joined = { 0 };
	struct doc_node *para;
	struct diag_pos pos;

	for (; i < n && !is_blank(&lines[i]); i++) {
		struct line l = strip(&lines[i], indent_of(&lines[i]));
		enum marker m;
		size_t w;
		long num;

		if (i > first && (m = marker_of(&l, &num, &w)) != MARK_NONE &&
		    (!is_ordered(m) || num == 1))
			break;
		habits(c, &l, i > first);
		while (l.len > 0 && is_space(l.s[l.len - 1]))
			l.len--;
		anchors = xgrow(anchors, &cap, nanchors + 1, sizeof(*anchors));
		markup_locate(c->o, c->text, l.off, &pos);
		anchors[nanchors].off = joined.len + (i > first);
		anchors[nanchors].line = pos.line;
		anchors[nanchors].col = pos.col;
		nanchors++;
		if (i > first)
			buf_addc(&joined, '\n');
		buf_add(&joined, l.s, l.len);
	}
	sub.anchors = anchors;
	sub.nanchors = nanchors;
	markup_locate(&sub, joined.data, 0, &pos);
	para = doc_node_new(DOC_PARAGRAPH, &pos);
	doc_append(parent, para);
	if (markup_inline(para, joined.data, joined.len, &sub, c->d) != 0)
		c->failed = 1;
	buf_free(&joined);
	free(anchors);
	return i;
}

static size_t
parse_quote(struct block_ctx *c, struct doc_node *parent,
    const struct line *lines, size_t i, size_t n, int depth)
{
	struct line *body = NULL;
	size_t nbody = 0, cap = 0;
	struct doc_node *quote;
	struct diag_pos pos;

	locate_line(c, &lines[i], &pos);
	pos.col += (unsigned)indent_of(&lines[i]);
	for (; i < n && !is_blank(&lines[i]); i++) {
		size_t w;
		long num;

		body = xgrow(body, &cap, nbody + 1, sizeof(*body));
		if (marker_of(&lines[i], &num, &w) == MARK_QUOTE)
			body[nbody++] = strip(&lines[i], w);
		else		/* a lazy continuation of the quoted paragraph */
			body[nbody++] = lines[i];
	}
	quote = doc_node_new(DOC_QUOTE, &pos);
	doc_append(parent, quote);
	parse_blocks(c, quote, body, nbody, depth + 1);
	free(body);
	return i;
}

static size_t
parse_list(struct block_ctx *c, struct doc_node *parent,
    const struct line *lines, size_t i, size_t n, int depth)
{
	struct line *body = NULL;
	size_t cap = 0, w, list_indent = indent_of(&lines[i]);
	struct doc_node *list;
	struct diag_pos pos;
	enum marker kind;
	long num;

	kind = marker_of(&lines[i], &num, &w);
	locate_line(c, &lines[i], &pos);
	pos.col += (unsigned)list_indent;
	list = doc_node_new(DOC_LIST, &pos);
	list->as.list.ordered = is_ordered(kind);
	list->as.list.start = is_ordered(kind) ? (int)num : 1;
	doc_append(parent, list);

	while (i < n) {
		size_t nbody = 0, content, j, used;
		struct doc_node *item;
		int prev_blank = 0;

		marker_of(&lines[i], &num, &w);
		content = w;
		locate_line(c, &lines[i], &pos);
		pos.col += (unsigned)indent_of(&lines[i]);
		item = doc_node_new(DOC_ITEM, &pos);
		doc_append(list, item);
		body = xgrow(body, &cap, 1, sizeof(*body));
		body[nbody++] = strip(&lines[i], w);
		used = nbody;
		for (j = i + 1; j < n; j++) {
			const struct line *l = &lines[j];
			size_t ind;
			long m;

			body = xgrow(body, &cap, nbody + 1, sizeof(*body));
			if (is_blank(l)) {
				prev_blank = 1;
				body[nbody++] = *l;
				continue;
			}
			ind = indent_of(l);
			if (ind >= content)
				body[nbody++] = strip(l, content);
			else if (marker_of(l, &m, &w) != MARK_NONE ||
			    prev_blank)
				break;
			else		/* lazy continuation of the item's text */
				body[nbody++] = strip(l, ind);
			prev_blank = 0;
			used = nbody;
		}
		if (!too_deep(c, &lines[i], depth))
			parse_blocks(c, item, body, used, depth + 1);
		/* Blank lines between items are allowed; anything but the next
		 * item of the same kind ends the list. */
		for (i = j; i < n && is_blank(&lines[i]); i++)
			continue;
		if (i >= n || indent_of(&lines[i]) != list_indent ||
		    marker_of(&lines[i], &num, &w) != kind)
			break;
	}
	free(body);
	return i;
}

static void
parse_blocks(struct block_ctx *c, struct doc_node *parent,
    const struct line *lines, size_t n, int depth)
{
	size_t i = 0, w;
	long num;

	while (i < n) {
		if (is_blank(&lines[i])) {
			i++;
			continue;
		}
		switch (marker_of(&lines[i], &num, &w)) {
		case MARK_BULLET:
		case MARK_BULLET_DOT:
		case MARK_ORDERED:
		case MARK_ORDERED_PAREN:
			i = parse_list(c, parent, lines, i, n, depth);
			break;
		case MARK_QUOTE:
			if (too_deep(c, &lines[i], depth))
				return;
			i = parse_quote(c, parent, lines, i, n, depth);
			break;
		default:
			i = parse_paragraph(c, parent, lines, i, n);
			break;
		}
	}
}

int
markup_blocks(struct doc_node *parent, const char *text, size_t len,
    const struct markup_origin *o, struct diag *d)
{
	struct block_ctx c = { text, o, d, 0 };
	struct line *lines = NULL;
	size_t nlines = 0, cap = 0, start = 0, i;

	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		lines = xgrow(lines, &cap, nlines + 1, sizeof(*lines));
		lines[nlines].s = text + start;
		lines[nlines].len = i - start;
		lines[nlines].off = start;
		/* Files saved on Windows end their lines with CR LF. */
		if (lines[nlines].len > 0 && text[i - 1] == '\r')
			lines[nlines].len--;
		nlines++;
		start = i + 1;
	}
	parse_blocks(&c, parent, lines, nlines, 0);
	free(lines);
	return c.failed ? -1 : 0;
}

/* Inline markup. */

struct inline_ctx {
	const char			*s;
	const struct markup_origin	*o;
	struct diag			*d;
	struct buf			 pending;	/* text not yet a node */
	/* Where each piece of it begins, in pending and in s. */
	struct piece {
		size_t	 at, off;
	}				*pieces;
	size_t				 npieces, piececap;
	struct doc_anchor		*anchors;	/* for a node */
	size_t				 nanchors, anchorcap;
	int				 failed;
};

enum {
	IN_LINK = 1,
	IN_FOOTNOTE = 2,
	IN_EMPH = 4,
	IN_STRONG = 8
};

static void	report(struct inline_ctx *, enum diag_level, size_t,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
static void	parse_span(struct inline_ctx *, struct doc_node *, size_t,
		    size_t, int);

static void
report(struct inline_ctx *c, enum diag_level level, size_t off,
    const char *fmt, ...)
{
	struct diag_pos pos;
	va_list ap;

	markup_locate(c->o, c->s, off, &pos);
	va_start(ap, fmt);
	diag_vreport(c->d, level, &pos, _(fmt), ap);
	va_end(ap);
	if (level == DIAG_ERROR)
		c->failed = 1;
}

/* Notes that the text from byte at on was written at off of c->s. */
static void
anchor(struct inline_ctx *c, size_t at, size_t off)
{
	struct diag_pos pos;

	markup_locate(c->o, c->s, off, &pos);
	c->anchors = xgrow(c->anchors, &c->anchorcap, c->nanchors + 1,
	    sizeof(*c->anchors));
	c->anchors[c->nanchors].off = at;
	c->anchors[c->nanchors].line = pos.line;
	c->anchors[c->nanchors++].col = pos.col;
}

/* The first of the origin's anchors after offset off. */
static size_t
anchor_after(const struct markup_origin *o, size_t off)
{
	size_t lo = 0, hi = o->nanchors;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o->anchors[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
flush(struct inline_ctx *c, struct doc_node *parent)
{
	struct doc_node *t;
	struct diag_pos pos;

	size_t i;

	if (c->pending.len == 0) {
		c->npieces = 0;
		return;
	}
	markup_locate(c->o, c->s, c->pieces[0].off, &pos);
	t = doc_node_new(DOC_TEXT, &pos);
	t->as.text.s = buf_take(&c->pending);
	c->nanchors = 0;
	for (i = 0; i < c->npieces && c->o->exact; i++) {
		const struct piece *pc = &c->pieces[i];
		size_t len = (i + 1 < c->npieces ? c->pieces[i + 1].at :
		    strlen(t->as.text.s)) - pc->at, k;

		anchor(c, pc->at, pc->off);
		/* A piece that runs on over the end of a line of the
		 * source. */
		for (k = anchor_after(c->o, pc->off); k < c->o->nanchors &&
		    c->o->anchors[k].off < pc->off + len; k++)
			anchor(c, pc->at + c->o->anchors[k].off - pc->off,
			    c->o->anchors[k].off);
	}
	if (c->nanchors > 0) {
		t->as.text.anchors = xcalloc(c->nanchors,
		    sizeof(*t->as.text.anchors));
		memcpy(t->as.text.anchors, c->anchors, c->nanchors *
		    sizeof(*c->anchors));
		t->as.text.nanchors = c->nanchors;
	}
	c->npieces = 0;
	doc_append(parent, t);
}

/* Whether the text so far (pending or in parent) ends in a space. */
static int
ends_in_space(struct inline_ctx *c, struct doc_node *parent)
{
	const struct doc_node *last = parent->last;

	if (c->pending.len > 0)
		return c->pending.data[c->pending.len - 1] == ' ';
	if (last == NULL || last->type == DOC_LINEBREAK)
		return 1;
	return last->type == DOC_TEXT &&
	    last->as.text.s[strlen(last->as.text.s) - 1] == ' ';
}

static void
add_text(struct inline_ctx *c, size_t off, const char *s, size_t len)
{
	const struct piece *last = c->npieces > 0 ?
	    &c->pieces[c->npieces - 1] : NULL;

	/* A piece that goes on where the last left off needs no anchor of
	 * its own. */
	if (last == NULL || last->off + (c->pending.len - last->at) != off) {
		c->pieces = xgrow(c->pieces, &c->piececap, c->npieces + 1,
		    sizeof(*c->pieces));
		c->pieces[c->npieces].at = c->pending.len;
		c->pieces[c->npieces++].off = off;
	}
	buf_add(&c->pending, s, len);
}

static void
add_space(struct inline_ctx *c, struct doc_node *parent, size_t off)
{
	if (!ends_in_space(c, parent))
		add_text(c, off, " ", 1);
}

/* Removes a space that ends parent's text, before a break or the end. */
static void
trim_end(struct inline_ctx *c, struct doc_node *parent)
{
	struct doc_node *last;
	size_t len;

	flush(c, parent);
	last = parent->last;
	if (last == NULL || last->type != DOC_TEXT)
		return;
	len = strlen(last->as.text.s);
	if (len > 0 && last->as.text.s[len - 1] == ' ')
		last->as.text.s[--len] = '\0';
	if (len == 0) {
		parent->last = last->prev;
		if (last->prev != NULL)
			last->prev->next = NULL;
		else
			parent->first = NULL;
		doc_node_free(last);
	}
}

static int
is_punct(char ch)
{
	return ch != '\0' && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
	    ch) != NULL;
}

/* The index of the ']' that closes the '[' at open, or (size_t)-1. */
static size_t
closing_bracket(const char *s, size_t open, size_t to)
{
	size_t i;
	int depth = 0;

	for (i = open; i < to; i++) {
		if (s[i] == '\\' && i + 1 < to)
			i++;
		else if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && --depth == 0)
			return i;
	}
	return (size_t)-1;
}

static size_t
star_run(const char *s, size_t i, size_t to)
{
	size_t n = 0;

	while (i + n < to && s[i + n] == '*')
		n++;
	return n;
}

/*
 * The start of the delimiter that closes emphasis (width 1) or strong
 * emphasis (width 2) whose content starts at from, or (size_t)-1.
 */
static size_t
closing_stars(const char *s, size_t from, size_t to, size_t width)
{
	size_t i, run, end;

	for (i = from; i < to; i++) {
		if (s[i] == '\\' && i + 1 < to) {
			i++;
			continue;
		}
		if (s[i] == '[' && (end = closing_bracket(s, i, to)) !=
		    (size_t)-1) {
			i = end;
			continue;
		}
		if (s[i] != '*')
			continue;
		run = star_run(s, i, to);
		if (i > from && !is_space(s[i - 1]) &&
		    (run == width || run == 3))
			return i + run - width;
		i += run - 1;
	}
	return (size_t)-1;
}

static int
link_scheme(const char *s, size_t len)
{
	static const char *const schemes[] = { "https://", "http://",
	    "mailto:" };
	size_t k, n;

	for (k = 0; k < sizeof(schemes) / sizeof(schemes[0]); k++) {
		n = strlen(schemes[k]);
		if (len > n && strncmp(s, schemes[k], n) == 0)
			return 1;
	}
	return 0;
}

static struct doc_node *
open_node(struct inline_ctx *c, struct doc_node *parent, enum doc_type type,
    size_t off)
{
	struct doc_node *n;
	struct diag_pos pos;

	flush(c, parent);
	markup_locate(c->o, c->s, off, &pos);
	n = doc_node_new(type, &pos);
	doc_append(parent, n);
	return n;
}

/* Parses a link at '[' i, returning the index after it, or 0 if none. */
static size_t
parse_link(struct inline_ctx *c, struct doc_node *parent, size_t i,
    size_t to, int flags)
{
	size_t close = closing_bracket(c->s, i, to), u, t, depth = 0;
	struct doc_node *link;

	if (close == (size_t)-1 || close + 1 >= to || c->s[close + 1] != '(')
		return 0;
	for (u = close + 2; u < to; u++) {
		if (is_space(c->s[u]))
			return 0;
		if (c->s[u] == '(')
			depth++;
		else if (c->s[u] == ')' && depth-- == 0)
			break;
	}
	if (u >= to)
		return 0;
	if (flags & IN_LINK) {
		report(c, DIAG_ERROR, i, "a link cannot contain another link");
		return u + 1;
	}
	if (!link_scheme(c->s + close + 2, u - close - 2)) {
		report(c, DIAG_ERROR, close + 2, "a link address must begin "
		    "with https://, http:// or mailto:");
		return u + 1;
	}
	/* A star or a bracket there could close emphasis around the link,
	 * or hide its closing star, once the plan is written back; an
	 * address does not need them (%2A, %5B, %5D). */
	if (memchr(c->s + close + 2, '*', u - close - 2) != NULL ||
	    memchr(c->s + close + 2, '[', u - close - 2) != NULL ||
	    memchr(c->s + close + 2, ']', u - close - 2) != NULL) {
		report(c, DIAG_ERROR, close + 2, "a link address cannot "
		    "contain '*', '[' or ']'; write them as %%2A, %%5B and %%5D");
		return u + 1;
	}
	for (t = i + 1; t < close && is_space(c->s[t]); t++)
		continue;
	if (t == close) {
		report(c, DIAG_ERROR, i, "a link needs a text between [ and ]");
		return u + 1;
	}
	link = open_node(c, parent, DOC_LINK, i);
	link->as.link.url = xstrndup(c->s + close + 2, u - close - 2);
	parse_span(c, link, i + 1, close, flags | IN_LINK);
	return u + 1;
}

/* Parses a passage in another language, [text]{lang=en}, at '[' i,
 * returning the index after it, or 0 if none. */
static size_t
parse_lang(struct inline_ctx *c, struct doc_node *parent, size_t i,
    size_t to, int flags)
{
	static const char opener[] = "]{lang=";
	size_t close = closing_bracket(c->s, i, to), tag, end, t;
	struct doc_node *lang;

	if (close == (size_t)-1 || to - close < sizeof(opener) ||
	    memcmp(c->s + close, opener, sizeof(opener) - 1) != 0)
		return 0;
	tag = close + sizeof(opener) - 1;
	for (end = tag; end < to && c->s[end] != '}' && !is_space(c->s[end]);
	    end++)
		continue;
	/* The code itself is validated with every reader's (validate.c). */
	if (end >= to || c->s[end] != '}' || end == tag) {
		report(c, DIAG_ERROR, tag, "write the passage's language as a "
		    "language code and a '}', such as {lang=en}, {lang=ar} or "
		    "{lang=fa-AF}");
		return tag;
	}
	for (t = i + 1; t < close && is_space(c->s[t]); t++)
		continue;
	if (t == close) {
		report(c, DIAG_ERROR, i, "a passage in another language needs a "
		    "text between [ and ]");
		return end + 1;
	}
	lang = open_node(c, parent, DOC_LANG, i);
	lang->as.lang.tag = xstrndup(c->s + tag, end - tag);
	parse_span(c, lang, i + 1, close, flags);
	return end + 1;
}

/* Parses <https://…> at i, returning the index after it, or 0 if none. */
static size_t
parse_autolink(struct inline_ctx *c, struct doc_node *parent, size_t i,
    size_t to, int flags)
{
	struct doc_node *link, *t;
	size_t e;

	for (e = i + 1; e < to && c->s[e] != '>' && !is_space(c->s[e]) &&
	    c->s[e] != '<'; e++)
		continue;
	if (e >= to || c->s[e] != '>' || !link_scheme(c->s + i + 1, e - i - 1))
		return 0;
	if (flags & IN_LINK) {
		report(c, DIAG_ERROR, i, "a link cannot contain another link");
		return e + 1;
	}
	link = open_node(c, parent, DOC_LINK, i);
	link->as.link.url = xstrndup(c->s + i + 1, e - i - 1);
	t = doc_node_new(DOC_TEXT, &link->pos);
	t->as.text.s = xstrdup(link->as.link.url);
	doc_append(link, t);
	return e + 1;
}

static size_t
parse_footnote(struct inline_ctx *c, struct doc_node *parent, size_t i,
    size_t to, int flags)
{
	size_t close = closing_bracket(c->s, i + 1, to), k;
	struct doc_node *note;

	if (close == (size_t)-1) {
		report(c, DIAG_ERROR, i, "the footnote '^[' has no closing ']'");
		add_text(c, i, "^[", 2);
		return i + 2;
	}
	if (flags & IN_FOOTNOTE) {
		report(c, DIAG_ERROR, i, "a footnote cannot contain another "
		    "footnote");
		return close + 1;
	}
	if (flags & IN_LINK) {
		report(c, DIAG_ERROR, i, "a footnote cannot be inside a link's "
		    "text; put it after the link");
		return close + 1;
	}
	for (k = i + 2; k < close && is_space(c->s[k]); k++)
		continue;
	if (k == close) {
		report(c, DIAG_ERROR, i, "the footnote is empty");
		return close + 1;
	}
	/* A space before the marker would separate number and word. */
	trim_end(c, parent);
	note = open_node(c, parent, DOC_FOOTNOTE, i);
	parse_span(c, note, i + 2, close, flags | IN_FOOTNOTE);
	return close + 1;
}

static size_t
parse_stars(struct inline_ctx *c, struct doc_node *parent, size_t i,
    size_t to, int flags)
{
	size_t run = star_run(c->s, i, to), width = run >= 2 ? 2 : 1, close;
	int inside = width == 2 ? IN_STRONG : IN_EMPH;
	struct doc_node *n;

	if (i + width >= to || is_space(c->s[i + width])) {
		/* Bold that lost its word (a "** " left over); a single star
		 * there is a multiplication or a footnote sign. */
		if (run == 2)
			report(c, DIAG_WARNING, i, "'**' before a space or at "
			    "the end is printed as is; remove it, or write \\*\\* "
			    "for two asterisks");
		add_text(c, i, c->s + i, run);
		return i + run;
	}
	close = closing_stars(c->s, i + width, to, width);
	if (close == (size_t)-1) {
		report(c, DIAG_WARNING, i, width == 2 ?
		    N_("'**' is not closed and is printed as is "
		    "(write \\* for an asterisk)") :
		    N_("'*' is not closed and is printed as is "
		    "(write \\* for an asterisk)"));
		add_text(c, i, c->s + i, width);
		return i + width;
	}
	/* The same emphasis inside itself means nothing, and could not be
	 * written back: its stars are text. */
	if (flags & inside) {
		report(c, DIAG_WARNING, i, width == 2 ?
		    N_("'**' inside bold text is printed as is") :
		    N_("'*' inside italic text is printed as is"));
		add_text(c, i, c->s + i, width);
		return i + width;
	}
	n = open_node(c, parent, width == 2 ? DOC_STRONG : DOC_EMPH, i);
	parse_span(c, n, i + width, close, flags | inside);
	return close + width;
}

static void
parse_span(struct inline_ctx *c, struct doc_node *parent, size_t from,
    size_t to, int flags)
{
	const char *s = c->s;
	size_t i = from, next;

	while (i < to) {
		char ch = s[i];

		if (ch == '\\' && i + 1 < to && s[i + 1] == '\n') {
			trim_end(c, parent);
			open_node(c, parent, DOC_LINEBREAK, i);
			i += 2;
			while (i < to && is_space(s[i]))
				i++;
		} else if (ch == '\\' && i + 1 < to && is_punct(s[i + 1])) {
			add_text(c, i, s + i + 1, 1);
			i += 2;
		} else if (ch == '\\' && i + 4 <= to &&
		    memcmp(s + i + 1, BULLET, 3) == 0) {
			add_text(c, i, s + i + 1, 3);
			i += 4;
		} else if (ch == '^' && i + 1 < to && s[i + 1] == '[') {
			i = parse_footnote(c, parent, i, to, flags);
		} else if (ch == '[' && markdown_note(s + i, to - i, &next)) {
			/* A note's text after "[^1]:" is reported with its
			 * line. */
			if (i + next >= to || s[i + next] != ':')
				report(c, DIAG_WARNING, i, "'%.*s' is a Markdown "
				    "footnote marker, which hplan prints as text; "
				    "write the note itself where its number goes: "
				    "^[the note's text]", (int)next, s + i);
			add_text(c, i, s + i, next);
			i += next;
		} else if (ch == '[' && ((next = parse_link(c, parent, i, to,
		    flags)) != 0 || (next = parse_lang(c, parent, i, to,
		    flags)) != 0)) {
			i = next;
		} else if (ch == '<' && (next = parse_autolink(c, parent, i,
		    to, flags)) != 0) {
			i = next;
		} else if (ch == '*') {
			i = parse_stars(c, parent, i, to, flags);
		} else if (is_space(ch)) {
			add_space(c, parent, i);
			i++;
		} else {
			add_text(c, i, s + i, 1);
			i++;
		}
	}
	trim_end(c, parent);
}

int
markup_inline(struct doc_node *parent, const char *text, size_t len,
    const struct markup_origin *o, struct diag *d)
{
	struct inline_ctx c;

	memset(&c, 0, sizeof(c));
	c.s = text;
	c.o = o;
	c.d = d;
	parse_span(&c, parent, 0, len, 0);
	buf_free(&c.pending);
	free(c.pieces);
	free(c.anchors);
	return c.failed ? -1 : 0;
}

/* Writing the markup. */

/* Escapes what the inline parser would read as markup. */
static void
write_text(const char *s, int *line_start, struct buf *out)
{
	for (; *s != '\0'; s++) {
		/* At a line's start, a list or quotation marker is text. */
		if (*line_start) {
			size_t digits = strspn(s, "0123456789");

			if (*s == '-' || *s == '>' ||
			    strncmp(s, BULLET, 3) == 0 || (digits > 0 &&
			    (s[digits] == '.' || s[digits] == ')'))) {
				buf_add(out, s, digits);
				s += digits;
				buf_addc(out, '\\');
			}
		}
		*line_start = 0;
		if (strchr("\\*[]<^", *s) != NULL)
			buf_addc(out, '\\');
		buf_addc(out, *s);
	}
}

static void
write_inline(const struct doc_node *parent, int *line_start, struct buf *out)
{
	const struct doc_node *n;

	for (n = parent->first; n != NULL; n = n->next) {
		switch (n->type) {
		case DOC_TEXT:
			write_text(n->as.text.s, line_start, out);
			break;
		case DOC_LINEBREAK:
			buf_adds(out, "\\\n");
			*line_start = 1;
			break;
		case DOC_EMPH:
		case DOC_STRONG:
			buf_adds(out, n->type == DOC_EMPH ? "*" : "**");
			*line_start = 0;
			write_inline(n, line_start, out);
			buf_adds(out, n->type == DOC_EMPH ? "*" : "**");
			break;
		case DOC_LINK:
			*line_start = 0;
			if (n->first != NULL && n->first == n->last &&
			    n->first->type == DOC_TEXT &&
			    strcmp(n->first->as.text.s, n->as.link.url) == 0) {
				buf_printf(out, "<%s>", n->as.link.url);
				break;
			}
			buf_addc(out, '[');
			write_inline(n, line_start, out);
			buf_printf(out, "](%s)", n->as.link.url);
			break;
		case DOC_LANG:
			buf_addc(out, '[');
			*line_start = 0;
			write_inline(n, line_start, out);
			buf_printf(out, "]{lang=%s}", n->as.lang.tag);
			break;
		case DOC_FOOTNOTE:
			buf_adds(out, "^[");
			*line_start = 0;
			write_inline(n, line_start, out);
			buf_addc(out, ']');
			break;
		default:
			break;
		}
	}
}

/*
 * Whether a line that starts at s could start a list or quotation (a
 * quotation's '>' needs no space after it).
 */
static int
looks_like_marker(const char *s)
{
	size_t digits = strspn(s, "0123456789");

	return *s == '>' || *s == '-' ||
	    (digits > 0 && (s[digits] == '.' || s[digits] == ')')) ||
	    strncmp(s, BULLET, 3) == 0;
}

/* Whether the space at p, in a line starting at line, may become a line
 * break: a lone space (the reader joins lines with one), with no marker
 * after it. */
static int
breakable(const char *line, const char *p)
{
	return *p == ' ' && p > line && p[-1] != ' ' && p[-1] != '\t' &&
	    p[1] != ' ' && p[1] != '\t' && !looks_like_marker(p + 1);
}

/*
 * Appends a paragraph's text with its lines wrapped at spaces, for a
 * reader of the YAML; a break never puts a marker at a line's start.
 */
static void
wrap(const char *text, struct buf *out)
{
	enum { WIDTH = 88 };
	const char *line = text;

	while (*line != '\0') {
		const char *end = strchr(line, '\n'), *brk = NULL, *p;
		size_t cols = 0;

		if (end == NULL)
			end = line + strlen(line);
		for (p = line; p < end; p++) {
			if (((unsigned char)*p & 0xc0) != 0x80)
				cols++;
			if (breakable(line, p))
				brk = p;
			if (cols > WIDTH && brk != NULL)
				break;
		}
		if (p < end && brk != NULL) {
			buf_add(out, line, (size_t)(brk - line));
			buf_addc(out, '\n');
			line = brk + 1;
			continue;
		}
		buf_add(out, line, (size_t)(end - line));
		if (*end == '\0')
			break;
		buf_addc(out, '\n');
		line = end + 1;
	}
}

/* Appends text, every line after the first starting with prefix. */
static void
indented(struct buf *out, const char *text, const char *prefix,
    const char *blank_prefix)
{
	const char *s = text, *nl;

	for (;;) {
		nl = strchr(s, '\n');
		buf_add(out, s, nl != NULL ? (size_t)(nl - s) : strlen(s));
		if (nl == NULL)
			break;
		buf_addc(out, '\n');
		s = nl + 1;
		if (*s != '\0')
			buf_adds(out, *s == '\n' ? blank_prefix : prefix);
	}
}

void
markup_write(const struct doc_node *parent, struct buf *out)
{
	markup_write_blocks(parent->first, NULL, out);
}

void
markup_write_blocks(const struct doc_node *from, const struct doc_node *to,
    struct buf *out)
{
	const struct doc_node *n, *item;
	int line_start, alt = 0;

	for (n = from; n != to; n = n->next) {
		struct buf inner = { 0 };
		char mark[32];
		int number;

		switch (n->type) {
		case DOC_PARAGRAPH:
			line_start = 1;
			write_inline(n, &line_start, &inner);
			wrap(inner.data != NULL ? inner.data : "", out);
			buf_addc(out, '\n');
			buf_free(&inner);
			break;
		case DOC_LIST:
			/* A list right after another of its kind is written
			 * with the other marker, or the two would read as one. */
			alt = n->prev != NULL && n->prev->type == DOC_LIST &&
			    n->prev->as.list.ordered == n->as.list.ordered ?
			    !alt : 0;
			number = n->as.list.start;
			for (item = n->first; item != NULL; item = item->next) {
				struct buf pad = { 0 };
				size_t w;

				if (n->as.list.ordered)
					snprintf(mark, sizeof(mark), "%d%c ",
					    number++, alt ? ')' : '.');
				else
					snprintf(mark, sizeof(mark), "%s ",
					    alt ? BULLET : "-");
				w = strlen(mark);
				buf_printf(&pad, "%*s", (int)w, "");
				markup_write(item, &inner);
				buf_adds(out, mark);
				indented(out, inner.data ? inner.data : "\n",
				    pad.data, "");
				buf_free(&inner);
				buf_free(&pad);
			}
			break;
		case DOC_QUOTE:
			markup_write(n, &inner);
			buf_adds(out, "> ");
			indented(out, inner.data ? inner.data : "\n", "> ",
			    ">");
			buf_free(&inner);
			break;
		default:
			continue;
		}
		if (n->next != to && (n->next->type == DOC_PARAGRAPH ||
		    n->next->type == DOC_LIST || n->next->type == DOC_QUOTE))
			buf_addc(out, '\n');
	}
}
