/*
 * hplan's reading of Liang's patterns against libhyphen's on every word
 * of the Swedish dictionary: the same breaks, word for word.
 * Usage: test_liang PATTERNS WORDS (hyph_sv_SE.dic, Hunspell's sv_SE.dic)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hyphen.h>

#include "harness.h"
#include "liang.h"

/* The word (UTF-8, up to a '/') in lowercase ISO 8859-1, or -1 when it
 * has a character that is no letter there: hplan hyphenates the runs of
 * letters of its words. */
static int
latin(const char *s, char *out, int max)
{
	int n = 0;

	for (; *s != '\0' && *s != '/' && *s != '\n' && n < max; n++) {
		unsigned c = (unsigned char)*s++;

		if (c >= 0x80) {
			if ((c & 0xe0) != 0xc0 || (*s & 0xc0) != 0x80)
				return -1;
			c = (c & 0x1f) << 6 | ((unsigned char)*s++ & 0x3f);
			if (c > 0xff)
				return -1;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= 0xc0 && c != 0xd7 && c != 0xf7)))
			return -1;
		if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde &&
		    c != 0xd7))
			c += 0x20;
		out[n] = (char)c;
	}
	return n < max ? n : -1;
}

int
main(int argc, char *argv[])
{
	struct liang *l;
	HyphenDict *dict;
	FILE *f;
	char line[512], word[256];
	unsigned char ours[256];
	long words = 0, differ = 0;
	int n, i;

	if (argc < 3 || (l = liang_open(argv[1])) == NULL ||
	    (dict = hnj_hyphen_load(argv[1])) == NULL ||
	    (f = fopen(argv[2], "r")) == NULL) {
		fprintf(stderr, "usage: test_liang PATTERNS WORDS\n");
		return 2;
	}
	OK(liang_open("/nonexistent") == NULL);
	while (fgets(line, sizeof(line), f) != NULL) {
		char theirs[262];
		char **rep = NULL;
		int *pos = NULL, *cut = NULL;

		/* libhyphen lets two-letter words be broken despite the
		 * patterns' right minimum: words that short hplan never
		 * hyphenates (hyphenation.min-word). */
		if ((n = latin(line, word, 250)) < 3)
			continue;
		word[n] = '\0';
		memset(theirs, 0, sizeof(theirs));
		if (hnj_hyphen_hyphenate2(dict, word, n, theirs, NULL, &rep,
		    &pos, &cut) != 0 || rep != NULL)
			continue;
		liang_hyphenate(l, word, n, ours);
		words++;
		for (i = 0; i + 1 < n; i++)
			if ((ours[i] & 1) != (theirs[i] & 1)) {
				if (differ++ < 10)
					fprintf(stderr, "%s: after letter %d\n",
					    word, i);
				break;
			}
	}
	fclose(f);
	INT_EQ(differ, 0);
	OK(words > 100000);
	printf("%ld words\n", words);
	hnj_hyphen_free(dict);
	liang_close(l);
	return harness_done();
}
