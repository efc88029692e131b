/*
 * What changed between two versions of a plan, in Swedish for the
 * tjänsteutlåtande: metadata, sections added, removed or reworded (with
 * the sentences that changed), and actions added, removed or changed
 * field by field, matched by their ids.
 */
#ifndef HPLAN_DIFF_H
#define HPLAN_DIFF_H

#include "buf.h"
#include "doc.h"

void	diff_write(const struct doc *old, const struct doc *new_,
	    struct buf *out);

/*
 * The same changes as a plan of their own ("Ändringar jämfört med version
 * N"), to be typeset as an appendix.
 */
struct doc	*diff_doc(const struct doc *old, const struct doc *new_);

#endif
