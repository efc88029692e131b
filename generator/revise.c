/* realpath() is an X/Open extension. */
#define _XOPEN_SOURCE 700

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fileio.h"
#include "img.h"
#include "revise.h"
#include "xalloc.h"
#include "yaml_out.h"

struct reviser {
	const struct doc	*prev;
	const char		*for_label;
	const struct doc_node	**actions;	/* every action of prev */
	size_t			 nactions, cap;
	int			 placed;	/* the tables are in */
};

static void
copy_str(struct doc_str *to, const struct doc_str *from)
{
	to->s = from->s != NULL ? xstrdup(from->s) : NULL;
	to->pos = from->pos;
}

static int
has_status(const struct doc_node *t)
{
	return doc_table_column(t, DOC_FIELD_STATUS) != NULL;
}

/* Every action of the plan in document order, each id once. */
static void
collect(struct reviser *r, const struct doc_node *parent)
{
	const struct doc_node *c, *a;
	size_t i;

	for (c = parent->first; c != NULL; c = c->next) {
		if (c->type == DOC_SECTION)
			collect(r, c);
		if (c->type != DOC_ACTIONS)
			continue;
		for (a = c->first; a != NULL; a = a->next) {
			for (i = 0; i < r->nactions; i++)
				if (strcmp(r->actions[i]->as.action.id,
				    a->as.action.id) == 0)
					break;
			if (i < r->nactions)
				continue;
			r->actions = xgrow(r->actions, &r->cap, r->nactions + 1,
			    sizeof(*r->actions));
			r->actions[r->nactions++] = a;
		}
	}
}

/* The first action table of prev of the kind wanted, or NULL. */
static const struct doc_node *
first_table(const struct doc_node *n, int followup)
{
	const struct doc_node *c, *t;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DOC_ACTIONS && has_status(c) == followup)
			return c;
		if (c->type == DOC_SECTION && (t = first_table(c, followup)) !=
		    NULL)
			return t;
	}
	return NULL;
}

static struct doc_node *
table_node(const struct doc_node *like, const char *caption)
{
	struct doc_node *t = doc_node_new(DOC_ACTIONS, &like->pos);

	t->as.table.caption = xstrdup(caption);
	t->as.table.cols = xcalloc(DOC_MAX_COLUMNS + 1,
	    sizeof(*t->as.table.cols));
	return t;
}

static void
add_column(struct doc_node *t, const struct doc_column *c,
    enum doc_colkey key)
{
	struct doc_column *col = &t->as.table.cols[t->as.table.ncols++];

	col->key = key;
	col->header = c != NULL && c->key == key && c->header != NULL ?
	    xstrdup(c->header) : NULL;
	col->width = c != NULL ? c->width : 0;
	col->pos = t->pos;
}

/*
 * The follow-up table: the columns of the plan's table with its
 * deadline and follow-up columns replaced by a Status column last.
 */
static struct doc_node *
followup_table(struct reviser *r, const struct doc_node *like)
{
	const struct doc_meta *m = &r->prev->meta;
	struct buf caption = { 0 };
	struct doc_node *t;
	size_t i;

	buf_printf(&caption, "Uppföljning av åtgärderna i version %u (",
	    m->version);
	doc_date_words(&m->date, 0, &caption);
	buf_addc(&caption, ')');
	if (r->for_label != NULL)
		buf_printf(&caption, " inför %s", r->for_label);
	t = table_node(like, caption.data);
	buf_free(&caption);
	for (i = 0; i < like->as.table.ncols; i++) {
		const struct doc_column *c = &like->as.table.cols[i];
		enum doc_field f = doc_colkey_field(c->key);

		if (f != DOC_FIELD_DEADLINE && f != DOC_FIELD_FOLLOWUP &&
		    f != DOC_FIELD_STATUS)
			add_column(t, c, c->key);
	}
	add_column(t, NULL, DOC_COL_STATUS);
	for (i = 0; i < r->nactions; i++) {
		struct doc_node *a = doc_node_new(DOC_ACTION,
		    &r->actions[i]->pos), *f, *status;
		const struct doc_node *c;

		a->as.action.id = xstrdup(r->actions[i]->as.action.id);
		for (c = r->actions[i]->first; c != NULL; c = c->next) {
			if (c->as.field.field == DOC_FIELD_STATUS)
				continue;
			f = doc_node_clone(c);
			doc_append(a, f);
		}
		/* Fields stay in their one order: status is the last. */
		status = doc_node_new(DOC_FIELD, &a->pos);
		status->as.field.field = DOC_FIELD_STATUS;
		doc_append(a, status);
		doc_append(t, a);
	}
	return t;
}

/* The table for new actions, with the columns of a table for actions. */
static struct doc_node *
new_table(const struct doc_node *like)
{
	struct doc_node *t = table_node(like, "Nya åtgärder");
	size_t i;

	for (i = 0; i < like->as.table.ncols; i++) {
		const struct doc_column *c = &like->as.table.cols[i];

		add_column(t, c, c->key == DOC_COL_STATUS ?
		    DOC_COL_SENAST_KLART : c->key);
	}
	return t;
}

static struct doc_node *
section(struct reviser *r, const struct doc_node *s)
{
	struct doc_node *n = doc_node_new(DOC_SECTION, &s->pos);
	const struct doc_node *c, *plain, *like;

	n->as.section.title = xstrdup(s->as.section.title);
	n->as.section.id = s->as.section.id != NULL ?
	    xstrdup(s->as.section.id) : NULL;
	n->as.section.level = s->as.section.level;
	n->as.section.krav = s->as.section.krav != NULL ?
	    xstrdup(s->as.section.krav) : NULL;
	for (c = s->first; c != NULL; c = c->next) {
		if (c->type == DOC_SECTION) {
			doc_append(n, section(r, c));
		} else if (c->type != DOC_ACTIONS) {
			doc_append(n, doc_node_clone(c));
		} else if (!r->placed) {
			/* The follow-up and the new actions take the place of
			 * the first action table. */
			plain = first_table(r->prev->root, 0);
			like = plain != NULL ? plain : c;
			doc_append(n, followup_table(r, like));
			doc_append(n, new_table(like));
			r->placed = 1;
		}
	}
	return n;
}

/*
 * The new plan's nodes keep the positions they had in the earlier plan's
 * file: free the new plan before the earlier one.
 */
struct doc *
revise_make(const struct doc *prev, const char *for_label,
    const char *prev_file, const char *file)
{
	const struct doc_meta *pm = &prev->meta;
	struct doc *next = doc_new(file);
	struct doc_meta *m = &next->meta;
	struct reviser r = { prev, for_label, NULL, 0, 0, 0 };
	const struct doc_node *s;
	size_t i;

	copy_str(&m->board, &pm->board);
	m->board_kind = pm->board_kind;
	copy_str(&m->administration, &pm->administration);
	copy_str(&m->title, &pm->title);
	copy_str(&m->title_page_title, &pm->title_page_title);
	m->date.present = 1;		/* empty: the author fills it in */
	copy_str(&m->dnr, &pm->dnr);
	m->published.present = pm->published.present;
	copy_str(&m->contact, &pm->contact);
	m->version = pm->version + 1;
	m->labels = xcalloc(pm->nlabels + 1, sizeof(*m->labels));
	for (i = 0; i < pm->nlabels; i++) {
		copy_str(&m->labels[i].label, &pm->labels[i].label);
		copy_str(&m->labels[i].value, &pm->labels[i].value);
	}
	m->nlabels = pm->nlabels;
	m->history = xcalloc(pm->nhistory + 1, sizeof(*m->history));
	m->history[0].version = pm->version;
	m->history[0].date = pm->date;
	if (pm->dnr.s != NULL && pm->dnr.s[0] != '\0')
		copy_str(&m->history[0].dnr, &pm->dnr);
	m->history[0].file.s = xstrdup(prev_file);
	for (i = 0; i < pm->nhistory; i++) {
		/* An older version's file was named from the earlier plan's
		 * place and is not carried over. */
		m->history[i + 1].version = pm->history[i].version;
		m->history[i + 1].date = pm->history[i].date;
		copy_str(&m->history[i + 1].dnr, &pm->history[i].dnr);
		copy_str(&m->history[i + 1].note, &pm->history[i].note);
	}
	m->nhistory = pm->nhistory + 1;
	collect(&r, prev->root);
	for (s = prev->root->first; s != NULL; s = s->next)
		doc_append(next->root, section(&r, s));
	free(r.actions);
	return next;
}

/* The path of file as seen from the directory of from, or NULL. */
static char *
relative_path(const char *from, const char *file)
{
	struct buf dir = { 0 }, rel = { 0 };
	const char *slash = strrchr(from, '/');
	char *base, *target;
	size_t common = 0, i;

	buf_add(&dir, from, slash != NULL ? (size_t)(slash - from) : 0);
	if (dir.len == 0)
		buf_addc(&dir, '.');
	base = realpath(dir.data, NULL);
	target = realpath(file, NULL);
	buf_free(&dir);
	if (base == NULL || target == NULL) {
		free(base);
		free(target);
		return NULL;
	}
	/* The longest common leading run of whole path components. */
	for (i = 0; base[i] != '\0' && base[i] == target[i]; i++)
		if (base[i] == '/')
			common = i;
	if (base[i] == '\0' && target[i] == '/')
		common = i;
	for (i = common; base[i] != '\0'; i++)
		if (base[i] == '/')
			buf_adds(&rel, "../");
	buf_adds(&rel, target + common + 1);
	free(base);
	free(target);
	return buf_take(&rel);
}

/*
 * A figure's image as the next version at to must name it: found from
 * where the plan at path named it, the same file, as seen from to's
 * directory; a plan read from the archive has the image only in itself,
 * and it is written beside the next version (never over another file).
 * Returns 0, or -1 (reported).
 */
static int
move_image(struct doc_node *fig, const char *path, const char *to,
    struct diag *d)
{
	const char *slash = strrchr(path, '/'), *base;
	struct diag_pos pos = { to, 0, 0 };
	struct buf from = { 0 }, there = { 0 };
	char *rel, *old;
	size_t len;
	int ret = 0;

	if (fig->as.figure.src[0] != '/' && slash != NULL)
		buf_add(&from, path, (size_t)(slash - path) + 1);
	buf_adds(&from, fig->as.figure.src);
	if ((rel = relative_path(to, from.data)) != NULL) {
		free(fig->as.figure.src);
		fig->as.figure.src = rel;
		buf_free(&from);
		return 0;
	}
	buf_free(&from);
	base = strrchr(fig->as.figure.src, '/');
	base = base != NULL ? base + 1 : fig->as.figure.src;
	slash = strrchr(to, '/');
	if (slash != NULL)
		buf_add(&there, to, (size_t)(slash - to) + 1);
	buf_adds(&there, base);
	if ((old = fileio_slurp(there.data, IMG_MAX_BYTES, &len)) != NULL) {
		if (len != fig->as.figure.len ||
		    memcmp(old, fig->as.figure.data, len) != 0) {
			pos.file = there.data;
			diag_report(d, DIAG_ERROR, &pos, "another file is here "
			    "by the name of the plan's image '%s'; move it",
			    fig->as.figure.src);
			ret = -1;
		}
		free(old);
	} else
		ret = fileio_write(there.data, fig->as.figure.data,
		    fig->as.figure.len, d);
	if (ret == 0) {
		old = fig->as.figure.src;
		fig->as.figure.src = xstrdup(base);
		free(old);
	}
	buf_free(&there);
	return ret;
}

int
revise_write(const struct doc *doc, const char *path, const char *for_label,
    const char *to, int force, struct diag *d)
{
	struct diag_pos pos = { to, 0, 0 };
	struct buf yaml = { 0 };
	struct doc *next;
	struct doc_iter it;
	struct doc_node *n;
	enum doc_event ev;
	struct stat st;
	char *prev_file;
	int ret;

	if (fileio_same_file(path, to)) {
		diag_report(d, DIAG_ERROR, &pos, "this is the plan being "
		    "revised; write its next version to another file");
		return -1;
	}
	if (!force && stat(to, &st) == 0) {
		diag_report(d, DIAG_ERROR, &pos, "the file exists already; "
		    "hplan revise overwrites it only with --force");
		return -1;
	}
	if ((prev_file = relative_path(to, path)) == NULL) {
		diag_report(d, DIAG_ERROR, &pos, "cannot write here: %s",
		    strerror(errno));
		return -1;
	}
	next = revise_make(doc, for_label, prev_file, to);
	free(prev_file);
	doc_iter_init(&it, next->root);
	while ((ev = doc_iter_next(&it, &n)) != DOC_DONE)
		if (ev == DOC_ENTER && n->type == DOC_FIGURE &&
		    move_image(n, path, to, d) != 0) {
			doc_free(next);
			return -1;
		}
	yaml_out_write(next, &yaml);
	doc_free(next);
	ret = fileio_write(to, yaml.data, yaml.len, d);
	buf_free(&yaml);
	return ret;
}
