/* Reading a plan from a file, in YAML or as archival XML. */
#ifndef HPLAN_PLAN_H
#define HPLAN_PLAN_H

#include "diag.h"
#include "doc.h"

/* Whether path names archival XML (by its suffix) rather than YAML. */
int		 plan_is_xml(const char *path);

/*
 * Reads the plan at path.  Returns NULL when it cannot be read (*status is
 * DIAG_EXIT_SYSTEM) or has errors (DIAG_EXIT_INPUT), all reported to d.
 */
struct doc	*plan_read(const char *path, struct diag *d,
		    enum diag_exit *status);

#endif
