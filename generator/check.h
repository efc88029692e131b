/*
 * hplan check: whether a plan contains what kommunstyrelsen demands of
 * every plan (its decision of 21 June 2017, "Uppmaningar till nämnderna",
 * seed 003), and a few rules of plan hygiene.  A requirement is met by a
 * section that says so (krav: [id]); text that merely mentions the subject
 * is a hint, never a verdict.
 */
#ifndef HPLAN_CHECK_H
#define HPLAN_CHECK_H

#include "buf.h"
#include "diag.h"
#include "doc.h"

enum check_status {
	CHECK_MET,
	CHECK_MISSING,	/* an error: the plan will not be approved */
	CHECK_PROBLEM,	/* plan hygiene: a warning */
	CHECK_UNFINISHED /* the plan is not finished, a draft: an error of
			 * check, render draws the draft's mark */
};

struct check_finding {
	const char		*rule;		/* its stable id */
	const char		*requirement;	/* quoted, in Swedish */
	enum check_status	 status;
	struct diag_pos		 pos;
	char			*message;
};

struct check_report {
	struct check_finding	*f;
	size_t			 n, cap;
	unsigned		 errors, warnings;	/* unfinished among errors */
	unsigned		 unfinished;
};

/* A requirement, as a new plan's skeleton needs it. */
enum check_by {
	CHECK_BY_MARK,		/* a section marked krav: [id] */
	CHECK_BY_TABLE,		/* an action table */
	CHECK_BY_HEADING	/* a section with the heading itself */
};

struct check_requirement {
	const char	*id;
	const char	*requirement;
	const char	*heading;	/* of its section in a new plan */
	const char	*guide;		/* what that section should say */
	enum check_by	 by;
};

/* The requirements for a nämnd named board of kind, at most max; returns
 * how many there are. */
size_t	check_requirements(const char *board, enum doc_board_kind kind,
	    struct check_requirement *out, size_t max);

/* The placeholder of a new plan's skeleton, which check warns about. */
#define CHECK_FILL_IN	"FYLL I"

/*
 * Checks doc, read from path (NULL: its earlier versions are not looked
 * at), against every rule that applies to its kind of nämnd, and for what
 * is left unfinished: FYLL I, an unknown krav id, a follow-up's missing
 * status or action (followup.h).
 */
void	check_plan(const struct doc *doc, const char *path,
	    struct check_report *report);
/* The same without kommunstyrelsen's requirements, which cost the most to
 * look for: what render and package need, to tell a draft. */
void	check_unfinished(const struct doc *doc, const char *path,
	    struct check_report *report);
/*
 * For each of kommunstyrelsen's requirements that applies to doc and that
 * no section is marked as answering: fn(its id, the first section whose
 * text mentions its subject, arg), the section NULL when none does.
 * Requirements met by a table or a heading of their own are not told.
 */
void	check_unmarked(struct doc *doc, void (*fn)(const char *,
	    struct doc_node *, void *), void *arg);
/* Adds a finding of rule to report. */
void	check_add(struct check_report *report, const char *rule,
	    const char *requirement, enum check_status status,
	    const struct diag_pos *pos, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/* Reports report's findings of status (of rule, unless NULL) through d
 * at level. */
void	check_report_diag(const struct check_report *report,
	    enum check_status status, const char *rule, enum diag_level level,
	    struct diag *d);
void	check_report_free(struct check_report *report);

/* The findings as "file:line:col: ok|error|warning: [id] message". */
void	check_write_text(const struct check_report *report, struct buf *out);
/* The findings as a JSON array of objects. */
void	check_write_json(const struct check_report *report, struct buf *out);
/* Every rule: id, to whom it applies, the requirement. */
void	check_write_rules(struct buf *out);

#endif
