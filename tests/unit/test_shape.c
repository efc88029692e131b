/*
 * Words shaped once (lay_shape) against Pango's layout of the same text,
 * the oracle: for every line of the example plans and some harder texts,
 * in the style's fonts, with bold, italic, colour, underline and a raised
 * footnote number laid over them, the same break attributes, the same runs
 * (place, font, rise) and the same glyphs (id, advance, offsets, cluster,
 * colour),
 * and over random strings of every class of character the line breaking
 * tells apart, some with markup over random characters, the same places a
 * line may break and the same items (runs, fonts, fallback fonts, the
 * spaces between them).
 * A space kerned with the letter after it ("och Vidare" in the body font)
 * must keep its kerning.  Text it leaves to Pango's layout (right to
 * left, tabs, letter spacing, a hyphenation point) it must refuse.
 * A line letter-spaced all over (lay_shape_spaced, the contents' leaders)
 * must be Pango's layout of it; one of more than one run refused.
 * Widths of texts shaped (lay_text_width) are those of Pango's layout; a
 * font's ascent and descent (font_extents) Pango's context metrics', in
 * every text style of the style, bold and italic, and in fonts that lack
 * the letters of the language's sample text.
 * Usage: test_shape STYLE PLAN...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "font.h"
#include "harness.h"
#include "lay_shape.h"
#include "lay_break.h"
#include "render.h"
#include "style.h"

static struct render *r;
static int compared;

static int
same_run(const PangoGlyphItem *got, const PangoGlyphItem *want)
{
	const PangoGlyphString *g = got->glyphs, *w = want->glyphs;
	int i;

	if (got->item->offset != want->item->offset || got->item->length !=
	    want->item->length || got->item->num_chars !=
	    want->item->num_chars || got->item->analysis.font !=
	    want->item->analysis.font || got->item->analysis.flags !=
	    want->item->analysis.flags || got->item->analysis.level !=
	    want->item->analysis.level || got->item->analysis.gravity !=
	    want->item->analysis.gravity || got->item->analysis.script !=
	    want->item->analysis.script || got->item->analysis.language !=
	    want->item->analysis.language || got->y_offset != want->y_offset ||
	    g->num_glyphs != w->num_glyphs)
		return 0;
	for (i = 0; i < g->num_glyphs; i++) {
		const PangoGlyphInfo *a = &g->glyphs[i], *b = &w->glyphs[i];

		if (a->glyph != b->glyph || a->geometry.width !=
		    b->geometry.width || a->geometry.x_offset !=
		    b->geometry.x_offset || a->geometry.y_offset !=
		    b->geometry.y_offset || a->attr.is_cluster_start !=
		    b->attr.is_cluster_start || a->attr.is_color !=
		    b->attr.is_color || g->log_clusters[i] !=
		    w->log_clusters[i])
			return 0;
	}
	return 1;
}

/* Pango's layout of text in fd with attrs, the oracle. */
static PangoLayout *
pango_of(const PangoFontDescription *fd, PangoAttrList *attrs,
    const char *text)
{
	PangoLayout *l = pango_layout_new(render_context(r));

	pango_layout_set_font_description(l, fd);
	pango_layout_set_auto_dir(l, FALSE);
	pango_layout_set_text(l, text, -1);
	pango_layout_set_attributes(l, attrs);
	return l;
}

/* Whether lay_shape gives text what Pango's layout gives it. */
static int
as_pango(const PangoFontDescription *fd, PangoAttrList *attrs,
    const char *text)
{
	PangoContext *ctx = render_context(r);
	PangoLayout *l = pango_of(fd, attrs, text);
	struct lay_shaped s;
	const PangoLogAttr *la;
	GSList *line, *run;
	size_t k = 0;
	int n, ok, i;

	la = pango_layout_get_log_attrs_readonly(l, &n);
	if (lay_shape(ctx, fd, attrs, text, &s) != 0) {
		fprintf(stderr, "not shaped: %s\n", text);
		g_object_unref(l);
		return 0;
	}
	ok = s.nattrs == n;
	for (i = 0; ok && i < n; i++)
		ok = s.attrs[i].is_cursor_position == la[i].is_cursor_position &&
		    s.attrs[i].is_line_break == la[i].is_line_break &&
		    s.attrs[i].is_mandatory_break == la[i].is_mandatory_break;
	for (line = pango_layout_get_lines_readonly(l); line != NULL;
	    line = line->next)
		for (run = ((PangoLayoutLine *)line->data)->runs; run != NULL;
		    run = run->next, k++)
			ok &= k < s.nruns && same_run(s.runs[k], run->data);
	ok &= k == s.nruns;
	if (!ok)
		fprintf(stderr, "not as Pango: %s\n", text);
	lay_shaped_free(&s);
	g_object_unref(l);
	compared++;
	return ok;
}

static void
add(PangoAttrList *attrs, PangoAttribute *a, size_t start, size_t end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(attrs, a);
}

/* Byte offset o of text moved on to where a character begins: attributes
 * begin and end between characters. */
static size_t
char_start(const char *text, size_t o)
{
	while ((text[o] & 0xc0) == 0x80)
		o++;
	return o;
}

/* text plain, and with markup laid over its thirds. */
static void
both_ways(const PangoFontDescription *fd, const char *text)
{
	size_t len = strlen(text), third = char_start(text, len / 3),
	    sixth = char_start(text, len / 6), last;
	PangoAttrList *plain = pango_attr_list_new(), *marked;

	OK(as_pango(fd, plain, text));
	pango_attr_list_unref(plain);
	if (len < 6)
		return;
	last = (size_t)(g_utf8_find_prev_char(text, text + len) - text);
	marked = pango_attr_list_new();
	add(marked, pango_attr_weight_new(PANGO_WEIGHT_BOLD), 0, third);
	add(marked, pango_attr_style_new(PANGO_STYLE_ITALIC), sixth, third);
	add(marked, pango_attr_foreground_new(0, 0x3000, 0xa000), third,
	    len);
	add(marked, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), third,
	    len);
	add(marked, pango_attr_scale_new(0.6), last, len);
	add(marked, pango_attr_rise_new(3000), last, len);
	OK(as_pango(fd, marked, text));
	pango_attr_list_unref(marked);
}

static void
plan_lines(const PangoFontDescription *fd, const char *path)
{
	size_t len;
	char *text = fileio_slurp(path, 1 << 24, &len), *line, *save = NULL;

	OK(text != NULL);
	if (text == NULL)
		return;
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ' || *line == '-')
			line++;
		if (g_utf8_validate(line, -1, NULL) && strchr(line, '\t') ==
		    NULL)
			both_ways(fd, line);
	}
	free(text);
}

static void
hard_texts(const PangoFontDescription *fd)
{
	static const char *const texts[] = {
		"",
		" ",
		"Vidare samverkan mellan polis och Vidare, AVTAL. T, V. Y; W:",
		"  dubbla  mellanrum  och slut med mellanrum  ",
		"Cafe\xcc\x81 och re\xcc\x81sume\xcc\x81 \xcc\x81 med ett "
		    "m\xc3\xa4rke efter mellanrum",
		/* Kerned across a combining mark. */
		"T\xcc\x81o LT\xcc\x81ov AV\xcc\x88. T\xcc\x81, Y\xcc\x81.",
		"Stycke ett\nstycke tv\xc3\xa5\r\nstycke tre\xe2\x80\xa9sist\n",
		"Emoji \xf0\x9f\x98\x80 och \xe2\x9c\x85 bland ord",
		"ffi fl ff \xe2\x80\x9e" "citat\xe2\x80\x9d och \xc2\xbb"
		    "citat\xc2\xab, 12\xc2\xa0" "000 kr och 3\xe2\x80\xaf%",
		"www.stockholm.se/handlingsplaner/vbe?a=1&b=2",
		"mjuk\xc2\xad" "bindestreck och ord\xe2\x80\x8b" "delare och "
		    "ord\xe2\x81\xa0" "fog",
	};
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(*texts); i++)
		both_ways(fd, texts[i]);
}

/*
 * Random strings of letters, digits, spaces, marks, quotes, brackets,
 * dashes, currency signs, separators and the invisible characters that
 * mark breaks: every pair and most triples of their classes.
 */
static void
random_texts(const PangoFontDescription *fd)
{
	static const char *const pool[] = {
		"a", "Z", "\xc3\xa5", "1", "9", " ", "\xc2\xa0", "-",
		"\xe2\x80\x90", "\xe2\x80\x93", "\xe2\x80\x94", "(", ")",
		"[", "]", "{", "}", "\"", "'", "\xe2\x80\x9d",
		"\xe2\x80\x9c", "\xe2\x80\x9e", "\xc2\xab", "\xc2\xbb", "!",
		"?", ",", ".", ":", ";", "/", "%", "$", "\xe2\x82\xac",
		"\xc2\xa3", "#", "&", "+", "\xcc\x81", "\xe2\x80\x8b",
		"\xe2\x81\xa0", "\xc2\xad", "\xe2\x80\xa6", "\xe2\x80\xa4",
		"\xc2\xb4", "\xc2\xa7", "|", "\n", "\r", "\xe2\x80\xa9",
		"\xe2\x80\x91", "\xe2\x80\xaf", "\xe2\x80\xbd",
		"\xe2\x80\xb0", "\xc2\xb0", "\xe2\x80\xb2", "\xc2\xbf",
		"\xe2\x80\x8a", "\xe2\x80\x87",
	};
	const size_t npool = sizeof(pool) / sizeof(*pool);
	unsigned seed = 2026;
	char text[128];
	int i, k, len, failed = 0;

	for (i = 0; i < 20000; i++) {
		PangoAttrList *attrs = pango_attr_list_new();
		size_t bounds[9];

		seed = seed * 1103515245u + 12345u;
		len = 1 + (int)(seed >> 16) % 8;
		text[0] = '\0';
		for (k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			bounds[k] = strlen(text);
			strcat(text, pool[(seed >> 16) % npool]);
		}
		bounds[len] = strlen(text);
		/* Every other string with markup over random characters:
		 * the items split where it begins and ends. */
		for (k = 0; i % 2 == 1 && k < 3; k++) {
			size_t a, b;

			seed = seed * 1103515245u + 12345u;
			a = bounds[(seed >> 16) % (unsigned)(len + 1)];
			seed = seed * 1103515245u + 12345u;
			b = bounds[(seed >> 16) % (unsigned)(len + 1)];
			if (a == b)
				continue;
			add(attrs, k == 0 ? pango_attr_weight_new(
			    PANGO_WEIGHT_BOLD) : k == 1 ? pango_attr_style_new(
			    PANGO_STYLE_ITALIC) : pango_attr_rise_new(2000),
			    a < b ? a : b, a < b ? b : a);
		}
		failed += !as_pango(fd, attrs, text);
		pango_attr_list_unref(attrs);
	}
	INT_EQ(failed, 0);
}

/* The plain characters are of the scripts lay_plain_items knows and set
 * no direction of their own. */
static void
plain_repertoire(void)
{
	gunichar c;
	int odd = 0;

	for (c = 0; c < 0x3000; c++) {
		GUnicodeScript sc = g_unichar_get_script(c);

		if (lay_plain_char(c) && ((sc != G_UNICODE_SCRIPT_LATIN &&
		    sc != G_UNICODE_SCRIPT_COMMON &&
		    sc != G_UNICODE_SCRIPT_INHERITED) || c == 0x200e ||
		    c == 0x200f || (c >= 0x202a && c <= 0x202e)))
			odd++;
	}
	INT_EQ(odd, 0);
}

/* What only Pango's layout sets as it should is refused. */
static void
refused(const PangoFontDescription *fd)
{
	PangoAttrList *attrs = pango_attr_list_new();
	PangoFontDescription *small;
	struct lay_shaped s;

	OK(lay_shape(render_context(r), fd, NULL, "Kontakt: \xd8\xa7\xd9\x84"
	    "\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9", &s) != 0);
	OK(lay_shape(render_context(r), fd, NULL, "kolumn\tkolumn", &s) != 0);
	OK(lay_shape(render_context(r), fd, NULL, "rad\xe2\x80\xa8rad", &s) !=
	    0);
	/* A hyphenation point that ends a paragraph Pango shows as a
	 * hyphen. */
	OK(lay_shape(render_context(r), fd, NULL, "a\xe2\x80\xa7" "b \xe2\x80"
	    "\xa7", &s) != 0);
	pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(2000));
	OK(lay_shape(render_context(r), fd, attrs, "SPATIERAD", &s) != 0);
	pango_attr_list_unref(attrs);
	/* Small capitals, and text set on its side. */
	small = pango_font_description_copy(fd);
	pango_font_description_set_variant(small, PANGO_VARIANT_SMALL_CAPS);
	OK(lay_shape(render_context(r), small, NULL, "abc DEF", &s) != 0);
	pango_font_description_set_variant(small, PANGO_VARIANT_NORMAL);
	pango_font_description_set_gravity(small, PANGO_GRAVITY_EAST);
	OK(lay_shape(render_context(r), small, NULL, "abc DEF", &s) != 0);
	pango_font_description_free(small);
}

/* Whether lay_shape_spaced gives text what Pango's layout gives it with
 * the letter spacing over all of it. */
static int
spaced_as_pango(const PangoFontDescription *fd, const char *text,
    int spacing)
{
	PangoAttrList *attrs = pango_attr_list_new();
	PangoLayout *l;
	PangoLayoutLine *line;
	struct lay_shaped s;
	int ok;

	pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(spacing));
	l = pango_of(fd, attrs, text);
	pango_attr_list_unref(attrs);
	if (lay_shape_spaced(render_context(r), fd, text, spacing, &s) != 0) {
		fprintf(stderr, "not spaced: %s\n", text);
		g_object_unref(l);
		return 0;
	}
	line = pango_layout_get_line_readonly(l, 0);
	ok = pango_layout_get_line_count(l) == 1 && s.nruns == 1 &&
	    g_slist_length(line->runs) == 1 && same_run(s.runs[0],
	    line->runs->data);
	if (!ok)
		fprintf(stderr, "not spaced as Pango: %s\n", text);
	lay_shaped_free(&s);
	g_object_unref(l);
	compared++;
	return ok;
}

/* Letter spacing as the contents' leaders have it, over ligatures, kerned
 * pairs and marks; refused where the line has more than one run. */
static void
spaced(const PangoFontDescription *fd)
{
	static const char *const texts[] = { ".", "..........",
	    "\xc2\xb7 \xc2\xb7 \xc2\xb7", "offiziell flott", "AVATAR To, Vi.",
	    "e\xcc\x81tage", "2028-04-24" };
	static const int spacings[] = { 1, 512, 1024, 2500, 3073, -300 };
	struct lay_shaped s;
	size_t i, k;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (k = 0; k < sizeof(spacings) / sizeof(spacings[0]); k++)
			OK(spaced_as_pango(fd, texts[i], spacings[k]));
	OK(lay_shape_spaced(render_context(r), fd, "Kontakt: \xd8\xa7\xd9"
	    "\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9", 1024, &s) !=
	    0);
	OK(lay_shape_spaced(render_context(r), fd, "ett \xf0\x9f\x99\x82 tv"
	    "\xc3\xa5", 1024, &s) != 0);
	OK(lay_shape_spaced(render_context(r), fd, "kolumn\tkolumn", 1024,
	    &s) != 0);
}

/* font_extents against pango_context_get_metrics, lay_text_width against
 * the width of Pango's layout. */
static void
metrics_as_pango(void)
{
	static const char *const families[] = { "Noto Emoji",
	    "Noto Naskh Arabic" };
	static const char *const texts[] = { "-", "W", "\xc3\xa5", " ",
	    "ffi", "T,", "\xd8\xb9\xd8\xb1\xd8\xa8", "\xf0\x9f\x98\x80",
	    "a\tb", "" };
	PangoContext *ctx = render_context(r);
	const struct style_text *st[64];
	size_t n = style_texts(r->style, st, 64), i, k;
	int v, w;

	for (i = 0; i < n + 2; i++)
		for (v = 0; v < 4; v++) {
			PangoFontDescription *fd = font_describe(r->style,
			    st[i < n ? i : 0]);
			PangoFontMetrics *m;
			double asc, desc;

			if (i >= n)
				pango_font_description_set_family(fd,
				    families[i - n]);
			if (v & 1)
				pango_font_description_set_weight(fd,
				    PANGO_WEIGHT_BOLD);
			if (v & 2)
				pango_font_description_set_style(fd,
				    PANGO_STYLE_ITALIC);
			font_extents(ctx, fd, &asc, &desc);
			m = pango_context_get_metrics(ctx, fd, NULL);
			OK(asc * PANGO_SCALE ==
			    pango_font_metrics_get_ascent(m));
			OK(desc * PANGO_SCALE ==
			    pango_font_metrics_get_descent(m));
			pango_font_metrics_unref(m);
			for (k = 0; k < sizeof(texts) / sizeof(*texts); k++) {
				PangoLayout *l = lay_pango_layout(ctx, fd, NULL,
				    texts[k]);

				pango_layout_get_size(l, &w, NULL);
				OK(lay_text_width(ctx, fd, texts[k]) *
				    PANGO_SCALE == w);
				g_object_unref(l);
			}
			pango_font_description_free(fd);
		}
}

int
main(int argc, char *argv[])
{
	const struct style_text *fonts[3];
	struct diag d;
	int i, f;

	diag_init(&d, stderr);
	if (argc < 3 || (r = render_open(argv[1], &d)) == NULL)
		return 1;
	fonts[0] = &r->style->body;
	fonts[1] = &r->style->table_text;
	fonts[2] = &r->style->table_header;
	for (f = 0; f < 3; f++) {
		PangoFontDescription *fd = font_describe(r->style, fonts[f]);

		hard_texts(fd);
		for (i = 2; i < argc; i++)
			plan_lines(fd, argv[i]);
		refused(fd);
		spaced(fd);
		if (f == 0)
			random_texts(fd);
		pango_font_description_free(fd);
	}
	plain_repertoire();
	metrics_as_pango();
	/* Not a vacuous pass. */
	OK(compared > 1000);
	render_close(r);
	return harness_done();
}
