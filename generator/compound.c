#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compound.h"
#include "xalloc.h"

#define MAX_PART	64	/* letters: longer parts are not looked up */
#define MAX_DEPTH	6	/* parts of a compound */

/* A suffix rule: a word with flag, ending in cond, loses strip and takes
 * add, and the form has the flags cont. */
struct rule {
	char	 flag;
	char	 strip[16], add[16], cont[16];
	char	 cond[64];	/* Latin-1; '[', '^', ']' and '.' as in a
				 * regular expression */
	size_t	 nstrip, nadd;
};

struct compound {
	char		*text;		/* entries "word\0flags\0", Latin-1 */
	uint32_t	*slots;		/* offset + 1 of an entry, by hash */
	size_t		 mask;
	struct rule	*rules;
	size_t		 nrules, rulecap;
	char		 begin, middle, end;
};

/* Latin-1, lower case, of UTF-8 s (len bytes); -1 beyond Latin-1. */
static int
latin(const char *s, size_t len, char *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n = 0;

	while (i < len) {
		unsigned c = p[i];

		if (c >= 0x80) {
			if ((c & 0xe0) != 0xc0 || i + 1 >= len || c > 0xc3)
				return -1;
			c = ((c & 0x1f) << 6) | (p[i + 1] & 0x3f);
			i++;
		}
		i++;
		if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde &&
		    c != 0xd7))
			c += 32;
		if (n + 1 >= max)
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return (int)n;
}

static uint32_t
hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Whether word (len letters) has flag in any of its entries. */
static int
has_flag(const struct compound *c, const char *word, size_t len, char flag)
{
	size_t i = hash(word, len) & c->mask;

	for (; c->slots[i] != 0; i = (i + 1) & c->mask) {
		const char *e = c->text + c->slots[i] - 1;

		if (strncmp(e, word, len) == 0 && e[len] == '\0' &&
		    strchr(e + len + 1, flag) != NULL)
			return 1;
	}
	return 0;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = { 0 };
	char chunk[65536];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_take(&b);
}

/* The .dic: "COUNT" then "word[/flags]" lines. */
static int
read_words(struct compound *c, const char *path)
{
	size_t len, i, nentries = 0, at = 0, slots = 1;
	char *in = slurp(path, &len), *line, *next, word[MAX_PART + 1];

	if (in == NULL)
		return -1;
	for (i = 0; i < len; i++)
		nentries += in[i] == '\n';
	while (slots < 2 * nentries + 2)
		slots *= 2;
	c->slots = xcalloc(slots, sizeof(*c->slots));
	c->mask = slots - 1;
	/* Latin-1 is never longer than UTF-8: entries fit in place. */
	c->text = xcalloc(len + 2, 1);
	for (line = strchr(in, '\n'); line != NULL; line = next) {
		char *slash, *end;
		int n;

		line++;
		next = strchr(line, '\n');
		end = next != NULL ? next : in + len;
		slash = memchr(line, '/', (size_t)(end - line));
		/* Words of several words, and morphology, are not parts. */
		if (memchr(line, ' ', (size_t)((slash != NULL ? slash : end) -
		    line)) != NULL || memchr(line, '\t', (size_t)(end -
		    line)) != NULL)
			continue;
		n = latin(line, (size_t)((slash != NULL ? slash : end) - line),
		    word, sizeof(word));
		if (n <= 0)
			continue;
		memcpy(c->text + at, word, (size_t)n + 1);
		i = hash(word, (size_t)n) & c->mask;
		while (c->slots[i] != 0)
			i = (i + 1) & c->mask;
		c->slots[i] = (uint32_t)at + 1;
		at += (size_t)n + 1;
		if (slash != NULL) {
			memcpy(c->text + at, slash + 1, (size_t)(end - slash -
			    1));
			at += (size_t)(end - slash - 1);
		}
		c->text[at++] = '\0';
	}
	free(in);
	return nentries > 0 ? 0 : -1;
}

/* "0" is the empty string in a rule. */
static size_t
field(const char *s, char *out, size_t max)
{
	int n = strcmp(s, "0") == 0 ? 0 : latin(s, strlen(s), out, max);

	if (n <= 0) {
		out[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

static void
read_rule(struct compound *c, char **f, int nf)
{
	struct rule *r;
	char *cont;

	/* "SFX flag cross count" heads the rules of a flag. */
	if (nf < 5 || strlen(f[1]) != 1)
		return;
	c->rules = xgrow(c->rules, &c->rulecap, c->nrules + 1,
	    sizeof(*c->rules));
	r = &c->rules[c->nrules];
	memset(r, 0, sizeof(*r));
	r->flag = f[1][0];
	if ((cont = strchr(f[3], '/')) != NULL) {
		*cont++ = '\0';
		snprintf(r->cont, sizeof(r->cont), "%s", cont);
	}
	r->nstrip = field(f[2], r->strip, sizeof(r->strip));
	r->nadd = field(f[3], r->add, sizeof(r->add));
	if (strcmp(f[4], ".") != 0 && latin(f[4], strlen(f[4]), r->cond,
	    sizeof(r->cond)) < 0)
		return;
	c->nrules++;
}

static int
read_rules(struct compound *c, const char *path)
{
	size_t len;
	char *in = slurp(path, &len), *line, *save = NULL;

	if (in == NULL)
		return -1;
	for (line = strtok_r(in, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *f[8], *save2 = NULL, *w;
		int nf = 0;

		for (w = strtok_r(line, " \t\r", &save2); w != NULL && nf < 8;
		    w = strtok_r(NULL, " \t\r", &save2))
			f[nf++] = w;
		if (nf < 2)
			continue;
		if (strcmp(f[0], "COMPOUNDBEGIN") == 0)
			c->begin = f[1][0];
		else if (strcmp(f[0], "COMPOUNDMIDDLE") == 0)
			c->middle = f[1][0];
		else if (strcmp(f[0], "COMPOUNDEND") == 0)
			c->end = f[1][0];
		else if (strcmp(f[0], "SFX") == 0)
			read_rule(c, f, nf);
	}
	free(in);
	return c->begin != '\0' && c->end != '\0' ? 0 : -1;
}

struct compound *
compound_open(const char *aff, const char *dic)
{
	struct compound *c = xcalloc(1, sizeof(*c));

	if (read_rules(c, aff) != 0 || read_words(c, dic) != 0) {
		compound_close(c);
		return NULL;
	}
	return c;
}

void
compound_close(struct compound *c)
{
	if (c == NULL)
		return;
	free(c->text);
	free(c->slots);
	free(c->rules);
	free(c);
}

/* Whether the stem (len letters) ends as cond says. */
static int
matches(const char *cond, const char *stem, size_t len)
{
	const char *p;
	size_t n = 0, k;

	if (cond[0] == '\0')
		return 1;
	/* Its elements, counted: each a letter or a bracketed set. */
	for (p = cond; *p != '\0'; n++)
		if (*p == '[') {
			const char *close = strchr(p, ']');

			if (close == NULL)
				return 0;
			p = close + 1;
		} else
			p++;
	if (n > len)
		return 0;
	for (p = cond, k = len - n; *p != '\0'; k++) {
		if (*p == '[') {
			const char *close = strchr(p, ']');
			int negate = p[1] == '^';
			const char *set = p + 1 + negate;
			int in = memchr(set, stem[k], (size_t)(close - set)) !=
			    NULL;

			if (in == negate)
				return 0;
			p = close + 1;
		} else {
			if (*p != '.' && *p != stem[k])
				return 0;
			p++;
		}
	}
	return 1;
}

/*
 * Whether part (len letters) is a form of a word with flag need, the form
 * made by a suffix rule; with cont, the rule must also give the form that
 * flag (as "förvaltning" + "s" may begin a compound).
 */
static int
derived(const struct compound *c, const char *part, size_t len, char need,
    char cont)
{
	char stem[MAX_PART + 16];
	size_t i, base;

	for (i = 0; i < c->nrules; i++) {
		const struct rule *r = &c->rules[i];

		if (r->nadd >= len || memcmp(part + len - r->nadd, r->add,
		    r->nadd) != 0 || (cont != '\0' && strchr(r->cont, cont) ==
		    NULL))
			continue;
		base = len - r->nadd;
		memcpy(stem, part, base);
		memcpy(stem + base, r->strip, r->nstrip);
		if (matches(r->cond, stem, base + r->nstrip) &&
		    has_flag(c, stem, base + r->nstrip, r->flag) &&
		    (need == '\0' || has_flag(c, stem, base + r->nstrip, need)))
			return 1;
	}
	return 0;
}

static int
may_begin(const struct compound *c, const char *part, size_t len)
{
	return len <= MAX_PART && (has_flag(c, part, len, c->begin) ||
	    (c->middle != '\0' && has_flag(c, part, len, c->middle)) ||
	    derived(c, part, len, '\0', c->begin) || (c->middle != '\0' &&
	    derived(c, part, len, '\0', c->middle)));
}

static int
may_end(const struct compound *c, const char *part, size_t len)
{
	return len <= MAX_PART && (has_flag(c, part, len, c->end) ||
	    derived(c, part, len, c->end, '\0'));
}

/* Splits word[from..n-1] into parts, the first as long as it can be. */
static int
split(const struct compound *c, const char *word, int n, int from, int min,
    int depth, char *joint)
{
	int i;

	if (depth > 0 && n - from >= min && may_end(c, word + from,
	    (size_t)(n - from)))
		return 1;
	if (depth >= MAX_DEPTH)
		return 0;
	for (i = n - min; i >= from + min; i--)
		if (may_begin(c, word + from, (size_t)(i - from)) &&
		    split(c, word, n, i, min, depth + 1, joint)) {
			joint[i] = 1;
			return 1;
		}
	return 0;
}

int
compound_joints(const struct compound *c, const char *word, int n, int min,
    char *joint)
{
	int i, count = 0;

	if (!split(c, word, n, 0, min, 0, joint))
		return 0;
	for (i = 1; i < n; i++)
		count += joint[i];
	return count;
}
