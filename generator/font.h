/*
 * Fonts come only from the style's font directory: hplan builds its own
 * fontconfig configuration, so no font of the machine is ever used and
 * the output is the same everywhere.
 */
#ifndef HPLAN_FONT_H
#define HPLAN_FONT_H

#include <fontconfig/fontconfig.h>
#include <pango/pango.h>

#include "diag.h"
#include "style.h"

/*
 * The configuration with the style's fonts, made current, or NULL when a
 * family of the style is not in its font directory (reported).  *coverage
 * gets the characters the fonts have, to be destroyed with
 * FcCharSetDestroy().
 */
FcConfig	*font_config_new(const struct style *s, FcCharSet **coverage,
		    struct diag *d);

/*
 * A Pango context measuring in PDF points with the fonts of cfg.  Pango
 * starts a thread for it, and a process forked before that thread ends
 * waits for it forever: a process that forks makes none.
 */
PangoContext	*font_context_new(FcConfig *cfg);

/*
 * Has Pango find the fonts of every text style of s, in threads of its own
 * that it waits for when a font is first used, and returns without waiting.
 */
void		 font_preload(PangoContext *ctx, const struct style *s);

/*
 * The ascent and descent (in points) of text in font fd, as
 * pango_context_get_metrics() gives them with the context's language: the
 * largest of the fontset's first font's and of the fonts of the language's
 * sample text.  Pango would also measure those fonts' character widths,
 * with a layout of the sample text for each font.
 */
void		 font_extents(PangoContext *ctx, const PangoFontDescription *fd,
		    double *ascent, double *descent);

/* A font description for a text style, to be freed by the caller. */
PangoFontDescription *font_describe(const struct style *s,
		    const struct style_text *t);

#endif
