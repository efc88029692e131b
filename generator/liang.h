/*
 * Liang's hyphenation patterns (TeX's, in the .dic files of the hyphen
 * packages, such as Debian's hyphen-sv): where a word may be broken by
 * syllable.  Read in a few milliseconds less than libhyphen takes to
 * build its automaton, which every run paid for the first word it
 * hyphenated.
 */
#ifndef HPLAN_LIANG_H
#define HPLAN_LIANG_H

struct liang;

/* The patterns of the ISO 8859-1 file at path; NULL when it cannot be
 * read or has another encoding. */
struct liang	*liang_open(const char *path);
void		 liang_close(struct liang *l);

/*
 * The breaks of word, n lowercase ISO 8859-1 letters: breaks[i] is odd
 * where the word may be broken after its letter i (0 <= i < n - 1).
 */
void		 liang_hyphenate(const struct liang *l, const char *word,
		    int n, unsigned char *breaks);

#endif
