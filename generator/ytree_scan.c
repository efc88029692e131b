#include <stdlib.h>
#include <string.h>

#include "intl.h"
#include "ytree_int.h"
#include "xalloc.h"

/*
 * The mistakes that libyaml words for programmers, or finds one at a time,
 * found line by line before it reads the file: a tab in the indentation, a
 * value that begins with a character YAML reads as syntax, a text with
 * ": " in it, a key indented so far that it reads as the end of the value
 * above it.  Each is reported with its fix, all of them in one run, and
 * libyaml's own report of the same line is left out.
 */

struct line {
	const char	*s;
	size_t		 len;
	unsigned	 no;		/* from 1 */
};

/* The column (from 1) of byte off of l, counting characters. */
static unsigned
column(const struct line *l, size_t off)
{
	unsigned col = 1;
	size_t i;

	for (i = 0; i < off && i < l->len; i++)
		if (((unsigned char)l->s[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static void
flag(struct ytree *t, const struct line *l, size_t off, struct diag_pos *pos)
{
	pos->file = t->file;
	pos->line = l->no;
	pos->col = column(l, off);
	t->reported[l->no - 1] = 1;
}

/* Whether s (n bytes) is a key and its colon: a word, then ':' and a
 * space or the line's end.  *colon is the colon's offset. */
static int
key_at(const char *s, size_t n, size_t *colon)
{
	size_t i;

	if (n == 0 || strchr("\"'{[#|>-*&!@`%?", s[0]) != NULL)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == ':' && (i + 1 == n || s[i + 1] == ' '))
			break;
		if (s[i] == ' ' && i + 1 < n && s[i + 1] == '#')
			return 0;
	}
	if (i == n || i == 0)
		return 0;
	*colon = i;
	return 1;
}

/* The length of s without a comment (" #…") and the spaces at its end. */
static size_t
uncommented(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '#' && (i == 0 || s[i - 1] == ' '))
			break;
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
		i--;
	return i;
}

/*
 * Checks the value that begins at byte v of line l; key names it and
 * key_col is its column, for the messages.  Returns 1 when the value is a
 * plain text that may go on over the next lines.
 */
static int
value(struct ytree *t, const struct line *l, size_t v, const char *key,
    size_t keylen)
{
	size_t n = uncommented(l->s + v, l->len - v), k;
	const char *s = l->s + v;
	struct diag_pos pos;

	if (n == 0 || strchr("\"'{[|>", s[0]) != NULL)
		return 0;
	/* "&name" and "*name" are YAML's anchors and aliases (which the
	 * reader refuses in words of their own); "*kursiv text*" is
	 * emphasis. */
	if ((s[0] == '&' || s[0] == '*') && n > 1 && s[1] != ' ' &&
	    (s[0] == '&' || memchr(s + 1, '*', n - 1) == NULL))
		return 0;
	if (strchr("*&!@`", s[0]) != NULL) {
		flag(t, l, v, &pos);
		if (keylen > 0)
			ytree_error(t, &pos, "a text that begins with '%c' must "
			    "be put in quotes: write %.*s: \"%.*s\"", s[0],
			    (int)keylen, key, (int)n, s);
		else
			ytree_error(t, &pos, "a text that begins with '%c' must "
			    "be put in quotes: write - \"%.*s\"", s[0], (int)n,
			    s);
		return 0;
	}
	for (k = 0; k + 1 < n; k++)
		if (s[k] == ':' && s[k + 1] == ' ') {
			flag(t, l, v + k, &pos);
			ytree_error(t, &pos, "a text with ': ' in it must be put "
			    "in quotes, or written as a block after '|' on the "
			    "lines below");
			return 0;
		}
	return 1;
}

void
ytree_scan(struct ytree *t)
{
	/* A block after '|' or '>': its lines, more indented than the line
	 * that began it, are text. */
	long block = -1;
	/* The last key with a plain text as its value, which a more indented
	 * line goes on. */
	long plain = -1;
	unsigned plain_line = 0;
	const char *plain_key = NULL;
	size_t plain_keylen = 0, i;
	struct diag_pos pos;

	t->reported = xcalloc(t->nlines + 1, 1);
	for (i = 0; i < t->nlines; i++) {
		struct line l;
		size_t ind = 0, start, colon, end;
		const char *nl;

		l.s = t->src + t->line_starts[i];
		end = i + 1 < t->nlines ? t->line_starts[i + 1] : t->srclen;
		l.len = end - t->line_starts[i];
		if ((nl = memchr(l.s, '\n', l.len)) != NULL)
			l.len = (size_t)(nl - l.s);
		while (l.len > 0 && l.s[l.len - 1] == '\r')
			l.len--;
		l.no = (unsigned)i + 1;
		while (ind < l.len && l.s[ind] == ' ')
			ind++;
		if (ind == l.len || l.s[ind] == '#')
			continue;
		if (block >= 0 && (long)ind > block)
			continue;
		block = -1;
		if (l.s[ind] == '\t') {
			flag(t, &l, ind, &pos);
			ytree_error(t, &pos, "this line is indented with a tab; "
			    "YAML allows only spaces for indentation: replace "
			    "the tab with spaces");
			plain = -1;
			continue;
		}
		/* A line more indented than the key above it goes on that
		 * key's text: a key there was meant to line up with it. */
		if (plain >= 0 && (long)ind > plain) {
			if (key_at(l.s + ind, l.len - ind, &colon)) {
				flag(t, &l, ind, &pos);
				ytree_error(t, &pos, "'%.*s' is indented more than "
				    "'%.*s' on line %u and is read as part of its "
				    "text; indent it as '%.*s' is (column %ld)",
				    (int)colon, l.s + ind, (int)plain_keylen,
				    plain_key, plain_line, (int)plain_keylen,
				    plain_key, plain + 1);
				plain = -1;
			}
			continue;
		}
		plain = -1;
		start = ind;
		/* The markers of list items, "- - key: value". */
		while (start < l.len && l.s[start] == '-' && (start + 1 == l.len ||
		    l.s[start + 1] == ' ')) {
			start++;
			while (start < l.len && l.s[start] == ' ')
				start++;
		}
		if (start == l.len)
			continue;
		if (key_at(l.s + start, l.len - start, &colon)) {
			size_t v = start + colon + 1;

			while (v < l.len && l.s[v] == ' ')
				v++;
			if (v < l.len && (l.s[v] == '|' || l.s[v] == '>'))
				block = (long)ind;
			else if (value(t, &l, v, l.s + start, colon)) {
				plain = (long)start;
				plain_line = l.no;
				plain_key = l.s + start;
				plain_keylen = colon;
			}
		} else if (start > ind) {
			if (l.s[start] == '|' || l.s[start] == '>')
				block = (long)ind;
			else
				value(t, &l, start, NULL, 0);
		}
	}
}
