/*
 * Revision: the next version of a plan, made from the current one.  Every
 * action of the plan is carried, by its id, into a follow-up table with
 * an empty status to fill in; a new, empty table takes the new actions;
 * the text is carried over unchanged; the version goes up by one and the
 * date is left empty for the author.
 */
#ifndef HPLAN_REVISE_H
#define HPLAN_REVISE_H

#include "diag.h"
#include "doc.h"

/*
 * The next version of prev.  for_label names the report it is made for
 * ("T1 2018", or NULL); prev_file is prev's file as seen from where the
 * new plan will be written (recorded for the follow-up checks).
 */
struct doc	*revise_make(const struct doc *prev, const char *for_label,
		    const char *prev_file, const char *file);

/*
 * Writes the next version of doc, read from path, as YAML to the file to,
 * which must not be path and is overwritten only when force is set.
 * Returns 0, or -1 (reported).
 */
int		 revise_write(const struct doc *doc, const char *path,
		    const char *for_label, const char *to, int force,
		    struct diag *d);

#endif
