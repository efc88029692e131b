/* Reading a plan from a file, in YAML or as archival XML. */
#ifndef HPLAN_PLAN_H
#define HPLAN_PLAN_H

#include "diag.h"
#include "doc.h"

/* Whether path names archival XML (by its suffix) rather than YAML. */
int		 plan_is_xml(const char *path);

/*
 * The plan in the len bytes of data, read as the file name would be (by
 * its suffix) and validated; NULL when it has errors, all reported to d
 * in the order of their places in the file.
 */
struct doc	*plan_parse(const char *name, const char *data, size_t len,
		    struct diag *d);

/*
 * Reads the plan at path.  Returns NULL when it cannot be read (*status is
 * DIAG_EXIT_SYSTEM) or has errors (DIAG_EXIT_INPUT), all reported to d.
 */
struct doc	*plan_read(const char *path, struct diag *d,
		    enum diag_exit *status);

/* The plan's earlier version when it names its file, or NULL. */
const struct doc_version *plan_earlier(const struct doc *doc);
/* Reads the earlier version of doc, read from path; NULL when it names
 * none or it cannot be read (reported to d). */
struct doc	*plan_read_earlier(const struct doc *doc, const char *path,
		    struct diag *d);

/*
 * Tells fn each file that doc, read from path, was made of: path, its
 * figures' image files (a plan in YAML; archival XML holds its images),
 * its earlier version's file, and a tjänsteutlåtande's plan with that
 * plan's files.  A file may be told more than once.
 */
void		 plan_files(const struct doc *doc, const char *path,
		    void (*fn)(const char *file, void *arg), void *arg);

#endif
