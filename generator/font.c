#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <hb.h>

#include "buf.h"
#include "fileio.h"
#include "font.h"
#include "xalloc.h"

static int
has_family(FcConfig *cfg, const char *family)
{
	FcPattern *pat = FcPatternBuild(NULL, FC_FAMILY, FcTypeString,
	    (const FcChar8 *)family, (char *)NULL);
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
	FcFontSet *fs = FcFontList(cfg, pat, os);
	int found = fs != NULL && fs->nfont > 0;

	if (fs != NULL)
		FcFontSetDestroy(fs);
	FcObjectSetDestroy(os);
	FcPatternDestroy(pat);
	return found;
}

static int
is_font_file(const char *name)
{
	static const char *const exts[] = { ".ttf", ".otf", ".TTF", ".OTF" };
	size_t n = strlen(name), k;

	for (k = 0; k < sizeof(exts) / sizeof(exts[0]); k++)
		if (n > 4 && strcmp(name + n - 4, exts[k]) == 0)
			return 1;
	return 0;
}

/* The name of the file font is from, without its directory (NULL if it
 * has none); *path gets the whole path. */
static const char *
file_name(FcPattern *font, const char **path)
{
	FcChar8 *file;
	const char *slash;

	if (FcPatternGetString(font, FC_FILE, 0, &file) != FcResultMatch ||
	    (slash = strrchr((const char *)file, '/')) == NULL)
		return NULL;
	*path = (const char *)file;
	return slash + 1;
}

/* Whether the configuration has a font from the file called name. */
static int
has_file(FcConfig *cfg, const char *name)
{
	FcFontSet *fs = FcConfigGetFonts(cfg, FcSetApplication);
	const char *path, *base;
	int i;

	for (i = 0; fs != NULL && i < fs->nfont; i++)
		if ((base = file_name(fs->fonts[i], &path)) != NULL &&
		    strcmp(base, name) == 0)
			return 1;
	return 0;
}

/* Whether dir is a directory that can be written, or else can be made. */
static int
writable(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	struct buf parent = { 0 };
	int ok;

	if (access(dir, W_OK) == 0)
		return 1;
	if (errno != ENOENT || slash == NULL)
		return 0;
	buf_add(&parent, dir, (size_t)(slash - dir));
	ok = access(parent.data, W_OK) == 0;
	buf_free(&parent);
	return ok;
}

/*
 * Whether every font of cfg is from one of the font files of dir itself
 * (names[n]), as in a configuration made file by file: fontconfig, given
 * the directory, also reads its subdirectories and files of any name.
 */
static int
only_font_files(FcConfig *cfg, const char *dir, struct dirent **names, int n)
{
	FcFontSet *fs = FcConfigGetFonts(cfg, FcSetApplication);
	struct buf path = { 0 };
	const char *file, *base;
	int i, k, ok = 1;

	for (i = 0; ok && fs != NULL && i < fs->nfont; i++) {
		base = file_name(fs->fonts[i], &file);
		for (k = 0; base != NULL && k < n &&
		    strcmp(names[k]->d_name, base) != 0; k++)
			continue;
		ok = base != NULL && k < n && is_font_file(base);
		if (ok) {
			path.len = 0;
			buf_printf(&path, "%s/%s", dir, base);
			ok = fileio_same_file(file, path.data);
		}
	}
	buf_free(&path);
	return ok;
}

/*
 * The font directory added whole, through fontconfig's cache of it in
 * hplan's cache: fontconfig scans the directory once and otherwise maps
 * what it found, where a scan of every font takes milliseconds.  Fontconfig
 * scans again when the directory changes, not when a file in it is
 * rewritten, so the cache is kept under the names, sizes and times of the
 * font files (names[n]): another set of files gets a cache of its own.
 * 0 where there is no cache.
 */
static int
add_cached(FcConfig *cfg, const char *dir, struct dirent **names, int n)
{
	struct buf conf = { 0 }, files = { 0 };
	char *cache, *escaped, *sum;
	struct stat st;
	int ok, i;

	/* The change time too, which no copy can set back. */
	for (i = 0; i < n; i++) {
		buf_printf(&conf, "%s/%s", dir, names[i]->d_name);
		if (is_font_file(names[i]->d_name) && stat(conf.data, &st) == 0)
			buf_printf(&files, "%s %llu %lld %lld.%09ld %lld.%09ld\n",
			    names[i]->d_name, (unsigned long long)st.st_ino,
			    (long long)st.st_size,
			    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
			    (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
		conf.len = 0;
	}
	sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
	    (const guchar *)files.data, files.len);
	buf_free(&files);
	buf_printf(&conf, "fontconfig-%.16s", sum);
	g_free(sum);
	cache = fileio_cache_path(conf.data);
	conf.len = 0;
	/* Fontconfig complains where it cannot write its cache, and cannot
	 * read a configuration that is not UTF-8. */
	if (cache == NULL || !g_utf8_validate(cache, -1, NULL) ||
	    !writable(cache)) {
		free(cache);
		buf_free(&conf);
		return 0;
	}
	escaped = g_markup_escape_text(cache, -1);
	buf_printf(&conf, "<fontconfig><cachedir>%s</cachedir></fontconfig>",
	    escaped);
	ok = FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)conf.data,
	    FcFalse) && FcConfigAppFontAddDir(cfg, (const FcChar8 *)dir);
	g_free(escaped);
	buf_free(&conf);
	free(cache);
	return ok;
}

/*
 * A configuration with the font directory's font files and nothing else,
 * from fontconfig's cache of the directory (add_cached) or, where there is
 * none or it has more than those files, the files added one by one, in
 * name order.  Every font file must be read.
 */
static FcConfig *
config_new(const struct style *s, struct diag *d)
{
	struct diag_pos pos = { s->file, 0, 0 };
	FcConfig *cfg = FcConfigCreate();
	struct dirent **names;
	int n, i, ok = 1, whole;

	if (cfg == NULL)
		xalloc_fail(0);
	if ((n = scandir(s->font_dir, &names, NULL, alphasort)) < 0) {
		diag_report(d, DIAG_ERROR, &pos, "cannot read the font "
		    "directory %s", s->font_dir);
		FcConfigDestroy(cfg);
		return NULL;
	}
	whole = add_cached(cfg, s->font_dir, names, n) &&
	    only_font_files(cfg, s->font_dir, names, n);
	if (!whole) {
		FcConfigDestroy(cfg);
		if ((cfg = FcConfigCreate()) == NULL)
			xalloc_fail(0);
	}
	for (i = 0; i < n; i++) {
		struct buf path = { 0 };

		if (ok && is_font_file(names[i]->d_name)) {
			buf_printf(&path, "%s/%s", s->font_dir,
			    names[i]->d_name);
			if (whole ? !has_file(cfg, names[i]->d_name) :
			    !FcConfigAppFontAddFile(cfg,
			    (const FcChar8 *)path.data)) {
				diag_report(d, DIAG_ERROR, &pos, "cannot read "
				    "the font %s", path.data);
				ok = 0;
			}
			buf_free(&path);
		}
		free(names[i]);
	}
	free(names);
	if (ok && (!has_family(cfg, s->sans) || !has_family(cfg, s->serif))) {
		diag_report(d, DIAG_ERROR, &pos, "the fonts '%s' and '%s' must "
		    "both be in %s", s->sans, s->serif, s->font_dir);
		ok = 0;
	}
	if (!ok) {
		FcConfigDestroy(cfg);
		return NULL;
	}
	return cfg;
}

/* The union of the characters of every font in cfg. */
static FcCharSet *
coverage_of(FcConfig *cfg)
{
	FcFontSet *fs = FcConfigGetFonts(cfg, FcSetApplication);
	FcCharSet *all = FcCharSetCreate(), *cs;
	int i;

	for (i = 0; fs != NULL && i < fs->nfont; i++)
		if (FcPatternGetCharSet(fs->fonts[i], FC_CHARSET, 0, &cs) ==
		    FcResultMatch)
			FcCharSetMerge(all, cs, NULL);
	return all;
}

FcConfig *
font_config_new(const struct style *s, FcCharSet **coverage, struct diag *d)
{
	FcConfig *cfg = config_new(s, d);

	if (cfg == NULL)
		return NULL;
	*coverage = coverage_of(cfg);
	/* As the current configuration it also keeps Cairo and fontconfig
	 * from loading the machine's own, with its fonts. */
	FcConfigSetCurrent(cfg);
	return cfg;
}

PangoContext *
font_context_new(FcConfig *cfg)
{
	cairo_font_options_t *opts;
	PangoFontMap *fm;
	PangoContext *ctx;

	fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), cfg);
	/* One Pango unit of size is one PDF point. */
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72);
	ctx = pango_font_map_create_context(fm);
	g_object_unref(fm);
	/* Without hinting, widths measured here are the widths drawn. */
	opts = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, opts);
	cairo_font_options_destroy(opts);
	pango_context_set_language(ctx, pango_language_from_string("sv-se"));
	/* At 72 units to the inch, rounding glyph positions to whole units
	 * would round them to whole points and space letters unevenly. */
	pango_context_set_round_glyph_positions(ctx, FALSE);
	return ctx;
}

void
font_preload(PangoContext *ctx, const struct style *s)
{
	const struct style_text *texts[64];
	size_t n = style_texts(s, texts, sizeof(texts) / sizeof(texts[0])), i;

	for (i = 0; i < n; i++) {
		PangoFontDescription *fd = font_describe(s, texts[i]);
		PangoFontset *fs = pango_context_load_fontset(ctx, fd,
		    pango_context_get_language(ctx));

		if (fs != NULL)
			g_object_unref(fs);
		pango_font_description_free(fd);
	}
}

struct extents {
	int	 ascent, descent;	/* Pango units */
};

static void
add_extents(struct extents *x, PangoFont *font)
{
	hb_font_extents_t e;

	hb_font_get_h_extents(pango_font_get_hb_font(font), &e);
	x->ascent = MAX(x->ascent, e.ascender);
	x->descent = MAX(x->descent, -e.descender);
}

static gboolean
first_font(PangoFontset *fs, PangoFont *font, gpointer data)
{
	(void)fs;
	add_extents(data, font);
	return TRUE;
}

void
font_extents(PangoContext *ctx, const PangoFontDescription *fd,
    double *ascent, double *descent)
{
	PangoLanguage *lang = pango_context_get_language(ctx);
	PangoFontset *fs = pango_context_load_fontset(ctx, fd, lang);
	const char *sample = pango_language_get_sample_string(lang);
	PangoAttrList *attrs = pango_attr_list_new();
	struct extents x = { 0, 0 };
	GList *items, *l;

	if (fs != NULL) {
		pango_fontset_foreach(fs, first_font, &x);
		g_object_unref(fs);
	}
	pango_attr_list_insert(attrs, pango_attr_font_desc_new(fd));
	items = pango_itemize_with_base_dir(ctx, pango_context_get_base_dir(ctx),
	    sample, 0, (int)strlen(sample), attrs, NULL);
	pango_attr_list_unref(attrs);
	for (l = items; l != NULL; l = l->next) {
		PangoItem *item = l->data;

		if (item->analysis.font != NULL)
			add_extents(&x, item->analysis.font);
		pango_item_free(item);
	}
	g_list_free(items);
	*ascent = x.ascent / (double)PANGO_SCALE;
	*descent = x.descent / (double)PANGO_SCALE;
}

PangoFontDescription *
font_describe(const struct style *s, const struct style_text *t)
{
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, style_family(s, t->face));
	pango_font_description_set_absolute_size(fd, t->size * PANGO_SCALE);
	pango_font_description_set_weight(fd, t->bold ? PANGO_WEIGHT_BOLD :
	    PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, t->italic ? PANGO_STYLE_ITALIC :
	    PANGO_STYLE_NORMAL);
	return fd;
}
