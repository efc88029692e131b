#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "font.h"
#include "lay_break.h"
#include "lay_int.h"
#include "lay_shape.h"
#include "xalloc.h"

/*
 * Texts: the layout of each text of the plan (its characters, quotes, footnote
 * markers, links), broken into lines by lay_break, and what a line is.
 */


static double
ascent_of(struct builder *b, PangoFontDescription *fd, double leading)
{
	double asc, desc;

	font_extents(b->ctx, fd, &asc, &desc);
	/* The line's extra space is shared above and below. */
	return (leading - (asc + desc)) / 2 + asc;
}

struct text *
lay_text_new(struct builder *b)
{
	struct text *t = xcalloc(1, sizeof(*t));

	b->texts = xgrow(b->texts, &b->textcap, b->ntexts + 1,
	    sizeof(*b->texts));
	b->texts[b->ntexts++] = t;
	return t;
}

void
lay_text_free(struct text *t)
{
	size_t i;

	lay_lines_unref(t->lines);
	for (i = 0; i < t->nlinks; i++)
		free(t->links[i].uri);
	free(t->links);
	free(t->note_at);
	free(t->notes);
	free(t->hyphens);
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
typographic(const struct style *s, const char *str, size_t len, struct buf *out)
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

static void
measured_list_free(void *p)
{
	struct measured *e = p, *next;

	for (; e != NULL; e = next) {
		next = e->next;
		if (e->attrs != NULL)
			pango_attr_list_unref(e->attrs);
		lay_measure_free(e->m);
		free(e);
	}
}

/* Keeps the measure of str for the layout that follows the fit. */
static void
keep_measured(struct builder *b, const char *str, PangoAttrList *attrs,
    const struct style_text *st, struct hyph *h, struct lay_measure *m)
{
	struct measured *e = xcalloc(1, sizeof(*e)), *first;

	if (b->measured == NULL)
		b->measured = g_hash_table_new_full(g_str_hash, g_str_equal,
		    free, measured_list_free);
	e->st = st;
	e->attrs = attrs != NULL ? pango_attr_list_copy(attrs) : NULL;
	e->h = h;
	e->m = m;
	if ((first = g_hash_table_lookup(b->measured, str)) != NULL) {
		e->next = first->next;
		first->next = e;
	} else
		g_hash_table_insert(b->measured, xstrdup(str), e);
}

/* The measure of str kept by keep_measured(), or NULL. */
static struct lay_measure *
find_measured(struct builder *b, const char *str, PangoAttrList *attrs,
    const struct style_text *st, struct hyph *h)
{
	struct measured *e;

	if (b->measured == NULL)
		return NULL;
	for (e = g_hash_table_lookup(b->measured, str); e != NULL;
	    e = e->next)
		if (e->st == st && e->h == h && ((attrs == NULL &&
		    e->attrs == NULL) || (attrs != NULL && e->attrs != NULL &&
		    pango_attr_list_equal(attrs, e->attrs))))
			return e->m;
	return NULL;
}

void
lay_measured_free(struct builder *b)
{
	if (b->measured != NULL)
		g_hash_table_destroy(b->measured);
	b->measured = NULL;
}

int
lay_run_needs(const PangoGlyphString *gs, int from, int to, size_t len)
{
	int flags = len >= 0xffff ? LAY_RUN_WIDE : 0, i;

	for (i = from; i < to; i++) {
		const PangoGlyphInfo *gi = &gs->glyphs[i];

		if (gi->geometry.x_offset != 0 || gi->geometry.y_offset != 0)
			flags |= LAY_RUN_MOVED;
		if (gi->glyph >= 0xffff && gi->glyph != PANGO_GLYPH_EMPTY)
			flags |= LAY_RUN_WIDE;
		if (gi->attr.is_color)
			flags |= LAY_RUN_COLOR;
	}
	return flags;
}

struct lay_run *
lay_run_new(const PangoItem *like, const char *text, size_t offset,
    size_t len, int n, int flags)
{
	struct lay_run *r = xcalloc(1, sizeof(*r));
	size_t k = (size_t)n, fours = k * ((flags & LAY_RUN_MOVED) ? 3 : 1),
	    each = (flags & LAY_RUN_WIDE) ? 4 : 2;
	char *block = xmalloc(fours * 4 + 2 * k * each +
	    ((flags & LAY_RUN_COLOR) ? k : 0) + 1);

	r->item = pango_item_copy((PangoItem *)like);
	r->item->offset = (int)offset;
	r->item->length = (int)len;
	r->item->num_chars = (int)g_utf8_strlen(text + offset, (gssize)len);
	r->n = n;
	r->flags = flags;
	r->block = block;
	r->width = (int32_t *)(void *)block;
	r->offset = (flags & LAY_RUN_MOVED) ? (int32_t *)(void *)(block +
	    k * 4) : NULL;
	r->glyph = block + fours * 4;
	r->cluster = block + fours * 4 + k * each;
	r->color = (flags & LAY_RUN_COLOR) ? (uint8_t *)block + fours * 4 +
	    2 * k * each : NULL;
	return r;
}

void
lay_run_set(struct lay_run *r, int i, const PangoGlyphInfo *gi, int cluster)
{
	if (r->flags & LAY_RUN_WIDE) {
		((uint32_t *)r->glyph)[i] = gi->glyph;
		((int32_t *)r->cluster)[i] = cluster;
	} else {
		((uint16_t *)r->glyph)[i] = gi->glyph == PANGO_GLYPH_EMPTY ?
		    0xffff : (uint16_t)gi->glyph;
		((uint16_t *)r->cluster)[i] = (uint16_t)cluster;
	}
	r->width[i] = gi->geometry.width;
	if (r->offset != NULL) {
		r->offset[2 * i] = gi->geometry.x_offset;
		r->offset[2 * i + 1] = gi->geometry.y_offset;
	}
	if (r->color != NULL)
		r->color[i] = (uint8_t)gi->attr.is_color;
}

struct lay_run *
lay_run_of(const PangoGlyphItem *gi, const char *text, size_t offset,
    size_t len)
{
	const PangoGlyphString *gs = gi->glyphs;
	struct lay_run *r;
	int i;

	r = lay_run_new(gi->item, text, offset, len, gs->num_glyphs,
	    lay_run_needs(gs, 0, gs->num_glyphs, len));
	for (i = 0; i < gs->num_glyphs; i++)
		lay_run_set(r, i, &gs->glyphs[i], gs->log_clusters[i]);
	r->y_offset = gi->y_offset;
	r->start_x = gi->start_x_offset;
	r->end_x = gi->end_x_offset;
	return r;
}

void
lay_run_glyphs(const struct lay_run *r, PangoGlyphString *into)
{
	int i;

	pango_glyph_string_set_size(into, r->n);
	for (i = 0; i < r->n; i++) {
		PangoGlyphInfo *gi = &into->glyphs[i];

		gi->glyph = lay_run_glyph(r, i);
		gi->geometry.width = r->width[i];
		gi->geometry.x_offset = r->offset != NULL ? r->offset[2 * i] : 0;
		gi->geometry.y_offset = r->offset != NULL ? r->offset[2 * i + 1] :
		    0;
		into->log_clusters[i] = lay_run_cluster(r, i);
		/* As Pango marks them: where the cluster changes. */
		gi->attr.is_cluster_start = i == 0 || into->log_clusters[i] !=
		    into->log_clusters[i - 1];
		gi->attr.is_color = r->color != NULL && r->color[i];
	}
}

struct lay_run_style
lay_run_style(const struct lay_run *run)
{
	struct lay_run_style st = { NULL, 0 };
	GSList *a;

	for (a = run->item->analysis.extra_attrs; a != NULL; a = a->next) {
		const PangoAttribute *attr = a->data;

		if (attr->klass->type == PANGO_ATTR_FOREGROUND)
			st.color = &((const PangoAttrColor *)attr)->color;
		else if (attr->klass->type == PANGO_ATTR_UNDERLINE)
			st.underline = ((const PangoAttrInt *)attr)->value !=
			    PANGO_UNDERLINE_NONE;
	}
	return st;
}

int
lay_run_width(const struct lay_run *r)
{
	int w = 0, i;

	for (i = 0; i < r->n; i++)
		w += r->width[i];
	return w;
}

void
lay_run_free(struct lay_run *r)
{
	if (r == NULL)
		return;
	pango_item_free(r->item);
	free(r->block);
	free(r);
}

/* The lines of layout, its glyphs kept and the rest of it let go. */
static struct lay_lines *
lines_of(PangoLayout *layout)
{
	struct lay_lines *ls = xcalloc(1, sizeof(*ls));
	GSList *l, *r;
	size_t i, k;

	ls->refs = 1;
	ls->text = xstrdup(pango_layout_get_text(layout));
	ls->n = (size_t)pango_layout_get_line_count(layout);
	ls->line = xcalloc(ls->n, sizeof(*ls->line));
	for (l = pango_layout_get_lines_readonly(layout), i = 0;
	    l != NULL && i < ls->n; l = l->next, i++) {
		PangoLayoutLine *pl = l->data;
		struct lay_line *line = &ls->line[i];
		PangoRectangle logical;

		line->start = (size_t)pl->start_index;
		line->len = (size_t)pl->length;
		line->nruns = g_slist_length(pl->runs);
		line->runs = xcalloc(line->nruns, sizeof(*line->runs));
		for (r = pl->runs, k = 0; r != NULL; r = r->next, k++)
			line->runs[k] = lay_run_of(r->data, ls->text,
			    (size_t)((PangoGlyphItem *)r->data)->item->offset,
			    (size_t)((PangoGlyphItem *)r->data)->item->length);
		pango_layout_line_get_extents(pl, NULL, &logical);
		line->x = logical.x / (double)PANGO_SCALE;
		line->width = logical.width / (double)PANGO_SCALE;
	}
	return ls;
}

/* The letter spacing attrs give all of str's len bytes, where that is
 * all they give; else 0. */
static int
spacing_only(PangoAttrList *attrs, size_t len)
{
	GSList *all = attrs != NULL ? pango_attr_list_get_attributes(attrs) :
	    NULL;
	const PangoAttribute *a = all != NULL ? all->data : NULL;
	int spacing = 0;

	if (a != NULL && all->next == NULL && a->klass->type ==
	    PANGO_ATTR_LETTER_SPACING && a->start_index == 0 &&
	    a->end_index >= len)
		spacing = ((const PangoAttrInt *)a)->value;
	g_slist_free_full(all, (GDestroyNotify)pango_attribute_destroy);
	return spacing;
}

/* str on one line, its words shaped once (lay_shape); NULL where it has
 * a line break, or only Pango's layout can set it. */
static struct lay_lines *
line_of_words(PangoContext *ctx, const PangoFontDescription *fd,
    PangoAttrList *attrs, const char *str)
{
	struct lay_shaped shaped;
	struct lay_lines *ls;
	struct lay_line *line;
	int width = 0, spacing = spacing_only(attrs, strlen(str));
	size_t k;

	if (strpbrk(str, "\n\r") != NULL || strstr(str, "\xe2\x80\xa9") !=
	    NULL || (spacing != 0 ? lay_shape_spaced(ctx, fd, str, spacing,
	    &shaped) : lay_shape(ctx, fd, attrs, str, &shaped)) != 0)
		return NULL;
	ls = xcalloc(1, sizeof(*ls));
	ls->refs = 1;
	ls->text = xstrdup(str);
	ls->n = 1;
	ls->line = line = xcalloc(1, sizeof(*ls->line));
	line->len = strlen(str);
	line->nruns = shaped.nruns;
	line->runs = xcalloc(shaped.nruns + 1, sizeof(*line->runs));
	for (k = 0; k < shaped.nruns; k++) {
		const PangoItem *item = shaped.runs[k]->item;

		line->runs[k] = lay_run_of(shaped.runs[k], ls->text,
		    (size_t)item->offset, (size_t)item->length);
		width += lay_run_width(line->runs[k]);
	}
	line->width = width / (double)PANGO_SCALE;
	lay_shaped_free(&shaped);
	return ls;
}

struct lay_lines *
lay_lines_ref(struct lay_lines *ls)
{
	ls->refs++;
	return ls;
}

void
lay_lines_unref(struct lay_lines *ls)
{
	size_t i, k;

	if (ls == NULL || --ls->refs > 0)
		return;
	for (i = 0; i < ls->n; i++) {
		for (k = 0; k < ls->line[i].nruns; k++)
			lay_run_free(ls->line[i].runs[k]);
		free(ls->line[i].runs);
	}
	free(ls->line);
	free(ls->text);
	free(ls->passages);
	free(ls);
}

size_t
lay_passage_at(const struct lay_lines *ls, size_t index)
{
	size_t lo = 0, hi = ls->npassages;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ls->passages[mid].end <= index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ls->npassages && ls->passages[lo].start <= index ?
	    lo + 1 : 0;
}

size_t
lay_passages(PangoAttrList *attrs, struct lay_passage **out)
{
	PangoAttrIterator *it;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (attrs == NULL)
		return 0;
	it = pango_attr_list_get_iterator(attrs);
	do {
		PangoAttrLanguage *a = (PangoAttrLanguage *)
		    pango_attr_iterator_get(it, PANGO_ATTR_LANGUAGE);
		int start, end;

		if (a == NULL)
			continue;
		pango_attr_iterator_range(it, &start, &end);
		*out = xgrow(*out, &cap, n + 1, sizeof(**out));
		(*out)[n].start = (size_t)start;
		(*out)[n].end = (size_t)end;
		(*out)[n++].tag = pango_language_to_string(a->value);
	} while (pango_attr_iterator_next(it));
	pango_attr_iterator_destroy(it);
	return n;
}

double
lay_line_x(const struct lay_lines *ls, const struct lay_line *l, size_t index)
{
	int width = 0, x;
	size_t k;

	for (k = 0; k < l->nruns; k++) {
		const struct lay_run *r = l->runs[k];

		if ((size_t)r->item->offset <= index && index <
		    (size_t)(r->item->offset + r->item->length)) {
			PangoGlyphString *gs = pango_glyph_string_new();

			lay_run_glyphs(r, gs);
			pango_glyph_string_index_to_x(gs, ls->text +
			    r->item->offset, r->item->length,
			    &r->item->analysis, (int)index - r->item->offset,
			    FALSE, &x);
			pango_glyph_string_free(gs);
			return (width + x) / (double)PANGO_SCALE;
		}
		width += lay_run_width(r);
	}
	return width / (double)PANGO_SCALE;
}

/*
 * Makes t's layout of str with attrs in style st, width wide (0: none),
 * hyphenated where needed with h (NULL: never).
 */
void
lay_text_layout(struct builder *b, struct text *t, const char *str,
    PangoAttrList *attrs, const struct style_text *st, double width,
    struct hyph *h)
{
	const struct face *f = face(b, st);
	PangoLayout *layout = NULL;
	struct lay_para para;
	size_t i;

	t->leading = st->leading;
	if (b->measuring && width > 0) {
		t->measure = lay_measure(b->ctx, f->fd, attrs, str, h,
		    f->hyphen);
		t->width = width;
		keep_measured(b, str, attrs, st, h, t->measure);
		return;
	}
	memset(&para, 0, sizeof(para));
	if (width > 0) {
		struct lay_measure *m = find_measured(b, str, attrs, st, h);

		if (m != NULL)
			lay_break_measured(m, attrs, width, &para);
		else
			lay_break(b->ctx, f->fd, attrs, str, h, width,
			    f->hyphen, &para);
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
		layout = para.layout;
		para.layout = NULL;
		t->lines = para.lines;
		para.lines = NULL;
	}
	if (t->lines == NULL && layout == NULL && width <= 0)
		t->lines = line_of_words(b->ctx, f->fd, attrs, str);
	/* A broken text gets no width to break at.  A line a little wider
	 * than its column after all would be found by the layout's checks
	 * (lay_verify). */
	if (t->lines == NULL && layout == NULL)
		layout = lay_pango_layout(b->ctx, f->fd, attrs, str);
	if (t->lines == NULL) {
		t->lines = lines_of(layout);
		g_object_unref(layout);
	}
	t->lines->npassages = lay_passages(attrs, &t->lines->passages);
	lay_para_free(&para);
	t->ascent = f->ascent;
	t->area_left = b->area_left;
	t->area_right = b->area_right;
}

/* A text without markup; headings and titles are never hyphenated. */
struct text *
lay_plain_text(struct builder *b, const char *str, const struct style_text *st,
    double width)
{
	struct text *t = lay_text_new(b);
	struct buf typo = { 0 };

	typographic(b->s, str, strlen(str), &typo);
	lay_text_layout(b, t, typo.data != NULL ? typo.data : "", NULL, st,
	    width, NULL);
	buf_free(&typo);
	return t;
}

struct inline_ctx {
	struct builder		*b;
	struct text		*t;
	struct buf		 str;
	PangoAttrList		*attrs;
	const struct style_text	*st;
	const char		*lang;	/* of a passage in another language */
};

static void	inline_run(struct inline_ctx *, const struct doc_node *);

static void
add_attr(struct inline_ctx *c, PangoAttribute *a, size_t start)
{
	a->start_index = (guint)start;
	a->end_index = (guint)c->str.len;
	pango_attr_list_insert(c->attrs, a);
}

/*
 * The text from start on is in the passage's language, if it is in one.
 * Each piece of text is given the language of its innermost passage (and
 * pieces side by side are one range), as of two attributes of a kind on
 * one character Pango would not always take the innermost.
 */
static void
in_lang(struct inline_ctx *c, size_t start)
{
	PangoAttribute *a;

	if (c->lang == NULL || start == c->str.len)
		return;
	a = pango_attr_language_new(pango_language_from_string(c->lang));
	a->start_index = (guint)start;
	a->end_index = (guint)c->str.len;
	pango_attr_list_change(c->attrs, a);
}

/* A footnote's number as it stands before its note. */
static struct text *
superscript(struct builder *b, const char *num, const struct style_text *st)
{
	PangoAttrList *attrs = pango_attr_list_new();
	struct text *t = lay_text_new(b);

	pango_attr_list_insert(attrs, pango_attr_scale_new(
	    b->s->fn_marker_scale));
	pango_attr_list_insert(attrs, pango_attr_rise_new((int)(
	    b->s->fn_marker_rise * st->size * PANGO_SCALE)));
	lay_text_layout(b, t, num, attrs, st, 0, NULL);
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

	/* The marker is glued to the word before it: a line never starts
	 * with one. */
	snprintf(num, sizeof(num), "%zu", b->nnotes + 1);
	buf_adds(&c->str, WORD_JOINER);
	start = c->str.len;
	buf_adds(&c->str, num);
	add_attr(c, pango_attr_scale_new(s->fn_marker_scale), start);
	add_attr(c, pango_attr_rise_new((int)(s->fn_marker_rise *
	    c->st->size * PANGO_SCALE)), start);
	/* Measuring a table's cells, the marker is as wide as it will be;
	 * the note is made when the table is laid out. */
	if (b->measuring)
		return;
	b->notes = xgrow(b->notes, &b->notecap, b->nnotes + 1,
	    sizeof(*b->notes));
	/* An index, not a pointer: a note within the note's text would grow
	 * the array and move it. */
	k = b->nnotes++;
	memset(&b->notes[k], 0, sizeof(b->notes[k]));
	b->notes[k].node = n;
	t->note_at = xgrow(t->note_at, &t->notecap, t->nnotes + 1,
	    sizeof(*t->note_at));
	t->notes = xrealloc(t->notes, t->notecap * sizeof(*t->notes));
	t->note_at[t->nnotes] = start;
	t->notes[t->nnotes++] = (int)(k + 1);
	/* A note stands at the page's foot, not in the column of its
	 * marker. */
	area_left = b->area_left;
	area_right = b->area_right;
	b->area_left = b->left;
	b->area_right = b->left + b->width;
	body = lay_inline_text(b, n, &s->footnote,
	    b->width - s->fn_note_indent);
	b->notes[k].body = body;
	b->notes[k].number = superscript(b, num, &s->footnote);
	b->area_left = area_left;
	b->area_right = area_right;
	b->notes[k].height = lay_line_count(body) *
	    s->footnote.leading;
}

static void
inline_run(struct inline_ctx *c, const struct doc_node *parent)
{
	const struct doc_node *n;
	struct buf typo = { 0 };
	const char *lang;
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
			in_lang(c, start);
			break;
		case DOC_LINEBREAK:
			buf_adds(&c->str, LINE_SEPARATOR);
			in_lang(c, start);
			break;
		case DOC_LANG:
			lang = c->lang;
			c->lang = n->as.lang.tag;
			inline_run(c, n);
			c->lang = lang;
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
struct text *
lay_inline_text(struct builder *b, const struct doc_node *n,
    const struct style_text *st, double width)
{
	const struct doc_node *a;
	struct inline_ctx c;

	memset(&c, 0, sizeof(c));
	c.b = b;
	c.t = lay_text_new(b);
	c.attrs = pango_attr_list_new();
	c.st = st;
	/* A note is read in the language of the passage it was written in. */
	for (a = n; a != NULL && c.lang == NULL; a = a->parent)
		if (a->type == DOC_LANG)
			c.lang = a->as.lang.tag;
	inline_run(&c, n);
	lay_text_layout(b, c.t, c.str.data ? c.str.data : "", c.attrs, st,
	    width, b->hyph);
	pango_attr_list_unref(c.attrs);
	buf_free(&c.str);
	return c.t;
}

int
lay_line_count(const struct text *t)
{
	return (int)t->lines->n;
}

/* Whether line i of t ends inside a word, in a hyphen the line breaker
 * added. */
int
lay_breaks_word(const struct text *t, int i)
{
	const struct lay_line *l = &t->lines->line[i];
	size_t end = l->start + l->len;
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

int
lay_item_breaks_word(const struct item *it)
{
	return it->kind == IT_LINE && lay_breaks_word(it->text, it->line);
}

/* The width of bytes from..end of line l, the spaces that end it. */
static double
trailing(const struct lay_lines *ls, const struct lay_line *l, size_t from,
    size_t end)
{
	int width = 0, i;
	size_t k;

	for (k = 0; k < l->nruns; k++)
		if (l->runs[k]->item->analysis.level % 2 != 0)
			return lay_line_x(ls, l, end) - lay_line_x(ls, l, from);
	/* Left to right, the glyphs of those bytes are the line's last. */
	for (k = l->nruns; k-- > 0;) {
		const struct lay_run *r = l->runs[k];

		for (i = r->n; i-- > 0;) {
			if ((size_t)(r->item->offset + lay_run_cluster(r, i)) <
			    from)
				return width / (double)PANGO_SCALE;
			width += r->width[i];
		}
	}
	return width / (double)PANGO_SCALE;
}

/* The width of line i of t, in points, without the spaces at its end
 * (which the text keeps for whoever reads the PDF's text). */
double
lay_line_width(const struct text *t, int i)
{
	const struct lay_line *l = &t->lines->line[i];
	const char *str = t->lines->text;
	size_t end = l->start + l->len, last = end;

	while (last > l->start && (str[last - 1] == ' ' ||
	    str[last - 1] == '\t'))
		last--;
	if (last == end)
		return l->x + l->width;
	return l->x + l->width - trailing(t->lines, l, last, end);
}

/* A line's characters as drawn: soft hyphens and word joiners are not. */
char *
lay_visible(const char *s, size_t len)
{
	struct buf b = { 0 };
	size_t i, from = 0;

	for (i = 0; i < len; i++) {
		size_t skip = 0;

		/* A soft hyphen begins with 0xc2, a word joiner with 0xe2. */
		if ((unsigned char)s[i] != 0xc2 && (unsigned char)s[i] != 0xe2)
			continue;
		if (i + 1 < len && strncmp(s + i, "\xc2\xad", 2) == 0)
			skip = 2;
		else if (i + 2 < len && strncmp(s + i, WORD_JOINER, 3) == 0)
			skip = 3;
		if (skip == 0)
			continue;
		buf_add(&b, s + from, i - from);
		i += skip - 1;
		from = i + 1;
	}
	buf_add(&b, s + from, len - from);
	return buf_take(&b);
}
