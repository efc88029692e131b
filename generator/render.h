/*
 * What rendering needs once per run, whatever the number of plans: the
 * style, its fonts and the hyphenation dictionary.
 */
#ifndef HPLAN_RENDER_H
#define HPLAN_RENDER_H

#include <fontconfig/fontconfig.h>
#include <pango/pango.h>

#include "diag.h"
#include "doc.h"
#include "hyph.h"
#include "layout.h"
#include "style.h"

struct render {
	struct style	*style;
	FcConfig	*fonts;
	PangoContext	*ctx;		/* made by render_context() */
	struct hyph	*hyph;
	FcCharSet	*coverage;	/* what the fonts can draw */
};

/* NULL when the style, its fonts or the dictionary fail (reported). */
struct render	*render_open(const char *style_path, struct diag *d);
void		 render_close(struct render *r);

/*
 * Starts, in the background, what laying out needs first: Pango's matching
 * of the style's fonts (font_preload()), then the reading of the
 * dictionaries (hyph_load()).  The fonts go first: Pango waits for each
 * font's thread when it is first used, and started behind the dictionaries'
 * thread such a thread could wait milliseconds for a processor.  A process
 * that forks later must not call it (see render_context()).
 */
void		 render_start(struct render *r);

/*
 * The Pango context with the style's fonts, made on first use: a run of
 * several plans opens the style and fonts once and forks a worker per
 * plan, which must not inherit Pango's threads (see font_context_new()).
 */
PangoContext	*render_context(struct render *r);

/* The layout of doc (as an appendix: its pages only); NULL when it
 * fails, with *status (see lay_build()). */
struct lay_doc	*render_layout(struct render *r, const struct doc *doc,
		    unsigned flags, struct diag *d, enum diag_exit *status);

#endif
