#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "buf.h"
#include "markup.h"
#include "xalloc.h"
#include "yaml_in.h"

/*
 * The file is first read into a small tree of YAML values, each with its
 * place in the file; the plan is then read from that tree, so that a
 * missing key can be reported while the rest is still checked.
 */
enum ytype {
	Y_SCALAR,
	Y_SEQ,
	Y_MAP
};

struct ynode {
	enum ytype		 type;
	struct diag_pos		 pos;
	unsigned		 end_line;	/* 1-based */
	unsigned		 end_col;
	yaml_scalar_style_t	 style;
	char			*value;		/* scalars */
	size_t			 len;
	int			 null;		/* an empty plain scalar, ~, null */
	struct ynode		**kids;		/* a mapping: key, value, … */
	size_t			 nkids;
	size_t			 cap;
};

struct id_entry {
	const char	*id;
	struct diag_pos	 pos;
};

struct reader {
	const char	*file;
	const char	*src;
	size_t		 srclen;
	size_t		*line_starts;	/* byte offset of each line */
	size_t		 nlines;
	struct diag	*d;
	struct doc	*doc;
	struct id_entry	*ids;
	size_t		 nids;
	size_t		 idcap;
	int		 bad_columns;	/* the current table's columns */
};

/* The keys a mapping may have. */
struct keyset {
	const char		*what;	/* "an action" */
	const char *const	*keys;
};

static const char *const plan_keys[] = { "nämnd", "förvaltning", "titel",
    "titelsida", "datum", "dnr", "utgivningsdatum", "kontaktperson",
    "version", "avsnitt", NULL };
static const char *const board_keys[] = { "namn", "typ", NULL };
static const char *const title_page_keys[] = { "titel", "uppgifter", NULL };
static const char *const label_keys[] = { "etikett", "värde", NULL };
static const char *const section_keys[] = { "rubrik", "id", "text",
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

static const struct keyset plan_set = { "the plan", plan_keys };
static const struct keyset board_set = { "'nämnd'", board_keys };
static const struct keyset title_page_set = { "'titelsida'",
    title_page_keys };
static const struct keyset label_set = { "a title-page line", label_keys };
static const struct keyset section_set = { "a section", section_keys };
static const struct keyset table_set = { "a table", table_keys };
static const struct keyset action_column_set = { "a column",
    action_column_keys };
static const struct keyset plain_column_set = { "a column",
    plain_column_keys };
static const struct keyset action_set = { "an action", action_keys };

static void
ynode_free(struct ynode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

static void
error(struct reader *r, const struct diag_pos *pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
note(struct reader *r, const struct diag_pos *pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
warning(struct reader *r, const struct diag_pos *pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
vreport(struct reader *r, enum diag_level level, const struct diag_pos *pos,
    const char *fmt, va_list ap)
{
	struct buf b = { 0 };

	buf_vprintf(&b, fmt, ap);
	diag_report(r->d, level, pos, "%s", b.data ? b.data : "");
	buf_free(&b);
}

static void
error(struct reader *r, const struct diag_pos *pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(r, DIAG_ERROR, pos, fmt, ap);
	va_end(ap);
}

static void
note(struct reader *r, const struct diag_pos *pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(r, DIAG_NOTE, pos, fmt, ap);
	va_end(ap);
}

static void
warning(struct reader *r, const struct diag_pos *pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(r, DIAG_WARNING, pos, fmt, ap);
	va_end(ap);
}

/* Source lines. */

static void
index_lines(struct reader *r)
{
	size_t i, cap = 0;

	r->line_starts = xgrow(NULL, &cap, 1, sizeof(size_t));
	r->line_starts[r->nlines++] = 0;
	for (i = 0; i < r->srclen; i++)
		if (r->src[i] == '\n') {
			r->line_starts = xgrow(r->line_starts, &cap,
			    r->nlines + 1, sizeof(size_t));
			r->line_starts[r->nlines++] = i + 1;
		}
}

/* The position of byte offset off of the file. */
static void
byte_pos(struct reader *r, size_t off, struct diag_pos *pos)
{
	size_t lo = 0, hi = r->nlines, i;
	unsigned col = 1;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (r->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	for (i = r->line_starts[lo]; i < off; i++)
		if (((unsigned char)r->src[i] & 0xc0) != 0x80)
			col++;
	pos->file = r->file;
	pos->line = (unsigned)lo + 1;
	pos->col = col;
}

static void
mark_pos(struct reader *r, const yaml_mark_t *m, struct diag_pos *pos)
{
	pos->file = r->file;
	pos->line = (unsigned)m->line + 1;
	pos->col = (unsigned)m->column + 1;
}

/* The length of the UTF-8 sequence at s, or 0 when it is not valid. */
static size_t
utf8_valid(const unsigned char *s, size_t len)
{
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 ||
	    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

/*
 * libyaml stops at the first bad byte; checking the encoding first
 * reports every one, which helps with text pasted from old documents.
 */
static int
check_encoding(struct reader *r)
{
	const unsigned char *s = (const unsigned char *)r->src;
	size_t i = 0, n, bad = 0;
	struct diag_pos pos;

	if (r->srclen >= 2 && ((s[0] == 0xff && s[1] == 0xfe) ||
	    (s[0] == 0xfe && s[1] == 0xff))) {
		pos.file = r->file;
		pos.line = pos.col = 0;
		error(r, &pos, "the file is in UTF-16; save it as UTF-8");
		return -1;
	}
	while (i < r->srclen) {
		if ((n = utf8_valid(s + i, r->srclen - i)) != 0) {
			i += n;
			continue;
		}
		if (++bad <= 20) {
			byte_pos(r, i, &pos);
			error(r, &pos, "byte 0x%02X is not valid UTF-8", s[i]);
			if (bad == 1)
				note(r, &pos, "save the file as UTF-8; in "
				    "Windows-1252 this byte is '%s'",
				    s[i] == 0xe5 ? "å" : s[i] == 0xe4 ? "ä" :
				    s[i] == 0xf6 ? "ö" : s[i] == 0xc5 ? "Å" :
				    s[i] == 0xc4 ? "Ä" : s[i] == 0xd6 ? "Ö" :
				    s[i] == 0x96 ? "–" : s[i] == 0x93 ||
				    s[i] == 0x94 ? "”" : s[i] == 0x92 ? "’" :
				    "another character");
		}
		i++;
	}
	if (bad > 20) {
		pos.file = r->file;
		pos.line = pos.col = 0;
		error(r, &pos, "%zu more bytes are not valid UTF-8", bad - 20);
	}
	return bad ? -1 : 0;
}

/* Parsing YAML into ynodes. */

static void
yaml_problem(struct reader *r, const yaml_parser_t *p)
{
	struct diag_pos pos;

	if (p->error == YAML_READER_ERROR) {
		byte_pos(r, p->problem_offset, &pos);
		error(r, &pos, "%s", p->problem);
		return;
	}
	mark_pos(r, &p->problem_mark, &pos);
	error(r, &pos, "%s", p->problem ? p->problem : "malformed YAML");
	if (p->problem != NULL && strstr(p->problem, "mapping values") != NULL)
		note(r, &pos, "a text that contains ': ' must be put in "
		    "quotes or written as a block after '|'");
	else if (p->problem != NULL && strstr(p->problem,
	    "cannot start any token") != NULL &&
	    p->problem_mark.index < r->srclen &&
	    pos.line <= r->nlines &&
	    memchr(r->src + r->line_starts[pos.line - 1], '\t',
	    pos.col) != NULL)
		note(r, &pos, "indent with spaces: YAML does not allow tabs "
		    "for indentation");
	if (p->context != NULL) {
		mark_pos(r, &p->context_mark, &pos);
		note(r, &pos, "%s", p->context);
	}
}

static int
is_null_scalar(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	    strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

static struct ynode *
load(struct reader *r)
{
	struct ynode *stack[YAML_IN_MAX_DEPTH + 1], *root = NULL, *n;
	size_t depth = 0, count = 0;
	yaml_parser_t parser;
	yaml_event_t ev;
	int docs = 0, done = 0, failed = 0;
	struct diag_pos pos;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)r->src,
	    r->srclen);
	while (!done && !failed) {
		if (!yaml_parser_parse(&parser, &ev)) {
			yaml_problem(r, &parser);
			failed = 1;
			break;
		}
		mark_pos(r, &ev.start_mark, &pos);
		n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				error(r, &pos, "a second document begins "
				    "here; a file holds one plan");
				failed = 1;
			}
			break;
		case YAML_ALIAS_EVENT:
			error(r, &pos, "aliases (*%s) are not supported; "
			    "write the value out", ev.data.alias.anchor);
			failed = 1;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++count > YAML_IN_MAX_NODES) {
				error(r, &pos, "the file has more than %d "
				    "values", YAML_IN_MAX_NODES);
				failed = 1;
				break;
			}
			n = xcalloc(1, sizeof(*n));
			n->pos = pos;
			if (ev.type == YAML_SCALAR_EVENT) {
				n->type = Y_SCALAR;
				n->len = ev.data.scalar.length;
				n->value = xstrndup((const char *)
				    ev.data.scalar.value, n->len);
				n->style = ev.data.scalar.style;
				n->null = is_null_scalar(&ev);
				n->end_line = (unsigned)ev.end_mark.line + 1;
				n->end_col = (unsigned)ev.end_mark.column + 1;
			} else
				n->type = ev.type == YAML_SEQUENCE_START_EVENT ?
				    Y_SEQ : Y_MAP;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (n == NULL)
			continue;
		if (depth == 0) {
			root = n;
		} else {
			struct ynode *up = stack[depth - 1];

			up->kids = xgrow(up->kids, &up->cap, up->nkids + 1,
			    sizeof(*up->kids));
			up->kids[up->nkids++] = n;
		}
		if (n->type != Y_SCALAR) {
			if (depth == YAML_IN_MAX_DEPTH) {
				error(r, &n->pos, "values are nested more "
				    "than %d deep", YAML_IN_MAX_DEPTH);
				failed = 1;
			} else
				stack[depth++] = n;
		}
	}
	yaml_parser_delete(&parser);
	if (failed) {
		ynode_free(root);
		return NULL;
	}
	return root;
}

/* Reading the plan from ynodes. */

static const char *
kind_of(const struct ynode *n)
{
	return n->type == Y_SCALAR ? "a text" : n->type == Y_SEQ ?
	    "a list" : "a mapping (keys with values)";
}

static size_t
utf8_decode(const char *s, uint32_t *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p != '\0' && n < max) {
		uint32_t c = *p++;

		if (c >= 0xc0) {
			int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;

			c &= 0x3f >> more;
			while (more-- > 0 && (*p & 0xc0) == 0x80)
				c = (c << 6) | (*p++ & 0x3f);
		}
		out[n++] = c;
	}
	return n;
}

/* Edit distance of two short keys, in characters. */
static size_t
distance(const char *a, const char *b)
{
	uint32_t ca[64], cb[64];
	size_t na = utf8_decode(a, ca, 64), nb = utf8_decode(b, cb, 64);
	size_t row[65], i, j;

	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= nb; j++) {
			size_t up = row[j], best = diag + (ca[i - 1] !=
			    cb[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[nb];
}

/* Says which of keys the unknown word was probably meant to be. */
static void
suggest(struct reader *r, const struct diag_pos *pos, const char *word,
    const char *const *keys)
{
	const char *best = NULL;
	size_t bestd = SIZE_MAX, k, d;
	struct buf all = { 0 };

	for (k = 0; keys[k] != NULL; k++) {
		d = distance(word, keys[k]);
		if (d < bestd) {
			bestd = d;
			best = keys[k];
		}
		buf_printf(&all, "%s'%s'", k ? ", " : "", keys[k]);
	}
	if (best != NULL && bestd <= 2 && bestd < strlen(word))
		note(r, pos, "did you mean '%s'?", best);
	else
		note(r, pos, "the possible keys are %s", all.data);
	buf_free(&all);
}

static int
in_list(const char *word, const char *const *keys)
{
	size_t k;

	for (k = 0; keys[k] != NULL; k++)
		if (strcmp(word, keys[k]) == 0)
			return 1;
	return 0;
}

/*
 * Checks that n is a mapping whose keys are texts from set, each once.
 * Returns 0 when n is a mapping (its bad keys reported), -1 otherwise.
 */
static int
check_map(struct reader *r, const struct ynode *n, const struct keyset *set,
    const char *name)
{
	size_t i, j;

	if (n->type != Y_MAP) {
		error(r, &n->pos, "%s must be a mapping (keys with values), "
		    "not %s", name, kind_of(n));
		return -1;
	}
	for (i = 0; i + 1 < n->nkids; i += 2) {
		const struct ynode *k = n->kids[i];

		if (k->type != Y_SCALAR) {
			error(r, &k->pos, "a key must be a word, not %s",
			    kind_of(k));
			continue;
		}
		if (!in_list(k->value, set->keys)) {
			error(r, &k->pos, "unknown key '%s' in %s", k->value,
			    set->what);
			suggest(r, &k->pos, k->value, set->keys);
			continue;
		}
		for (j = 0; j < i; j += 2)
			if (n->kids[j]->type == Y_SCALAR &&
			    strcmp(n->kids[j]->value, k->value) == 0) {
				error(r, &k->pos, "'%s' is given twice",
				    k->value);
				note(r, &n->kids[j]->pos, "it was first given "
				    "here");
				break;
			}
	}
	return 0;
}

/* The value of key in mapping n, or NULL. */
static const struct ynode *
get(const struct ynode *n, const char *key)
{
	size_t i;

	if (n->type != Y_MAP)
		return NULL;
	for (i = 0; i + 1 < n->nkids; i += 2)
		if (n->kids[i]->type == Y_SCALAR &&
		    strcmp(n->kids[i]->value, key) == 0)
			return n->kids[i + 1];
	return NULL;
}

/* The key node of key in mapping n, for positions. */
static const struct ynode *
key_node(const struct ynode *n, const char *key)
{
	size_t i;

	for (i = 0; i + 1 < n->nkids; i += 2)
		if (n->kids[i]->type == Y_SCALAR &&
		    strcmp(n->kids[i]->value, key) == 0)
			return n->kids[i];
	return NULL;
}

static const struct ynode *
need(struct reader *r, const struct ynode *n, const char *key,
    const char *what)
{
	const struct ynode *v = get(n, key);

	if (v == NULL && n->type == Y_MAP)
		error(r, &n->pos, "%s has no '%s'", what, key);
	return v;
}

static int
need_scalar(struct reader *r, const struct ynode *v, const char *key)
{
	if (v->type == Y_SCALAR)
		return 0;
	error(r, &v->pos, "'%s' must be a text, not %s", key, kind_of(v));
	return -1;
}

static int
need_seq(struct reader *r, const struct ynode *v, const char *key,
    const char *of)
{
	if (v->type == Y_SEQ)
		return 0;
	if (v->type == Y_SCALAR && v->null)
		return 0;	/* "key:" alone is an empty list */
	error(r, &v->pos, "'%s' must be a list of %s, not %s", key, of,
	    kind_of(v));
	note(r, &v->pos, "write each of them on a line of its own starting "
	    "with '- '");
	return -1;
}

/* A one-line text: white space runs become one space, none at the ends. */
static char *
one_line(const struct ynode *v)
{
	struct buf b = { 0 };
	const char *s;
	int space = 0;

	if (v->null)
		return xstrdup("");
	for (s = v->value; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, *s);
	}
	return buf_take(&b);
}

static void
read_str(struct reader *r, const struct ynode *map, const char *key,
    struct doc_str *out)
{
	const struct ynode *v = get(map, key);

	if (v == NULL || need_scalar(r, v, key) != 0)
		return;
	out->s = one_line(v);
	out->pos = v->pos;
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
		for (line = v->pos.line; line < r->nlines; line++) {
			const char *s = r->src + r->line_starts[line];
			const char *e = r->src + (line + 1 < r->nlines ?
			    r->line_starts[line + 1] : r->srclen);
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

	if (need_scalar(r, v, key) != 0 || v->null)
		return;
	anchors = scalar_anchors(r, v, &n, &o.exact);
	o.file = r->file;
	o.anchors = anchors;
	o.nanchors = n;
	markup_blocks(parent, v->value, v->len, &o, r->d);
	free(anchors);
}

static void
register_id(struct reader *r, const char *id, const struct diag_pos *pos)
{
	size_t i;

	if (!doc_id_valid(id)) {
		error(r, pos, "'%s' is not a valid id", id);
		note(r, pos, "an id starts with a lower-case letter and has "
		    "only lower-case letters (a-z, å, ä, ö), digits and '-'");
		return;
	}
	for (i = 0; i < r->nids; i++)
		if (strcmp(r->ids[i].id, id) == 0) {
			error(r, pos, "the id '%s' is used twice", id);
			note(r, &r->ids[i].pos, "it was first used here");
			return;
		}
	r->ids = xgrow(r->ids, &r->idcap, r->nids + 1, sizeof(*r->ids));
	r->ids[r->nids].id = id;
	r->ids[r->nids].pos = *pos;
	r->nids++;
}

/* Returns 1 for a date, 0 when absent or empty, -1 when invalid. */
static int
read_date(struct reader *r, const struct ynode *map, const char *key,
    struct doc_date *date, int full)
{
	const struct ynode *v = get(map, key);
	const char *why;
	int ret = 1;
	char *s;

	if (v == NULL || need_scalar(r, v, key) != 0)
		return 0;
	date->present = 1;
	date->pos = v->pos;
	s = one_line(v);
	if (s[0] != '\0' && (doc_date_parse(s, date, &why) != 0 ||
	    (full && date->day == 0))) {
		if (full && date->day == 0 && date->year != 0)
			why = "give the whole date as ÅÅÅÅ-MM-DD, "
			    "e.g. 2017-09-28";
		date->year = date->month = date->day = 0;
		error(r, &v->pos, "'%s' is not a valid date for '%s'", s, key);
		note(r, &v->pos, "%s", why);
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
	const struct ynode *v = get(col, "bredd");

	if (v == NULL || need_scalar(r, v, "bredd") != 0)
		return;
	if ((c->width = parse_width(v->value)) < 0) {
		error(r, &v->pos, "'%s' is not a column width", v->value);
		note(r, &v->pos, "give the column's share of the table width "
		    "in percent, e.g. 25 or \"25 %%\"");
		c->width = 0;
	}
}

static void
read_action_column(struct reader *r, const struct ynode *v,
    struct doc_column *c)
{
	const struct ynode *f = v, *h;

	if (v->type == Y_MAP) {
		check_map(r, v, &action_column_set, "a column");
		if ((f = need(r, v, "fält", "the column")) == NULL)
			return;
		if ((h = get(v, "rubrik")) != NULL &&
		    need_scalar(r, h, "rubrik") == 0)
			c->header = one_line(h);
		read_width(r, v, c);
	}
	if (f->type != Y_SCALAR) {
		error(r, &f->pos, "a column must be a field name or a mapping "
		    "with 'fält', not %s", kind_of(f));
		return;
	}
	if ((c->key = doc_colkey_lookup(f->value)) == DOC_COL_NONE) {
		error(r, &f->pos, "unknown column '%s'", f->value);
		suggest(r, &f->pos, f->value, column_names);
	}
}

static void
read_plain_column(struct reader *r, const struct ynode *v,
    struct doc_column *c)
{
	const struct ynode *h = v;

	c->key = DOC_COL_NONE;
	if (v->type == Y_MAP) {
		check_map(r, v, &plain_column_set, "a column");
		if ((h = need(r, v, "rubrik", "the column")) == NULL)
			return;
		read_width(r, v, c);
	}
	if (need_scalar(r, h, "rubrik") == 0)
		c->header = one_line(h);
}

static void
read_action(struct reader *r, struct doc_node *t, const struct ynode *v)
{
	const struct ynode *given[DOC_FIELD__MAX] = { 0 }, *id;
	const char *given_key[DOC_FIELD__MAX] = { 0 };
	struct doc_node *action, *field;
	size_t i;
	int f;

	if (check_map(r, v, &action_set, "an action") != 0)
		return;
	action = doc_node_new(DOC_ACTION, &v->pos);
	doc_append(t, action);
	if ((id = need(r, v, "id", "the action")) != NULL &&
	    need_scalar(r, id, "id") == 0) {
		action->as.action.id = one_line(id);
		register_id(r, action->as.action.id, &id->pos);
	} else if (id == NULL)
		note(r, &v->pos, "give every action a short, stable id such as "
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
				error(r, &k->pos, "'%s' and '%s' are the same "
				    "field; give only one", k->value,
				    given_key[f]);
			continue;
		}
		given[f] = v->kids[i + 1];
		given_key[f] = k->value;
		if (doc_table_column(t, (enum doc_field)f) == NULL &&
		    t->as.table.ncols > 0 && !r->bad_columns) {
			warning(r, &k->pos, "'%s' is not a column of this "
			    "table and does not print", k->value);
			note(r, &k->pos, "add it to the table's 'kolumner' or "
			    "remove it");
		}
	}
	if (given[DOC_FIELD_ACTION] == NULL) {
		const struct doc_column *c = doc_table_column(t, DOC_FIELD_ACTION);

		error(r, &v->pos, "the action has no '%s'",
		    c != NULL ? doc_colkey_name(c->key) : "åtgärd");
	}
	/* Fields are kept in one order whatever order they were written in,
	 * so that every output of the tree is the same for the same plan. */
	for (f = 0; f < DOC_FIELD__MAX; f++) {
		if (given[f] == NULL)
			continue;
		field = doc_node_new(DOC_FIELD, &given[f]->pos);
		field->as.field.field = (enum doc_field)f;
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
		error(r, &v->pos, "a row must be a list of cells, not %s",
		    kind_of(v));
		return;
	}
	if (v->nkids != t->as.table.ncols && t->as.table.ncols > 0)
		error(r, &v->pos, "this row has %zu cells but the table has "
		    "%zu columns", v->nkids, t->as.table.ncols);
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

	if (check_map(r, v, &table_set, "a table") != 0)
		return;
	actions = get(v, "åtgärder");
	rows = get(v, "rader");
	if (actions != NULL && rows != NULL) {
		error(r, &v->pos, "a table has either 'åtgärder' or 'rader', "
		    "not both");
		return;
	}
	if (actions == NULL && rows == NULL) {
		error(r, &v->pos, "a table needs 'åtgärder' (an action table) "
		    "or 'rader' (a plain table)");
		return;
	}
	is_actions = actions != NULL;
	r->bad_columns = 0;
	t = doc_node_new(is_actions ? DOC_ACTIONS : DOC_TABLE, &v->pos);
	doc_append(section, t);
	if ((cap = get(v, "rubrik")) != NULL && need_scalar(r, cap,
	    "rubrik") == 0)
		t->as.table.caption = one_line(cap);
	if ((kol = need(r, v, "kolumner", "the table")) != NULL &&
	    need_seq(r, kol, "kolumner", "columns") == 0) {
		if (kol->nkids == 0)
			error(r, &kol->pos, "the table has no columns");
		else if (kol->nkids > DOC_MAX_COLUMNS)
			error(r, &kol->pos, "the table has %zu columns; at "
			    "most %d fit on a page", kol->nkids,
			    DOC_MAX_COLUMNS);
		else {
			unsigned before = r->d->errors;

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
			/* Actions are not checked against columns that
			 * are wrong already. */
			r->bad_columns = r->d->errors != before;
			if (!r->bad_columns)
				doc_table_check(t, &kol->pos, r->d);
		}
	}
	if (is_actions) {
		if (need_seq(r, actions, "åtgärder", "actions") == 0)
			for (i = 0; i < actions->nkids; i++)
				read_action(r, t, actions->kids[i]);
	} else if (need_seq(r, rows, "rader", "rows") == 0) {
		for (i = 0; i < rows->nkids; i++)
			read_row(r, t, rows->kids[i]);
	}
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

	if (check_map(r, v, &section_set, "a section") != 0)
		return;
	s = doc_node_new(DOC_SECTION, &v->pos);
	s->as.section.level = level;
	doc_append(parent, s);
	if ((h = need(r, v, "rubrik", "the section")) != NULL &&
	    need_scalar(r, h, "rubrik") == 0) {
		s->as.section.title = one_line(h);
		if (s->as.section.title[0] == '\0')
			error(r, &h->pos, "the heading is empty");
	}
	if (s->as.section.title == NULL)
		s->as.section.title = xstrdup("");
	if ((id = get(v, "id")) != NULL && need_scalar(r, id, "id") == 0) {
		s->as.section.id = one_line(id);
		register_id(r, s->as.section.id, &id->pos);
	}
	if ((text = get(v, "text")) != NULL)
		read_blocks(r, s, text, "text");
	if ((tables = get(v, "tabeller")) != NULL &&
	    need_seq(r, tables, "tabeller", "tables") == 0)
		for (i = 0; i < tables->nkids; i++)
			read_table(r, s, tables->kids[i]);
	if ((subs = get(v, "avsnitt")) != NULL)
		read_sections(r, s, key_node(v, "avsnitt"), subs, level + 1);
}

static void
read_sections(struct reader *r, struct doc_node *parent,
    const struct ynode *key, const struct ynode *v, int level)
{
	size_t i;

	if (need_seq(r, v, "avsnitt", "sections") != 0)
		return;
	if (level > DOC_MAX_LEVEL && v->nkids > 0) {
		error(r, &key->pos, "sections nest at most %d levels deep; "
		    "these would be on level %d", DOC_MAX_LEVEL, level);
		return;
	}
	for (i = 0; i < v->nkids; i++)
		read_section(r, parent, v->kids[i], level);
}

static void
read_board(struct reader *r, const struct ynode *map)
{
	struct doc_meta *m = &r->doc->meta;
	const struct ynode *v = need(r, map, "nämnd", "the plan"), *typ;

	if (v == NULL)
		return;
	if (v->type == Y_SCALAR) {
		error(r, &v->pos, "'nämnd' needs the nämnd's name and type");
		note(r, &v->pos, "write it as nämnd: {namn: %s, typ: "
		    "stadsdelsnämnd} (or typ: facknämnd)",
		    v->null ? "…" : v->value);
		return;
	}
	if (check_map(r, v, &board_set, "'nämnd'") != 0)
		return;
	if (need(r, v, "namn", "'nämnd'") != NULL)
		read_str(r, v, "namn", &m->board);
	if (m->board.s != NULL && m->board.s[0] == '\0')
		error(r, &m->board.pos, "the nämnd's name is empty");
	if ((typ = need(r, v, "typ", "'nämnd'")) == NULL ||
	    need_scalar(r, typ, "typ") != 0)
		return;
	if (strcmp(typ->value, "stadsdelsnämnd") == 0)
		m->board_kind = DOC_BOARD_DISTRICT;
	else if (strcmp(typ->value, "facknämnd") == 0)
		m->board_kind = DOC_BOARD_SPECIALIST;
	else {
		static const char *const kinds[] = { "stadsdelsnämnd",
		    "facknämnd", NULL };

		error(r, &typ->pos, "unknown kind of nämnd '%s'", typ->value);
		suggest(r, &typ->pos, typ->value, kinds);
	}
}

static void
read_title_page(struct reader *r, const struct ynode *map)
{
	struct doc_meta *m = &r->doc->meta;
	const struct ynode *v = get(map, "titelsida"), *lines;
	size_t i;

	if (v == NULL || check_map(r, v, &title_page_set, "'titelsida'") != 0)
		return;
	read_str(r, v, "titel", &m->title_page_title);
	if ((lines = get(v, "uppgifter")) == NULL ||
	    need_seq(r, lines, "uppgifter", "lines with 'etikett' and "
	    "'värde'") != 0)
		return;
	m->labels = xcalloc(lines->nkids, sizeof(*m->labels));
	for (i = 0; i < lines->nkids; i++) {
		const struct ynode *l = lines->kids[i];
		struct doc_label *lab = &m->labels[m->nlabels];

		if (check_map(r, l, &label_set, "a title-page line") != 0)
			continue;
		m->nlabels++;
		if (need(r, l, "etikett", "the title-page line") != NULL)
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

static void
read_version(struct reader *r, const struct ynode *map)
{
	const struct ynode *v = get(map, "version");
	char *end;
	long n;

	if (v == NULL || need_scalar(r, v, "version") != 0)
		return;
	n = strtol(v->value, &end, 10);
	if (end == v->value || *end != '\0' || n < 1 || n > 9999) {
		error(r, &v->pos, "'version' must be a whole number from 1, "
		    "not '%s'", v->value);
		return;
	}
	r->doc->meta.version = (unsigned)n;
}

static void
read_plan(struct reader *r, const struct ynode *root)
{
	struct doc_meta *m = &r->doc->meta;
	const struct ynode *v;

	if (check_map(r, root, &plan_set, "a plan") != 0)
		return;
	read_board(r, root);
	read_str(r, root, "förvaltning", &m->administration);
	if (need(r, root, "titel", "the plan") != NULL)
		read_str(r, root, "titel", &m->title);
	if (m->title.s != NULL && m->title.s[0] == '\0')
		error(r, &m->title.pos, "the title is empty");
	read_title_page(r, root);
	if (need(r, root, "datum", "the plan") != NULL &&
	    read_date(r, root, "datum", &m->date, 0) == 0)
		error(r, &m->date.pos, "'datum' is empty; give the plan's date "
		    "(ÅÅÅÅ-MM)");
	read_str(r, root, "dnr", &m->dnr);
	read_date(r, root, "utgivningsdatum", &m->published, 1);
	read_str(r, root, "kontaktperson", &m->contact);
	read_version(r, root);
	if ((v = need(r, root, "avsnitt", "the plan")) != NULL) {
		if ((v->type == Y_SEQ && v->nkids == 0) || (v->type == Y_SCALAR &&
		    v->null))
			error(r, &v->pos, "the plan has no sections");
		read_sections(r, r->doc->root, key_node(root, "avsnitt"), v, 1);
	}
}

struct doc *
yaml_in_parse(const char *name, const char *data, size_t len, struct diag *d)
{
	struct reader r;
	struct ynode *root = NULL;
	unsigned errors = d->errors;
	struct diag_pos pos;

	memset(&r, 0, sizeof(r));
	r.doc = doc_new(name);
	r.file = r.doc->file;
	r.src = data;
	r.srclen = len;
	r.d = d;
	index_lines(&r);
	if (check_encoding(&r) == 0 && (root = load(&r)) != NULL &&
	    !(root->type == Y_SCALAR && root->null)) {
		read_plan(&r, root);
		ynode_free(root);
		root = NULL;
	} else if (d->errors == errors) {
		pos.file = r.file;
		pos.line = 1;
		pos.col = 1;
		error(&r, &pos, "the file is empty");
		note(&r, &pos, "a plan begins with 'nämnd:', 'titel:' and "
		    "'datum:'; see docs/format.md");
	}
	ynode_free(root);
	free(r.line_starts);
	free(r.ids);
	if (d->errors != errors) {
		doc_free(r.doc);
		return NULL;
	}
	return r.doc;
}
