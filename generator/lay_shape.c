#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>

#include "lay_shape.h"
#include "xalloc.h"

#define MAX_WORD	 128	/* bytes: longer words are shaped each time */
#define MAX_WORDS	 (1 << 16)	/* kept: past it, the store starts over */

/* A word as shaped: what shaping depends on, and the text. */
struct word {
	PangoFont	*font;
	PangoLanguage	*lang;
	PangoScript	 script;
	size_t		 len;
	char		 text[MAX_WORD];
};

static guint
word_hash(gconstpointer p)
{
	const struct word *w = p;
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < w->len; i++)
		h = (h ^ (unsigned char)w->text[i]) * 16777619u;
	h ^= (uint32_t)(uintptr_t)w->font >> 4;
	h ^= (uint32_t)w->script << 24;
	return h ^ (uint32_t)(uintptr_t)w->lang;
}

static gboolean
word_equal(gconstpointer a, gconstpointer b)
{
	const struct word *x = a, *y = b;

	return x->font == y->font && x->lang == y->lang && x->script ==
	    y->script && x->len == y->len && memcmp(x->text, y->text,
	    x->len) == 0;
}

static void
word_free(gpointer p)
{
	struct word *w = p;

	g_object_unref(w->font);
	free(w);
}

static void
glyphs_free(gpointer p)
{
	pango_glyph_string_free(p);
}

/* Two characters in a font, whether they are shaped the same apart as
 * together: fonts kern a space before "V", a "T" before a comma. */
struct pair {
	PangoFont	*font;
	gunichar	 a, b;
};

static guint
pair_hash(gconstpointer p)
{
	const struct pair *k = p;

	return (guint)((uintptr_t)k->font >> 4) ^ k->a * 2654435761u ^
	    k->b * 40503u;
}

static gboolean
pair_equal(gconstpointer a, gconstpointer b)
{
	const struct pair *x = a, *y = b;

	return x->font == y->font && x->a == y->a && x->b == y->b;
}

static void
pair_free(gpointer p)
{
	struct pair *k = p;

	g_object_unref(k->font);
	free(k);
}

/* What is kept with a context: its fonts are the keys' fonts. */
struct words {
	GHashTable	*shaped;	/* struct word to PangoGlyphString */
	GHashTable	*apart;		/* struct pair to 1 (apart) or 2 */
};

static void
words_free(gpointer p)
{
	struct words *w = p;

	g_hash_table_unref(w->shaped);
	g_hash_table_unref(w->apart);
	free(w);
}

static struct words *
words_of(PangoContext *ctx)
{
	GQuark q = g_quark_from_static_string("hplan-words");
	struct words *w = g_object_get_qdata(G_OBJECT(ctx), q);

	if (w == NULL) {
		w = xcalloc(1, sizeof(*w));
		w->shaped = g_hash_table_new_full(word_hash, word_equal,
		    word_free, glyphs_free);
		w->apart = g_hash_table_new_full(pair_hash, pair_equal,
		    pair_free, NULL);
		g_object_set_qdata_full(G_OBJECT(ctx), q, w, words_free);
	}
	return w;
}

/* The glyphs of the len bytes at s, shaped once in each font; *alone
 * holds them where they are not kept (else NULL). */
static const PangoGlyphString *
word(struct words *words, const PangoAnalysis *an, const char *s,
    size_t len, PangoGlyphString **alone)
{
	const PangoGlyphString *shaped;
	struct word key, *w;

	*alone = pango_glyph_string_new();
	if (len > MAX_WORD) {
		pango_shape_full(s, (int)len, s, (int)len, an, *alone);
		return *alone;
	}
	key.font = an->font;
	key.lang = an->language;
	key.script = (PangoScript)an->script;
	key.len = len;
	memcpy(key.text, s, len);
	if ((shaped = g_hash_table_lookup(words->shaped, &key)) != NULL) {
		pango_glyph_string_free(*alone);
		*alone = NULL;
		return shaped;
	}
	w = xmalloc(offsetof(struct word, text) + len);
	memcpy(w, &key, offsetof(struct word, text) + len);
	g_object_ref(w->font);
	pango_shape_full(s, (int)len, s, (int)len, an, *alone);
	if (g_hash_table_size(words->shaped) >= MAX_WORDS)
		g_hash_table_remove_all(words->shaped);
	g_hash_table_insert(words->shaped, w, *alone);
	shaped = *alone;
	*alone = NULL;
	return shaped;
}

/* Appends the glyphs of the len bytes at s, which lie at byte offset in
 * their item, to gs. */
static void
add_word(struct words *words, const PangoAnalysis *an, const char *s,
    size_t len, int offset, PangoGlyphString *gs)
{
	PangoGlyphString *alone;
	const PangoGlyphString *shaped = word(words, an, s, len, &alone);
	int n0 = gs->num_glyphs, i;

	pango_glyph_string_set_size(gs, n0 + shaped->num_glyphs);
	memcpy(gs->glyphs + n0, shaped->glyphs, (size_t)shaped->num_glyphs *
	    sizeof(*gs->glyphs));
	for (i = 0; i < shaped->num_glyphs; i++)
		gs->log_clusters[n0 + i] = shaped->log_clusters[i] + offset;
	if (alone != NULL)
		pango_glyph_string_free(alone);
}

static int
same_glyph(const PangoGlyphInfo *a, const PangoGlyphInfo *b)
{
	return a->glyph == b->glyph && a->geometry.width ==
	    b->geometry.width && a->geometry.x_offset == b->geometry.x_offset &&
	    a->geometry.y_offset == b->geometry.y_offset;
}

/*
 * Whether the character at a (alen bytes) and the one after it at b (blen)
 * are shaped the same apart as together: where they are not (kerned, or
 * joined), they are shaped together, as Pango's layout of the whole run
 * has them.
 */
static int
apart(struct words *words, const PangoAnalysis *an, const char *a,
    size_t alen, const char *b, size_t blen)
{
	struct pair key = { an->font, g_utf8_get_char(a), g_utf8_get_char(b) },
	    *k;
	PangoGlyphString *both, *a1, *a2;
	const PangoGlyphString *ga, *gb;
	int v, i;

	if ((v = GPOINTER_TO_INT(g_hash_table_lookup(words->apart, &key))) !=
	    0)
		return v == 1;
	both = pango_glyph_string_new();
	pango_shape_full(a, (int)(alen + blen), a, (int)(alen + blen), an,
	    both);
	ga = word(words, an, a, alen, &a1);
	gb = word(words, an, b, blen, &a2);
	v = both->num_glyphs == ga->num_glyphs + gb->num_glyphs;
	for (i = 0; v && i < both->num_glyphs; i++)
		v = same_glyph(&both->glyphs[i], i < ga->num_glyphs ?
		    &ga->glyphs[i] : &gb->glyphs[i - ga->num_glyphs]);
	pango_glyph_string_free(both);
	if (a1 != NULL)
		pango_glyph_string_free(a1);
	if (a2 != NULL)
		pango_glyph_string_free(a2);
	k = xmalloc(sizeof(*k));
	*k = key;
	g_object_ref(k->font);
	g_hash_table_insert(words->apart, k, GINT_TO_POINTER(v ? 1 : 2));
	return v;
}

static int
word_char(const char *s)
{
	return g_unichar_isalnum(g_utf8_get_char(s));
}

/*
 * The glyphs of item: cut into words and what lies between them (spaces,
 * punctuation), each shaped apart, where the cut falls between graphemes
 * (la: the item's log attrs) and the characters either side of it are
 * shaped the same apart.
 */
static PangoGlyphString *
shape_item(struct words *words, const char *text, const PangoItem *item,
    const PangoLogAttr *la)
{
	PangoGlyphString *gs = pango_glyph_string_new();
	const char *s = text + item->offset, *end = s + item->length, *from = s,
	    *p, *prev = s, *next;
	int i, in_word = word_char(s);

	for (p = g_utf8_next_char(s), i = 1; p < end; prev = p, p = next,
	    i++) {
		int w = word_char(p);

		next = g_utf8_next_char(p);
		if (w != in_word && la[i].is_cursor_position &&
		    apart(words, &item->analysis, prev, (size_t)(p - prev), p,
		    (size_t)(next - p))) {
			add_word(words, &item->analysis, from, (size_t)(p -
			    from), (int)(from - s), gs);
			from = p;
		}
		in_word = w;
	}
	add_word(words, &item->analysis, from, (size_t)(end - from),
	    (int)(from - s), gs);
	return gs;
}

/* Attributes that make the layout do more than itemise, shape and split
 * runs: left to Pango's layout. */
static gboolean
beyond_words(PangoAttribute *a, gpointer data)
{
	(void)data;
	switch ((int)a->klass->type) {
	case PANGO_ATTR_LETTER_SPACING:
	case PANGO_ATTR_SHAPE:
	case PANGO_ATTR_FONT_FEATURES:
	case PANGO_ATTR_SHOW:
	case PANGO_ATTR_BASELINE_SHIFT:
	case PANGO_ATTR_FONT_SCALE:
	case PANGO_ATTR_TEXT_TRANSFORM:
	case PANGO_ATTR_ALLOW_BREAKS:
	case PANGO_ATTR_INSERT_HYPHENS:
	case PANGO_ATTR_WORD:
	case PANGO_ATTR_SENTENCE:
	case PANGO_ATTR_VARIANT:
	case PANGO_ATTR_GRAVITY:
	case PANGO_ATTR_GRAVITY_HINT:
		return TRUE;
	default:
		return FALSE;
	}
}

/* Attributes that choose fonts or must hold for a whole run, as Pango's
 * layout itemises by. */
static gboolean
itemising(PangoAttribute *a, gpointer data)
{
	(void)data;
	switch ((int)a->klass->type) {
	case PANGO_ATTR_LANGUAGE:
	case PANGO_ATTR_FAMILY:
	case PANGO_ATTR_STYLE:
	case PANGO_ATTR_WEIGHT:
	case PANGO_ATTR_STRETCH:
	case PANGO_ATTR_SIZE:
	case PANGO_ATTR_FONT_DESC:
	case PANGO_ATTR_SCALE:
	case PANGO_ATTR_FALLBACK:
	case PANGO_ATTR_ABSOLUTE_SIZE:
	case PANGO_ATTR_RISE:
	case PANGO_ATTR_LINE_HEIGHT:
	case PANGO_ATTR_ABSOLUTE_LINE_HEIGHT:
		return TRUE;
	default:
		return FALSE;
	}
}

/* Whether the item is one a line of words can hold: left to right, on the
 * roman baseline, so no run is moved against another but by its rise. */
static int
plain(const PangoItem *item)
{
	hb_script_t script = hb_script_from_iso15924_tag(
	    g_unicode_script_to_iso15924((GUnicodeScript)item->analysis.script));

	return item->analysis.level % 2 == 0 &&
	    hb_ot_layout_get_horizontal_baseline_tag_for_script(script) ==
	    HB_OT_LAYOUT_BASELINE_TAG_ROMAN;
}

static int
rise(const PangoItem *item)
{
	GSList *l;
	int y = 0;

	for (l = item->analysis.extra_attrs; l != NULL; l = l->next) {
		const PangoAttribute *a = l->data;

		if (a->klass->type == PANGO_ATTR_RISE)
			y += ((const PangoAttrInt *)a)->value;
	}
	return y;
}

static void
add_run(struct lay_shaped *out, size_t *cap, PangoGlyphItem *run)
{
	out->runs = xgrow(out->runs, cap, out->nruns + 1, sizeof(*out->runs));
	run->y_offset = rise(run->item);
	run->start_x_offset = run->end_x_offset = 0;
	out->runs[out->nruns++] = run;
}

/*
 * As Pango's layout does for each paragraph of the text (up to a paragraph
 * separator): items, then their break attributes, then their glyphs, then
 * runs split where the remaining attributes (colour, underline) change.
 */
static int
paragraphs(PangoContext *ctx, PangoAttrList *itemise, PangoAttrList *rest,
    const char *text, struct lay_shaped *out)
{
	struct words *words = words_of(ctx);
	PangoAttrIterator *iter = pango_attr_list_get_iterator(itemise);
	PangoDirection dir = pango_context_get_base_dir(ctx);
	size_t len = strlen(text), cap = 0;
	int start = 0, first = 0, done = 0, ok = 1;

	out->nattrs = (int)g_utf8_strlen(text, (gssize)len) + 1;
	out->attrs = g_new0(PangoLogAttr, out->nattrs);
	while (ok && !done) {
		int delim, next, at = first;
		GList *items, *l;

		pango_find_paragraph_boundary(text + start, (int)len - start,
		    &delim, &next);
		items = pango_itemize_with_base_dir(ctx, dir, text, start,
		    delim, itemise, iter);
		pango_default_break(text + start, next, NULL, out->attrs + first,
		    out->nattrs - first);
		for (l = items; l != NULL; l = l->next) {
			PangoItem *item = l->data;

			pango_tailor_break(text + item->offset, item->length,
			    &item->analysis, -1, out->attrs + at,
			    item->num_chars + 1);
			at += item->num_chars;
			ok &= plain(item);
		}
		for (at = first, l = items; ok && l != NULL; l = l->next) {
			PangoItem *item = l->data;
			PangoGlyphItem *run = g_slice_new0(PangoGlyphItem);
			GSList *split, *s;

			run->glyphs = shape_item(words, text, item,
			    out->attrs + at);
			at += item->num_chars;
			run->item = item;
			l->data = NULL;
			split = pango_glyph_item_apply_attrs(run, text, rest);
			for (s = split; s != NULL; s = s->next)
				add_run(out, &cap, s->data);
			g_slist_free(split);
		}
		g_list_free_full(items, (GDestroyNotify)pango_item_free);
		done = start + delim == (int)len;
		first += (int)g_utf8_strlen(text + start, next);
		start += next;
	}
	pango_attr_iterator_destroy(iter);
	return ok ? 0 : -1;
}

int
lay_shape(PangoContext *ctx, const PangoFontDescription *fd,
    PangoAttrList *attrs, const char *text, struct lay_shaped *out)
{
	PangoAttrList *rest, *odd, *itemise;
	int r = -1;

	memset(out, 0, sizeof(*out));
	if (strchr(text, '\t') != NULL || strstr(text, "\xe2\x80\xa8") != NULL)
		return -1;
	rest = attrs != NULL ? pango_attr_list_copy(attrs) :
	    pango_attr_list_new();
	if ((odd = pango_attr_list_filter(rest, beyond_words, NULL)) != NULL) {
		pango_attr_list_unref(odd);
		pango_attr_list_unref(rest);
		return -1;
	}
	pango_attr_list_insert_before(rest, pango_attr_font_desc_new(fd));
	itemise = pango_attr_list_filter(rest, itemising, NULL);
	r = paragraphs(ctx, itemise, rest, text, out);
	pango_attr_list_unref(itemise);
	pango_attr_list_unref(rest);
	if (r != 0)
		lay_shaped_free(out);
	return r;
}

void
lay_shaped_free(struct lay_shaped *s)
{
	size_t i;

	for (i = 0; i < s->nruns; i++)
		pango_glyph_item_free(s->runs[i]);
	free(s->runs);
	g_free(s->attrs);
	memset(s, 0, sizeof(*s));
}
