#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "followup.h"
#include "plan.h"

static int
is_followup(const struct doc_node *t)
{
	return t->type == DOC_ACTIONS &&
	    doc_table_column(t, DOC_FIELD_STATUS) != NULL;
}

static const struct doc_node *
field(const struct doc_node *action, enum doc_field f)
{
	const struct doc_node *c;

	for (c = action->first; c != NULL; c = c->next)
		if (c->as.field.field == f)
			return c;
	return NULL;
}

/* Calls fn for each action table of the tree under n. */
static void
each_table(const struct doc_node *n, void (*fn)(const struct doc_node *,
    void *), void *arg)
{
	const struct doc_node *c;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DOC_SECTION)
			each_table(c, fn, arg);
		else if (c->type == DOC_ACTIONS)
			fn(c, arg);
	}
}

static void
no_status(const struct doc_node *t, void *arg)
{
	const struct doc_node *a, *s;

	if (!is_followup(t))
		return;
	for (a = t->first; a != NULL; a = a->next)
		if ((s = field(a, DOC_FIELD_STATUS)) == NULL || s->first == NULL)
			check_add(arg, "plan-status", "", CHECK_UNFINISHED,
			    &a->pos, "the action '%s' has no status yet",
			    a->as.action.id);
}

struct missing {
	const struct doc	*doc;	/* the revised plan */
	const struct doc_node	*first_followup;
	unsigned		 version;
	struct check_report	*r;
};

static int
followed_up(const struct doc_node *n, const char *id)
{
	const struct doc_node *c, *a;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DOC_SECTION && followed_up(c, id))
			return 1;
		if (!is_followup(c))
			continue;
		for (a = c->first; a != NULL; a = a->next)
			if (strcmp(a->as.action.id, id) == 0)
				return 1;
	}
	return 0;
}

static void
first_followup(const struct doc_node *t, void *arg)
{
	struct missing *m = arg;

	if (m->first_followup == NULL && is_followup(t))
		m->first_followup = t;
}

static void
missing_in(const struct doc_node *t, void *arg)
{
	struct missing *m = arg;
	const struct doc_node *a;

	for (a = t->first; a != NULL; a = a->next)
		if (!followed_up(m->doc->root, a->as.action.id))
			check_add(m->r, "plan-uppfoljning", "", CHECK_UNFINISHED,
			    m->first_followup != NULL ? &m->first_followup->pos :
			    &m->doc->meta.history[0].pos, "the action '%s' of "
			    "version %u is not followed up", a->as.action.id,
			    m->version);
}

void
followup_check(const struct doc *doc, const char *plan_path,
    struct check_report *r)
{
	const struct doc_version *h = plan_earlier(doc);
	struct missing m = { doc, NULL, 0, r };
	char *path;
	enum diag_exit status;
	struct diag quiet;
	struct doc *prev;

	each_table(doc->root, no_status, r);
	if (plan_path == NULL || h == NULL)
		return;
	path = fileio_relative(plan_path, h->file.s);
	diag_init(&quiet, NULL);
	if ((prev = plan_read(path, &quiet, &status)) == NULL) {
		check_add(r, "plan-uppfoljning", "", CHECK_PROBLEM, &h->file.pos,
		    "cannot read version %u (%s) to check the follow-up "
		    "against it", h->version, path);
		free(path);
		return;
	}
	m.version = h->version;
	each_table(doc->root, first_followup, &m);
	each_table(prev->root, missing_in, &m);
	doc_free(prev);
	free(path);
}
