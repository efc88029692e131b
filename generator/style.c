#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fileio.h"
#include "intl.h"
#include "style.h"
#include "xalloc.h"
#include "ytree.h"

enum etype {
	E_LENGTH,	/* "25mm", "2.5cm", "11pt" */
	E_NUMBER,
	E_INT,
	E_STRING,	/* may be empty */
	E_PATH,		/* a file name relative to the style; may be empty */
	E_COLOR,	/* "#RRGGBB" */
	E_TEXT		/* {font, size, leading, bold, italic} */
};

struct entry {
	const char	*path;
	enum etype	 type;
	size_t		 off;
};

#define F(path, type, member)	{ path, type, offsetof(struct style, member) }
#define HEADING(i)							\
	F("headings." #i ".text", E_TEXT, headings[i].text),		\
	F("headings." #i ".space-before", E_LENGTH,			\
	    headings[i].space_before),					\
	F("headings." #i ".space-after", E_LENGTH, headings[i].space_after)

static const struct entry entries[] = {
	F("page.width", E_LENGTH, page_width),
	F("page.height", E_LENGTH, page_height),
	F("page.margin-top", E_LENGTH, margin_top),
	F("page.margin-bottom", E_LENGTH, margin_bottom),
	F("page.margin-left", E_LENGTH, margin_left),
	F("page.margin-right", E_LENGTH, margin_right),
	F("fonts.directory", E_PATH, font_dir),
	F("fonts.sans", E_STRING, sans),
	F("fonts.serif", E_STRING, serif),
	F("colors.text", E_COLOR, color_text),
	F("colors.rule", E_COLOR, color_rule),
	F("colors.table-header", E_COLOR, color_table_header),
	F("colors.link", E_COLOR, color_link),
	F("hyphenation.dictionary", E_STRING, hyph_dict),
	F("hyphenation.compounds", E_STRING, hyph_compounds),
	F("hyphenation.left-min", E_INT, hyph_left),
	F("hyphenation.right-min", E_INT, hyph_right),
	F("hyphenation.min-word", E_INT, hyph_min_word),
	F("hyphenation.min-capitalized", E_INT, hyph_min_capitalized),
	F("header.text", E_TEXT, header),
	F("header.top", E_LENGTH, header_top),
	F("header.title-width", E_LENGTH, header_title_width),
	F("draft.mark", E_STRING, draft_mark),
	F("draft.text", E_TEXT, draft_text),
	F("draft.color", E_COLOR, draft_color),
	F("draft.top", E_LENGTH, draft_top),
	F("body.text", E_TEXT, body),
	F("body.double-quote", E_STRING, double_quote),
	F("body.single-quote", E_STRING, single_quote),
	F("body.paragraph-space", E_LENGTH, paragraph_space),
	HEADING(0), HEADING(1), HEADING(2),
	F("lists.indent", E_LENGTH, list_indent),
	F("lists.bullet", E_STRING, bullet),
	F("lists.item-space", E_LENGTH, item_space),
	F("quote.text", E_TEXT, quote),
	F("quote.indent", E_LENGTH, quote_indent),
	F("footnotes.text", E_TEXT, footnote),
	F("footnotes.space-above", E_LENGTH, fn_space_above),
	F("footnotes.rule-width", E_LENGTH, fn_rule_width),
	F("footnotes.rule-thickness", E_LENGTH, fn_rule_thickness),
	F("footnotes.marker-scale", E_NUMBER, fn_marker_scale),
	F("footnotes.marker-rise", E_NUMBER, fn_marker_rise),
	F("footnotes.note-indent", E_LENGTH, fn_note_indent),
	F("tables.text", E_TEXT, table_text),
	F("tables.header", E_TEXT, table_header),
	F("tables.caption", E_TEXT, table_caption),
	F("tables.padding", E_LENGTH, table_padding),
	F("tables.border", E_LENGTH, table_border),
	F("tables.space-before", E_LENGTH, table_space_before),
	F("tables.space-after", E_LENGTH, table_space_after),
	F("figures.caption", E_TEXT, figure_caption),
	F("figures.label", E_STRING, figure_label),
	F("figures.space-before", E_LENGTH, figure_space_before),
	F("figures.caption-space", E_LENGTH, figure_caption_space),
	F("figures.space-after", E_LENGTH, figure_space_after),
	F("contents.title", E_STRING, toc_title),
	F("contents.title-text", E_TEXT, toc_title_text),
	F("contents.title-space", E_LENGTH, toc_title_space),
	F("contents.depth", E_INT, toc_depth),
	F("contents.levels.0", E_TEXT, toc_levels[0]),
	F("contents.levels.1", E_TEXT, toc_levels[1]),
	F("contents.levels.2", E_TEXT, toc_levels[2]),
	F("contents.indent", E_LENGTH, toc_indent),
	F("contents.number-width", E_LENGTH, toc_number_width),
	F("contents.leader", E_STRING, toc_leader),
	F("contents.leader-spacing", E_LENGTH, toc_leader_spacing),
	F("cover.title", E_TEXT, cover_title),
	F("cover.title-top", E_LENGTH, cover_title_top),
	F("cover.title-width", E_LENGTH, cover_title_width),
	F("cover.site", E_STRING, cover_site),
	F("cover.site-text", E_TEXT, cover_site_text),
	F("cover.site-bottom", E_LENGTH, cover_site_bottom),
	F("cover.logo", E_PATH, cover_logo),
	F("cover.logo-top", E_LENGTH, cover_logo_top),
	F("cover.logo-width", E_LENGTH, cover_logo_width),
	F("title-page.title", E_TEXT, tp_title),
	F("title-page.title-top", E_LENGTH, tp_title_top),
	F("title-page.date", E_TEXT, tp_date),
	F("title-page.labels", E_TEXT, tp_labels),
	F("title-page.labels-top", E_LENGTH, tp_labels_top),
	F("title-page.label-width", E_LENGTH, tp_label_width),
	F("memo.kind", E_STRING, memo_kind),
	F("memo.header-kind", E_TEXT, memo_header_kind),
	F("memo.labels", E_TEXT, memo_labels),
	F("memo.values", E_TEXT, memo_values),
	F("memo.top", E_LENGTH, memo_top),
	F("memo.to-offset", E_LENGTH, memo_to_offset),
	F("memo.title", E_TEXT, memo_title),
	F("memo.title-space", E_LENGTH, memo_title_space),
	F("memo.title-after", E_LENGTH, memo_title_after),
	F("memo.signature-space", E_LENGTH, memo_signature_space),
	F("memo.signature-width", E_LENGTH, memo_signature_width),
	F("memo.footer", E_TEXT, memo_footer),
	F("memo.footer-bottom", E_LENGTH, memo_footer_bottom),
	F("memo.footer-column", E_LENGTH, memo_footer_column),
	F("memo.footer-space", E_LENGTH, memo_footer_space),
	F("archive.icc-profile", E_PATH, icc_profile),
};
#define NENTRIES	(sizeof(entries) / sizeof(entries[0]))

static const char *const text_keys[] = { "font", "size", "leading", "bold",
    "italic", NULL };
static const struct keyset text_set = { N_("a text style"), text_keys };

struct reader {
	struct ytree	 t;
	struct style	*s;
	char		 seen[NENTRIES];
};

static void *
member(struct style *s, const struct entry *e)
{
	return (char *)s + e->off;
}

/* A length in points, or -1. */
static double
parse_length(const char *v)
{
	static const struct {
		const char	*unit;
		double		 points;
	} units[] = { { "mm", 72 / 25.4 }, { "cm", 720 / 25.4 }, { "pt", 1 } };
	char *end;
	double n = strtod(v, &end);
	size_t k;

	while (*end == ' ')
		end++;
	for (k = 0; k < sizeof(units) / sizeof(units[0]); k++)
		if (end != v && strcmp(end, units[k].unit) == 0 && n >= 0)
			return n * units[k].points;
	return -1;
}

static int
parse_bool(const char *v)
{
	if (strcmp(v, "true") == 0 || strcmp(v, "ja") == 0)
		return 1;
	if (strcmp(v, "false") == 0 || strcmp(v, "nej") == 0)
		return 0;
	return -1;
}

/* Resolves a file name against the style file's directory. */
static char *
resolve(const char *style_file, const char *name)
{
	const char *slash = strrchr(style_file, '/');
	struct buf b = { 0 };

	if (name[0] == '/' || slash == NULL)
		return xstrdup(name);
	buf_printf(&b, "%.*s/%s", (int)(slash - style_file), style_file, name);
	return buf_take(&b);
}

static void
text_length(struct reader *r, const struct ynode *map, const char *key,
    double *out)
{
	const struct ynode *v = ytree_need(&r->t, map, key, "the text style");

	if (v == NULL || ytree_need_scalar(&r->t, v, key) != 0)
		return;
	if ((*out = parse_length(v->value)) <= 0)
		ytree_error(&r->t, &v->pos, "'%s' is not a length such as 11pt",
		    v->value);
}

static void
text_flag(struct reader *r, const struct ynode *map, const char *key,
    int *out)
{
	const struct ynode *v = ytree_need(&r->t, map, key, "the text style");

	if (v == NULL || ytree_need_scalar(&r->t, v, key) != 0)
		return;
	if ((*out = parse_bool(v->value)) < 0)
		ytree_error(&r->t, &v->pos, "'%s' is true or false", key);
}

static void
read_text(struct reader *r, const struct ynode *v, struct style_text *out)
{
	const struct ynode *f;

	if (ytree_check_map(&r->t, v, &text_set, "a text style") != 0)
		return;
	if ((f = ytree_need(&r->t, v, "font", "the text style")) != NULL &&
	    ytree_need_scalar(&r->t, f, "font") == 0) {
		if (strcmp(f->value, "sans") == 0)
			out->face = STYLE_SANS;
		else if (strcmp(f->value, "serif") == 0)
			out->face = STYLE_SERIF;
		else
			ytree_error(&r->t, &f->pos, "'font' is 'sans' or "
			    "'serif' (the families are named under 'fonts')");
	}
	text_length(r, v, "size", &out->size);
	text_length(r, v, "leading", &out->leading);
	text_flag(r, v, "bold", &out->bold);
	text_flag(r, v, "italic", &out->italic);
}

static void
read_value(struct reader *r, const struct entry *e, const struct ynode *v)
{
	void *m = member(r->s, e);
	unsigned long color;
	double n;
	char *end;

	if (e->type == E_TEXT) {
		read_text(r, v, m);
		return;
	}
	if (ytree_need_scalar(&r->t, v, strrchr(e->path, '.') + 1) != 0)
		return;
	switch (e->type) {
	case E_LENGTH:
		if ((n = parse_length(v->value)) < 0)
			ytree_error(&r->t, &v->pos, "'%s' is not a length such "
			    "as 25mm or 11pt", v->value);
		*(double *)m = n;
		break;
	case E_NUMBER:
		n = strtod(v->value, &end);
		if (end == v->value || *end != '\0' || n < 0)
			ytree_error(&r->t, &v->pos, "'%s' is not a number",
			    v->value);
		*(double *)m = n;
		break;
	case E_INT:
		n = strtod(v->value, &end);
		if (end == v->value || *end != '\0' || n < 0 || n > 1000 ||
		    n != (int)n)
			ytree_error(&r->t, &v->pos, "'%s' is not a whole number",
			    v->value);
		*(int *)m = (int)n;
		break;
	case E_STRING:
		*(char **)m = xstrdup(v->null ? "" : v->value);
		break;
	case E_PATH:
		*(char **)m = v->null || v->value[0] == '\0' ? NULL :
		    resolve(r->s->file, v->value);
		break;
	case E_COLOR:
		color = strtoul(v->value + (v->value[0] == '#'), &end, 16);
		if (v->value[0] != '#' || strlen(v->value) != 7 || *end != '\0')
			ytree_error(&r->t, &v->pos, "'%s' is not a colour such "
			    "as #E2F0F9", v->value);
		*(uint32_t *)m = (uint32_t)color;
		break;
	case E_TEXT:
		break;
	}
}

/* The entry at path, or with must_prefix, whether any entry is below it. */
static const struct entry *
find(const char *path, int below)
{
	size_t i, n = strlen(path);

	for (i = 0; i < NENTRIES; i++) {
		if (!below && strcmp(entries[i].path, path) == 0)
			return &entries[i];
		if (below && strncmp(entries[i].path, path, n) == 0 &&
		    entries[i].path[n] == '.')
			return &entries[i];
	}
	return NULL;
}

/* The keys that may follow path, for suggestions. */
static const char **
keys_below(const char *path)
{
	size_t i, n = strlen(path), count = 0, k, cap = 0;
	const char **keys = NULL;

	for (i = 0; i < NENTRIES; i++) {
		const char *rest = entries[i].path + n + (n > 0);
		size_t len;
		int dup = 0;

		if (n > 0 && (strncmp(entries[i].path, path, n) != 0 ||
		    entries[i].path[n] != '.'))
			continue;
		len = strcspn(rest, ".");
		for (k = 0; k < count; k++)
			dup |= strncmp(keys[k], rest, len) == 0 &&
			    keys[k][len] == '\0';
		if (dup)
			continue;
		keys = xgrow(keys, &cap, count + 2, sizeof(*keys));
		keys[count++] = xstrndup(rest, len);
	}
	keys = xgrow(keys, &cap, count + 1, sizeof(*keys));
	keys[count] = NULL;
	return keys;
}

static void
walk(struct reader *r, const struct ynode *v, const char *path)
{
	const struct entry *e = find(path, 0);
	struct buf child = { 0 };
	size_t i;

	if (e != NULL) {
		r->seen[e - entries] = 1;
		read_value(r, e, v);
		return;
	}
	if (v->type == Y_SEQ) {
		for (i = 0; i < v->nkids; i++) {
			buf_printf(&child, "%s.%zu", path, i);
			if (find(child.data, 0) || find(child.data, 1))
				walk(r, v->kids[i], child.data);
			else
				ytree_error(&r->t, &v->kids[i]->pos, "'%s' has "
				    "only %zu entries", path, i);
			buf_free(&child);
		}
		return;
	}
	if (v->type != Y_MAP) {
		ytree_error(&r->t, &v->pos, "'%s' must be a mapping, not %s",
		    path, ytree_kind(v));
		return;
	}
	for (i = 0; i + 1 < v->nkids; i += 2) {
		const struct ynode *k = v->kids[i];

		if (k->type != Y_SCALAR)
			continue;
		buf_printf(&child, "%s%s%s", path, path[0] ? "." : "", k->value);
		if (find(child.data, 0) || find(child.data, 1)) {
			walk(r, v->kids[i + 1], child.data);
		} else {
			const char **keys = keys_below(path);
			size_t j;

			ytree_error(&r->t, &k->pos, "unknown style key '%s'",
			    child.data);
			ytree_suggest(&r->t, &k->pos, k->value, keys);
			for (j = 0; keys[j] != NULL; j++)
				free((char *)keys[j]);
			free(keys);
		}
		buf_free(&child);
	}
}

struct style *
style_read(const char *path, struct diag *d)
{
	struct reader r;
	unsigned errors = d->errors;
	struct diag_pos pos = { NULL, 0, 0 };
	char *data;
	size_t len, i;

	if (fileio_read(path, 1 << 20, &data, &len, d) != 0)
		return NULL;
	memset(&r, 0, sizeof(r));
	r.s = xcalloc(1, sizeof(*r.s));
	r.s->file = xstrdup(path);
	pos.file = r.s->file;
	if (ytree_load(&r.t, r.s->file, data, len, d) == 0) {
		if (r.t.root == NULL)
			ytree_error(&r.t, &pos, "the style is empty");
		else
			walk(&r, r.t.root, "");
		for (i = 0; i < NENTRIES && r.t.root != NULL; i++)
			if (!r.seen[i])
				ytree_error(&r.t, &pos, "the style has no '%s'",
				    entries[i].path);
	}
	ytree_free(&r.t);
	free(data);
	if (d->errors != errors) {
		style_free(r.s);
		return NULL;
	}
	return r.s;
}

void
style_free(struct style *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < NENTRIES; i++)
		if (entries[i].type == E_STRING || entries[i].type == E_PATH)
			free(*(char **)member(s, &entries[i]));
	free(s->file);
	free(s);
}

size_t
style_texts(const struct style *s, const struct style_text **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < NENTRIES && n < max; i++)
		if (entries[i].type == E_TEXT)
			out[n++] = (const struct style_text *)(const void *)
			    ((const char *)s + entries[i].off);
	return n;
}

const char *
style_family(const struct style *s, enum style_face face)
{
	return face == STYLE_SANS ? s->sans : s->serif;
}
