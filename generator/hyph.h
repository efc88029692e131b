/*
 * Swedish hyphenation: the permitted breaks of each word, from the style's
 * patterns (liang.h) and, for compounds, its word list (compound.h).  The line breaker (lay_break.h) uses them
 * only where a line would otherwise be badly short.
 */
#ifndef HPLAN_HYPH_H
#define HPLAN_HYPH_H

#include <stddef.h>

#include "diag.h"
#include "style.h"

struct hyph;

/* NULL when the dictionary cannot be loaded (reported). */
struct hyph	*hyph_open(const struct style *s, struct diag *d);
void		 hyph_close(struct hyph *h);
/* Reads the dictionaries now, not on the first word that needs them: a
 * run of several plans reads them once, before its workers fork. */
void		 hyph_preload(struct hyph *h);
/* Begins reading them on a thread of their own, while the plan is read
 * and laid out up to its first hyphenated word; the first word that
 * needs them waits for the reading to end.  Where no thread can be made,
 * they are read when first needed, as without. */
void		 hyph_load(struct hyph *h);

/* Byte offsets of permitted breaks, each before the letter it precedes,
 * and whether each is where two words of a compound meet. */
struct hyph_points {
	size_t	*at;
	char	*joint;
	size_t	 n, cap;
};

/* Adds base + the offset of every break in the words of token, a run of
 * len bytes without spaces or line breaks. */
void		 hyph_points(struct hyph *h, const char *token, size_t len,
		    size_t base, struct hyph_points *out);

/*
 * Whether the token (a run without spaces) is an address, a web or mail
 * address a reader may type from paper: never hyphenated, broken only
 * after its punctuation.
 */
int		 hyph_is_address(const char *token, size_t len);

#endif
