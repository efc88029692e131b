/*
 * Paragraph breaking by total fit, after Knuth and Plass, for ragged-right
 * text: of all the ways to break a paragraph into lines no wider than its
 * column, the one of least cost.  A line costs the square of its shortfall
 * (the last line before a forced break costs nothing), a break inside a
 * word as much as a line some 55 % short, a second such break in a row as
 * much again, and a third is not allowed.  So a word is hyphenated only
 * where the line would otherwise be badly short: in the body, practically
 * never; in a narrow table column, where a long word would leave a line
 * half empty.  As in TeX, a paragraph is first set without
 * hyphenation, and the dictionary is asked only when that leaves a line
 * so short that a break in a word would cost less.
 *
 * Pango measures and draws.  The paragraph is laid out once unbroken for
 * the width of every character and the places Unicode lets a line break;
 * the chosen breaks are then written into the text as paragraph
 * separators, so that Pango's layout of the result has exactly these
 * lines.  The text keeps no break point it does not use: no soft hyphen,
 * word joiner or zero-width space is left for the PDF to carry as an
 * empty span, and a line-end hyphen is a real one.
 */
#ifndef HPLAN_LAY_BREAK_H
#define HPLAN_LAY_BREAK_H

#include <pango/pango.h>

#include "buf.h"
#include "hyph.h"

/* len bytes at pos of the original text were replaced by add bytes. */
struct lay_edit {
	size_t	 pos, len, add;
};

struct lay_para {
	struct buf	 text;		/* the text with its breaks */
	size_t		*hyphens;	/* byte offset in text of each hyphen
					 * added at a line's end, ascending */
	size_t		 nhyphens, hyphencap;
	struct lay_edit	*edits;		/* ascending */
	size_t		 nedits, editcap;
};

/*
 * Breaks text, in font fd with attrs, into lines of at most width points,
 * hyphenating with h (NULL: never), hyphen the width of a hyphen.  attrs
 * are moved along with the text they apply to.
 */
void	lay_break(PangoContext *ctx, const PangoFontDescription *fd,
	    PangoAttrList *attrs, const char *text, struct hyph *h,
	    double width, double hyphen, struct lay_para *out);

/*
 * A paragraph measured once, to be broken at any width: what a table
 * needs to choose its columns' widths.
 */
struct lay_measure;

struct lay_measure *lay_measure(PangoContext *ctx,
	    const PangoFontDescription *fd, PangoAttrList *attrs,
	    const char *text, struct hyph *h, double hyphen);
/* The number of lines it takes at width; adds those that end in a
 * hyphen to *hyphens. */
int	lay_measure_lines(struct lay_measure *m, double width, int *hyphens);
/* Its widest piece no line can break: a word, or with hyphenate_too
 * the widest part of a hyphenated word and its hyphen. */
double	lay_measure_min(struct lay_measure *m, int hyphenate_too);
/* Its widest character and a hyphen: the least a line must hold. */
double	lay_measure_letter(const struct lay_measure *m);
void	lay_measure_free(struct lay_measure *m);

/* Where byte offset of the original text is in the broken one. */
size_t	lay_break_map(const struct lay_para *p, size_t offset);

void	lay_para_free(struct lay_para *p);

#endif
