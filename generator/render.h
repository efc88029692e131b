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
	PangoContext	*ctx;
	struct hyph	*hyph;
	FcCharSet	*coverage;	/* what the fonts can draw */
};

/* NULL when the style, its fonts or the dictionary fail (reported). */
struct render	*render_open(const char *style_path, struct diag *d);
void		 render_close(struct render *r);

enum {
	/* Longer unbroken runs make Pango's line breaking quadratic. */
	RENDER_MAX_WORD = 500
};

/*
 * Reports what would not print well: every character of doc the fonts
 * cannot draw (an emoji, a script they do not cover), which would show as
 * an empty box, and words longer than RENDER_MAX_WORD characters.
 * Returns the number of problems.
 */
unsigned	 render_check_text(struct render *r, const struct doc *doc,
		    struct diag *d);

/* The layout of doc (as an appendix: its pages only); NULL when it
 * fails (reported). */
struct lay_doc	*render_layout(struct render *r, const struct doc *doc,
		    int appendix, struct diag *d);

#endif
