/*
 * Swedish hyphenation: the permitted breaks of each word, from libhyphen
 * with the style's dictionary, become soft hyphens that Pango breaks at
 * and shows as a hyphen only at a line's end.
 */
#ifndef HPLAN_HYPH_H
#define HPLAN_HYPH_H

#include "buf.h"
#include "diag.h"
#include "style.h"

struct hyph;

/* NULL when the dictionary cannot be loaded (reported). */
struct hyph	*hyph_open(const struct style *s, struct diag *d);
void		 hyph_close(struct hyph *h);

/* Appends text to out with soft hyphens at the breaks of its words. */
void		 hyph_text(struct hyph *h, const char *text, size_t len,
		    struct buf *out);

#endif
