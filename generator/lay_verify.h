/*
 * The layout's invariants, checked on every render before anything is
 * drawn or written, over the finished page list and the document tree,
 * independently of how the layout got there:
 *
 * - conservation: every printed text of the tree (headings, paragraphs,
 *   cells, captions, column headings, footnotes, list markers) is drawn
 *   exactly once, in order, with glyphs for its characters; generated text
 *   (contents, running header, page numbers, cover and title page) says
 *   what it must.  Compared after a normalisation: soft hyphens, the
 *   hyphen the layout says it added at a hyphenated line's end, its
 *   breaks without a space (U+2029) and zero-width characters are
 *   dropped, runs of white space (line breaks among them) are one space,
 *   typographic quotes are the straight ones typed for them.  Trusting the
 *   layout's word for its hyphens cannot hide a lost character: a hyphen
 *   it did not add would be missing from what is drawn.
 * - bounds: every line lies inside the area of its role (the body and the
 *   footnotes within the margins, the running header in its band, nothing
 *   off the page) and inside the width it was set to, measured by the
 *   widths of its glyphs, not by what the layout recorded; no two lines
 *   overlap.
 *
 * A violation is a fault in hplan, not in the plan: it is reported at the
 * place in the plan it concerns, and the plan is not written.
 */
#ifndef HPLAN_LAY_VERIFY_H
#define HPLAN_LAY_VERIFY_H

#include "diag.h"
#include "doc.h"
#include "layout.h"
#include "style.h"

/* Checks ld, the layout of doc in style s (as an appendix: no cover,
 * title page or contents).  Returns the number of violations, each
 * reported to d. */
unsigned	lay_verify(const struct lay_doc *ld, const struct doc *doc,
		    const struct style *s, unsigned flags, struct diag *d);

#endif
