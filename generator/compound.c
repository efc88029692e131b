#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compound.h"
#include "fileio.h"
#include "xalloc.h"

#define MAX_PART	64	/* letters: longer parts are not looked up */
#define MAX_DEPTH	6	/* parts of a compound */
#define MAX_FILE	(64 << 20)	/* bytes of a dictionary */
#define SORT_BUCKETS	4096	/* see read_words */

/* A suffix rule: a word with flag, ending in cond, loses strip and takes
 * add, and the form has the flags cont. */
struct rule {
	char	 flag;
	char	 strip[16], add[16], cont[16];
	char	 cond[64];	/* Latin-1; '[', '^', ']' and '.' as in a
				 * regular expression */
	size_t	 nstrip, nadd;
	/* Whether cont has the flag that lets the form begin a compound
	 * (OPENS_BEGIN), stand in its middle (OPENS_MIDDLE): a word's
	 * parts are looked up by these again and again. */
	unsigned char opens;
};

enum {
	OPENS_BEGIN = 1,
	OPENS_MIDDLE = 2
};

/*
 * The head of a word table kept in the cache (compound_keep): what it was
 * made of, and a check of the table that follows it.
 */
struct kept {
	char		 magic[8];	/* KEPT_MAGIC */
	/* The .dic's; its change time, which no copy sets back. */
	uint64_t	 dev, ino, size, sec, nsec, csec, cnsec;
	char		 wanted[256];	/* see read_words */
	uint64_t	 nslots;
	uint64_t	 check;		/* mix() of the slots */
};

/* The format: to be changed with the table's, hash()'s or struct kept's. */
#define KEPT_MAGIC	"hplcmp02"

struct compound {
	const char	*text;		/* the .dic, mapped: "word/flags" lines */
	size_t		 len;
	const uint32_t	*slots;		/* offset + 1 of an entry, by hash */
	size_t		 mask;
	uint32_t	*built;		/* the slots, when read from the .dic */
	const char	*kept;		/* the cache file mapped, when not */
	size_t		 keptlen;
	char		*keep;		/* where compound_keep writes them */
	struct kept	 head;
	struct rule	*rules;		/* by the last letter they add */
	size_t		 nrules, rulecap;
	size_t		 first[257];	/* of the rules adding letter k */
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

/* A hash of len bytes, taken eight at a time: of a word, and of a kept
 * table (a megabyte) each time it is mapped. */
static uint64_t
mix(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15u ^ len, w;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, len);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 29);
}

static uint32_t
hash(const char *s, size_t len)
{
	return (uint32_t)mix(s, len);
}

static int
flags_end(char ch)
{
	return ch == '\n' || ch == '\r' || ch == ' ' || ch == '\t';
}

/*
 * Whether word (len Latin-1 letters) has flag in any of its entries.  The
 * dictionary is kept as it was read, in UTF-8: the word is looked up so.
 */
static int
has_flag(const struct compound *c, const char *word, size_t len, char flag)
{
	char utf8[2 * MAX_PART + 32];
	size_t i, n = 0;

	for (i = 0; i < len && n + 2 < sizeof(utf8); i++) {
		unsigned char ch = (unsigned char)word[i];

		if (ch < 0x80)
			utf8[n++] = (char)ch;
		else {
			utf8[n++] = (char)(0xc0 | (ch >> 6));
			utf8[n++] = (char)(0x80 | (ch & 0x3f));
		}
	}
	for (i = hash(utf8, n) & c->mask; c->slots[i] != 0;
	    i = (i + 1) & c->mask) {
		const char *e = c->text + c->slots[i] - 1, *f,
		    *end = c->text + c->len;

		if ((size_t)(end - e) <= n || memcmp(e, utf8, n) != 0 ||
		    e[n] != '/')
			continue;
		for (f = e + n + 1; f < end && !flags_end(*f); f++)
			if (*f == flag)
				return 1;
	}
	return 0;
}

/*
 * The .dic: "COUNT" then "word[/flags]" lines.  Only the words a compound
 * can use are looked up: those with a flag of wanted (the compound flags,
 * and those of suffix rules that give a compound flag).  The text is kept
 * as mapped; a word is hashed as it is written, in UTF-8, into a table
 * sized for the words found.
 */
static int
read_words(struct compound *c, const char *wanted)
{
	uint32_t *at, *h, *order, *table;
	size_t n = 0, cap = 1, slots = 1, i, k, shift = 0, len = c->len,
	    first[SORT_BUCKETS + 1] = { 0 };
	const char *p, *in = c->text, *end = in + len;

	/* A word a line at most: cap is the count of lines. */
	for (p = in; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		cap++;
	at = xmalloc(cap * sizeof(*at));
	h = xmalloc(cap * sizeof(*h));
	p = memchr(in, '\n', len);
	for (p = p != NULL ? p + 1 : end; p < end;) {
		const char *word = p, *slash;
		int flagged = 0, spaced = 0;

		for (; p < end && *p != '/' && *p != '\n'; p++)
			spaced |= *p == ' ';
		/* Words of several words are not parts; nor is a word
		 * without flags. */
		if (p < end && *p == '/' && p > word && !spaced) {
			for (slash = p++; p < end && !flags_end(*p); p++)
				flagged |= wanted[(unsigned char)*p];
			if (flagged) {
				at[n] = (uint32_t)(word - in) + 1;
				h[n++] = hash(word, (size_t)(slash - word));
			}
		}
		if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		p++;
	}
	while (slots < 2 * n + 2)
		slots *= 2;
	/* Zeroed by writing, not by calloc: the table is read before it is
	 * written, and a fresh page first read is the kernel's zero page,
	 * replaced at the first write, which interrupts every processor the
	 * program runs on (the layout's too) to flush its address cache. */
	c->slots = c->built = table = xmalloc(slots * sizeof(*table));
	memset(table, 0, slots * sizeof(*table));
	c->mask = slots - 1;
	/* Inserted in the order of their slots, sorted by their first
	 * bits: the table is filled front to back, not a cache miss a word. */
	for (; (slots >> shift) > SORT_BUCKETS; shift++)
		continue;
	for (k = 0; k < n; k++)
		first[((h[k] & c->mask) >> shift) + 1]++;
	for (k = 0; k < SORT_BUCKETS; k++)
		first[k + 1] += first[k];
	order = xcalloc(n + 1, sizeof(*order));
	for (k = 0; k < n; k++)
		order[first[(h[k] & c->mask) >> shift]++] = (uint32_t)k;
	for (k = 0; k < n; k++) {
		uint32_t e = order[k];

		for (i = h[e] & c->mask; table[i] != 0; i = (i + 1) & c->mask)
			continue;
		table[i] = at[e];
	}
	free(order);
	free(at);
	free(h);
	return n > 0 ? 0 : -1;
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

static size_t
rule_key(const struct rule *r)
{
	return r->nadd > 0 ? (unsigned char)r->add[r->nadd - 1] : 0;
}

static int
by_key(const void *a, const void *b)
{
	size_t x = rule_key(a), y = rule_key(b);

	return x < y ? -1 : x > y;
}

/* The rules sorted by the letter they add last, and where each starts. */
static void
index_rules(struct compound *c)
{
	size_t i, k = 0;

	for (i = 0; i < c->nrules; i++) {
		struct rule *r = &c->rules[i];

		/* Without the flag, no rule is asked for it. */
		r->opens = (c->begin == '\0' || strchr(r->cont, c->begin) !=
		    NULL ? OPENS_BEGIN : 0) | (c->middle == '\0' ||
		    strchr(r->cont, c->middle) != NULL ? OPENS_MIDDLE : 0);
	}
	qsort(c->rules, c->nrules, sizeof(*c->rules), by_key);
	for (i = 0; i <= 256; i++) {
		while (k < c->nrules && rule_key(&c->rules[k]) < i)
			k++;
		c->first[i] = k;
	}
}

static int
read_rules(struct compound *c, const char *path)
{
	size_t len;
	char *in = fileio_slurp(path, MAX_FILE, &len), *line, *save = NULL;

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
	index_rules(c);
	return c->begin != '\0' && c->end != '\0' ? 0 : -1;
}

/* Whether a table of n slots can be looked up in a .dic of len bytes:
 * every entry within it, and an empty slot to end every search. */
static int
usable(const uint32_t *slots, size_t n, size_t len)
{
	size_t i, empty = 0;

	for (i = 0; i < n; i++) {
		if (slots[i] > len)
			return 0;
		empty += slots[i] == 0;
	}
	return empty > 0;
}

/*
 * The word table an earlier run kept (compound_keep) for the .dic and the
 * wanted flags of c->head, if the cache holds it whole: mapped in no time,
 * where reading the .dic takes milliseconds, in which the layout on the
 * other processor slows down by as much again.
 */
static int
read_kept(struct compound *c)
{
	size_t len, n;
	const char *map = fileio_map(c->keep, MAX_FILE, &len, NULL);
	const struct kept *k = (const void *)map;

	if (map == NULL)
		return -1;
	n = len > sizeof(*k) ? (len - sizeof(*k)) / sizeof(*c->slots) : 0;
	if (n == 0 || (n & (n - 1)) != 0 || len != sizeof(*k) + n *
	    sizeof(*c->slots) || memcmp(k, &c->head, offsetof(struct kept,
	    nslots)) != 0 || k->nslots != n || mix(map + sizeof(*k),
	    len - sizeof(*k)) != k->check || !usable((const uint32_t *)(const
	    void *)(map + sizeof(*k)), n, c->len)) {
		fileio_unmap(map, len);
		return -1;
	}
	c->kept = map;
	c->keptlen = len;
	c->slots = (const uint32_t *)(const void *)(map + sizeof(*k));
	c->mask = n - 1;
	free(c->keep);
	c->keep = NULL;
	return 0;
}

struct compound *
compound_open(const char *aff, const char *dic)
{
	struct compound *c = xcalloc(1, sizeof(*c));
	char wanted[256], name[64];
	struct stat st;
	size_t i;

	if (read_rules(c, aff) != 0) {
		compound_close(c);
		return NULL;
	}
	memset(wanted, 0, sizeof(wanted));
	wanted[(unsigned char)c->begin] = wanted[(unsigned char)c->end] = 1;
	if (c->middle != '\0')
		wanted[(unsigned char)c->middle] = 1;
	for (i = 0; i < c->nrules; i++)
		if (strchr(c->rules[i].cont, c->begin) != NULL ||
		    (c->middle != '\0' && strchr(c->rules[i].cont, c->middle) !=
		    NULL))
			wanted[(unsigned char)c->rules[i].flag] = 1;
	if ((c->text = fileio_map(dic, MAX_FILE, &c->len, &st)) == NULL) {
		compound_close(c);
		return NULL;
	}
	memcpy(c->head.magic, KEPT_MAGIC, sizeof(c->head.magic));
	c->head.dev = (uint64_t)st.st_dev;
	c->head.ino = (uint64_t)st.st_ino;
	c->head.size = (uint64_t)st.st_size;
	c->head.sec = (uint64_t)st.st_mtim.tv_sec;
	c->head.nsec = (uint64_t)st.st_mtim.tv_nsec;
	c->head.csec = (uint64_t)st.st_ctim.tv_sec;
	c->head.cnsec = (uint64_t)st.st_ctim.tv_nsec;
	memcpy(c->head.wanted, wanted, sizeof(wanted));
	/* Named by the .dic's path and the flags: a new .dic in its place
	 * takes the old one's file, and two styles' flags do not take turns
	 * in one. */
	snprintf(name, sizeof(name), "compounds-%016llx.bin",
	    (unsigned long long)(mix(dic, strlen(dic)) ^ mix(wanted,
	    sizeof(wanted))));
	if ((c->keep = fileio_cache_path(name)) != NULL && read_kept(c) == 0)
		return c;
	if (read_words(c, wanted) != 0) {
		compound_close(c);
		return NULL;
	}
	return c;
}

void
compound_keep(struct compound *c)
{
	size_t n = c->mask + 1, size = n * sizeof(*c->slots);
	struct diag quiet;
	char *out;

	if (c->keep == NULL || c->built == NULL)
		return;
	c->head.nslots = n;
	c->head.check = mix((const char *)c->built, size);
	out = xmalloc(sizeof(c->head) + size);
	memcpy(out, &c->head, sizeof(c->head));
	memcpy(out + sizeof(c->head), c->built, size);
	diag_init(&quiet, NULL);
	fileio_write(c->keep, out, sizeof(c->head) + size, &quiet);
	free(out);
	free(c->keep);
	c->keep = NULL;
}

void
compound_close(struct compound *c)
{
	if (c == NULL)
		return;
	fileio_unmap(c->text, c->len);
	fileio_unmap(c->kept, c->keptlen);
	free(c->built);
	free(c->keep);
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
 * made by a suffix rule; with opens (OPENS_*), the rule must also give the
 * form that place in a compound (as "förvaltning" + "s" may begin one).
 */
static int
derived(const struct compound *c, const char *part, size_t len, char need,
    int opens)
{
	char stem[MAX_PART + 16];
	size_t i, base;

	/* The rules that add nothing, then those that add the part's last
	 * letter. */
	size_t key[2] = { 0, (unsigned char)part[len - 1] }, k;

	for (k = 0; k < 2; k++)
		for (i = c->first[key[k]]; i < c->first[key[k] + 1]; i++) {
			const struct rule *r = &c->rules[i];

			if ((r->opens & opens) != opens || r->nadd >= len ||
			    memcmp(part + len - r->nadd, r->add, r->nadd) != 0)
				continue;
			base = len - r->nadd;
			memcpy(stem, part, base);
			memcpy(stem + base, r->strip, r->nstrip);
			if (matches(r->cond, stem, base + r->nstrip) &&
			    has_flag(c, stem, base + r->nstrip, r->flag) &&
			    (need == '\0' || has_flag(c, stem, base + r->nstrip,
			    need)))
				return 1;
		}
	return 0;
}

static int
may_begin(const struct compound *c, const char *part, size_t len)
{
	return len <= MAX_PART && (has_flag(c, part, len, c->begin) ||
	    (c->middle != '\0' && has_flag(c, part, len, c->middle)) ||
	    derived(c, part, len, '\0', OPENS_BEGIN) || (c->middle != '\0' &&
	    derived(c, part, len, '\0', OPENS_MIDDLE)));
}

static int
may_end(const struct compound *c, const char *part, size_t len)
{
	return len <= MAX_PART && (has_flag(c, part, len, c->end) ||
	    derived(c, part, len, c->end, 0));
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

	/* A part has a letter at least. */
	if (min < 1)
		min = 1;
	if (!split(c, word, n, 0, min, 0, joint))
		return 0;
	for (i = 1; i < n; i++)
		count += joint[i];
	return count;
}
