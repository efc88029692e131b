/*
 * Paragraph breaking by total fit, after Knuth and Plass, for ragged-right
 * text: of all the ways to break a paragraph into lines no wider than its
 * column, the one of least cost.  A line costs the square of its shortfall
 * (the last line before a forced break costs nothing); a break inside a
 * word costs as much as a line two-thirds empty where the words of a
 * compound meet and as much as an empty line elsewhere; a second
 * hyphenated line in a row, a word broken twice, a paragraph's last word
 * broken and a third hyphenated line in a row cost ever more.  So a word
 * is hyphenated only where the line would otherwise be badly short: in
 * the body, practically never; in a narrow table column, where a long
 * compound would leave a line mostly empty.  As in TeX, a paragraph is first
 * set without hyphenation, and the dictionary is asked only when that
 * leaves a line so short that a break in a word could cost less.
 *
 * Why not Pango's own breaking, offered fewer break points: it is greedy,
 * line by line, so it cannot weigh a hyphen now against a short line
 * later, and it breaks a long paragraph in quadratic time.  Breaking here
 * also lets a table measure its cells at any width without laying them
 * out (lay_measure).
 *
 * Pango measures and draws.  The paragraph is shaped once unbroken, a
 * word at a time (lay_shape; Pango's layout where that cannot serve), for
 * the width of every character and the places Unicode lets a line break;
 * the chosen breaks are then written into the text as paragraph
 * separators, and the lines cut from those glyphs are exactly the lines
 * Pango's layout of the result would have.  The text keeps no break point it does not use: no soft hyphen,
 * word joiner or zero-width space is left for the PDF to carry as an
 * empty span, and a line-end hyphen is a real one.
 */
#ifndef HPLAN_LAY_BREAK_H
#define HPLAN_LAY_BREAK_H

#include <pango/pango.h>

#include "buf.h"
#include "hyph.h"

/* len bytes at pos of the original text were replaced by add bytes;
 * shift is what the edits before it added (less what they removed). */
struct lay_edit {
	size_t	 pos, len, add;
	long	 shift;
};

/* A line of the text broken: bytes o0..o1 of the text given, e0..e1 of
 * the text written, whose last `added` bytes the breaking added (a
 * hyphen, or a space at a line break of the plan). */
struct lay_span {
	size_t	 o0, o1, e0, e1, added;
};

struct lay_lines;

struct lay_para {
	struct buf	 text;		/* the text with its breaks */
	size_t		*hyphens;	/* byte offset in text of each hyphen
					 * added at a line's end, ascending */
	size_t		 nhyphens, hyphencap;
	struct lay_edit	*edits;		/* ascending */
	size_t		 nedits, editcap;
	struct lay_span	*spans;		/* its lines */
	size_t		 nspans, spancap;
	/* When the text needed no break and no change: Pango's layout of
	 * it, made to measure it, which serves as it is (else NULL). */
	PangoLayout	*layout;
	/* Else its lines, made from the glyphs shaped to measure it; NULL
	 * where a break falls inside a cluster of glyphs (a ligature), and
	 * the written text must be laid out anew. */
	struct lay_lines *lines;
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
/* The number of lines it takes at width; adds to *hyphens 1 for each
 * that ends in a hyphen at the joint of a compound, 3 for each other, 50
 * more for each word broken a second time. */
int	lay_measure_lines(struct lay_measure *m, double width, int *hyphens);
/* Its widest piece no line can break, the pieces being: */
enum lay_pieces {
	LAY_WORDS,	/* words */
	LAY_PARTS,	/* the words of compounds */
	LAY_SYLLABLES	/* pieces of hyphenated words */
};
double	lay_measure_min(struct lay_measure *m, enum lay_pieces pieces);
/* Its widest character and a hyphen: the least a line must hold. */
double	lay_measure_letter(const struct lay_measure *m);
void	lay_measure_free(struct lay_measure *m);
/* lay_break() of a paragraph measured already (with the same attrs). */
void	lay_break_measured(struct lay_measure *m, PangoAttrList *attrs,
	    double width, struct lay_para *out);

/* Pango's layout of text in font fd with attrs, unbroken, left to right
 * whatever script it begins with: where hplan's own cannot serve. */
PangoLayout *lay_pango_layout(PangoContext *ctx,
	    const PangoFontDescription *fd, PangoAttrList *attrs,
	    const char *text);

/* The width of a hyphen in font fd. */
double	lay_hyphen_width(PangoContext *ctx, const PangoFontDescription *fd);
/* The width of text, unbroken, in font fd: shaped (lay_shape) where it
 * can be, as Pango's layout measures it.  A layout would also have Pango
 * measure each font's average width, with a layout of a sample text. */
double	lay_text_width(PangoContext *ctx, const PangoFontDescription *fd,
	    const char *text);

/* Where byte offset of the original text is in the broken one. */
size_t	lay_break_map(const struct lay_para *p, size_t offset);

void	lay_para_free(struct lay_para *p);

#endif
