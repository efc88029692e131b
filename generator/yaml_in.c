#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "buf.h"
#include "fileio.h"
#include "img.h"
#include "intl.h"
#include "markup.h"
#include "xalloc.h"
#include "yaml_in.h"
#include "ytree.h"

/*
 * The file is first read into a tree of YAML values, each with its place
 * in the file (ytree); the plan is then read from that tree, so that a
 * missing key can be reported while the rest is still checked.
 */
struct reader {
	struct ytree	 t;
	struct doc	*doc;
};

static const char *const plan_keys[] = { "dokument", "nämnd", "förvaltning", "titel",
    "titelsida", "datum", "dnr", "utgivningsdatum", "kontaktperson",
    "version", "beslut", "tidigare_versioner", "avsnitt", NULL };
static const char *const memo_keys[] = { "dokument", "plan", "nämnd",
    "förvaltning", "avdelning", "titel", "datum", "dnr", "handläggare",
    "till", "förslag", "underskrifter", "sammanfattning", "bakgrund",
    "ärendet", "ärendets_beredning", "förvaltningens_synpunkter", "bilagor",
    "adress", "växel", NULL };
static const char *const officer_keys[] = { "namn", "telefon", "e-post",
    NULL };
static const char *const signature_keys[] = { "namn", "titel", NULL };
static const char *const memo_part_keys[] = { "text", "avsnitt", NULL };
static const char *const decision_keys[] = { "organ", "datum", "paragraf",
    "protokoll", NULL };
static const char *const history_keys[] = { "version", "datum", "dnr",
    "anteckning", "fil", NULL };
static const char *const board_keys[] = { "namn", "typ", NULL };
static const char *const title_page_keys[] = { "titel", "uppgifter", NULL };
static const char *const label_keys[] = { "etikett", "värde", NULL };
static const char *const figure_keys[] = { "bild", "alt", "bildtext", "bredd",
    NULL };
static const char *const section_keys[] = { "rubrik", "id", "krav", "text",
    "tabeller", "avsnitt", NULL };
static const char *const table_keys[] = { "rubrik", "kolumner", "åtgärder",
    "rader", NULL };
static const char *const action_column_keys[] = { "fält", "rubrik", "bredd",
    NULL };
static const char *const plain_column_keys[] = { "rubrik", "bredd", NULL };
static const char *const action_keys[] = { "id", "åtgärd", "aktivitet",
    "syfte", "ansvarig", "andra_berörda", "senast_klart", "tidplan",
    "uppföljning", "status", NULL };
static const char *const column_names[] = { "åtgärd", "aktivitet", "syfte",
    "ansvarig", "andra_berörda", "senast_klart", "tidplan", "uppföljning",
    "status", NULL };

static const struct keyset plan_set = { N_("the plan"), plan_keys };
static const struct keyset board_set = { N_("'nämnd'"), board_keys };
static const struct keyset title_page_set = { N_("'titelsida'"),
    title_page_keys };
static const struct keyset label_set = { N_("a title-page line"), label_keys };
static const struct keyset figure_set = { N_("a figure"), figure_keys };
static const struct keyset section_set = { N_("a section"), section_keys };
static const struct keyset table_set = { N_("a table"), table_keys };
static const struct keyset action_column_set = { N_("a column"),
    action_column_keys };
static const struct keyset plain_column_set = { N_("a column"),
    plain_column_keys };
static const struct keyset action_set = { N_("an action"), action_keys };
static const struct keyset memo_set = { N_("the tjänsteutlåtande"),
    memo_keys };
static const struct keyset officer_set = { N_("'handläggare'"),
    officer_keys };
static const struct keyset signature_set = { N_("a signature"),
    signature_keys };
static const struct keyset memo_part_set = { N_("a part of the "
    "tjänsteutlåtande"), memo_part_keys };
static const struct keyset decision_set = { N_("'beslut'"), decision_keys };
static const struct keyset history_set = { N_("an earlier version"),
    history_keys };

static void
read_str(struct reader *r, const struct ynode *map, const char *key,
    struct doc_str *out)
{
	const struct ynode *v = ytree_get(map, key);

	if (v == NULL || ytree_need_scalar(&r->t, v, key) != 0)
		return;
	out->s = ytree_one_line(v);
	out->pos = v->pos;
	/* Exact where the value is as written: one line, its spaces not
	 * collapsed. */
	out->exact = v->style == YAML_PLAIN_SCALAR_STYLE &&
	    v->end_line == v->pos.line && out->s != NULL &&
	    strcmp(out->s, v->value) == 0;
}

/*
 * Where each line of a scalar's value starts in the file.  A literal
 * block (|) keeps its lines, so every offset maps exactly; so does a
 * one-line plain or quoted text without escapes.  Other styles are folded
 * or unescaped on reading and map to where the value starts.
 */
static struct markup_anchor *
scalar_anchors(struct reader *r, const struct ynode *v, size_t *n,
    int *exact)
{
	struct markup_anchor *a = NULL;
	size_t cap = 0, off = 0, line, indent = 0, chars;

	*n = 0;
	*exact = 0;
	if (v->style == YAML_LITERAL_SCALAR_STYLE) {
		/* The content starts on the line after the '|'; its
		 * indentation is that of the first line with text. */
		for (line = v->pos.line; line < r->t.nlines; line++) {
			const char *s = r->t.src + r->t.line_starts[line];
			const char *e = r->t.src + (line + 1 < r->t.nlines ?
			    r->t.line_starts[line + 1] : r->t.srclen);
			size_t k = 0;

			while (s + k < e && s[k] == ' ')
				k++;
			if (s + k < e && s[k] != '\n' && s[k] != '\r') {
				indent = k;
				break;
			}
		}
		line = v->pos.line + 1;
		for (;;) {
			const char *nl;

			a = xgrow(a, &cap, *n + 1, sizeof(*a));
			a[*n].off = off;
			a[*n].line = (unsigned)line;
			a[*n].col = (unsigned)indent + 1;
			(*n)++;
			nl = memchr(v->value + off, '\n', v->len - off);
			if (nl == NULL || (size_t)(nl - v->value) + 1 >= v->len)
				break;
			off = (size_t)(nl - v->value) + 1;
			line++;
		}
		*exact = 1;
		return a;
	}
	a = xgrow(a, &cap, 1, sizeof(*a));
	a[0].off = 0;
	a[0].line = v->pos.line;
	a[0].col = v->pos.col;
	*n = 1;
	if (v->end_line == v->pos.line && v->style != YAML_FOLDED_SCALAR_STYLE) {
		int quoted = v->style != YAML_PLAIN_SCALAR_STYLE;

		chars = 0;
		for (off = 0; off < v->len; off++)
			if (((unsigned char)v->value[off] & 0xc0) != 0x80)
				chars++;
		a[0].col += quoted;
		*exact = v->end_col - v->pos.col == chars + 2 * quoted;
	}
	return a;
}

/* Reads a text block (paragraphs, lists …) into parent. */
static void
read_blocks(struct reader *r, struct doc_node *parent, const struct ynode *v,
    const char *key)
{
	struct markup_origin o;
	struct markup_anchor *anchors;
	size_t n;

	if (ytree_need_scalar(&r->t, v, key) != 0 || v->null)
		return;
	anchors = scalar_anchors(r, v, &n, &o.exact);
	o.file = r->t.file;
	o.anchors = anchors;
	o.nanchors = n;
	markup_blocks(parent, v->value, v->len, &o, r->t.d);
	free(anchors);
}


/* Returns 1 for a date, 0 when absent or empty, -1 when invalid. */
static int
read_date(struct reader *r, const struct ynode *map, const char *key,
    struct doc_date *date, int full)
{
	const struct ynode *v = ytree_get(map, key);
	const char *why;
	int ret = 1;
	char *s;

	if (v == NULL || ytree_need_scalar(&r->t, v, key) != 0)
		return 0;
	date->present = 1;
	date->pos = v->pos;
	s = ytree_one_line(v);
	if (s[0] != '\0' && (doc_date_parse(s, date, &why) != 0 ||
	    (full && date->day == 0))) {
		if (full && date->day == 0 && date->year != 0)
			why = N_("give the whole date as ÅÅÅÅ-MM-DD, "
			    "e.g. 2017-09-28");
		date->year = date->month = date->day = 0;
		ytree_error(&r->t, &v->pos, "'%s' is not a valid date for '%s'", s, key);
		ytree_note(&r->t, &v->pos, "%s", _(why));
		ret = -1;
	} else if (s[0] == '\0')
		ret = 0;
	free(s);
	return ret;
}

/* A column width: 25, 12.5 or "25 %". Returns the percentage or -1. */
static double
parse_width(const char *s)
{
	char *end;
	double w = strtod(s, &end);

	while (*end == ' ')
		end++;
	if (*end == '%')
		end++;
	while (*end == ' ')
		end++;
	if (end == s || *end != '\0' || !(w > 0 && w <= 100))
		return -1;
	return w;
}

static void
read_width(struct reader *r, const struct ynode *col, struct doc_column *c)
{
	const struct ynode *v = ytree_get(col, "bredd");

	if (v == NULL || ytree_need_scalar(&r->t, v, "bredd") != 0)
		return;
	if ((c->width = parse_width(v->value)) < 0) {
		ytree_error(&r->t, &v->pos, "'%s' is not a column width", v->value);
		ytree_note(&r->t, &v->pos, "give the column's share of the table width "
		    "in percent, e.g. 25 or \"25 %%\"");
		c->width = 0;
	}
}

/* The image file named at pos, relative to the plan's own directory. */
static void
read_image(struct reader *r, struct doc_node *fig, const char *name,
    const struct diag_pos *pos)
{
	char *path = fileio_relative(r->t.file, name);
	struct stat st;

	diag_file(r->t.d, path);
	/* Only a regular file is read: a device or a pipe could be read
	 * for ever. */
	fig->as.figure.data = (unsigned char *)fileio_slurp(path,
	    IMG_MAX_BYTES, &fig->as.figure.len);
	if (fig->as.figure.data == NULL) {
		if (stat(path, &st) != 0 && errno == ENOENT)
			ytree_error(&r->t, pos, "the image '%s' is not there "
			    "(looked for %s)", name, path);
		else if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
			ytree_error(&r->t, pos, "'%s' is not an image file",
			    name);
		else if (stat(path, &st) == 0 && st.st_size > IMG_MAX_BYTES)
			ytree_error(&r->t, pos, "the image '%s' is larger than "
			    "%d MiB; save it smaller", name, IMG_MAX_BYTES >> 20);
		else
			ytree_error(&r->t, pos, "the image '%s' cannot be read",
			    name);
	}
	free(path);
}

/* A figure among a section's text: bild, alt, bildtext, bredd. */
static void
read_figure(struct reader *r, struct doc_node *s, const struct ynode *v)
{
	const struct ynode *src, *alt, *cap, *w;
	struct doc_node *fig;

	if (ytree_check_map(&r->t, v, &figure_set, "a figure") != 0)
		return;
	fig = doc_node_new(DOC_FIGURE, &v->pos);
	doc_append(s, fig);
	if ((src = ytree_need(&r->t, v, "bild", "the figure")) != NULL &&
	    ytree_need_scalar(&r->t, src, "bild") == 0) {
		fig->as.figure.src = ytree_one_line(src);
		fig->as.figure.src_pos = src->pos;
		if (fig->as.figure.src[0] != '\0')
			read_image(r, fig, fig->as.figure.src, &src->pos);
	}
	/* Validation asks for alt, whatever the reader. */
	if ((alt = ytree_get(v, "alt")) != NULL &&
	    ytree_need_scalar(&r->t, alt, "alt") == 0) {
		fig->as.figure.alt = ytree_one_line(alt);
		fig->as.figure.alt_pos = alt->pos;
	}
	if ((cap = ytree_get(v, "bildtext")) != NULL &&
	    ytree_need_scalar(&r->t, cap, "bildtext") == 0 && !cap->null)
		fig->as.figure.caption = ytree_one_line(cap);
	if ((w = ytree_get(v, "bredd")) != NULL &&
	    ytree_need_scalar(&r->t, w, "bredd") == 0 &&
	    (fig->as.figure.width = parse_width(w->value)) < 0) {
		ytree_error(&r->t, &w->pos, "'%s' is not a figure width", w->value);
		ytree_note(&r->t, &w->pos, "give the figure's share of the text "
		    "width in percent, e.g. 60 or \"60 %%\"");
		fig->as.figure.width = 0;
	}
}

/* A section's text: a text block, or a list of text blocks and
 * figures. */
static void
read_text(struct reader *r, struct doc_node *s, const struct ynode *v)
{
	size_t i;

	if (v->type != Y_SEQ) {
		read_blocks(r, s, v, "text");
		return;
	}
	for (i = 0; i < v->nkids; i++)
		if (v->kids[i]->type == Y_MAP)
			read_figure(r, s, v->kids[i]);
		else
			read_blocks(r, s, v->kids[i], "text");
}

static void
read_action_column(struct reader *r, const struct ynode *v,
    struct doc_column *c)
{
	const struct ynode *f = v, *h;

	if (v->type == Y_MAP) {
		ytree_check_map(&r->t, v, &action_column_set, "a column");
		if ((f = ytree_need(&r->t, v, "fält", "the column")) == NULL)
			return;
		if ((h = ytree_get(v, "rubrik")) != NULL &&
		    ytree_need_scalar(&r->t, h, "rubrik") == 0)
			c->header = ytree_one_line(h);
		read_width(r, v, c);
	}
	if (f->type != Y_SCALAR) {
		ytree_error(&r->t, &f->pos, "a column must be a field name or a mapping "
		    "with 'fält', not %s", ytree_kind(f));
		return;
	}
	if ((c->key = doc_colkey_lookup(f->value)) == DOC_COL_NONE) {
		ytree_error(&r->t, &f->pos, "unknown column '%s'", f->value);
		ytree_suggest(&r->t, &f->pos, f->value, column_names);
	}
}

static void
read_plain_column(struct reader *r, const struct ynode *v,
    struct doc_column *c)
{
	const struct ynode *h = v;

	c->key = DOC_COL_NONE;
	if (v->type == Y_MAP) {
		ytree_check_map(&r->t, v, &plain_column_set, "a column");
		if ((h = ytree_need(&r->t, v, "rubrik", "the column")) == NULL)
			return;
		read_width(r, v, c);
	}
	if (ytree_need_scalar(&r->t, h, "rubrik") == 0)
		c->header = ytree_one_line(h);
}

static void
read_action(struct reader *r, struct doc_node *t, const struct ynode *v)
{
	const struct ynode *given[DOC_FIELD__MAX] = { 0 }, *id;
	const char *given_key[DOC_FIELD__MAX] = { 0 };
	struct diag_pos given_pos[DOC_FIELD__MAX];
	struct doc_node *action, *field;
	size_t i;
	int f;

	if (ytree_check_map(&r->t, v, &action_set, "an action") != 0)
		return;
	action = doc_node_new(DOC_ACTION, &v->pos);
	doc_append(t, action);
	if ((id = ytree_need(&r->t, v, "id", "the action")) != NULL &&
	    ytree_need_scalar(&r->t, id, "id") == 0) {
		action->as.action.id = ytree_one_line(id);
		action->as.action.id_pos = id->pos;
	} else if (id == NULL)
		ytree_note(&r->t, &v->pos, "give every action a short, stable id such as "
		    "'samordningsgrupp', so that later versions can follow it "
		    "up");
	for (i = 0; i + 1 < v->nkids; i += 2) {
		const struct ynode *k = v->kids[i];
		enum doc_colkey key;

		if (k->type != Y_SCALAR ||
		    (key = doc_colkey_lookup(k->value)) == DOC_COL_NONE)
			continue;
		f = (int)doc_colkey_field(key);
		if (given[f] != NULL) {
			if (strcmp(given_key[f], k->value) != 0)
				ytree_error(&r->t, &k->pos, "'%s' and '%s' are the same "
				    "field; give only one", k->value,
				    given_key[f]);
			continue;
		}
		given[f] = v->kids[i + 1];
		given_key[f] = k->value;
		given_pos[f] = k->pos;
	}
	/* Fields are kept in one order whatever order they were written in,
	 * so that every output of the tree is the same for the same plan. */
	for (f = 0; f < DOC_FIELD__MAX; f++) {
		if (given[f] == NULL)
			continue;
		field = doc_node_new(DOC_FIELD, &given[f]->pos);
		field->as.field.field = (enum doc_field)f;
		field->as.field.key = doc_colkey_lookup(given_key[f]);
		field->as.field.key_pos = given_pos[f];
		doc_append(action, field);
		read_blocks(r, field, given[f], given_key[f]);
	}
}

static void
read_row(struct reader *r, struct doc_node *t, const struct ynode *v)
{
	struct doc_node *row, *cell;
	size_t i;

	if (v->type != Y_SEQ) {
		ytree_error(&r->t, &v->pos, "a row must be a list of cells, not %s",
		    ytree_kind(v));
		return;
	}
	row = doc_node_new(DOC_ROW, &v->pos);
	doc_append(t, row);
	for (i = 0; i < v->nkids; i++) {
		cell = doc_node_new(DOC_CELL, &v->kids[i]->pos);
		doc_append(row, cell);
		read_blocks(r, cell, v->kids[i], "a cell");
	}
}

static void
read_table(struct reader *r, struct doc_node *section, const struct ynode *v)
{
	const struct ynode *kol, *actions, *rows, *cap;
	struct doc_node *t;
	size_t i;
	int is_actions;

	if (ytree_check_map(&r->t, v, &table_set, "a table") != 0)
		return;
	actions = ytree_get(v, "åtgärder");
	rows = ytree_get(v, "rader");
	if (actions != NULL && rows != NULL) {
		ytree_error(&r->t, &v->pos, "a table has either 'åtgärder' or 'rader', "
		    "not both");
		return;
	}
	if (actions == NULL && rows == NULL) {
		ytree_error(&r->t, &v->pos, "a table needs 'åtgärder' (an action table) "
		    "or 'rader' (a plain table)");
		return;
	}
	is_actions = actions != NULL;
	t = doc_node_new(is_actions ? DOC_ACTIONS : DOC_TABLE, &v->pos);
	doc_append(section, t);
	if ((cap = ytree_get(v, "rubrik")) != NULL && ytree_need_scalar(&r->t, cap,
	    "rubrik") == 0)
		t->as.table.caption = ytree_one_line(cap);
	if ((kol = ytree_get(v, "kolumner")) != NULL)
		t->as.table.cols_pos = kol->pos;
	if ((kol = ytree_need(&r->t, v, "kolumner", "the table")) != NULL &&
	    ytree_need_seq(&r->t, kol, "kolumner", "columns") == 0) {
		if (kol->nkids == 0)
			ytree_error(&r->t, &kol->pos, "the table has no columns");
		else if (kol->nkids > DOC_MAX_COLUMNS)
			ytree_error(&r->t, &kol->pos, "the table has %zu columns; at "
			    "most %d fit on a page", kol->nkids,
			    DOC_MAX_COLUMNS);
		else {
			unsigned before = r->t.d->errors;

			t->as.table.cols = xcalloc(kol->nkids,
			    sizeof(*t->as.table.cols));
			t->as.table.ncols = kol->nkids;
			for (i = 0; i < kol->nkids; i++) {
				t->as.table.cols[i].pos = kol->kids[i]->pos;
				if (is_actions)
					read_action_column(r, kol->kids[i],
					    &t->as.table.cols[i]);
				else
					read_plain_column(r, kol->kids[i],
					    &t->as.table.cols[i]);
			}
			t->as.table.columns_reported = r->t.d->errors != before;
		}
	}
	if (is_actions) {
		if (ytree_need_seq(&r->t, actions, "åtgärder", "actions") == 0)
			for (i = 0; i < actions->nkids; i++)
				read_action(r, t, actions->kids[i]);
	} else if (ytree_need_seq(&r->t, rows, "rader", "rows") == 0) {
		for (i = 0; i < rows->nkids; i++)
			read_row(r, t, rows->kids[i]);
	}
}

/* The requirements a section answers: a list of check rule ids. */
static void
read_krav(struct reader *r, struct doc_node *s, const struct ynode *v)
{
	struct buf ids = { 0 };
	size_t i;

	if (v == NULL || ytree_need_seq(&r->t, v, "krav", "rule ids") != 0 ||
	    v->type != Y_SEQ)
		return;
	for (i = 0; i < v->nkids; i++) {
		const struct ynode *k = v->kids[i];

		if (ytree_need_scalar(&r->t, k, "krav") != 0)
			continue;
		if (!doc_id_valid(k->value)) {
			ytree_error(&r->t, &k->pos, "'%s' is not a requirement "
			    "id", k->value);
			ytree_note(&r->t, &k->pos, "'hplan check --rules' lists "
			    "them");
			continue;
		}
		buf_printf(&ids, "%s%s", ids.len ? " " : "", k->value);
	}
	if (ids.len > 0)
		s->as.section.krav = buf_take(&ids);
}

static void	read_sections(struct reader *, struct doc_node *,
		    const struct ynode *, const struct ynode *, int);

static void
read_section(struct reader *r, struct doc_node *parent, const struct ynode *v,
    int level)
{
	const struct ynode *h, *id, *text, *tables, *subs;
	struct doc_node *s;
	size_t i;

	if (ytree_check_map(&r->t, v, &section_set, "a section") != 0)
		return;
	s = doc_node_new(DOC_SECTION, &v->pos);
	s->as.section.level = level;
	doc_append(parent, s);
	if ((h = ytree_need(&r->t, v, "rubrik", "the section")) != NULL &&
	    ytree_need_scalar(&r->t, h, "rubrik") == 0) {
		s->as.section.title = ytree_one_line(h);
		s->as.section.title_pos = h->pos;
	}
	if (s->as.section.title == NULL)
		s->as.section.title = xstrdup("");
	if ((id = ytree_get(v, "id")) != NULL &&
	    ytree_need_scalar(&r->t, id, "id") == 0) {
		s->as.section.id = ytree_one_line(id);
		s->as.section.id_pos = id->pos;
	}
	read_krav(r, s, ytree_get(v, "krav"));
	if ((text = ytree_get(v, "text")) != NULL)
		read_text(r, s, text);
	if ((tables = ytree_get(v, "tabeller")) != NULL &&
	    ytree_need_seq(&r->t, tables, "tabeller", "tables") == 0)
		for (i = 0; i < tables->nkids; i++)
			read_table(r, s, tables->kids[i]);
	if ((subs = ytree_get(v, "avsnitt")) != NULL)
		read_sections(r, s, ytree_key(v, "avsnitt"), subs, level + 1);
}

static void
read_sections(struct reader *r, struct doc_node *parent,
    const struct ynode *key, const struct ynode *v, int level)
{
	size_t i;

	if (ytree_need_seq(&r->t, v, "avsnitt", "sections") != 0)
		return;
	if (level > DOC_MAX_LEVEL && v->nkids > 0) {
		ytree_error(&r->t, &key->pos, "sections nest at most %d levels deep; "
		    "these would be on level %d", DOC_MAX_LEVEL, level);
		return;
	}
	for (i = 0; i < v->nkids; i++)
		read_section(r, parent, v->kids[i], level);
}

static void
read_board(struct reader *r, const struct ynode *map, const char *what)
{
	struct doc_meta *m = &r->doc->meta;
	const struct ynode *v = ytree_need(&r->t, map, "nämnd", what), *typ;

	if (v == NULL)
		return;
	if (v->type == Y_SCALAR) {
		ytree_error(&r->t, &v->pos, "'nämnd' needs the nämnd's name and type");
		ytree_note(&r->t, &v->pos, "write it as nämnd: {namn: %s, typ: "
		    "stadsdelsnämnd} (or typ: facknämnd)",
		    v->null ? "…" : v->value);
		return;
	}
	if (ytree_check_map(&r->t, v, &board_set, "'nämnd'") != 0)
		return;
	if (ytree_need(&r->t, v, "namn", "'nämnd'") != NULL)
		read_str(r, v, "namn", &m->board);
	if (m->board.s != NULL && m->board.s[0] == '\0')
		ytree_error(&r->t, &m->board.pos, "the nämnd's name is empty");
	if ((typ = ytree_need(&r->t, v, "typ", "'nämnd'")) == NULL ||
	    ytree_need_scalar(&r->t, typ, "typ") != 0)
		return;
	if (strcmp(typ->value, "stadsdelsnämnd") == 0)
		m->board_kind = DOC_BOARD_DISTRICT;
	else if (strcmp(typ->value, "facknämnd") == 0)
		m->board_kind = DOC_BOARD_SPECIALIST;
	else {
		static const char *const kinds[] = { "stadsdelsnämnd",
		    "facknämnd", NULL };

		ytree_error(&r->t, &typ->pos, "unknown kind of nämnd '%s'", typ->value);
		ytree_suggest(&r->t, &typ->pos, typ->value, kinds);
	}
}

static void
read_title_page(struct reader *r, const struct ynode *map)
{
	struct doc_meta *m = &r->doc->meta;
	const struct ynode *v = ytree_get(map, "titelsida"), *lines;
	size_t i;

	if (v == NULL ||
	    ytree_check_map(&r->t, v, &title_page_set, "'titelsida'") != 0)
		return;
	read_str(r, v, "titel", &m->title_page_title);
	if ((lines = ytree_get(v, "uppgifter")) == NULL ||
	    ytree_need_seq(&r->t, lines, "uppgifter", "lines with 'etikett' and "
	    "'värde'") != 0)
		return;
	m->labels = xcalloc(lines->nkids, sizeof(*m->labels));
	for (i = 0; i < lines->nkids; i++) {
		const struct ynode *l = lines->kids[i];
		struct doc_label *lab = &m->labels[m->nlabels];

		if (ytree_check_map(&r->t, l, &label_set, "a title-page line") != 0)
			continue;
		m->nlabels++;
		if (ytree_need(&r->t, l, "etikett", "the title-page line") != NULL)
			read_str(r, l, "etikett", &lab->label);
		if (lab->label.s == NULL)
			lab->label.s = xstrdup("");
		lab->label.pos = l->pos;
		read_str(r, l, "värde", &lab->value);
		if (lab->value.s == NULL) {
			lab->value.s = xstrdup("");
			lab->value.pos = l->pos;
		}
	}
}

/* A version number of map's 'version'; 0 when absent or wrong. */
static unsigned
read_version_number(struct reader *r, const struct ynode *map)
{
	const struct ynode *v = ytree_get(map, "version");
	char *end;
	long n;

	if (v == NULL || ytree_need_scalar(&r->t, v, "version") != 0)
		return 0;
	n = strtol(v->value, &end, 10);
	if (end == v->value || *end != '\0' || n < 1 || n > 9999) {
		ytree_error(&r->t, &v->pos, "'version' must be a whole number "
		    "from 1, not '%s'", v->value);
		return 0;
	}
	return (unsigned)n;
}

static void
read_version(struct reader *r, const struct ynode *map)
{
	unsigned n = read_version_number(r, map);

	if (n > 0)
		r->doc->meta.version = n;
}

static void
read_history(struct reader *r, const struct ynode *map)
{
	struct doc_meta *m = &r->doc->meta;
	const struct ynode *v = ytree_get(map, "tidigare_versioner");
	unsigned last = m->version;
	size_t i;

	if (v == NULL || ytree_need_seq(&r->t, v, "tidigare_versioner",
	    "earlier versions") != 0)
		return;
	m->history = xcalloc(v->nkids + 1, sizeof(*m->history));
	for (i = 0; i < v->nkids; i++) {
		const struct ynode *e = v->kids[i];
		struct doc_version *h = &m->history[m->nhistory];

		if (ytree_check_map(&r->t, e, &history_set,
		    "an earlier version") != 0)
			continue;
		m->nhistory++;
		h->pos = e->pos;
		if (ytree_need(&r->t, e, "version", "the earlier version") !=
		    NULL && (h->version = read_version_number(r, e)) > 0 &&
		    h->version >= last) {
			ytree_error(&r->t, &ytree_get(e, "version")->pos,
			    "earlier versions are listed newest first, each "
			    "older than the one before (version %u)", last);
		}
		if (h->version > 0)
			last = h->version;
		if (ytree_need(&r->t, e, "datum", "the earlier version") !=
		    NULL && read_date(r, e, "datum", &h->date, 0) == 0)
			ytree_error(&r->t, &e->pos, "the earlier version has "
			    "no date");
		read_str(r, e, "dnr", &h->dnr);
		read_str(r, e, "anteckning", &h->note);
		read_str(r, e, "fil", &h->file);
	}
}

/* beslut: organ, datum, paragraf (§), protokoll. */
static void
read_decision(struct reader *r, const struct ynode *map)
{
	struct doc_decision *d = &r->doc->meta.decision;
	const struct ynode *v = ytree_get(map, "beslut");
	char *p;

	if (v == NULL || (v->type == Y_SCALAR && v->null))
		return;
	if (ytree_check_map(&r->t, v, &decision_set, "'beslut'") != 0)
		return;
	d->present = 1;
	d->pos = v->pos;
	read_str(r, v, "organ", &d->body);
	if (d->body.s != NULL && d->body.s[0] == '\0')
		ytree_error(&r->t, &d->body.pos, "'organ' is empty; name the "
		    "nämnd or committee that decided, or leave 'organ' out "
		    "when it is the nämnd itself");
	if (ytree_need(&r->t, v, "datum", "the decision") != NULL &&
	    read_date(r, v, "datum", &d->date, 1) == 0)
		ytree_error(&r->t, &d->date.pos, "the decision has no date; "
		    "give the meeting's date (ÅÅÅÅ-MM-DD)");
	read_str(r, v, "paragraf", &d->paragraph);
	/* "§ 12" and "12" are the same paragraph. */
	if ((p = d->paragraph.s) != NULL && strncmp(p, "§", 2) == 0) {
		size_t skip = 2 + strspn(p + 2, " \xc2\xa0");

		memmove(p, p + skip, strlen(p + skip) + 1);
		d->paragraph.exact = 0;
	}
	read_str(r, v, "protokoll", &d->minutes);
}

static void
read_plan(struct reader *r, const struct ynode *root)
{
	struct doc_meta *m = &r->doc->meta;
	const struct ynode *v;

	if (ytree_check_map(&r->t, root, &plan_set, "a plan") != 0)
		return;
	read_board(r, root, N_("the plan"));
	read_str(r, root, "förvaltning", &m->administration);
	if (ytree_need(&r->t, root, "titel", "the plan") != NULL)
		read_str(r, root, "titel", &m->title);
	if (m->title.s != NULL && m->title.s[0] == '\0')
		ytree_error(&r->t, &m->title.pos, "the title is empty");
	read_title_page(r, root);
	if (ytree_need(&r->t, root, "datum", "the plan") != NULL &&
	    read_date(r, root, "datum", &m->date, 0) == 0)
		ytree_error(&r->t, &m->date.pos, "'datum' is empty; give the plan's date "
		    "(ÅÅÅÅ-MM)");
	read_str(r, root, "dnr", &m->dnr);
	read_date(r, root, "utgivningsdatum", &m->published, 1);
	read_str(r, root, "kontaktperson", &m->contact);
	read_version(r, root);
	read_decision(r, root);
	read_history(r, root);
	if ((v = ytree_need(&r->t, root, "avsnitt", "the plan")) != NULL) {
		if ((v->type == Y_SEQ && v->nkids == 0) || (v->type == Y_SCALAR &&
		    v->null))
			ytree_error(&r->t, &v->pos, "the plan has no sections");
		read_sections(r, r->doc->root, ytree_key(root, "avsnitt"), v, 1);
	}
}

static struct doc_node *
memo_section(struct reader *r, const struct ynode *at, const char *id,
    const char *heading)
{
	return doc_section_new(r->doc->root, 1, heading, id, &at->pos);
}

/* A part: its text, or a mapping of text and subsections (avsnitt). */
static void
read_memo_part(struct reader *r, const struct ynode *map, size_t part)
{
	const struct doc_memo_part *mp = &doc_memo_parts[part];
	const struct ynode *v = ytree_get(map, mp->key), *text, *subs;
	struct doc_node *s;

	if (v == NULL || (v->type == Y_SCALAR && v->null))
		return;
	s = memo_section(r, ytree_key(map, mp->key), mp->id, mp->heading);
	if (v->type != Y_MAP) {
		read_text(r, s, v);
		return;
	}
	if (ytree_check_map(&r->t, v, &memo_part_set, "a part of the "
	    "tjänsteutlåtande") != 0)
		return;
	if ((text = ytree_get(v, "text")) != NULL)
		read_text(r, s, text);
	if ((subs = ytree_get(v, "avsnitt")) != NULL)
		read_sections(r, s, ytree_key(v, "avsnitt"), subs, 2);
}

/* A numbered list under heading, one item for each text of the list at
 * key: the proposal's points, the attachments. */
static void
read_points(struct reader *r, const struct ynode *map, const char *key,
    const char *id, const char *heading)
{
	const struct ynode *v = ytree_get(map, key);
	struct doc_node *list;
	size_t i;

	if (v == NULL || ytree_need_seq(&r->t, v, key, "texts") != 0 ||
	    v->nkids == 0)
		return;
	list = doc_node_new(DOC_LIST, &v->pos);
	list->as.list.ordered = 1;
	list->as.list.start = 1;
	doc_append(memo_section(r, ytree_key(map, key), id, heading), list);
	for (i = 0; i < v->nkids; i++) {
		struct doc_node *item = doc_node_new(DOC_ITEM,
		    &v->kids[i]->pos);

		doc_append(list, item);
		read_blocks(r, item, v->kids[i], key);
	}
}

static void
read_memo_str(struct reader *r, const struct ynode *map, const char *key,
    struct doc_str *out)
{
	read_str(r, map, key, out);
	if (out->s != NULL && out->s[0] == '\0')
		ytree_error(&r->t, &out->pos, "'%s' is empty", key);
}

static void
read_officer(struct reader *r, const struct ynode *map)
{
	struct doc_memo *memo = r->doc->memo;
	const struct ynode *v = ytree_get(map, "handläggare");

	if (v == NULL || ytree_check_map(&r->t, v, &officer_set,
	    "'handläggare'") != 0)
		return;
	if (ytree_need(&r->t, v, "namn", "'handläggare'") != NULL)
		read_memo_str(r, v, "namn", &memo->officer);
	read_str(r, v, "telefon", &memo->phone);
	read_str(r, v, "e-post", &memo->email);
}

static void
read_signatures(struct reader *r, const struct ynode *map)
{
	struct doc_memo *memo = r->doc->memo;
	const struct ynode *v = ytree_get(map, "underskrifter");
	size_t i;

	if (v == NULL || ytree_need_seq(&r->t, v, "underskrifter",
	    "signatures") != 0)
		return;
	memo->signatures = xcalloc(v->nkids + 1, sizeof(*memo->signatures));
	for (i = 0; i < v->nkids; i++) {
		struct doc_signature *sig =
		    &memo->signatures[memo->nsignatures];

		if (ytree_check_map(&r->t, v->kids[i], &signature_set,
		    "a signature") != 0)
			continue;
		memo->nsignatures++;
		if (ytree_need(&r->t, v->kids[i], "namn", "the signature") !=
		    NULL)
			read_memo_str(r, v->kids[i], "namn", &sig->name);
		read_str(r, v->kids[i], "titel", &sig->title);
	}
}

static void
read_address(struct reader *r, const struct ynode *map)
{
	struct doc_memo *memo = r->doc->memo;
	const struct ynode *v = ytree_get(map, "adress");
	size_t i;

	if (v == NULL || ytree_need_seq(&r->t, v, "adress",
	    "address lines") != 0)
		return;
	memo->address = xcalloc(v->nkids + 1, sizeof(*memo->address));
	for (i = 0; i < v->nkids; i++) {
		if (ytree_need_scalar(&r->t, v->kids[i], "adress") != 0)
			continue;
		memo->address[memo->naddress].s = ytree_one_line(v->kids[i]);
		memo->address[memo->naddress++].pos = v->kids[i]->pos;
	}
}

static void
read_memo(struct reader *r, const struct ynode *root)
{
	struct doc_meta *m = &r->doc->meta;
	struct doc_memo *memo;
	size_t i;

	doc_make_memo(r->doc);
	memo = r->doc->memo;
	if (ytree_check_map(&r->t, root, &memo_set, "a tjänsteutlåtande") != 0)
		return;
	/* With its plan, the nämnd and the title are the plan's unless
	 * given (plan.h). */
	read_memo_str(r, root, "plan", &memo->plan);
	if (memo->plan.s == NULL || ytree_get(root, "nämnd") != NULL)
		read_board(r, root, N_("the tjänsteutlåtande"));
	read_str(r, root, "förvaltning", &m->administration);
	read_str(r, root, "avdelning", &memo->unit);
	if (memo->plan.s == NULL ? ytree_need(&r->t, root, "titel",
	    "the tjänsteutlåtande") != NULL : ytree_get(root, "titel") != NULL)
		read_memo_str(r, root, "titel", &m->title);
	if (ytree_need(&r->t, root, "datum", "the tjänsteutlåtande") !=
	    NULL && read_date(r, root, "datum", &m->date, 0) == 0)
		ytree_error(&r->t, &m->date.pos, "'datum' is empty; give the "
		    "tjänsteutlåtande's date (ÅÅÅÅ-MM-DD)");
	read_str(r, root, "dnr", &m->dnr);
	read_officer(r, root);
	read_str(r, root, "till", &memo->to);
	read_points(r, root, "förslag", DOC_MEMO_PROPOSAL,
	    "Förvaltningens förslag till beslut");
	read_signatures(r, root);
	for (i = 0; i < DOC_MEMO_PARTS; i++)
		read_memo_part(r, root, i);
	read_points(r, root, "bilagor", DOC_MEMO_ATTACHMENTS, "Bilagor");
	read_address(r, root);
	read_str(r, root, "växel", &memo->switchboard);
}

/* The kind of document: 'dokument: tjänsteutlåtande', or a plan. */
static void
read_document(struct reader *r, const struct ynode *root)
{
	const struct ynode *kind = root->type == Y_MAP ?
	    ytree_get(root, "dokument") : NULL;
	static const char *const kinds[] = { "handlingsplan",
	    "tjänsteutlåtande", NULL };

	if (kind == NULL || (ytree_need_scalar(&r->t, kind, "dokument") == 0 &&
	    strcmp(kind->value, "handlingsplan") == 0)) {
		read_plan(r, root);
		return;
	}
	if (kind->type == Y_SCALAR && strcmp(kind->value, "tjänsteutlåtande")
	    == 0) {
		read_memo(r, root);
		return;
	}
	if (kind->type == Y_SCALAR) {
		ytree_error(&r->t, &kind->pos, "unknown kind of document '%s'",
		    kind->value);
		ytree_suggest(&r->t, &kind->pos, kind->value, kinds);
	}
}

struct doc *
yaml_in_parse(const char *name, const char *data, size_t len, struct diag *d)
{
	struct reader r;
	unsigned errors = d->errors;
	struct diag_pos pos;

	memset(&r, 0, sizeof(r));
	r.doc = doc_new(name);
	if (ytree_load(&r.t, r.doc->file, data, len, d) == 0) {
		const struct ynode *root = r.t.root;

		if (root != NULL && !(root->type == Y_SCALAR && root->null)) {
			read_document(&r, root);
		} else {
			pos.file = r.t.file;
			pos.line = 1;
			pos.col = 1;
			ytree_error(&r.t, &pos, "the file is empty");
			ytree_note(&r.t, &pos, "a plan begins with 'nämnd:', "
			    "'titel:' and 'datum:'; see docs/format.md");
		}
	}
	ytree_free(&r.t);
	if (d->errors != errors && r.doc->root->first == NULL) {
		doc_free(r.doc);
		return NULL;
	}
	return r.doc;
}
