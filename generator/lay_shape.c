#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>

#include "lay_items.h"
#include "lay_shape.h"
#include "xalloc.h"

#define MAX_WORD	 128	/* bytes: longer words are shaped each time */
#define MAX_WORDS	 (1 << 16)	/* kept: past it, the store starts over
				 * with the next paragraph */

/*
 * The Unicode properties of the characters most plans are made of, looked
 * up once: GLib's lookups cost a function call and a table walk for
 * every character of every paragraph.
 */
#define TABLED		0x250

static struct {
	unsigned char	 type;		/* GUnicodeType */
	unsigned char	 brk;		/* GUnicodeBreakType */
	unsigned char	 alnum;
} props[TABLED];
static pthread_once_t props_once = PTHREAD_ONCE_INIT;

static void
props_init(void)
{
	gunichar c;

	for (c = 0; c < TABLED; c++) {
		props[c].type = (unsigned char)g_unichar_type(c);
		props[c].brk = (unsigned char)g_unichar_break_type(c);
		props[c].alnum = (unsigned char)g_unichar_isalnum(c);
	}
}

static GUnicodeType
char_type(gunichar c)
{
	return c < TABLED ? (GUnicodeType)props[c].type : g_unichar_type(c);
}

static GUnicodeBreakType
char_break(gunichar c)
{
	return c < TABLED ? (GUnicodeBreakType)props[c].brk :
	    g_unichar_break_type(c);
}

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
	PangoLanguage	*lang;
	PangoScript	 script;
	gunichar	 a, b;
};

static guint
pair_hash(gconstpointer p)
{
	const struct pair *k = p;

	return (guint)((uintptr_t)k->font >> 4) ^ k->a * 2654435761u ^
	    k->b * 40503u ^ (guint)k->script ^ (guint)(uintptr_t)k->lang;
}

static gboolean
pair_equal(gconstpointer a, gconstpointer b)
{
	const struct pair *x = a, *y = b;

	return x->font == y->font && x->lang == y->lang && x->script ==
	    y->script && x->a == y->a && x->b == y->b;
}

static void
pair_free(gpointer p)
{
	struct pair *k = p;

	g_object_unref(k->font);
	free(k);
}

/*
 * What HarfBuzz is given to shape a word in a font, a language and a
 * script as pango_shape_full() shapes it, worked out once.  Around each
 * call to HarfBuzz, Pango wraps the font anew, takes a buffer under a lock,
 * has HarfBuzz look its shaping plan up again and searches the colour
 * tables glyph by glyph: as much work as the shaping.
 */
struct plan_key {
	PangoFont		*pango;
	PangoLanguage		*lang;
	PangoScript		 script;
};

struct plan {
	struct plan_key		 key;		/* first: the table's key */
	hb_font_t		*font;
	hb_shape_plan_t		*plan;		/* NULL: Pango shapes */
	hb_segment_properties_t	 props;
	hb_feature_t		 features[32];
	unsigned int		 nfeatures;
};

static guint
plan_hash(gconstpointer p)
{
	const struct plan_key *k = p;

	return (guint)((uintptr_t)k->pango >> 4) ^ (guint)k->script << 24 ^
	    (guint)((uintptr_t)k->lang >> 4);
}

static gboolean
plan_equal(gconstpointer a, gconstpointer b)
{
	const struct plan_key *x = a, *y = b;

	return x->pango == y->pango && x->lang == y->lang && x->script ==
	    y->script;
}

static void
plan_free(gpointer p)
{
	struct plan *k = p;

	if (k->plan != NULL)
		hb_shape_plan_destroy(k->plan);
	g_object_unref(k->key.pango);
	free(k);
}

/* What is kept with a context: its fonts are the keys' fonts. */
struct words {
	GHashTable	*shaped;	/* struct word to PangoGlyphString */
	GHashTable	*apart;		/* struct pair to 1 (apart) or 2 */
	GHashTable	*plans;		/* struct plan (by its key) to itself */
	hb_buffer_t	*buf;
};

static void
words_free(gpointer p)
{
	struct words *w = p;

	g_hash_table_unref(w->shaped);
	g_hash_table_unref(w->apart);
	g_hash_table_unref(w->plans);
	hb_buffer_destroy(w->buf);
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
		w->plans = g_hash_table_new_full(plan_hash, plan_equal,
		    plan_free, NULL);
		w->buf = hb_buffer_create();
		g_object_set_qdata_full(G_OBJECT(ctx), q, w, words_free);
	}
	return w;
}

/* Whether the font has glyphs in colour, which Pango marks glyph by
 * glyph. */
static int
in_colour(hb_font_t *font)
{
	hb_face_t *face = hb_font_get_face(font);

	return hb_ot_color_has_layers(face) || hb_ot_color_has_png(face) ||
	    hb_ot_color_has_svg(face);
}

/* The plan for text of an's font, language and script. */
static const struct plan *
plan_of(struct words *words, const PangoAnalysis *an)
{
	struct plan_key key = { an->font, an->language,
	    (PangoScript)an->script };
	struct plan *p;
	const int *coords;
	unsigned int ncoords;

	if ((p = g_hash_table_lookup(words->plans, &key)) != NULL)
		return p;
	p = xcalloc(1, sizeof(*p));
	p->key = key;
	g_object_ref(p->key.pango);
	/* As Pango sets up its buffer and features for left-to-right text
	 * without attributes that change shaping. */
	p->font = pango_font_get_hb_font(an->font);
	p->props.direction = HB_DIRECTION_LTR;
	p->props.script = (hb_script_t)g_unicode_script_to_iso15924(
	    (GUnicodeScript)an->script);
	p->props.language = hb_language_from_string(
	    pango_language_to_string(an->language), -1);
	pango_font_get_features(an->font, p->features, G_N_ELEMENTS(
	    p->features), &p->nfeatures);
	if (p->font != NULL && !in_colour(p->font)) {
		coords = hb_font_get_var_coords_normalized(p->font, &ncoords);
		p->plan = hb_shape_plan_create_cached2(hb_font_get_face(p->font),
		    &p->props, p->features, p->nfeatures, coords, ncoords,
		    NULL);
	}
	g_hash_table_insert(words->plans, p, p);
	return p;
}

/*
 * The glyphs of the len bytes at s, all of the text, into gs, as
 * pango_shape_full() shapes them.  What reaches here is left to right, on
 * the roman baseline and without attributes that change shaping (lay_shape
 * leaves the rest to Pango's layout: plain(), beyond_words()), so a plan
 * of the font, language and script is all HarfBuzz needs.  Where the font
 * lacks a character (Pango gives it a glyph that draws its code, HarfBuzz
 * the font's .notdef), and for colour fonts, Pango shapes.
 */
static void
shape(struct words *words, const PangoAnalysis *an, const char *s,
    size_t len, PangoGlyphString *gs)
{
	const struct plan *p = plan_of(words, an);
	hb_buffer_t *buf = words->buf;
	const hb_glyph_info_t *info;
	const hb_glyph_position_t *pos;
	unsigned int n = 0, i;

	if (p->plan != NULL) {
		hb_buffer_clear_contents(buf);
		hb_buffer_set_segment_properties(buf, &p->props);
		hb_buffer_set_cluster_level(buf,
		    HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
		hb_buffer_set_flags(buf, HB_BUFFER_FLAG_BOT |
		    HB_BUFFER_FLAG_EOT);
		hb_buffer_set_invisible_glyph(buf, PANGO_GLYPH_EMPTY);
		hb_buffer_add_utf8(buf, s, (int)len, 0, (int)len);
		if (hb_shape_plan_execute(p->plan, p->font, buf, p->features,
		    p->nfeatures))
			n = hb_buffer_get_length(buf);
	}
	info = n > 0 ? hb_buffer_get_glyph_infos(buf, NULL) : NULL;
	for (i = 0; i < n && info[i].codepoint != 0; i++)
		;
	if (n == 0 || i < n) {
		pango_shape_full(s, (int)len, s, (int)len, an, gs);
		return;
	}
	pos = hb_buffer_get_glyph_positions(buf, NULL);
	pango_glyph_string_set_size(gs, (int)n);
	for (i = 0; i < n; i++) {
		PangoGlyphInfo *g = &gs->glyphs[i];

		g->glyph = info[i].codepoint;
		gs->log_clusters[i] = (int)info[i].cluster;
		g->attr.is_cluster_start = i == 0 || gs->log_clusters[i] !=
		    gs->log_clusters[i - 1];
		g->attr.is_color = 0;
		g->geometry.width = pos[i].x_advance;
		g->geometry.x_offset = pos[i].x_offset;
		g->geometry.y_offset = -pos[i].y_offset;
		/* As Pango turns a glyph drawn backwards. */
		if (g->geometry.width < 0) {
			g->geometry.width = -g->geometry.width;
			g->geometry.x_offset += g->geometry.width;
		}
	}
}

/* The glyphs of the len bytes at s, shaped once in each font; *alone
 * holds them where they are not kept (else NULL). */
static const PangoGlyphString *
word(struct words *words, const PangoAnalysis *an, const char *s,
    size_t len, PangoGlyphString **alone)
{
	PangoGlyphString *shaped;
	struct word key, *w;

	*alone = NULL;
	if (len > MAX_WORD) {
		*alone = pango_glyph_string_new();
		shape(words, an, s, len, *alone);
		return *alone;
	}
	key.font = an->font;
	key.lang = an->language;
	key.script = (PangoScript)an->script;
	key.len = len;
	memcpy(key.text, s, len);
	if ((shaped = g_hash_table_lookup(words->shaped, &key)) != NULL)
		return shaped;
	w = xmalloc(offsetof(struct word, text) + len);
	memcpy(w, &key, offsetof(struct word, text) + len);
	g_object_ref(w->font);
	shaped = pango_glyph_string_new();
	shape(words, an, s, len, shaped);
	g_hash_table_insert(words->shaped, w, shaped);
	return shaped;
}

/* Appends the glyphs of the len bytes at s, which lie at byte offset in
 * their item, to gs, which has room for *room glyphs (Pango's
 * set_size reallocates whether or not it must). */
static void
add_word(struct words *words, const PangoAnalysis *an, const char *s,
    size_t len, int offset, PangoGlyphString *gs, int *room)
{
	PangoGlyphString *alone;
	const PangoGlyphString *shaped = word(words, an, s, len, &alone);
	int n0 = gs->num_glyphs, i;

	if (n0 + shaped->num_glyphs > *room) {
		*room = 2 * (n0 + shaped->num_glyphs);
		pango_glyph_string_set_size(gs, *room);
	}
	gs->num_glyphs = n0 + shaped->num_glyphs;
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
	struct pair key = { an->font, an->language, (PangoScript)an->script,
	    g_utf8_get_char(a), g_utf8_get_char(b) }, *k;
	PangoGlyphString *both, *a1, *a2;
	const PangoGlyphString *ga, *gb;
	int v, i;

	if ((v = GPOINTER_TO_INT(g_hash_table_lookup(words->apart, &key))) !=
	    0)
		return v == 1;
	both = pango_glyph_string_new();
	shape(words, an, a, alen + blen, both);
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
	gunichar c = g_utf8_get_char(s);

	return c < TABLED ? props[c].alnum : g_unichar_isalnum(c);
}

/* A format character (soft hyphen, joiners): HarfBuzz looks through it,
 * to kern or place a mark, so no cut is made beside it. */
static int
format_char(const char *s)
{
	return char_type(g_utf8_get_char(s)) == G_UNICODE_FORMAT;
}

/*
 * The glyphs of item: cut into words and what lies between them (spaces,
 * punctuation), each shaped apart, where the cut falls between graphemes
 * (la: the item's log attrs) and the one before it is a character alone
 * (a mark or a virama shapes with its base, and a font kerns across it),
 * beside no format character, and the characters either side of it are
 * shaped the same apart.
 */
static PangoGlyphString *
shape_item(struct words *words, const char *text, const PangoItem *item,
    const PangoLogAttr *la)
{
	PangoGlyphString *gs = pango_glyph_string_new();
	const char *s = text + item->offset, *end = s + item->length, *from = s,
	    *p, *prev = s, *next;
	int i, in_word = word_char(s), room = item->num_chars;

	/* Room for a glyph a character, as most words take. */
	pango_glyph_string_set_size(gs, room);
	gs->num_glyphs = 0;

	for (p = g_utf8_next_char(s), i = 1; p < end; prev = p, p = next,
	    i++) {
		int w = word_char(p);

		next = g_utf8_next_char(p);
		if (w != in_word && la[i].is_cursor_position &&
		    la[i - 1].is_cursor_position && !format_char(prev) &&
		    !format_char(p) && apart(words, &item->analysis, prev,
		    (size_t)(p - prev), p, (size_t)(next - p))) {
			add_word(words, &item->analysis, from, (size_t)(p -
			    from), (int)(from - s), gs, &room);
			from = p;
		}
		in_word = w;
	}
	add_word(words, &item->analysis, from, (size_t)(end - from),
	    (int)(from - s), gs, &room);
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
	case PANGO_ATTR_FALLBACK:
	case PANGO_ATTR_FONT_DESC:
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
	case PANGO_ATTR_ABSOLUTE_SIZE:
	case PANGO_ATTR_RISE:
	case PANGO_ATTR_LINE_HEIGHT:
	case PANGO_ATTR_ABSOLUTE_LINE_HEIGHT:
		return TRUE;
	default:
		return FALSE;
	}
}

/*
 * Whether the item is one a line of words can hold: left to right, on the
 * roman baseline, so no run is moved against another but by its rise, and
 * not of a script whose letters join (which HarfBuzz shapes with the text
 * around them).
 */
static int
plain(const PangoItem *item)
{
	GUnicodeScript s = (GUnicodeScript)item->analysis.script;
	hb_script_t script = hb_script_from_iso15924_tag(
	    g_unicode_script_to_iso15924(s));

	return item->analysis.level % 2 == 0 && s != G_UNICODE_SCRIPT_MONGOLIAN &&
	    s != G_UNICODE_SCRIPT_PHAGS_PA &&
	    hb_ot_layout_get_horizontal_baseline_tag_for_script(script) ==
	    HB_OT_LAYOUT_BASELINE_TAG_ROMAN;
}

/*
 * Whether the item begins with a mark and has text before it: shaped on
 * its own, the mark would get a dotted circle for a base, which HarfBuzz
 * leaves out when it sees the text before, as Pango shows it.
 */
static int
after_mark(const char *text, const PangoItem *item)
{
	GUnicodeType t = char_type(g_utf8_get_char(text + item->offset));

	return item->offset > 0 && (t == G_UNICODE_NON_SPACING_MARK ||
	    t == G_UNICODE_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK);
}

/* The glyphs of item as Pango's layout shapes them, with all the text
 * around it (len bytes) for context. */
static PangoGlyphString *
in_context(const char *text, size_t len, const PangoItem *item)
{
	PangoGlyphString *gs = pango_glyph_string_new();

	pango_shape_full(text + item->offset, item->length, text, (int)len,
	    &item->analysis, gs);
	return gs;
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
 * Where lines may break, as pango_default_break() finds it (UAX #14 with
 * Pango's tailoring, over UAX #29 grapheme boundaries), for the text most
 * plans are made of: Latin letters, their marks, punctuation, currency
 * signs.  Pango's analysis also finds words and sentences, which the
 * breaking never asks for, at ten times the cost.  Only is_cursor_position,
 * is_line_break and is_mandatory_break are set; other text is Pango's.
 */
int
lay_plain_char(gunichar c)
{
	if (c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7f))
		return 1;
	/* Not the copyright and registered signs: emoji in UAX #29. */
	if (c >= 0xa0 && c <= 0x24f)
		return c != 0xa9 && c != 0xae;
	if (c >= 0x300 && c <= 0x36f)
		return 1;
	/* Not the joiners, the marks that set or embed a direction, the
	 * line separator and the emoji of the block. */
	if (c >= 0x2000 && c <= 0x2064)
		return c != 0x200c && c != 0x200d && c != 0x200e &&
		    c != 0x200f && (c < 0x2028 || c > 0x202e) && c != 0x203c &&
		    c != 0x2049;
	return c >= 0x20a0 && c <= 0x20c0;
}

/* Pango's numeric state for rule LB25. */
enum numeric {
	NUM_OTHER,
	NUM_NUMBER,
	NUM_CLOSED	/* a number, then a closing bracket */
};

/* Whether a line may break before a character of class b after one of
 * class prev (row: the last before the spaces between them). */
static int
allowed(GUnicodeBreakType prev, GUnicodeBreakType row, GUnicodeBreakType b,
    GUnicodeBreakType next, enum numeric num)
{
	int al_prev = prev == G_UNICODE_BREAK_ALPHABETIC, al =
	    b == G_UNICODE_BREAK_ALPHABETIC, v = 1;

	/* LB30 */
	if (((al_prev || prev == G_UNICODE_BREAK_NUMERIC) &&
	    b == G_UNICODE_BREAK_OPEN_PUNCTUATION) ||
	    (prev == G_UNICODE_BREAK_CLOSE_PARANTHESIS && (al ||
	    b == G_UNICODE_BREAK_NUMERIC)))
		v = 0;
	/* LB29, LB28 */
	if ((prev == G_UNICODE_BREAK_INFIX_SEPARATOR || al_prev) && al)
		v = 0;
	/* LB25 */
	if ((prev == G_UNICODE_BREAK_PREFIX || prev ==
	    G_UNICODE_BREAK_POSTFIX) && (b == G_UNICODE_BREAK_NUMERIC ||
	    ((b == G_UNICODE_BREAK_OPEN_PUNCTUATION || b ==
	    G_UNICODE_BREAK_HYPHEN) && next == G_UNICODE_BREAK_NUMERIC)))
		v = 0;
	if ((prev == G_UNICODE_BREAK_OPEN_PUNCTUATION || prev ==
	    G_UNICODE_BREAK_HYPHEN) && b == G_UNICODE_BREAK_NUMERIC)
		v = 0;
	if (prev == G_UNICODE_BREAK_NUMERIC && (b == G_UNICODE_BREAK_NUMERIC ||
	    b == G_UNICODE_BREAK_SYMBOL || b == G_UNICODE_BREAK_INFIX_SEPARATOR))
		v = 0;
	if (num == NUM_NUMBER && (b == G_UNICODE_BREAK_NUMERIC || b ==
	    G_UNICODE_BREAK_SYMBOL || b == G_UNICODE_BREAK_INFIX_SEPARATOR ||
	    b == G_UNICODE_BREAK_CLOSE_PUNCTUATION || b ==
	    G_UNICODE_BREAK_CLOSE_PARANTHESIS))
		v = 0;
	if (num != NUM_OTHER && (b == G_UNICODE_BREAK_POSTFIX || b ==
	    G_UNICODE_BREAK_PREFIX))
		v = 0;
	/* LB24, LB23 */
	if ((prev == G_UNICODE_BREAK_PREFIX || prev ==
	    G_UNICODE_BREAK_POSTFIX) && al)
		v = 0;
	if (al_prev && (b == G_UNICODE_BREAK_PREFIX || b ==
	    G_UNICODE_BREAK_POSTFIX || b == G_UNICODE_BREAK_NUMERIC))
		v = 0;
	if (prev == G_UNICODE_BREAK_NUMERIC && al)
		v = 0;
	/* LB22, LB21 */
	if (b == G_UNICODE_BREAK_INSEPARABLE || b == G_UNICODE_BREAK_AFTER ||
	    b == G_UNICODE_BREAK_HYPHEN || b == G_UNICODE_BREAK_NON_STARTER ||
	    prev == G_UNICODE_BREAK_BEFORE)
		v = 0;
	/* LB19 */
	if (prev == G_UNICODE_BREAK_QUOTATION || b ==
	    G_UNICODE_BREAK_QUOTATION)
		v = 0;
	/* LB18 */
	if (prev == G_UNICODE_BREAK_SPACE)
		v = 1;
	/* LB17 to LB14 */
	if ((row == G_UNICODE_BREAK_BEFORE_AND_AFTER && b ==
	    G_UNICODE_BREAK_BEFORE_AND_AFTER) ||
	    ((row == G_UNICODE_BREAK_CLOSE_PUNCTUATION || row ==
	    G_UNICODE_BREAK_CLOSE_PARANTHESIS) && b ==
	    G_UNICODE_BREAK_NON_STARTER) ||
	    (row == G_UNICODE_BREAK_QUOTATION && b ==
	    G_UNICODE_BREAK_OPEN_PUNCTUATION) ||
	    row == G_UNICODE_BREAK_OPEN_PUNCTUATION)
		v = 0;
	/* LB13 */
	if (b == G_UNICODE_BREAK_EXCLAMATION || (prev !=
	    G_UNICODE_BREAK_NUMERIC && (b == G_UNICODE_BREAK_CLOSE_PUNCTUATION ||
	    b == G_UNICODE_BREAK_CLOSE_PARANTHESIS || b ==
	    G_UNICODE_BREAK_INFIX_SEPARATOR || b == G_UNICODE_BREAK_SYMBOL)))
		v = 0;
	/* LB12, LB12a, LB11 */
	if (prev == G_UNICODE_BREAK_NON_BREAKING_GLUE ||
	    (b == G_UNICODE_BREAK_NON_BREAKING_GLUE && prev !=
	    G_UNICODE_BREAK_SPACE && prev != G_UNICODE_BREAK_AFTER && prev !=
	    G_UNICODE_BREAK_HYPHEN) || prev == G_UNICODE_BREAK_WORD_JOINER ||
	    b == G_UNICODE_BREAK_WORD_JOINER)
		v = 0;
	/* LB9 */
	if (b == G_UNICODE_BREAK_COMBINING_MARK && prev !=
	    G_UNICODE_BREAK_MANDATORY && prev !=
	    G_UNICODE_BREAK_CARRIAGE_RETURN && prev !=
	    G_UNICODE_BREAK_LINE_FEED && prev != G_UNICODE_BREAK_SPACE &&
	    prev != G_UNICODE_BREAK_ZERO_WIDTH_SPACE)
		v = 0;
	/* LB8 */
	if (row == G_UNICODE_BREAK_ZERO_WIDTH_SPACE)
		v = 1;
	/* LB7, LB6 */
	if (b == G_UNICODE_BREAK_SPACE || b == G_UNICODE_BREAK_ZERO_WIDTH_SPACE ||
	    b == G_UNICODE_BREAK_MANDATORY || b ==
	    G_UNICODE_BREAK_CARRIAGE_RETURN || b == G_UNICODE_BREAK_LINE_FEED)
		v = 0;
	return v;
}

static GUnicodeBreakType
break_class(gunichar c)
{
	GUnicodeBreakType b = char_break(c);

	/* LB1: the ambiguous are alphabetic. */
	return b == G_UNICODE_BREAK_AMBIGUOUS || b ==
	    G_UNICODE_BREAK_UNKNOWN ? G_UNICODE_BREAK_ALPHABETIC : b;
}

/* A grapheme boundary before c, after prev (UAX #29, for plain text). */
static int
grapheme_boundary(gunichar prev, gunichar c)
{
	GUnicodeType t = char_type(c), pt = char_type(prev);
	int control = t == G_UNICODE_CONTROL || t == G_UNICODE_FORMAT ||
	    t == G_UNICODE_PARAGRAPH_SEPARATOR, prev_control = prev == 0 ? 0 :
	    pt == G_UNICODE_CONTROL || pt == G_UNICODE_FORMAT ||
	    pt == G_UNICODE_PARAGRAPH_SEPARATOR;

	if (c == '\n' && prev == '\r')
		return 0;
	if (control || prev_control)
		return 1;
	return t != G_UNICODE_NON_SPACING_MARK && t !=
	    G_UNICODE_ENCLOSING_MARK;
}

/* The break attributes of len bytes of plain text (plain_script()). */
static void
plain_breaks(const char *text, int len, PangoLogAttr *attrs, int nattrs)
{
	GUnicodeBreakType prev = G_UNICODE_BREAK_UNKNOWN,
	    before_prev = G_UNICODE_BREAK_UNKNOWN, b, next;
	enum numeric num = NUM_OTHER;
	const char *s, *end = text + len;
	gunichar prev_c = 0, c;
	PangoLogAttr before;
	int i;

	/* What the paragraph before found at its end stays, as with
	 * pango_default_break(). */
	before = attrs[0];
	memset(attrs, 0, (size_t)nattrs * sizeof(*attrs));
	/* Past the end, a paragraph separator. */
	c = len > 0 ? g_utf8_get_char(text) : 0x2029;
	next = break_class(c);
	for (s = text, i = 0; i < nattrs; i++) {
		GUnicodeBreakType row;

		b = next;
		if (s < end)
			s = g_utf8_next_char(s);
		next = s < end ? break_class(g_utf8_get_char(s)) :
		    G_UNICODE_BREAK_MANDATORY;
		attrs[i].is_cursor_position = grapheme_boundary(prev_c, c);
		row = prev == G_UNICODE_BREAK_SPACE ? before_prev : prev;
		if (row == G_UNICODE_BREAK_UNKNOWN)
			row = G_UNICODE_BREAK_ALPHABETIC;
		if (attrs[i].is_cursor_position ||
		    b == G_UNICODE_BREAK_COMBINING_MARK) {
			enum numeric kind = b == G_UNICODE_BREAK_NUMERIC ?
			    NUM_NUMBER : (b == G_UNICODE_BREAK_CLOSE_PUNCTUATION ||
			    b == G_UNICODE_BREAK_CLOSE_PARANTHESIS) &&
			    num == NUM_NUMBER ? NUM_CLOSED : NUM_OTHER;

			attrs[i].is_line_break = allowed(prev, row, b, next,
			    num);
			/* LB4, LB5 */
			if (prev == G_UNICODE_BREAK_MANDATORY || (prev ==
			    G_UNICODE_BREAK_CARRIAGE_RETURN && c != '\n') ||
			    prev == G_UNICODE_BREAK_LINE_FEED) {
				attrs[i].is_mandatory_break = 1;
				attrs[i].is_line_break = 1;
			}
			if (b != G_UNICODE_BREAK_COMBINING_MARK &&
			    (num != NUM_NUMBER || (b !=
			    G_UNICODE_BREAK_NUMERIC && b !=
			    G_UNICODE_BREAK_SYMBOL && b !=
			    G_UNICODE_BREAK_INFIX_SEPARATOR)))
				num = kind;
		}
		if (b == G_UNICODE_BREAK_COMBINING_MARK) {
			/* LB10: a mark with nothing to go with is a letter. */
			if (i == 0 || prev == G_UNICODE_BREAK_MANDATORY ||
			    prev == G_UNICODE_BREAK_CARRIAGE_RETURN ||
			    prev == G_UNICODE_BREAK_LINE_FEED ||
			    prev == G_UNICODE_BREAK_SPACE ||
			    prev == G_UNICODE_BREAK_ZERO_WIDTH_SPACE)
				prev = G_UNICODE_BREAK_ALPHABETIC;
		} else if (b != G_UNICODE_BREAK_SPACE ||
		    prev != G_UNICODE_BREAK_SPACE) {
			before_prev = prev;
			prev = b;
		}
		prev_c = c;
		c = s < end ? g_utf8_get_char(s) : 0x2029;
	}
	attrs[0].is_cursor_position = 1;
	attrs[0].is_line_break = before.is_line_break;
	attrs[0].is_mandatory_break = before.is_mandatory_break;
	attrs[nattrs - 1].is_cursor_position = 1;
	attrs[nattrs - 1].is_line_break = 1;
	attrs[nattrs - 1].is_mandatory_break = 1;
}

/*
 * Whether len bytes of text are plain (lay_plain_char, none unassigned),
 * and their script as Pango's itemiser finds it: Latin if one is a Latin
 * letter, else Common (the plain characters are of these and Inherited).
 * -1 when they are not plain.
 */
static int
plain_script(const char *text, int len)
{
	const char *s, *end = text + len;
	int script = PANGO_SCRIPT_COMMON;

	for (s = text; s < end; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);

		if (!lay_plain_char(c) || char_type(c) == G_UNICODE_UNASSIGNED)
			return -1;
		if (script == PANGO_SCRIPT_COMMON &&
		    g_unichar_get_script(c) == G_UNICODE_SCRIPT_LATIN)
			script = PANGO_SCRIPT_LATIN;
	}
	return script;
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
		int delim, next, at = first, chars, script;
		GList *items, *l;

		pango_find_paragraph_boundary(text + start, (int)len - start,
		    &delim, &next);
		/* The paragraph and its separator. */
		script = plain_script(text + start, next);
		chars = (int)g_utf8_strlen(text + start, next);
		if (script >= 0 && (dir == PANGO_DIRECTION_LTR ||
		    dir == PANGO_DIRECTION_WEAK_LTR))
			items = lay_plain_items(ctx, text, start, delim,
			    (PangoScript)script, iter);
		else
			items = pango_itemize_with_base_dir(ctx, dir, text,
			    start, delim, itemise, iter);
		if (script >= 0)
			plain_breaks(text + start, next, out->attrs + first,
			    chars + 1);
		else
			pango_default_break(text + start, next, NULL,
			    out->attrs + first, out->nattrs - first);
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

			run->glyphs = after_mark(text, item) ?
			    in_context(text, len, item) : shape_item(words, text,
			    item, out->attrs + at);
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
		first += chars;
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
	struct words *words;
	int r = -1;

	memset(out, 0, sizeof(*out));
	pthread_once(&props_once, props_init);
	/* Between paragraphs, no glyphs of the store are in use. */
	words = words_of(ctx);
	if (g_hash_table_size(words->shaped) >= MAX_WORDS) {
		g_hash_table_remove_all(words->shaped);
		g_hash_table_remove_all(words->apart);
	}
	/* Small capitals and turned text are Pango's to set; so is a
	 * hyphenation point (U+2027), which Pango's layout shows as a hyphen
	 * where it ends a paragraph. */
	if (strchr(text, '\t') != NULL || strstr(text, "\xe2\x80\xa8") != NULL ||
	    strstr(text, "\xe2\x80\xa7") != NULL ||
	    pango_font_description_get_variant(fd) != PANGO_VARIANT_NORMAL ||
	    PANGO_GRAVITY_IS_VERTICAL(pango_context_get_gravity(ctx)) ||
	    ((pango_font_description_get_set_fields(fd) &
	    PANGO_FONT_MASK_GRAVITY) && pango_font_description_get_gravity(fd) !=
	    PANGO_GRAVITY_SOUTH))
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

int
lay_shape_spaced(PangoContext *ctx, const PangoFontDescription *fd,
    const char *text, int spacing, struct lay_shaped *out)
{
	const PangoGlyphString *g;

	if (lay_shape(ctx, fd, NULL, text, out) != 0)
		return -1;
	if (out->nruns != 1 || (g = out->runs[0]->glyphs)->num_glyphs == 0 ||
	    g->glyphs[0].geometry.width == 0 ||
	    g->glyphs[g->num_glyphs - 1].geometry.width == 0) {
		lay_shaped_free(out);
		return -1;
	}
	/* Pango's layout also puts the spacing before the run's first glyph
	 * and after its last, and takes it away again at the line's ends. */
	pango_glyph_item_letter_space(out->runs[0], text, out->attrs, spacing);
	return 0;
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
