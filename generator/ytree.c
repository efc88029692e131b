#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "intl.h"
#include "xalloc.h"
#include "encoding.h"
#include "ytree_int.h"

static void
node_free(struct ynode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

static void
vreport(struct ytree *t, enum diag_level level, const struct diag_pos *pos,
    const char *fmt, va_list ap)
{
	diag_vreport(t->d, level, pos, _(fmt), ap);
}

void
ytree_error(struct ytree *t, const struct diag_pos *pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(t, DIAG_ERROR, pos, fmt, ap);
	va_end(ap);
}

void
ytree_note(struct ytree *t, const struct diag_pos *pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(t, DIAG_NOTE, pos, fmt, ap);
	va_end(ap);
}

void
ytree_warning(struct ytree *t, const struct diag_pos *pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(t, DIAG_WARNING, pos, fmt, ap);
	va_end(ap);
}

/* Source lines. */

static void
index_lines(struct ytree *t)
{
	size_t i, cap = 0;

	t->line_starts = xgrow(NULL, &cap, 1, sizeof(size_t));
	t->line_starts[t->nlines++] = 0;
	for (i = 0; i < t->srclen; i++)
		if (t->src[i] == '\n') {
			t->line_starts = xgrow(t->line_starts, &cap,
			    t->nlines + 1, sizeof(size_t));
			t->line_starts[t->nlines++] = i + 1;
		}
}

/* The position of byte offset off of the file. */
static void
byte_pos(struct ytree *t, size_t off, struct diag_pos *pos)
{
	size_t lo = 0, hi = t->nlines, i;
	unsigned col = 1;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (t->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	for (i = t->line_starts[lo]; i < off; i++)
		if (((unsigned char)t->src[i] & 0xc0) != 0x80)
			col++;
	pos->file = t->file;
	pos->line = (unsigned)lo + 1;
	pos->col = col;
}

static void
mark_pos(struct ytree *t, const yaml_mark_t *m, struct diag_pos *pos)
{
	pos->file = t->file;
	pos->line = (unsigned)m->line + 1;
	pos->col = (unsigned)m->column + 1;
}

/* Parsing YAML into ynodes. */

/* Whether the scan reported a mistake on pos's line. */
static int
reported(const struct ytree *t, const struct diag_pos *pos)
{
	return t->reported != NULL && pos->line > 0 && pos->line <= t->nlines &&
	    t->reported[pos->line - 1];
}

static void
yaml_problem(struct ytree *t, const yaml_parser_t *p)
{
	struct diag_pos pos, ctx;

	/* libyaml's words, in English, after ours. */
	if (p->error == YAML_READER_ERROR) {
		byte_pos(t, p->problem_offset, &pos);
		ytree_error(t, &pos, "the file is not valid YAML: %s",
		    p->problem);
		return;
	}
	mark_pos(t, &p->problem_mark, &pos);
	mark_pos(t, &p->context_mark, &ctx);
	/* The scan explained it already; libyaml reads no further. */
	if (reported(t, &pos))
		return;
	if (p->problem != NULL && p->context != NULL &&
	    strcmp(p->problem, "did not find expected key") == 0 &&
	    strstr(p->context, "block mapping") != NULL) {
		ytree_error(t, &pos, "this line is indented to column %u, where "
		    "no key of the mapping above it stands: its keys begin at "
		    "column %u (from line %u); indent it like them, or begin a "
		    "new item of a list with '- '", pos.col, ctx.col,
		    ctx.line);
	} else if (p->problem != NULL && p->context != NULL &&
	    strcmp(p->problem, "did not find expected '-' indicator") == 0 &&
	    pos.col > ctx.col) {
		ytree_error(t, &pos, "this line is indented to column %u, more "
		    "than the '- ' of the list that begins on line %u (column "
		    "%u) but less than the keys of its item; line it up with "
		    "the keys above it, or begin a new item with '- ' at "
		    "column %u", pos.col, ctx.line, ctx.col, ctx.col);
	} else if (p->problem != NULL && p->context != NULL &&
	    strcmp(p->problem, "did not find expected '-' indicator") == 0) {
		ytree_error(t, &pos, "an item of the list that begins on line "
		    "%u must begin with '- ' at column %u, as its first item "
		    "does", ctx.line, ctx.col);
	} else {
		ytree_error(t, &pos, "the file is not valid YAML: %s",
		    p->problem ? p->problem : "malformed YAML");
		if (p->problem != NULL && strstr(p->problem,
		    "mapping values") != NULL)
			ytree_note(t, &pos, "a text that contains ': ' must be "
			    "put in quotes or written as a block after '|'");
		if (p->context != NULL)
			ytree_note(t, &ctx, "in the YAML reader's words: %s",
			    p->context);
	}
	if (pos.line < t->nlines)
		ytree_note(t, &pos, "the file is read no further than this; "
		    "more mistakes may follow");
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
load(struct ytree *t)
{
	struct ynode *stack[YTREE_MAX_DEPTH + 1], *root = NULL, *n;
	size_t depth = 0, count = 0;
	yaml_parser_t parser;
	yaml_event_t ev;
	int docs = 0, done = 0, failed = 0;
	struct diag_pos pos;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)t->src,
	    t->srclen);
	while (!done && !failed) {
		if (!yaml_parser_parse(&parser, &ev)) {
			yaml_problem(t, &parser);
			failed = 1;
			break;
		}
		mark_pos(t, &ev.start_mark, &pos);
		n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				ytree_error(t, &pos, "a second document begins "
				    "here; a file holds only one");
				failed = 1;
			}
			break;
		case YAML_ALIAS_EVENT:
			if (!reported(t, &pos))
				ytree_error(t, &pos, "aliases (*%s) are not "
				    "supported; write the value out",
				    ev.data.alias.anchor);
			failed = 1;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++count > YTREE_MAX_NODES) {
				ytree_error(t, &pos, "the file has more than %d "
				    "values", YTREE_MAX_NODES);
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
				/* "\0" in a quoted value would cut the text
				 * short without a word. */
				if (strlen(n->value) != n->len)
					ytree_error(t, &pos, "the control "
					    "character U+0000 cannot be "
					    "printed; remove it");
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
			if (depth == YTREE_MAX_DEPTH) {
				ytree_error(t, &n->pos, "values are nested more "
				    "than %d deep", YTREE_MAX_DEPTH);
				failed = 1;
			} else
				stack[depth++] = n;
		}
	}
	yaml_parser_delete(&parser);
	if (failed) {
		node_free(root);
		return NULL;
	}
	return root;
}

/* Reading the plan from ynodes. */

const char *
ytree_kind(const struct ynode *n)
{
	return n->type == Y_SCALAR ? _("a text") : n->type == Y_SEQ ?
	    _("a list") : _("a mapping (keys with values)");
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
void
ytree_suggest(struct ytree *t, const struct diag_pos *pos, const char *word,
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
		ytree_note(t, pos, "did you mean '%s'?", best);
	else
		ytree_note(t, pos, "the possible keys are %s", all.data);
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
int
ytree_check_map(struct ytree *t, const struct ynode *n,
    const struct keyset *set,
    const char *name)
{
	size_t i, j;

	if (n->type != Y_MAP) {
		ytree_error(t, &n->pos, "%s must be a mapping (keys with values), "
		    "not %s", _(name), ytree_kind(n));
		return -1;
	}
	for (i = 0; i + 1 < n->nkids; i += 2) {
		const struct ynode *k = n->kids[i];

		if (k->type != Y_SCALAR) {
			ytree_error(t, &k->pos, "a key must be a word, not %s",
			    ytree_kind(k));
			continue;
		}
		if (!in_list(k->value, set->keys)) {
			ytree_error(t, &k->pos, "unknown key '%s' in %s", k->value,
			    _(set->what));
			ytree_suggest(t, &k->pos, k->value, set->keys);
			continue;
		}
		for (j = 0; j < i; j += 2)
			if (n->kids[j]->type == Y_SCALAR &&
			    strcmp(n->kids[j]->value, k->value) == 0) {
				ytree_error(t, &k->pos, "'%s' is given twice",
				    k->value);
				ytree_note(t, &n->kids[j]->pos, "it was first given "
				    "here");
				break;
			}
	}
	return 0;
}

/* The value of key in mapping n, or NULL. */
const struct ynode *
ytree_get(const struct ynode *n, const char *key)
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
const struct ynode *
ytree_key(const struct ynode *n, const char *key)
{
	size_t i;

	for (i = 0; i + 1 < n->nkids; i += 2)
		if (n->kids[i]->type == Y_SCALAR &&
		    strcmp(n->kids[i]->value, key) == 0)
			return n->kids[i];
	return NULL;
}

const struct ynode *
ytree_need(struct ytree *t, const struct ynode *n, const char *key,
    const char *what)
{
	const struct ynode *v = ytree_get(n, key);

	if (v == NULL && n->type == Y_MAP)
		ytree_error(t, &n->pos, "%s has no '%s'", _(what), key);
	return v;
}

int
ytree_need_scalar(struct ytree *t, const struct ynode *v, const char *key)
{
	if (v->type == Y_SCALAR)
		return 0;
	ytree_error(t, &v->pos, "'%s' must be a text, not %s", key, ytree_kind(v));
	return -1;
}

int
ytree_need_seq(struct ytree *t, const struct ynode *v, const char *key,
    const char *of)
{
	if (v->type == Y_SEQ)
		return 0;
	if (v->type == Y_SCALAR && v->null)
		return 0;	/* "key:" alone is an empty list */
	ytree_error(t, &v->pos, "'%s' must be a list of %s, not %s", key, _(of),
	    ytree_kind(v));
	ytree_note(t, &v->pos, "write each of them on a line of its own starting "
	    "with '- '");
	return -1;
}

/* A one-line text: white space runs become one space, none at the ends. */
char *
ytree_one_line(const struct ynode *v)
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

int
ytree_load(struct ytree *t, const char *file, const char *src, size_t len,
    struct diag *d)
{
	unsigned errors = d->errors;

	memset(t, 0, sizeof(*t));
	t->file = file;
	t->src = src;
	t->srclen = len;
	t->d = d;
	index_lines(t);
	if (encoding_check(file, src, len, d) == 0) {
		ytree_scan(t);
		t->root = load(t);
	}
	/* A value with a NUL is reported, and the plan still read, so that
	 * the rest of it is checked too. */
	return t->root != NULL || d->errors == errors ? 0 : -1;
}

void
ytree_free(struct ytree *t)
{
	node_free(t->root);
	t->root = NULL;
	free(t->line_starts);
	t->line_starts = NULL;
	free(t->reported);
	t->reported = NULL;
}
