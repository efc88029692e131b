#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "fileio.h"
#include "plan.h"
#include "validate.h"
#include "xalloc.h"
#include "xml_in.h"
#include "yaml_in.h"

static struct doc *read_file(const char *path, int link, struct diag *d,
		    enum diag_exit *status);

int
plan_is_xml(const char *path)
{
	size_t n = strlen(path);

	return n >= 4 && strcmp(path + n - 4, ".xml") == 0;
}

static void
copy_str(struct doc_str *to, const struct doc_str *from)
{
	to->s = xstrdup(from->s);
	to->pos = from->pos;
	to->exact = from->exact;
}

/* The plan's value where the tjänsteutlåtande gives none; where it gives
 * one, it must be the plan's (a plan without one has ""). */
static void
take(struct doc_str *own, const struct doc_str *plan, const char *key,
    struct diag *d)
{
	const char *theirs = plan->s != NULL ? plan->s : "";

	if (own->s == NULL) {
		if (plan->s != NULL)
			copy_str(own, plan);
	} else if (strcmp(own->s, theirs) != 0) {
		diag_report(d, DIAG_ERROR, &own->pos, "'%s' is '%s', but the "
		    "plan's is '%s'; leave '%s' out, and the plan's is taken",
		    key, own->s, theirs, key);
		if (plan->s != NULL)
			diag_report(d, DIAG_NOTE, &plan->pos, "the plan's '%s'",
			    key);
	}
}

static struct doc_node *
text_item(const char *text, const struct diag_pos *pos)
{
	struct doc_node *item = doc_node_new(DOC_ITEM, pos);
	struct doc_node *para = doc_node_new(DOC_PARAGRAPH, pos);
	struct doc_node *t = doc_node_new(DOC_TEXT, pos);

	t->as.text.s = xstrdup(text);
	doc_append(para, t);
	doc_append(item, para);
	return item;
}

/* The list of attachments, made when the tjänsteutlåtande has none (or
 * its archival XML's section begins with something else). */
static struct doc_node *
attachments(struct doc *doc, const struct diag_pos *pos)
{
	struct doc_node *s = doc_section_by_id(doc, DOC_MEMO_ATTACHMENTS);
	struct doc_node *list;

	if (s != NULL && s->first != NULL && s->first->type == DOC_LIST)
		return s->first;
	if (s == NULL)
		s = doc_section_new(doc->root, 1, DOC_MEMO_ATTACHMENTS_HEADING,
		    DOC_MEMO_ATTACHMENTS, pos);
	list = doc_node_new(DOC_LIST, pos);
	list->as.list.ordered = 1;
	list->as.list.start = 1;
	doc_insert_before(s, s->first, list);
	return list;
}

/* Puts the plan (and its changes) first of the attachments. */
static void
list_plan(struct doc *doc)
{
	struct doc_memo *memo = doc->memo;
	const struct doc_meta *pm = &memo->plan_doc->meta;
	const struct diag_pos *pos = &memo->plan.pos;
	struct doc_node *list = attachments(doc, pos), *first = list->first;
	struct doc_node *items[2];
	struct buf text = { 0 };
	size_t i;

	buf_adds(&text, pm->title.s);
	if (pm->version > 1)
		buf_printf(&text, ", version" NBSP "%u", pm->version);
	items[memo->nlinked++] = text_item(text.data, pos);
	buf_free(&text);
	if (plan_earlier(memo->plan_doc) != NULL) {
		diff_short_title(plan_earlier(memo->plan_doc)->version, &text);
		items[memo->nlinked++] = text_item(text.data, pos);
		buf_free(&text);
	}
	/* Before the tjänsteutlåtande's own attachments. */
	for (i = 0; i < memo->nlinked; i++)
		doc_insert_before(list, first, items[i]);
}

/*
 * A tjänsteutlåtande that names its plan: the plan is read; the nämnd,
 * dnr, title and version are the plan's, and the plan is Bilaga 1, its
 * changes since the earlier version it names Bilaga 2 (which render makes
 * of the two).  Returns 0, or -1 with the errors reported.
 */
static int
link_plan(struct doc *doc, struct diag *d)
{
	struct doc_memo *memo = doc->memo;
	struct doc_meta *m = &doc->meta;
	const struct doc_meta *pm;
	unsigned errors = d->errors;
	enum diag_exit status;

	/* Read without linking: a plan names no plan, and a
	 * tjänsteutlåtande named instead (even this one) is refused below
	 * rather than followed. */
	memo->plan_path = fileio_relative(doc->file, memo->plan.s);
	if ((memo->plan_doc = read_file(memo->plan_path, 0, d, &status)) ==
	    NULL) {
		diag_report(d, DIAG_ERROR, &memo->plan.pos, "cannot read the "
		    "plan that the tjänsteutlåtande proposes, %s ('plan' "
		    "names its file, relative to this one)", memo->plan_path);
		return -1;
	}
	pm = &memo->plan_doc->meta;
	if (memo->plan_doc->kind != DOC_KIND_PLAN) {
		diag_report(d, DIAG_ERROR, &memo->plan.pos, "%s is a "
		    "tjänsteutlåtande; 'plan' names the plan it proposes",
		    memo->plan_path);
		return -1;
	}
	if (m->board.s == NULL)
		m->board_kind = pm->board_kind;
	else if (m->board_kind != pm->board_kind)
		diag_report(d, DIAG_ERROR, &m->board.pos, "the nämnd is a %s, "
		    "but the plan's is a %s; leave 'nämnd' out, and the "
		    "plan's is taken", doc_board_kind_name(m->board_kind),
		    doc_board_kind_name(pm->board_kind));
	take(&m->board, &pm->board, "nämnd", d);
	take(&m->dnr, &pm->dnr, "dnr", d);
	if (m->title.s == NULL)
		copy_str(&m->title, &pm->title);
	if (m->administration.s == NULL && pm->administration.s != NULL)
		copy_str(&m->administration, &pm->administration);
	if (memo->to.s == NULL)
		copy_str(&memo->to, &pm->board);
	m->version = pm->version;
	if (d->errors != errors)
		return -1;
	list_plan(doc);
	return 0;
}

/* plan_parse(), a tjänsteutlåtande's plan read and linked only when
 * link. */
static struct doc *
parse(const char *name, const char *data, size_t len, int link,
    struct diag *d)
{
	unsigned errors = d->errors;
	struct doc *doc;

	diag_hold(d);
	doc = plan_is_xml(name) ? xml_in_parse(name, data, len, d) :
	    yaml_in_parse(name, data, len, d);
	if (doc != NULL)
		validate_doc(doc, d);
	diag_release(d);
	if (doc != NULL && d->errors != errors) {
		doc_free(doc);
		return NULL;
	}
	if (link && doc != NULL && doc->memo != NULL &&
	    doc->memo->plan.s != NULL && link_plan(doc, d) != 0) {
		doc_free(doc);
		return NULL;
	}
#ifndef NDEBUG
	/* A valid tree is a sound one. */
	if (doc != NULL)
		doc_check(doc);
#endif
	return doc;
}

struct doc *
plan_parse(const char *name, const char *data, size_t len, struct diag *d)
{
	return parse(name, data, len, 1, d);
}

const struct doc_version *
plan_earlier(const struct doc *doc)
{
	const struct doc_meta *m = &doc->meta;

	return m->nhistory > 0 && m->history[0].file.s != NULL &&
	    m->history[0].file.s[0] != '\0' ? &m->history[0] : NULL;
}

struct doc *
plan_read_earlier(const struct doc *doc, const char *path, struct diag *d)
{
	const struct doc_version *h = plan_earlier(doc);
	enum diag_exit status;
	struct doc *earlier;
	char *file;

	if (h == NULL)
		return NULL;
	file = fileio_relative(path, h->file.s);
	earlier = plan_read(file, d, &status);
	free(file);
	return earlier;
}

static struct doc *
read_file(const char *path, int link, struct diag *d, enum diag_exit *status)
{
	int xml = plan_is_xml(path);
	struct doc *doc;
	char *data;
	size_t len;

	*status = DIAG_EXIT_SYSTEM;
	diag_file(d, path);
	if (fileio_read(path, xml ? XML_IN_MAX_BYTES : YAML_IN_MAX_BYTES,
	    &data, &len, d) != 0)
		return NULL;
	doc = parse(path, data, len, link, d);
	free(data);
	*status = doc != NULL ? DIAG_EXIT_OK : DIAG_EXIT_INPUT;
	return doc;
}

struct doc *
plan_read(const char *path, struct diag *d, enum diag_exit *status)
{
	return read_file(path, 1, d, status);
}

void
plan_files(const struct doc *doc, const char *path,
    void (*fn)(const char *file, void *arg), void *arg)
{
	const struct doc_version *h = plan_earlier(doc);
	struct doc_iter it;
	struct doc_node *n;
	char *file;

	fn(path, arg);
	if (!plan_is_xml(path)) {
		doc_iter_init(&it, doc->root);
		while (doc_iter_next(&it, &n) != DOC_DONE)
			if (it.ev == DOC_ENTER && n->type == DOC_FIGURE &&
			    n->as.figure.src != NULL) {
				file = fileio_relative(path, n->as.figure.src);
				fn(file, arg);
				free(file);
			}
	}
	if (h != NULL) {
		file = fileio_relative(path, h->file.s);
		fn(file, arg);
		free(file);
	}
	if (doc->memo != NULL && doc->memo->plan_doc != NULL)
		plan_files(doc->memo->plan_doc, doc->memo->plan_path, fn, arg);
}
