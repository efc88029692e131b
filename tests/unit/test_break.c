/*
 * Line breaking (lay_break) and the joints of compounds (compound), with
 * the style's fonts and dictionaries:
 * - the joints of compounds the patterns break wrong, none in a word that
 *   is no compound;
 * - a body paragraph is set without a hyphen;
 * - in a narrow column long compounds break where their words meet;
 * - an address breaks after its punctuation, never after "://", and gets
 *   no hyphen;
 * - the author's soft hyphens come before the dictionary's breaks, and no
 *   soft hyphen or word joiner is left in the text;
 * - offsets of the text map to the same characters after the breaks;
 * - Pango's layout of the broken text has exactly the lines chosen, none
 *   wider than the width, from a table column's to the body's;
 * - a line broken at a space keeps the space, for the PDF's text;
 * - no empty last line after a trailing separator; words glued by a line
 *   break hyphenated each on its own; no word of over 250 letters;
 * - the compounds' word table kept in the cache is used on the next run,
 *   read again from the .dic when the kept one is damaged or cut short,
 *   and not needed where there is no cache.
 * Usage: test_break STYLE
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "compound.h"
#include "fileio.h"
#include "font.h"
#include "harness.h"
#include "lay_break.h"
#include "layout.h"
#include "render.h"
#include "xalloc.h"

#define PS	"\xe2\x80\xa9"		/* the break without a space */
#define SHY	"\xc2\xad"
#define WJ	"\xe2\x81\xa0"
#define ACUTE	"\xcc\x81"		/* combining */

static struct render *r;
static PangoFontDescription *fd;

static void
broken(const char *text, double width, struct lay_para *out)
{
	lay_break(render_context(r), fd, NULL, text, r->hyph, width,
	    lay_hyphen_width(render_context(r), fd), out);
}

/* The joints compound finds in word (Latin-1), as "5 11". */
static void
joints_of(const struct compound *c, const char *word, char *out)
{
	char joint[256];
	int n = (int)strlen(word), i;

	memset(joint, 0, sizeof(joint));
	out[0] = '\0';
	compound_joints(c, word, n, 3, joint);
	for (i = 1; i < n; i++)
		if (joint[i])
			sprintf(out + strlen(out), "%s%d", out[0] ? " " : "",
			    i);
}

static void
test_compounds(void)
{
	/* Words in Latin-1, and their joints. */
	static const char *const words[][2] = {
		{ "vuxenenheten", "5" },
		{ "s\xe4kerhetssamordnaren", "9" },
		{ "utbildningsf\xf6rvaltningen", "11" },
		{ "verksamhetsstyrningsavdelningen", "11 20" },
		{ "tertialrapport", "7" },
		{ "manifestationer", "" },
	};
	struct buf aff = { 0 }, dic = { 0 };
	struct compound *c;
	char got[64];
	size_t i;

	buf_printf(&aff, "%s.aff", r->style->hyph_compounds);
	buf_printf(&dic, "%s.dic", r->style->hyph_compounds);
	c = compound_open(aff.data, dic.data);
	OK(c != NULL);
	for (i = 0; c != NULL && i < sizeof(words) / sizeof(*words); i++) {
		joints_of(c, words[i][0], got);
		STR_EQ(got, words[i][1]);
	}
	compound_close(c);
	OK(compound_open("/nonexistent.aff", dic.data) == NULL);
	buf_free(&aff);
	buf_free(&dic);
}

/* The joints of a few words, as test_compounds has them. */
static int
joints_right(const struct compound *c)
{
	char got[64];

	if (c == NULL)
		return 0;
	joints_of(c, "s\xe4kerhetssamordnaren", got);
	if (strcmp(got, "9") != 0)
		return 0;
	joints_of(c, "verksamhetsstyrningsavdelningen", got);
	return strcmp(got, "11 20") == 0;
}

/* The one file in dir, its path in *path; its bytes, or NULL. */
static char *
only_file(const char *dir, struct buf *path, size_t *len)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char *data = NULL;

	path->len = 0;
	while (dp != NULL && (e = readdir(dp)) != NULL)
		if (e->d_name[0] != '.' && path->len == 0)
			buf_printf(path, "%s/%s", dir, e->d_name);
	if (dp != NULL)
		closedir(dp);
	if (path->len > 0)
		data = fileio_slurp(path->data, 64 << 20, len);
	return data;
}

/* Writes len bytes of data to path. */
static void
put(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	OK(f != NULL && fwrite(data, 1, len, f) == len);
	if (f != NULL)
		fclose(f);
}

/* Opens the dictionary, whose kept table is damaged: the joints are right,
 * and the table kept anew is the len bytes of kept. */
static void
kept_again(const char *aff, const char *dic, const char *dir,
    const char *kept, size_t len)
{
	struct compound *c = compound_open(aff, dic);
	struct buf path = { 0 };
	size_t len2 = 0;
	char *again;

	OK(joints_right(c));
	compound_keep(c);
	compound_close(c);
	again = only_file(dir, &path, &len2);
	OK(again != NULL && len2 == len && memcmp(again, kept, len) == 0);
	free(again);
	buf_free(&path);
}

static void
test_kept(void)
{
	char top[] = "/tmp/hplan-cache-XXXXXX", *kept;
	struct buf aff = { 0 }, dic = { 0 }, dir = { 0 }, path = { 0 };
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CACHE_HOME");
	char *saved_home = home != NULL ? xstrdup(home) : NULL,
	    *saved_xdg = xdg != NULL ? xstrdup(xdg) : NULL;
	struct compound *c;
	size_t len = 0;

	OK(mkdtemp(top) != NULL);
	setenv("XDG_CACHE_HOME", top, 1);
	buf_printf(&dir, "%s/hplan", top);
	buf_printf(&aff, "%s.aff", r->style->hyph_compounds);
	buf_printf(&dic, "%s.dic", r->style->hyph_compounds);

	/* Read from the .dic, then kept. */
	c = compound_open(aff.data, dic.data);
	OK(joints_right(c));
	compound_keep(c);
	compound_close(c);
	kept = only_file(dir.data, &path, &len);
	OK(kept != NULL && len > 4096 && memcmp(kept, "hplcmp", 6) == 0);

	/* Mapped from the cache: there is nothing to keep, so the file,
	 * once gone, stays gone. */
	c = compound_open(aff.data, dic.data);
	OK(joints_right(c));
	OK(path.len > 0 && unlink(path.data) == 0);
	compound_keep(c);
	compound_close(c);
	OK(access(path.data, F_OK) != 0);

	/* A table with a byte changed, or cut short, is read anew from the
	 * .dic, and kept again as it was. */
	if (kept != NULL && path.len > 0) {
		kept[len - 5] ^= 0x40;
		put(path.data, kept, len);
		kept[len - 5] ^= 0x40;
		kept_again(aff.data, dic.data, dir.data, kept, len);
		put(path.data, kept, len / 2);
		kept_again(aff.data, dic.data, dir.data, kept, len);
		unlink(path.data);
	}

	/* No place for a cache: read from the .dic each time. */
	setenv("XDG_CACHE_HOME", "relative", 1);
	unsetenv("HOME");
	c = compound_open(aff.data, dic.data);
	OK(joints_right(c));
	compound_keep(c);
	compound_close(c);

	if (saved_home != NULL)
		setenv("HOME", saved_home, 1);
	if (saved_xdg != NULL)
		setenv("XDG_CACHE_HOME", saved_xdg, 1);
	else
		unsetenv("XDG_CACHE_HOME");
	rmdir(dir.data);
	rmdir(top);
	free(saved_home);
	free(saved_xdg);
	free(kept);
	buf_free(&aff);
	buf_free(&dic);
	buf_free(&dir);
	buf_free(&path);
}

/*
 * Whether Pango's layout of the broken text has exactly the lines chosen,
 * each, but for the spaces at its end, at most width wide.
 */
static int
fits(const char *text, double width)
{
	PangoLayout *l = pango_layout_new(render_context(r));
	GSList *lines;
	int n = 1, ok = 1;
	const char *p;

	for (p = text; *p != '\0'; p++)
		n += *p == '\n' || strncmp(p, PS, 3) == 0;
	pango_layout_set_font_description(l, fd);
	pango_layout_set_auto_dir(l, FALSE);
	pango_layout_set_text(l, text, -1);
	ok = pango_layout_get_line_count(l) == n;
	for (lines = pango_layout_get_lines_readonly(l); lines != NULL;
	    lines = lines->next) {
		PangoLayoutLine *line = lines->data;
		int last = line->start_index + line->length, x;

		while (last > line->start_index && text[last - 1] == ' ')
			last--;
		pango_layout_line_index_to_x(line, last, 0, &x);
		if (x / (double)PANGO_SCALE > width + 0.01)
			ok = 0;
	}
	g_object_unref(l);
	return ok;
}

static void
test_body(void)
{
	const char *text = "Norrmalms stadsdelsf\xc3\xb6rvaltnings "
	    "handlingsplan \xc3\xa4r framtagen utifr\xc3\xa5n anvisningar till "
	    "tertialrapport 1 f\xc3\xb6r 2017 och reviderad till "
	    "tertialrapport 2 f\xc3\xb6r 2017 med kompletteringar enligt "
	    "beslut i kommunstyrelsen 21 juni 2017. Handlingsplanen "
	    "inbegriper de \xc3\xa5tg\xc3\xa4rder som stadsdelen avser "
	    "genomf\xc3\xb6ra, samt vilka akt\xc3\xb6rer som \xc3\xa4r "
	    "ansvariga f\xc3\xb6r arbetet.";
	double widths[] = { 60, 90, 140, 220, 453 };
	struct lay_para out;
	size_t i;

	broken(text, 453, &out);
	INT_EQ(out.nhyphens, 0);
	OK(strstr(out.text.data, " \n") != NULL);
	lay_para_free(&out);
	for (i = 0; i < sizeof(widths) / sizeof(*widths); i++) {
		broken(text, widths[i], &out);
		OK(fits(out.text.data, widths[i]));
		lay_para_free(&out);
	}
}

static void
test_narrow(void)
{
	struct lay_para out;

	broken("S\xc3\xa4kerhetssamordnaren och "
	    "utbildningsf\xc3\xb6rvaltningen", 75, &out);
	OK(strstr(out.text.data, "S\xc3\xa4kerhets-" PS) != NULL);
	OK(strstr(out.text.data, "utbildnings-" PS) != NULL);
	INT_EQ(out.nhyphens, 2);
	if (out.nhyphens > 0)
		OK(out.text.data[out.hyphens[0]] == '-');
	lay_para_free(&out);
}

/* A passage in another language is not hyphenated with the plan's
 * dictionary, which would break it where it breaks Swedish: a column must
 * be as wide as its longest word. */
static void
test_foreign(void)
{
	const char *text = "Se counterradicalization i programmet.";
	PangoContext *ctx = render_context(r);
	double hyphen = lay_hyphen_width(ctx, fd), sv, en;
	PangoAttrList *attrs = pango_attr_list_new();
	PangoAttribute *a = pango_attr_language_new(
	    pango_language_from_string("en"));
	struct lay_measure *m;
	struct lay_para out;

	m = lay_measure(ctx, fd, NULL, text, r->hyph, hyphen);
	sv = lay_measure_min(m, LAY_SYLLABLES);
	lay_measure_free(m);
	a->start_index = 3;
	a->end_index = (guint)(strstr(text, " i ") - text);
	pango_attr_list_insert(attrs, a);
	m = lay_measure(ctx, fd, attrs, text, r->hyph, hyphen);
	en = lay_measure_min(m, LAY_SYLLABLES);
	lay_measure_free(m);
	OK(en > sv * 1.5);
	/* And set where it fits, it is broken nowhere. */
	lay_break(ctx, fd, attrs, text, r->hyph, en + 1, hyphen, &out);
	OK(strstr(out.text.data, "counterradicalization") != NULL);
	INT_EQ(out.nhyphens, 0);
	lay_para_free(&out);
	pango_attr_list_unref(attrs);
}

static void
test_address(void)
{
	struct lay_para out;

	broken("Se https://www.stockholm.se/handlingsplaner/extremism/"
	    "norrmalm f\xc3\xb6r mer.", 90, &out);
	OK(strstr(out.text.data, "://" PS) == NULL);
	OK(strstr(out.text.data, "https:/" PS) == NULL);
	OK(strstr(out.text.data, "/" PS) != NULL);
	INT_EQ(out.nhyphens, 0);
	lay_para_free(&out);
}

static void
test_marks(void)
{
	const char *text = "Lokal" SHY "polis" SHY "omr\xc3\xa5" "det och "
	    "f\xc3\xb6rvaltningen" WJ "1 samverkar.";
	struct lay_para out;
	size_t marker = strstr(text, WJ) - text + 3, at;

	broken(text, 50, &out);
	OK(strstr(out.text.data, SHY) == NULL);
	OK(strstr(out.text.data, WJ) == NULL);
	OK(strstr(out.text.data, "Lokal-" PS) != NULL ||
	    strstr(out.text.data, "polis-" PS) != NULL);
	at = lay_break_map(&out, marker);
	OK(at < out.text.len && out.text.data[at] == '1');
	lay_para_free(&out);
}

/* What a review found: a paragraph ending in a separator, words glued by
 * a line break, a word of more than 250 letters. */
static void
test_edges(void)
{
	struct hyph_points pts = { 0 };
	struct lay_para out;
	char *run = xcalloc(274, 1);
	const char *glued = "stadsbyggnadskontoret\xe2\x80\xa8VBE-samordnaren";

	broken("Sista" PS, 453, &out);
	OK(fits(out.text.data, 453));
	OK(strstr(out.text.data, PS) == NULL);
	lay_para_free(&out);
	/* Glued to "VBE-samordnaren", whose hyphen keeps it whole, the
	 * word is still hyphenated where a narrow column needs it. */
	broken(glued, 80, &out);
	OK(strstr(out.text.data, "stadsbyggnads-" PS) != NULL);
	lay_para_free(&out);
	memset(run, 'a', 273);
	memcpy(run, "stadsbyggnadskontoret", 21);
	hyph_points(r->hyph, run, 273, 0, &pts);
	INT_EQ(pts.n, 0);
	free(run);
	free(pts.at);
	free(pts.joint);
}

/*
 * The lines made from the glyphs shaped to measure text are the lines
 * Pango lays out from the text written: the same characters, the same
 * glyphs of the same clusters, the same width but for the kerning of a
 * hyphen the breaking added.
 */
static void
same_as_pango(const char *text, double width)
{
	struct lay_para out;
	PangoLayout *l;
	GSList *pl;
	size_t i = 0, k;

	broken(text, width, &out);
	if (out.lines == NULL) {
		/* Unchanged (the measuring layout serves) or laid anew. */
		OK(out.nedits == 0 || out.layout == NULL);
		lay_para_free(&out);
		return;
	}
	l = pango_layout_new(render_context(r));
	pango_layout_set_font_description(l, fd);
	pango_layout_set_auto_dir(l, FALSE);
	pango_layout_set_text(l, out.text.data, -1);
	INT_EQ(out.lines->n, pango_layout_get_line_count(l));
	STR_EQ(out.lines->text, out.text.data);
	for (pl = pango_layout_get_lines_readonly(l); pl != NULL &&
	    i < out.lines->n; pl = pl->next, i++) {
		PangoLayoutLine *want = pl->data;
		const struct lay_line *got = &out.lines->line[i];
		PangoRectangle logical;
		GSList *run;
		int g = 0, n = 0, ok = 1;

		INT_EQ(got->start, want->start_index);
		INT_EQ(got->len, want->length);
		pango_layout_line_get_extents(want, NULL, &logical);
		OK(fabs(got->width - logical.width / (double)PANGO_SCALE) <
		    0.5);
		/* The glyphs in order, each with the byte it stands for. */
		for (run = want->runs; run != NULL; run = run->next) {
			PangoGlyphItem *w = run->data;
			int j;

			for (j = 0; j < w->glyphs->num_glyphs; j++, n++) {
				const struct lay_run *gr = NULL;

				for (k = 0, g = n; k < got->nruns; k++) {
					if (g < got->runs[k]->n) {
						gr = got->runs[k];
						break;
					}
					g -= got->runs[k]->n;
				}
				ok &= gr != NULL && lay_run_glyph(gr, g) ==
				    w->glyphs->glyphs[j].glyph &&
				    gr->item->offset + lay_run_cluster(gr, g) ==
				    w->item->offset + w->glyphs->log_clusters[j];
			}
		}
		for (k = 0, g = 0; k < got->nruns; k++)
			g += got->runs[k]->n;
		OK(ok && g == n);
	}
	g_object_unref(l);
	lay_para_free(&out);
}

static void
test_glyphs(void)
{
	struct lay_para out;

	same_as_pango("Stadsdelsnämnden ska arbeta med att förebygga "
	    "våldsbejakande extremism i samverkan med polisen, "
	    "socialtjänsten och skolorna i stadsdelsområdet.", 120);
	same_as_pango("stadsbyggnadskontoret\xe2\x80\xa8VBE-samordnaren", 80);
	same_as_pango("Mellan" SHY "rum och " WJ "ord, www.stockholm.se/"
	    "handlingsplaner/vbe och \"citat\" i en smal spalt", 60);
	same_as_pango("Rad ett\nrad två\xe2\x80\xa8rad tre", 300);
	same_as_pango("Ett ord och en mening som bryts sist" PS, 90);
	/* Accents typed as combining marks. */
	same_as_pango("Cafe" ACUTE "et och re" ACUTE "sume" ACUTE "n e" ACUTE
	    "e" ACUTE "e" ACUTE "e" ACUTE "e" ACUTE "e" ACUTE "e" ACUTE "e"
	    ACUTE "e" ACUTE "e" ACUTE, 25);
	/* Right to left inside left to right: Pango lays each line out anew,
	 * its own bidirectional order. */
	broken("Kontakt: \xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8"
	    "\xd9\x8a\xd8\xa9 \xd9\x88\xd8\xa7\xd9\x84\xd9\x81"
	    "\xd8\xa7\xd8\xb1\xd8\xb3\xd9\x8a\xd8\xa9 och svenska", 60,
	    &out);
	OK(out.lines == NULL && out.layout == NULL && out.nedits > 0);
	lay_para_free(&out);
	same_as_pango("", 100);
}

int
main(int argc, char *argv[])
{
	struct diag d;

	diag_init(&d, stderr);
	if (argc < 2 || (r = render_open(argv[1], &d)) == NULL)
		return 1;
	fd = font_describe(r->style, &r->style->table_text);
	test_compounds();
	test_kept();
	test_body();
	test_narrow();
	test_foreign();
	test_address();
	test_marks();
	test_edges();
	test_glyphs();
	pango_font_description_free(fd);
	render_close(r);
	return harness_done();
}
