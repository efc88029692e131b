#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "font.h"
#include "img.h"
#include "intl.h"
#include "lay_break.h"
#include "markup.h"
#include "validate.h"
#include "xalloc.h"

struct id {
	const char	*id;
	struct diag_pos	 pos;
};

struct validator {
	struct diag	*d;
	unsigned	 errors;
	struct id	*ids;
	size_t		 nids, idcap;
	/* The paragraph being read: its word so far, its length and line
	 * breaks, and what of it was reported already. */
	size_t		 word, chars, breaks;
	int		 long_word;
};

static void	error(struct validator *, const struct diag_pos *,
		    const char *, ...) __attribute__((format(printf, 3, 4)));

static void
error(struct validator *v, const struct diag_pos *pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vreport(v->d, DIAG_ERROR, pos, _(fmt), ap);
	va_end(ap);
	v->errors++;
}

/* Characters. */

static int
control(gunichar c)
{
	return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f);
}

/* The explicit embeddings, overrides and isolates of Unicode's
 * bidirectional algorithm: they reorder what follows them. */
static int
bidi_control(gunichar c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* Where a line may break between words, for the length of a word. */
static int
word_break(gunichar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '-' || c == '/' ||
	    c == 0x200b || c == 0x2010 || c == 0x2013 || c == 0x2014;
}

/* A text's characters: each kind of problem once per text, so that a
 * pasted run of them gives one message. */
static void
check_chars(struct validator *v, const char *s, const struct diag_pos *pos)
{
	const char *p;
	int controls = 0, bidi = 0;

	for (p = s; p != NULL && *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		v->chars++;
		if (word_break(c))
			v->word = 0;
		else if (++v->word == VALIDATE_MAX_WORD + 1 && !v->long_word) {
			error(v, pos, "a word is longer than %d characters "
			    "without a space or hyphen; break it up",
			    VALIDATE_MAX_WORD);
			v->long_word = 1;
		}
		if (control(c) && controls++ == 0)
			error(v, pos, "the control character U+%04X cannot be "
			    "printed; remove it", (unsigned)c);
		if (bidi_control(c) && bidi++ == 0)
			error(v, pos, "the character U+%04X changes the "
			    "direction of the text that follows and could "
			    "make it print in another order than written; "
			    "remove it", (unsigned)c);
	}
}

/* A text on its own: a title, a heading, a caption, a value. */
static void
check_line(struct validator *v, const char *s, const struct diag_pos *pos)
{
	v->word = 0;
	v->long_word = 0;
	check_chars(v, s, pos);
	v->word = 0;
}

/* Ids. */

static void
check_id(struct validator *v, const char *id, const struct diag_pos *pos)
{
	size_t i;

	if (id == NULL)
		return;
	if (!doc_id_valid(id)) {
		error(v, pos, "'%s' is not a valid id", id);
		diag_report(v->d, DIAG_NOTE, pos, "an id starts with a "
		    "lower-case letter and has only lower-case letters (a-z, "
		    "å, ä, ö), digits and '-'");
		return;
	}
	for (i = 0; i < v->nids; i++)
		if (strcmp(v->ids[i].id, id) == 0) {
			error(v, pos, "the id '%s' is used twice", id);
			diag_report(v->d, DIAG_NOTE, &v->ids[i].pos, "it was "
			    "first used here");
			return;
		}
	v->ids = xgrow(v->ids, &v->idcap, v->nids + 1, sizeof(*v->ids));
	v->ids[v->nids].id = id;
	v->ids[v->nids++].pos = *pos;
}

/* Inline content. */

/* Whether n holds text other than white space. */
static int
has_text(const struct doc_node *n)
{
	const struct doc_node *c;
	const char *p;

	if (n->type == DOC_TEXT) {
		for (p = n->as.text.s; p != NULL && *p != '\0'; p++)
			if (*p != ' ' && *p != '\t' && *p != '\n')
				return 1;
		return 0;
	}
	for (c = n->first; c != NULL; c = c->next)
		if (c->type != DOC_FOOTNOTE && has_text(c))
			return 1;
	return 0;
}

static int
link_scheme(const char *url)
{
	return strncmp(url, "https://", 8) == 0 ||
	    strncmp(url, "http://", 7) == 0 || strncmp(url, "mailto:", 7) == 0;
}

enum {
	IN_LINK = 1,
	IN_FOOTNOTE = 2
};

static void
inlines(struct validator *v, const struct doc_node *parent, int in)
{
	const struct doc_node *n;

	for (n = parent->first; n != NULL; n = n->next)
		switch (n->type) {
		case DOC_TEXT:
			check_chars(v, n->as.text.s, &n->pos);
			break;
		case DOC_LINEBREAK:
			v->word = 0;
			v->breaks++;
			break;
		case DOC_LINK:
			if (in & IN_LINK)
				error(v, &n->pos, "a link cannot contain "
				    "another link");
			else if (n->as.link.url == NULL ||
			    !link_scheme(n->as.link.url))
				error(v, &n->pos, "a link address must begin "
				    "with https://, http:// or mailto:");
			else if (strpbrk(n->as.link.url, "*[]") != NULL)
				error(v, &n->pos, "a link address cannot "
				    "contain '*', '[' or ']'; write them as "
				    "%%2A, %%5B and %%5D");
			else if (!has_text(n))
				error(v, &n->pos, "a link needs a text");
			if (n->as.link.url != NULL)
				check_line(v, n->as.link.url, &n->pos);
			inlines(v, n, in | IN_LINK);
			break;
		case DOC_LANG:
			if (n->as.lang.tag == NULL || !doc_lang_valid(
			    n->as.lang.tag, strlen(n->as.lang.tag)))
				error(v, &n->pos, "'%s' is not a language code "
				    "such as en, ar or fa-AF",
				    n->as.lang.tag != NULL ? n->as.lang.tag : "");
			else if (!has_text(n))
				error(v, &n->pos, "a passage in another "
				    "language needs a text");
			inlines(v, n, in);
			break;
		case DOC_FOOTNOTE:
			if (in & IN_FOOTNOTE)
				error(v, &n->pos, "a footnote cannot contain "
				    "another footnote");
			else if (in & IN_LINK)
				error(v, &n->pos, "a footnote cannot be inside "
				    "a link's text; put it after the link");
			else if (!has_text(n))
				error(v, &n->pos, "the footnote is empty");
			/* The note is a text of its own. */
			v->word = 0;
			inlines(v, n, in | IN_FOOTNOTE);
			v->word = 0;
			break;
		default:
			inlines(v, n, in);
			break;
		}
}

static void
paragraph(struct validator *v, const struct doc_node *n)
{
	v->word = v->chars = v->breaks = 0;
	v->long_word = 0;
	inlines(v, n, 0);
	if (v->chars > VALIDATE_MAX_PARAGRAPH)
		error(v, &n->pos, "the paragraph has %zu characters, more than "
		    "the %d a paragraph may have; divide it into paragraphs",
		    v->chars, VALIDATE_MAX_PARAGRAPH);
	if (v->breaks > VALIDATE_MAX_LINE_BREAKS)
		error(v, &n->pos, "the paragraph has %zu line breaks, more "
		    "than the %d a paragraph may have; divide it into "
		    "paragraphs", v->breaks, VALIDATE_MAX_LINE_BREAKS);
}

/* Blocks, tables and sections. */

static void	blocks(struct validator *, const struct doc_node *, int);

static void
block(struct validator *v, const struct doc_node *n, int depth)
{
	switch (n->type) {
	case DOC_PARAGRAPH:
		paragraph(v, n);
		break;
	case DOC_LIST:
	case DOC_QUOTE:
		if (depth + 1 > MARKUP_MAX_DEPTH) {
			error(v, &n->pos, "lists and quotations are nested "
			    "more than %d deep", MARKUP_MAX_DEPTH);
			return;
		}
		if (n->type == DOC_LIST && n->as.list.ordered &&
		    (n->as.list.start < 1 ||
		    n->as.list.start > VALIDATE_MAX_LIST_START))
			error(v, &n->pos, "a numbered list starts at a number "
			    "from 1 to %d", VALIDATE_MAX_LIST_START);
		if (n->type == DOC_QUOTE)
			blocks(v, n, depth + 1);
		else {
			const struct doc_node *item;

			for (item = n->first; item != NULL; item = item->next)
				blocks(v, item, depth + 1);
		}
		break;
	default:
		break;
	}
}

static void
blocks(struct validator *v, const struct doc_node *parent, int depth)
{
	const struct doc_node *n;

	for (n = parent->first; n != NULL; n = n->next)
		block(v, n, depth);
}

static size_t
count(const struct doc_node *n)
{
	size_t k = 0;

	for (n = n->first; n != NULL; n = n->next)
		k++;
	return k;
}

static void
table(struct validator *v, const struct doc_node *t)
{
	const struct doc_node *row, *c;
	size_t i;
	int columns_known = !t->as.table.columns_reported;

	if (t->as.table.caption != NULL)
		check_line(v, t->as.table.caption, &t->pos);
	for (i = 0; i < t->as.table.ncols; i++) {
		const struct doc_column *col = &t->as.table.cols[i];

		if (col->header != NULL)
			check_line(v, col->header, &col->pos);
		if (t->type == DOC_ACTIONS && col->key == DOC_COL_NONE)
			columns_known = 0;
	}
	/* A table whose columns were wrong is reported already. */
	if (t->as.table.ncols > 0 && columns_known &&
	    doc_table_check(t, &t->as.table.cols_pos, v->d) != 0)
		v->errors++;
	for (row = t->first; row != NULL; row = row->next) {
		if (row->type == DOC_ROW && t->as.table.ncols > 0 &&
		    count(row) != t->as.table.ncols)
			error(v, &row->pos, "this row has %zu cells but the "
			    "table has %zu columns", count(row),
			    t->as.table.ncols);
		if (row->type == DOC_ACTION) {
			int has_action = 0;

			check_id(v, row->as.action.id, &row->as.action.id_pos);
			for (c = row->first; c != NULL; c = c->next)
				has_action |= c->as.field.field ==
				    DOC_FIELD_ACTION;
			if (!has_action) {
				const struct doc_column *col =
				    doc_table_column(t, DOC_FIELD_ACTION);

				error(v, &row->pos, "the action has no '%s'",
				    col != NULL ? doc_colkey_name(col->key) :
				    "åtgärd");
			}
		}
		for (c = row->first; c != NULL; c = c->next) {
			/* A follow-up table keeps the earlier plan's fields
			 * (its deadline) for reference without printing
			 * them. */
			if (c->type == DOC_FIELD && columns_known &&
			    t->as.table.ncols > 0 &&
			    doc_table_column(t, c->as.field.field) == NULL &&
			    doc_table_column(t, DOC_FIELD_STATUS) == NULL) {
				const char *key = doc_colkey_name(
				    c->as.field.key);

				diag_report(v->d, DIAG_WARNING,
				    &c->as.field.key_pos, "'%s' is not a "
				    "column of this table and does not print",
				    key);
				diag_report(v->d, DIAG_NOTE,
				    &c->as.field.key_pos, "add it to the "
				    "table's 'kolumner' or remove it");
			}
			blocks(v, c, 0);
		}
	}
}

static int
blank(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			return 0;
	return 1;
}

static void
figure(struct validator *v, const struct doc_node *f)
{
	const char *why;

	if (f->as.figure.src == NULL || f->as.figure.src[0] == '\0')
		error(v, &f->as.figure.src_pos, "the figure names no image "
		    "file in 'bild'");
	else if (f->as.figure.data != NULL && img_check(f->as.figure.data,
	    f->as.figure.len, &why) != 0)
		error(v, &f->as.figure.src_pos, "the image '%s' cannot be "
		    "used: %s", f->as.figure.src, _(why));
	if (blank(f->as.figure.alt)) {
		error(v, f->as.figure.alt != NULL ? &f->as.figure.alt_pos :
		    &f->pos, "the figure needs 'alt': in words, what the "
		    "image shows, for those who cannot see it (a screen "
		    "reader reads it in the image's place)");
	} else
		check_line(v, f->as.figure.alt, &f->as.figure.alt_pos);
	if (f->as.figure.caption != NULL)
		check_line(v, f->as.figure.caption, &f->pos);
	if (f->as.figure.width < 0 || f->as.figure.width > 100)
		error(v, &f->pos, "the figure's width is not a share of the "
		    "text width from 1 to 100 percent");
}

static void
section(struct validator *v, const struct doc_node *s, int level)
{
	const struct doc_node *c;

	if (level > DOC_MAX_LEVEL || s->as.section.level != level) {
		error(v, &s->pos, "sections nest at most %d levels deep; this "
		    "one would be on level %d", DOC_MAX_LEVEL, level);
		return;
	}
	if (s->as.section.title == NULL || s->as.section.title[0] == '\0')
		error(v, &s->as.section.title_pos, "the heading is empty");
	else
		check_line(v, s->as.section.title, &s->as.section.title_pos);
	check_id(v, s->as.section.id, &s->as.section.id_pos);
	for (c = s->first; c != NULL; c = c->next)
		if (c->type == DOC_SECTION)
			section(v, c, level + 1);
		else if (c->type == DOC_TABLE || c->type == DOC_ACTIONS)
			table(v, c);
		else if (c->type == DOC_FIGURE)
			figure(v, c);
		else
			block(v, c, 0);
}

static void
metadata(struct validator *v, const struct doc_meta *m)
{
	size_t i;

	check_line(v, m->board.s, &m->board.pos);
	check_line(v, m->administration.s, &m->administration.pos);
	check_line(v, m->title.s, &m->title.pos);
	check_line(v, m->title_page_title.s, &m->title_page_title.pos);
	check_line(v, m->dnr.s, &m->dnr.pos);
	check_line(v, m->contact.s, &m->contact.pos);
	check_line(v, m->decision.body.s, &m->decision.body.pos);
	check_line(v, m->decision.paragraph.s, &m->decision.paragraph.pos);
	check_line(v, m->decision.minutes.s, &m->decision.minutes.pos);
	for (i = 0; i < m->nlabels; i++) {
		check_line(v, m->labels[i].label.s, &m->labels[i].label.pos);
		check_line(v, m->labels[i].value.s, &m->labels[i].value.pos);
	}
	for (i = 0; i < m->nhistory; i++) {
		check_line(v, m->history[i].dnr.s, &m->history[i].dnr.pos);
		check_line(v, m->history[i].note.s, &m->history[i].note.pos);
		check_line(v, m->history[i].file.s, &m->history[i].file.pos);
	}
}

/* A tjänsteutlåtande's own lines; what it must contain is check's. */
static void
memo_lines(struct validator *v, const struct doc_memo *memo)
{
	size_t i, n;
	const struct doc_str **lines = doc_memo_lines(memo, &n);

	check_line(v, memo->plan.s, &memo->plan.pos);
	for (i = 0; i < n; i++)
		check_line(v, lines[i]->s, &lines[i]->pos);
	free(lines);
}

unsigned
validate_doc(const struct doc *doc, struct diag *d)
{
	struct validator v;
	const struct doc_node *s;

	memset(&v, 0, sizeof(v));
	v.d = d;
	metadata(&v, &doc->meta);
	if (doc->memo != NULL)
		memo_lines(&v, doc->memo);
	if (doc->root != NULL)
		for (s = doc->root->first; s != NULL; s = s->next)
			section(&v, s, 1);
	free(v.ids);
	return v.errors;
}

/* With the fonts. */

/* Characters that are never drawn, so need no glyph. */
static int
invisible(gunichar c)
{
	return c < 0x20 || c == 0xad || (c >= 0x200b && c <= 0x200f) ||
	    c == 0x2028 || c == 0x2029 || c == 0x2060 || c == 0xfeff;
}

enum {
	LATIN = 0x250	/* the characters whose widths and glyphs are kept */
};

/* Widths of characters in one font, each measured once. */
struct measure {
	PangoContext		*ctx;
	PangoFontDescription	*fd;
	double			 latin[LATIN];	/* < 0: not measured yet */
};

struct printer {
	struct render	*r;
	struct diag	*d;
	/* Whether a character needs no glyph or a font has one, for the
	 * characters most plans are made of: asked of fontconfig once, not
	 * for each character of the plan. */
	unsigned char	 drawn[LATIN];
	unsigned	 errors;
	struct measure	 header, text;	/* a table's two fonts */
	/* The font of the column being checked, and its widest letter. */
	struct measure	*measure;
	double		 widest;
};

enum {
	MAX_NAMED = 8	/* characters a message names */
};

/*
 * The characters of s that no font of the plan has, each reported once, at
 * its first place: in text node n exactly; else, when exact, counted from
 * pos, where s begins; else at pos.
 */
static void
coverage_at(struct printer *pr, const char *s, const struct diag_pos *pos,
    const struct doc_node *n, int exact)
{
	gunichar seen[MAX_NAMED];
	size_t times[MAX_NAMED], first[MAX_NAMED];
	const char *p;
	size_t count = 0, i, col = 0;
	FcCharSet *others = NULL;	/* those beyond the named */

	for (p = s; p != NULL && *p != '\0'; p = g_utf8_next_char(p), col++) {
		gunichar c = g_utf8_get_char(p);

		if (c < LATIN ? pr->drawn[c] : invisible(c) ||
		    FcCharSetHasChar(pr->r->coverage, c))
			continue;
		for (i = 0; i < count && seen[i] != c; i++)
			continue;
		if (i < count) {
			times[i]++;
			continue;
		}
		if (count == MAX_NAMED) {
			if (others == NULL && (others = FcCharSetCreate()) ==
			    NULL)
				xalloc_fail(sizeof(FcCharSet *));
			if (!FcCharSetAddChar(others, c))
				xalloc_fail(sizeof(FcChar32));
			continue;
		}
		seen[count] = c;
		times[count] = 1;
		first[count++] = n != NULL ? (size_t)(p - s) : col;
	}
	for (i = 0; i < count; i++) {
		struct diag_pos at = *pos;
		char ch[8];
		int len = g_unichar_to_utf8(seen[i], ch);

		if (n != NULL)
			doc_text_locate(n, first[i], &at);
		else if (exact)
			at.col += (unsigned)first[i];
		ch[len] = '\0';
		if (times[i] == 2)
			diag_report(pr->d, DIAG_ERROR, &at, "the character "
			    "U+%04X (%s) is not in the plan's fonts and would "
			    "print as an empty box, here and once more in this "
			    "text; remove it or write it out in words",
			    (unsigned)seen[i], ch);
		else if (times[i] > 2)
			diag_report(pr->d, DIAG_ERROR, &at, "the character "
			    "U+%04X (%s) is not in the plan's fonts and would "
			    "print as an empty box, here and %zu more times in "
			    "this text; remove it or write it out in words",
			    (unsigned)seen[i], ch, times[i] - 1);
		else
			diag_report(pr->d, DIAG_ERROR, &at, "the character "
			    "U+%04X (%s) is not in the plan's fonts and would "
			    "print as an empty box; remove it or write it out "
			    "in words", (unsigned)seen[i], ch);
		pr->errors++;
	}
	if (others != NULL) {
		diag_report(pr->d, DIAG_ERROR, pos, "this text has %u more "
		    "characters that are not in the plan's fonts",
		    (unsigned)FcCharSetCount(others));
		FcCharSetDestroy(others);
		pr->errors++;
	}
}

static void
coverage(struct printer *pr, const char *s, const struct diag_pos *pos)
{
	coverage_at(pr, s, pos, NULL, 0);
}

static void
coverage_str(struct printer *pr, const struct doc_str *s)
{
	coverage_at(pr, s->s, &s->pos, NULL, s->exact);
}

/* A layout to measure text in style st. */
static PangoLayout *
measuring(struct printer *pr, const struct style_text *st)
{
	PangoFontDescription *fd = font_describe(pr->r->style, st);
	PangoLayout *l = pango_layout_new(render_context(pr->r));

	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	return l;
}

static void
measure_init(struct measure *m, struct printer *pr,
    const struct style_text *st)
{
	size_t i;

	m->ctx = render_context(pr->r);
	m->fd = font_describe(pr->r->style, st);
	for (i = 0; i < LATIN; i++)
		m->latin[i] = -1;
}

/* The width of the character at p. */
static double
char_width(struct measure *m, const char *p)
{
	gunichar c = g_utf8_get_char(p);
	size_t len = (size_t)(g_utf8_next_char(p) - p);
	char one[8];
	double w;

	if (c < LATIN && m->latin[c] >= 0)
		return m->latin[c];
	memcpy(one, p, len);
	one[len] = '\0';
	w = lay_text_width(m->ctx, m->fd, one);
	if (c < LATIN)
		m->latin[c] = w;
	return w;
}

/* The widest letter so far, with those of s in font m. */
static void
widest(struct printer *pr, struct measure *m, const char *s)
{
	const char *p;

	for (p = s; p != NULL && *p != '\0'; p = g_utf8_next_char(p))
		if (*p != ' ' && !invisible(g_utf8_get_char(p)))
			pr->widest = fmax(pr->widest, char_width(m, p));
}

/* Every text under n: its coverage, and in a column its widest letter. */
static void
texts(struct printer *pr, const struct doc_node *n)
{
	const struct doc_node *c;

	if (n->type == DOC_TEXT) {
		coverage_at(pr, n->as.text.s, &n->pos, n, 0);
		if (pr->measure != NULL)
			widest(pr, pr->measure, n->as.text.s);
	}
	for (c = n->first; c != NULL; c = c->next)
		texts(pr, c);
}

/*
 * The layout gives each column at least the room of its widest letter and
 * a hyphen, which a word broken there needs; columns that cannot all have
 * it side by side would let text out over a neighbour, and are refused.
 */
static void
print_table(struct printer *pr, const struct doc_node *t)
{
	const struct style *s = pr->r->style;
	double table_width = s->page_width - s->margin_left - s->margin_right;
	double need = 0;
	size_t i;

	if (t->as.table.caption != NULL)
		coverage(pr, t->as.table.caption, &t->pos);
	for (i = 0; i < t->as.table.ncols; i++) {
		const struct doc_column *col = &t->as.table.cols[i];
		const char *h = col->header != NULL ? col->header :
		    doc_colkey_header(col->key);
		const struct doc_node *row, *c;
		size_t k;

		coverage(pr, h, &col->pos);
		pr->widest = 0;
		widest(pr, &pr->header, h);
		pr->measure = &pr->text;
		for (row = t->first; row != NULL; row = row->next)
			for (c = row->first, k = 0; c != NULL; c = c->next,
			    k++)
				if ((t->type == DOC_TABLE && k == i) ||
				    (t->type == DOC_ACTIONS &&
				    c->as.field.field ==
				    doc_colkey_field(col->key)))
					texts(pr, c);
		pr->measure = NULL;
		need += pr->widest + char_width(&pr->text, "-") +
		    2 * s->table_padding;
	}
	if (need > table_width + 0.01) {
		diag_report(pr->d, DIAG_ERROR, &t->pos, "the table's %zu "
		    "columns do not fit side by side: each needs room for its "
		    "widest letter and a hyphen, %.0f mm in all where the page "
		    "has %.0f mm; use fewer columns", t->as.table.ncols,
		    need * 25.4 / 72, table_width * 25.4 / 72);
		pr->errors++;
	}
}

static void
print_walk(struct printer *pr, const struct doc_node *n)
{
	const struct doc_node *c;

	if (n->type == DOC_SECTION)
		coverage(pr, n->as.section.title, &n->as.section.title_pos);
	for (c = n->first; c != NULL; c = c->next)
		if (c->type == DOC_TABLE || c->type == DOC_ACTIONS)
			print_table(pr, c);
		else if (c->type == DOC_SECTION)
			print_walk(pr, c);
		else
			texts(pr, c);
}

/* The lines text takes in style st at width (0: unbroken). */
static int
lines_of(struct printer *pr, const char *text, const struct style_text *st,
    double width)
{
	PangoLayout *l = measuring(pr, st);
	int n;

	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(l, text, -1);
	n = pango_layout_get_line_count(l);
	g_object_unref(l);
	return n;
}

/* The title must stand on the cover above the site's name and in the
 * running header's band. */
static void
title_fits(struct printer *pr, const struct doc_meta *m)
{
	const struct style *s = pr->r->style;
	int n, room;

	if (m->title.s == NULL)
		return;
	/* The cover holds the title and the date below it. */
	n = lines_of(pr, m->title.s, &s->cover_title, s->cover_title_width) + 1;
	room = (int)floor((s->page_height - s->cover_site_bottom -
	    s->cover_site_text.leading - s->cover_title_top) /
	    s->cover_title.leading);
	if (n > room) {
		diag_report(pr->d, DIAG_ERROR, &m->title.pos, "the title is "
		    "too long for the cover: with the date it takes %d lines "
		    "where %d fit; shorten it", n, room);
		pr->errors++;
	}
	n = lines_of(pr, m->title.s, &s->header, s->header_title_width);
	room = (int)floor((s->margin_top - s->header_top) /
	    s->header.leading);
	if (n > room) {
		diag_report(pr->d, DIAG_ERROR, &m->title.pos, "the title is "
		    "too long for the running header: it takes %d lines "
		    "where %d fit; shorten it", n, room);
		pr->errors++;
	}
}

static void
memo_coverage(struct printer *pr, const struct doc_memo *memo)
{
	size_t i, n;
	const struct doc_str **lines = doc_memo_lines(memo, &n);

	for (i = 0; i < n; i++)
		coverage_str(pr, lines[i]);
	free(lines);
}

unsigned
validate_print(const struct doc *doc, struct render *r, struct diag *d)
{
	const struct doc_meta *m = &doc->meta;
	struct printer pr;
	size_t i;

	memset(&pr, 0, sizeof(pr));
	pr.r = r;
	pr.d = d;
	for (i = 0; i < LATIN; i++)
		pr.drawn[i] = invisible((gunichar)i) ||
		    FcCharSetHasChar(r->coverage, (FcChar32)i);
	coverage_str(&pr, &m->title);
	coverage_str(&pr, &m->title_page_title);
	coverage_str(&pr, &m->board);
	coverage_str(&pr, &m->dnr);
	coverage_str(&pr, &m->contact);
	coverage_str(&pr, &m->decision.body);
	coverage_str(&pr, &m->decision.paragraph);
	coverage_str(&pr, &m->decision.minutes);
	for (i = 0; i < m->nlabels; i++) {
		coverage_str(&pr, &m->labels[i].label);
		coverage_str(&pr, &m->labels[i].value);
	}
	for (i = 0; i < m->nhistory; i++)
		coverage_str(&pr, &m->history[i].note);
	if (doc->memo != NULL)
		memo_coverage(&pr, doc->memo);
	if (doc->kind == DOC_KIND_PLAN)
		title_fits(&pr, m);
	measure_init(&pr.header, &pr, &r->style->table_header);
	measure_init(&pr.text, &pr, &r->style->table_text);
	if (doc->root != NULL)
		print_walk(&pr, doc->root);
	pango_font_description_free(pr.header.fd);
	pango_font_description_free(pr.text.fd);
	return pr.errors;
}
