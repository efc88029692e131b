/*
 * A paragraph itemised and shaped as Pango's layout of it would be, but
 * each word shaped once.  A plan says "åtgärd", "förvaltning" and "och"
 * hundreds of times; HarfBuzz sees each only once per font, and the
 * layout machinery around it (line processing, run lists) is not run at
 * all.  The glyphs are Pango's: the words are shaped as pango_shape_full
 * shapes them (by HarfBuzz with Pango's settings, each font's plan made
 * once), cut where a space begins or ends a grapheme, so nothing shaping
 * joins (a ligature, a mark and its base) is ever cut.
 *
 * Text this does not cover is left to Pango's layout: right-to-left text
 * (each line needs its own bidi order), a script whose baseline is not the
 * roman one, tabs, line separators, hyphenation points (U+2027), and
 * attributes that change shaping or breaking (letter spacing, font features
 * and the like).
 */
#ifndef HPLAN_LAY_SHAPE_H
#define HPLAN_LAY_SHAPE_H

#include <stddef.h>

#include <pango/pango.h>

struct lay_shaped {
	PangoLogAttr	 *attrs;	/* one more than the characters */
	int		  nattrs;
	PangoGlyphItem	**runs;		/* left to right, in the text's order */
	size_t		  nruns;
};

/*
 * Shapes text in font fd with attrs as the runs of Pango's unbroken layout
 * of it (one run list for all its paragraphs).  -1, with nothing made,
 * where only Pango's layout can.  The words are kept with ctx, for every
 * later paragraph shaped with it.
 */
int	lay_shape(PangoContext *ctx, const PangoFontDescription *fd,
	    PangoAttrList *attrs, const char *text, struct lay_shaped *out);
void	lay_shaped_free(struct lay_shaped *s);

/*
 * Text as one line of Pango's layout with letter spacing (in Pango units)
 * over all of it: as lay_shape() without attributes, the spacing between
 * the graphemes, none before the first or after the last.  -1, with
 * nothing made, where the line is not one run of glyphs that begins and
 * ends with ink.
 */
int	lay_shape_spaced(PangoContext *ctx, const PangoFontDescription *fd,
	    const char *text, int spacing, struct lay_shaped *out);

/* Whether c is of the plain text most plans are made of: Latin letters and
 * their marks, punctuation, currency signs, the spaces and separators;
 * no mark that sets a direction. */
int	lay_plain_char(gunichar c);

#endif
