#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "buf.h"
#include "compound.h"
#include "hyph.h"
#include "liang.h"
#include "xalloc.h"

#define COMPOUND_MIN	8	/* letters: shorter words are not analysed */

struct hyph {
	char		*patterns;	/* the file of dict */
	struct liang	*dict;		/* read by hyph_load, or when first
					 * needed */
	int		 left, right, min_word, min_capitalized;
	char		*aff, *dic;	/* NULL: no compound analysis */
	struct compound	*compounds;	/* read as dict is */
	GHashTable	*words;		/* word: its breaks, see breaks() */
	/* Reading the patterns or the compounds failed (a file damaged
	 * since hyph_open): words go without, not tried again. */
	int		 no_patterns, no_compounds;
	/* Reading them, on a thread of its own (hyph_load): nothing above
	 * is touched until it is joined. */
	pthread_t	 loader;
	int		 loading;
};

/* Waits for the dictionaries hyph_load is reading, if it is. */
static void
loaded(struct hyph *h)
{
	if (h->loading) {
		pthread_join(h->loader, NULL);
		h->loading = 0;
	}
}

static char *
joined(const char *base, const char *ext)
{
	struct buf b = { 0 };

	buf_printf(&b, "%s%s", base, ext);
	return buf_take(&b);
}

struct hyph *
hyph_open(const struct style *s, struct diag *d)
{
	struct diag_pos pos = { s->file, 0, 0 };
	struct hyph *h;

	/* Both dictionaries are read later (hyph_load, or on the first word
	 * that needs them); checked now, as a missing file found half-way
	 * through the layout would leave it no way out. */
	if (access(s->hyph_dict, R_OK) != 0) {
		diag_report(d, DIAG_ERROR, &pos, "cannot load the hyphenation "
		    "dictionary %s (Debian package hyphen-sv)", s->hyph_dict);
		return NULL;
	}
	h = xcalloc(1, sizeof(*h));
	h->patterns = xstrdup(s->hyph_dict);
	h->left = s->hyph_left;
	h->right = s->hyph_right;
	h->min_word = s->hyph_min_word;
	h->min_capitalized = s->hyph_min_capitalized;
	h->words = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
	if (s->hyph_compounds[0] != '\0') {
		h->aff = joined(s->hyph_compounds, ".aff");
		h->dic = joined(s->hyph_compounds, ".dic");
		if (access(h->aff, R_OK) != 0 || access(h->dic, R_OK) != 0) {
			diag_report(d, DIAG_ERROR, &pos, "cannot read the "
			    "compound dictionary %s (Debian package "
			    "hunspell-sv-se)", h->dic);
			hyph_close(h);
			return NULL;
		}
	}
	return h;
}

void
hyph_close(struct hyph *h)
{
	if (h == NULL)
		return;
	loaded(h);
	if (h->compounds != NULL)
		compound_keep(h->compounds);
	liang_close(h->dict);
	free(h->patterns);
	compound_close(h->compounds);
	if (h->words != NULL)
		g_hash_table_destroy(h->words);
	free(h->aff);
	free(h->dic);
	free(h);
}

/* Decodes the UTF-8 character at s (of at most len bytes). */
static uint32_t
decode(const char *s, size_t len, size_t *n)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] < 0x80 || len < 2) {
		*n = 1;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		*n = 2;
		return ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
	}
	*n = (p[0] & 0xf0) == 0xe0 ? 3 : 4;
	if (*n > len)
		*n = len;
	return 0x10000;		/* beyond Latin-1: not hyphenated */
}

/* Whether c is a letter of the Latin-1 range, the dictionary's alphabet. */
static int
is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= 0xc0 && c <= 0xff && c != 0xd7 && c != 0xf7);
}

static uint32_t
lower(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7))
		return c + 32;
	return c;
}

static void
add_point(struct hyph_points *out, size_t at, int joint)
{
	size_t cap = out->cap;

	out->at = xgrow(out->at, &out->cap, out->n + 1, sizeof(*out->at));
	out->joint = xgrow(out->joint, &cap, out->n + 1,
	    sizeof(*out->joint));
	out->at[out->n] = at;
	out->joint[out->n++] = (char)joint;
}

static void
read_compounds(struct hyph *h)
{
	if (h->compounds == NULL && !h->no_compounds && h->aff != NULL &&
	    (h->compounds = compound_open(h->aff, h->dic)) == NULL)
		h->no_compounds = 1;
}

static void
read_patterns(struct hyph *h)
{
	if (h->dict == NULL && !h->no_patterns &&
	    (h->dict = liang_open(h->patterns)) == NULL)
		h->no_patterns = 1;
}

/* The compound word list, read the first time it is needed. */
static struct compound *
compounds(struct hyph *h)
{
	loaded(h);
	read_compounds(h);
	return h->compounds;
}

/* The patterns, read the first time they are needed. */
static struct liang *
patterns(struct hyph *h)
{
	loaded(h);
	read_patterns(h);
	return h->dict;
}

void
hyph_preload(struct hyph *h)
{
	/* Kept now, not by each worker. */
	if (compounds(h) != NULL)
		compound_keep(h->compounds);
	patterns(h);
}

static void *
load(void *arg)
{
	read_patterns(arg);
	read_compounds(arg);
	return NULL;
}

void
hyph_load(struct hyph *h)
{
	if (!h->loading && h->dict == NULL && !h->no_patterns)
		h->loading = pthread_create(&h->loader, NULL, load, h) == 0;
}

/* Marks in joint[] where the words of the compound latin (n letters)
 * meet, if it is one. */
static void
joints(struct hyph *h, const char *latin, int n, char *joint)
{
	if (compounds(h) != NULL)
		compound_joints(h->compounds, latin, n, h->left > h->right ?
		    h->left : h->right, joint);
}

/* Whether a syllable break at letter i lies too near a joint: the piece
 * between them would have fewer letters than a break allows. */
static int
near_joint(const char *joint, int n, int i, int min)
{
	int k;

	for (k = 1; k < n; k++)
		if (joint[k] && k != i && abs(k - i) < min)
			return 1;
	return 0;
}

/*
 * The breaks of the word of n letters of s that begin at the byte offsets
 * off[0..n-1]: kind[i] is 1 before letter i at a syllable, 2 where the
 * words of a compound meet, 0 elsewhere.
 */
static void
breaks(struct hyph *h, const char *s, const size_t *off, int n, char *kind)
{
	char latin[256], joint[256];
	unsigned char syllables[256];
	int i;
	size_t k;

	uint32_t first = decode(s + off[0], off[1] - off[0], &k);
	/* A short capitalised word is most often a name ("Norrmalms",
	 * "Sergels"), which a reader does not want broken. */
	int min = lower(first) != first ? h->min_capitalized : h->min_word;

	memset(kind, 0, (size_t)n + 1);
	memset(syllables, 0, sizeof(syllables));
	memset(joint, 0, sizeof(joint));
	if (n < min || n >= 250)
		return;
	for (i = 0; i < n; i++)
		latin[i] = (char)lower(decode(s + off[i], off[i + 1] - off[i],
		    &k));
	latin[n] = '\0';
	if (patterns(h) == NULL)
		return;
	liang_hyphenate(h->dict, latin, n, syllables);
	if (n >= COMPOUND_MIN && h->aff != NULL)
		joints(h, latin, n, joint);
	/* A syllable break stays inside its part of a compound. */
	for (i = 1; i < n; i++)
		if ((joint[i] || ((syllables[i - 1] & 1) && !near_joint(joint,
		    n, i, h->left < h->right ? h->left : h->right))) &&
		    i >= h->left && n - i >= h->right)
			kind[i] = joint[i] ? 2 : 1;
}

/*
 * Adds the breaks of the word of n letters of s that begin at the byte
 * offsets off[0..n-1] (off[n] is its end).  A plan uses the same words
 * again and again: each is looked up once.
 */
static void
word(struct hyph *h, const char *s, const size_t *off, int n, size_t base,
    struct hyph_points *out)
{
	char *key = xstrndup(s + off[0], off[n] - off[0]), *kind;
	int i;

	if ((kind = g_hash_table_lookup(h->words, key)) == NULL) {
		kind = xcalloc((size_t)n + 1, 1);
		breaks(h, s, off, n, kind);
		g_hash_table_insert(h->words, key, kind);
	} else
		free(key);
	for (i = 1; i < n; i++)
		if (kind[i])
			add_point(out, base + off[i], kind[i] == 2);
}

int
hyph_is_address(const char *t, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (t[i] == '@' || (i + 3 <= len && memcmp(t + i, "://",
		    3) == 0) || (i + 4 <= len && memcmp(t + i, "www.", 4) == 0))
			return 1;
	return 0;
}

/*
 * Whether the token (a run without spaces) is kept whole: an address,
 * which a reader may type from paper, a compound already joined by a
 * hyphen ("salafistisk-jihadisk", "VBE-samordnaren"), which breaks there,
 * or a word whose author marked its breaks with soft hyphens.
 */
static int
keep_whole(const char *t, size_t len)
{
	size_t i;

	if (hyph_is_address(t, len))
		return 1;
	/* A soft hyphen counts where it stands inside the word. */
	for (i = 0; i < len; i++)
		if (t[i] == '-' || (i > 0 && i + 2 < len && memcmp(t + i,
		    "\xc2\xad", 2) == 0))
			return 1;
	return 0;
}

void
hyph_points(struct hyph *h, const char *text, size_t len, size_t base,
    struct hyph_points *out)
{
	size_t off[251], i = 0, k;
	int n = 0;

	if (keep_whole(text, len))
		return;
	while (i < len) {
		uint32_t c = decode(text + i, len - i, &k);

		if (is_letter(c) && n < 250) {
			off[n++] = i;
			i += k;
			continue;
		}
		if (is_letter(c)) {
			/* A word of 250 letters or more is not hyphenated,
			 * nor any part of it. */
			while (i < len && is_letter(decode(text + i, len - i,
			    &k)))
				i += k;
			n = 0;
			continue;
		}
		if (n > 0) {
			off[n] = i;
			word(h, text, off, n, base, out);
			n = 0;
		}
		i += k;
	}
	if (n > 0) {
		off[n] = i;
		word(h, text, off, n, base, out);
	}
}
