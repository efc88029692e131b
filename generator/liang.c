#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fileio.h"
#include "liang.h"
#include "xalloc.h"

/*
 * Each pattern is kept in one arena as its length n, its n letters and
 * the n + 1 values between and around them; an open-addressed table of
 * offsets into the arena finds a pattern by its letters.
 */
struct liang {
	struct buf	 arena;
	uint32_t	*slots;		/* offset + 1; 0: empty */
	size_t		 mask;
	int		 longest;	/* letters of the longest pattern */
	int		 left, right;	/* the fewest letters before and
					 * after a break */
};

static uint32_t
hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static const unsigned char *
find(const struct liang *l, const char *letters, size_t n)
{
	size_t i = hash(letters, n) & l->mask;

	for (; l->slots[i] != 0; i = (i + 1) & l->mask) {
		const unsigned char *p = (const unsigned char *)l->arena.data +
		    l->slots[i] - 1;

		if (p[0] == n && memcmp(p + 1, letters, n) == 0)
			return p + 1 + n;
	}
	return NULL;
}

/* Adds the pattern of the line s..end ("a2bi5e"); 0 when it is none. */
static int
add(struct liang *l, const char *s, const char *end)
{
	char letters[256];
	unsigned char values[257];
	size_t n = 0, at, i;

	memset(values, 0, sizeof(values));
	for (; s < end && n < sizeof(letters); s++) {
		if (*s >= '0' && *s <= '9')
			values[n] = (unsigned char)(*s - '0');
		else if (*s == ' ' || *s == '\t' || *s == '\r')
			break;
		/* Non-standard breaks ("ff1f/ff=f"): none in the languages
		 * hplan reads, and not applied. */
		else if (*s == '/')
			return 0;
		else
			letters[n++] = *s;
	}
	if (n == 0 || n >= sizeof(letters) || find(l, letters, n) != NULL)
		return n > 0;
	at = l->arena.len;
	buf_addc(&l->arena, (char)n);
	buf_add(&l->arena, letters, n);
	buf_add(&l->arena, (const char *)values, n + 1);
	for (i = hash(letters, n) & l->mask; l->slots[i] != 0;
	    i = (i + 1) & l->mask)
		continue;
	l->slots[i] = (uint32_t)at + 1;
	if ((int)n > l->longest)
		l->longest = (int)n;
	return 1;
}

struct liang *
liang_open(const char *path)
{
	struct liang *l;
	char *text, *p, *end, *eol;
	size_t len, lines = 0, slots = 1;

	if ((text = fileio_slurp(path, 16 << 20, &len)) == NULL)
		return NULL;
	if (strncmp(text, "ISO8859-1", 9) != 0 &&
	    strncmp(text, "ISO-8859-1", 10) != 0) {
		free(text);
		return NULL;
	}
	end = text + len;
	for (p = text; (p = memchr(p, '\n', len - (size_t)(p - text))) != NULL;
	    p++)
		lines++;
	while (slots < 2 * lines + 2)
		slots *= 2;
	l = xcalloc(1, sizeof(*l));
	/* Zeroed by writing: see read_words in compound.c. */
	l->slots = xmalloc(slots * sizeof(*l->slots));
	memset(l->slots, 0, slots * sizeof(*l->slots));
	l->mask = slots - 1;
	/* The first line names the encoding; lines in capitals are
	 * settings, of which the fewest letters about a break apply. */
	for (p = memchr(text, '\n', len); p != NULL && p < end && ++p < end;
	    p = eol) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (strncmp(p, "LEFTHYPHENMIN ", 14) == 0)
			l->left = atoi(p + 14);
		else if (strncmp(p, "RIGHTHYPHENMIN ", 15) == 0)
			l->right = atoi(p + 15);
		else if (*p != '%' && !(*p >= 'A' && *p <= 'Z'))
			add(l, p, eol);
	}
	free(text);
	return l;
}

void
liang_close(struct liang *l)
{
	if (l == NULL)
		return;
	buf_free(&l->arena);
	free(l->slots);
	free(l);
}

void
liang_hyphenate(const struct liang *l, const char *word, int n,
    unsigned char *breaks)
{
	char w[260];
	unsigned char v[262];
	int m = n + 2, i, j, k;

	memset(breaks, 0, n > 0 ? (size_t)n : 0);
	if (n < 2 || n > 256)
		return;
	w[0] = '.';
	memcpy(w + 1, word, (size_t)n);
	w[n + 1] = '.';
	memset(v, 0, sizeof(v));
	/* v[p] is the value before w[p], the highest any pattern gives. */
	for (i = 0; i < m; i++)
		for (j = 1; j <= l->longest && i + j <= m; j++) {
			const unsigned char *val = find(l, w + i, (size_t)j);

			for (k = 0; val != NULL && k <= j; k++)
				if (val[k] > v[i + k])
					v[i + k] = val[k];
		}
	/* After letter i of the word is before w[i + 2]. */
	for (i = 0; i + 1 < n; i++)
		if (i + 1 >= l->left && n - i - 1 >= l->right)
			breaks[i] = v[i + 2];
}
