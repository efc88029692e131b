/*
 * Checks of a revised plan's follow-up: every action of the earlier
 * version is followed up, and every follow-up has a status.
 */
#ifndef HPLAN_FOLLOWUP_H
#define HPLAN_FOLLOWUP_H

#include "check.h"
#include "doc.h"

/*
 * Adds to report, as unfinished, each follow-up action without a status
 * and, when the plan names the earlier version's file (relative to
 * plan_path; NULL: not looked at), each of its actions missing from the
 * follow-up.
 */
void	followup_check(const struct doc *doc, const char *plan_path,
	    struct check_report *report);

#endif
