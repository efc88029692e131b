/*
 * What changed between two versions of a plan, in plain Swedish for the
 * tjänsteutlåtande: metadata, sections added, removed or reworded (with
 * the sentences that changed, the earlier wording first), and actions
 * added, removed or changed field by field.  Actions are matched by their
 * ids but named by their words, fields by their columns' headings.
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
/* Its short title, "Ändringar jämfört med version N", as the running
 * header and a list of attachments name it. */
void		 diff_short_title(unsigned old_version, struct buf *out);

#endif
