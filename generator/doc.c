#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "intl.h"
#include "xalloc.h"

static const char *const type_names[] = {
	[DOC_PLAN] = "plan",
	[DOC_SECTION] = "section",
	[DOC_PARAGRAPH] = "paragraph",
	[DOC_LIST] = "list",
	[DOC_ITEM] = "item",
	[DOC_QUOTE] = "quote",
	[DOC_TABLE] = "table",
	[DOC_ROW] = "row",
	[DOC_CELL] = "cell",
	[DOC_ACTIONS] = "actions",
	[DOC_ACTION] = "action",
	[DOC_FIELD] = "field",
	[DOC_FIGURE] = "figure",
	[DOC_TEXT] = "text",
	[DOC_EMPH] = "emph",
	[DOC_STRONG] = "strong",
	[DOC_LINK] = "link",
	[DOC_LANG] = "lang",
	[DOC_FOOTNOTE] = "footnote",
	[DOC_LINEBREAK] = "linebreak",
};

static const struct {
	const char	*name;
	enum doc_field	 field;
	const char	*header;
} colkeys[DOC_COL__MAX] = {
	[DOC_COL_ATGARD] = { "åtgärd", DOC_FIELD_ACTION, "Åtgärd" },
	[DOC_COL_AKTIVITET] = { "aktivitet", DOC_FIELD_ACTION, "Aktivitet" },
	[DOC_COL_SYFTE] = { "syfte", DOC_FIELD_PURPOSE, "Syfte med åtgärd" },
	[DOC_COL_ANSVARIG] = { "ansvarig", DOC_FIELD_RESPONSIBLE, "Ansvarig" },
	[DOC_COL_ANDRA_BERORDA] = { "andra_berörda", DOC_FIELD_OTHERS,
	    "Andra berörda" },
	[DOC_COL_SENAST_KLART] = { "senast_klart", DOC_FIELD_DEADLINE,
	    "Senast klart" },
	[DOC_COL_TIDPLAN] = { "tidplan", DOC_FIELD_DEADLINE, "Tidplan" },
	[DOC_COL_UPPFOLJNING] = { "uppföljning", DOC_FIELD_FOLLOWUP,
	    "Uppföljning" },
	[DOC_COL_STATUS] = { "status", DOC_FIELD_STATUS, "Status" },
};

/* Each field's canonical key is the first column name that denotes it. */
static const enum doc_colkey field_keys[DOC_FIELD__MAX] = {
	[DOC_FIELD_ACTION] = DOC_COL_ATGARD,
	[DOC_FIELD_PURPOSE] = DOC_COL_SYFTE,
	[DOC_FIELD_RESPONSIBLE] = DOC_COL_ANSVARIG,
	[DOC_FIELD_OTHERS] = DOC_COL_ANDRA_BERORDA,
	[DOC_FIELD_DEADLINE] = DOC_COL_SENAST_KLART,
	[DOC_FIELD_FOLLOWUP] = DOC_COL_UPPFOLJNING,
	[DOC_FIELD_STATUS] = DOC_COL_STATUS,
};

struct doc *
doc_new(const char *file)
{
	struct doc *doc = xcalloc(1, sizeof(*doc));
	struct diag_pos pos = { NULL, 0, 0 };

	doc->file = xstrdup(file);
	pos.file = doc->file;
	doc->root = doc_node_new(DOC_PLAN, &pos);
	doc->meta.version = 1;
	return doc;
}

static void
free_str(struct doc_str *s)
{
	free(s->s);
	s->s = NULL;
}

const struct doc_memo_part doc_memo_parts[DOC_MEMO_PARTS] = {
	{ "sammanfattning", "sammanfattning", "Sammanfattning" },
	{ "bakgrund", "bakgrund", "Bakgrund" },
	{ "ärendet", "ärendet", "Ärendet" },
	{ "ärendets_beredning", "ärendets-beredning", "Ärendets beredning" },
	{ "förvaltningens_synpunkter", "förvaltningens-synpunkter",
	    "Förvaltningens synpunkter" },
};

void
doc_make_memo(struct doc *doc)
{
	doc->kind = DOC_KIND_MEMO;
	doc->memo = xcalloc(1, sizeof(*doc->memo));
}

const struct doc_str **
doc_memo_lines(const struct doc_memo *memo, size_t *n)
{
	const struct doc_str *const own[] = { &memo->unit, &memo->officer,
	    &memo->phone, &memo->email, &memo->to, &memo->switchboard };
	size_t nown = sizeof(own) / sizeof(own[0]), i;
	const struct doc_str **out = xcalloc(nown + 2 * memo->nsignatures +
	    memo->naddress, sizeof(*out));

	for (*n = 0; *n < nown; (*n)++)
		out[*n] = own[*n];
	for (i = 0; i < memo->nsignatures; i++) {
		out[(*n)++] = &memo->signatures[i].name;
		out[(*n)++] = &memo->signatures[i].title;
	}
	for (i = 0; i < memo->naddress; i++)
		out[(*n)++] = &memo->address[i];
	return out;
}

struct doc_node *
doc_section_by_id(const struct doc *doc, const char *id)
{
	struct doc_node *n;

	for (n = doc->root->first; n != NULL; n = n->next)
		if (n->type == DOC_SECTION && n->as.section.id != NULL &&
		    strcmp(n->as.section.id, id) == 0)
			return n;
	return NULL;
}

int
doc_memo_linked(const struct doc *doc, const struct doc_node *n)
{
	const struct doc_node *s, *item;
	size_t i;

	if (doc->memo == NULL || doc->memo->nlinked == 0 ||
	    (s = doc_section_by_id(doc, DOC_MEMO_ATTACHMENTS)) == NULL ||
	    s->first == NULL || s->first->type != DOC_LIST)
		return 0;
	item = s->first->first;
	for (i = 0; i < doc->memo->nlinked && item != NULL; i++) {
		if (n == item)
			return 1;
		item = item->next;
	}
	/* A list of them alone was made for them, and so was a section
	 * holding only that list. */
	return item == NULL && (n == s->first || (n == s && s->first ==
	    s->last));
}

static void
memo_free(struct doc_memo *memo)
{
	size_t i;

	if (memo == NULL)
		return;
	free_str(&memo->plan);
	free_str(&memo->unit);
	free_str(&memo->officer);
	free_str(&memo->phone);
	free_str(&memo->email);
	free_str(&memo->to);
	for (i = 0; i < memo->nsignatures; i++) {
		free_str(&memo->signatures[i].name);
		free_str(&memo->signatures[i].title);
	}
	free(memo->signatures);
	for (i = 0; i < memo->naddress; i++)
		free_str(&memo->address[i]);
	free(memo->address);
	free_str(&memo->switchboard);
	doc_free(memo->plan_doc);
	free(memo->plan_path);
	free(memo);
}

void
doc_free(struct doc *doc)
{
	struct doc_meta *m;
	size_t i;

	if (doc == NULL)
		return;
	memo_free(doc->memo);
	m = &doc->meta;
	free_str(&m->board);
	free_str(&m->administration);
	free_str(&m->title);
	free_str(&m->title_page_title);
	free_str(&m->dnr);
	free_str(&m->contact);
	free_str(&m->decision.body);
	free_str(&m->decision.paragraph);
	free_str(&m->decision.minutes);
	for (i = 0; i < m->nlabels; i++) {
		free_str(&m->labels[i].label);
		free_str(&m->labels[i].value);
	}
	free(m->labels);
	for (i = 0; i < m->nhistory; i++) {
		free_str(&m->history[i].dnr);
		free_str(&m->history[i].note);
		free_str(&m->history[i].file);
	}
	free(m->history);
	doc_node_free(doc->root);
	free(doc->file);
	free(doc);
}

struct doc_node *
doc_node_new(enum doc_type type, const struct diag_pos *pos)
{
	struct doc_node *n = xcalloc(1, sizeof(*n));

	n->type = type;
	n->pos = *pos;
	return n;
}

void
doc_append(struct doc_node *parent, struct doc_node *child)
{
	child->parent = parent;
	child->prev = parent->last;
	child->next = NULL;
	if (parent->last != NULL)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

struct doc_node *
doc_section_new(struct doc_node *parent, int level, const char *title,
    const char *id, const struct diag_pos *pos)
{
	struct doc_node *s = doc_node_new(DOC_SECTION, pos);

	s->as.section.level = level;
	s->as.section.title = xstrdup(title);
	s->as.section.id = id != NULL ? xstrdup(id) : NULL;
	s->as.section.title_pos = s->as.section.id_pos = *pos;
	doc_append(parent, s);
	return s;
}

void
doc_lower(const char *s, struct buf *out)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 'A' && c <= 'Z')
			buf_addc(out, (char)(c + 32));
		else if (c == 0xc3 && (unsigned char)s[1] >= 0x80 &&
		    (unsigned char)s[1] <= 0x9e) {
			buf_addc(out, (char)c);
			buf_addc(out, (char)(s[1] + 32));
			s++;
		} else
			buf_addc(out, (char)c);
	}
}

void
doc_insert_before(struct doc_node *parent, struct doc_node *next,
    struct doc_node *child)
{
	if (next == NULL) {
		doc_append(parent, child);
		return;
	}
	child->parent = parent;
	child->next = next;
	child->prev = next->prev;
	if (next->prev != NULL)
		next->prev->next = child;
	else
		parent->first = child;
	next->prev = child;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct doc_node *
doc_node_clone(const struct doc_node *node)
{
	struct doc_node *n = doc_node_new(node->type, &node->pos);
	const struct doc_node *c;
	size_t i;

	n->as = node->as;
	switch (node->type) {
	case DOC_SECTION:
		n->as.section.title = dup_or_null(node->as.section.title);
		n->as.section.id = dup_or_null(node->as.section.id);
		n->as.section.krav = dup_or_null(node->as.section.krav);
		break;
	case DOC_TABLE:
	case DOC_ACTIONS:
		n->as.table.caption = dup_or_null(node->as.table.caption);
		n->as.table.cols = xcalloc(node->as.table.ncols + 1,
		    sizeof(*n->as.table.cols));
		for (i = 0; i < node->as.table.ncols; i++) {
			n->as.table.cols[i] = node->as.table.cols[i];
			n->as.table.cols[i].header =
			    dup_or_null(node->as.table.cols[i].header);
		}
		break;
	case DOC_ACTION:
		n->as.action.id = dup_or_null(node->as.action.id);
		break;
	case DOC_TEXT:
		n->as.text.s = dup_or_null(node->as.text.s);
		if (node->as.text.nanchors > 0) {
			n->as.text.anchors = xcalloc(node->as.text.nanchors,
			    sizeof(*n->as.text.anchors));
			memcpy(n->as.text.anchors, node->as.text.anchors,
			    node->as.text.nanchors *
			    sizeof(*n->as.text.anchors));
			n->as.text.nanchors = node->as.text.nanchors;
		}
		break;
	case DOC_LINK:
		n->as.link.url = dup_or_null(node->as.link.url);
		break;
	case DOC_LANG:
		n->as.lang.tag = dup_or_null(node->as.lang.tag);
		break;
	case DOC_FIGURE:
		n->as.figure.src = dup_or_null(node->as.figure.src);
		n->as.figure.alt = dup_or_null(node->as.figure.alt);
		n->as.figure.caption = dup_or_null(node->as.figure.caption);
		if (node->as.figure.data != NULL) {
			n->as.figure.data = xmalloc(node->as.figure.len + 1);
			memcpy(n->as.figure.data, node->as.figure.data,
			    node->as.figure.len);
		}
		break;
	default:
		break;
	}
	/* Nesting is bounded by the readers' limits, so recursion is. */
	for (c = node->first; c != NULL; c = c->next)
		doc_append(n, doc_node_clone(c));
	return n;
}

void
doc_unlink(struct doc_node *node)
{
	struct doc_node *p = node->parent;

	if (p == NULL)
		return;
	if (node->prev != NULL)
		node->prev->next = node->next;
	else
		p->first = node->next;
	if (node->next != NULL)
		node->next->prev = node->prev;
	else
		p->last = node->prev;
	node->parent = node->prev = node->next = NULL;
}

static void
free_payload(struct doc_node *n)
{
	size_t i;

	switch (n->type) {
	case DOC_SECTION:
		free(n->as.section.title);
		free(n->as.section.id);
		free(n->as.section.krav);
		break;
	case DOC_TABLE:
	case DOC_ACTIONS:
		free(n->as.table.caption);
		for (i = 0; i < n->as.table.ncols; i++)
			free(n->as.table.cols[i].header);
		free(n->as.table.cols);
		break;
	case DOC_ACTION:
		free(n->as.action.id);
		break;
	case DOC_TEXT:
		free(n->as.text.s);
		free(n->as.text.anchors);
		break;
	case DOC_LINK:
		free(n->as.link.url);
		break;
	case DOC_LANG:
		free(n->as.lang.tag);
		break;
	case DOC_FIGURE:
		free(n->as.figure.src);
		free(n->as.figure.data);
		free(n->as.figure.alt);
		free(n->as.figure.caption);
		break;
	default:
		break;
	}
}

void
doc_node_free(struct doc_node *node)
{
	struct doc_node *n, *last;

	if (node == NULL)
		return;
	/* Without recursion, so that no nesting can exhaust the stack: each
	 * node's children are spliced in after it before it is freed. */
	last = node;
	node->next = NULL;
	for (n = node; n != NULL; ) {
		struct doc_node *next;

		if (n->first != NULL) {
			last->next = n->first;
			while (last->next != NULL)
				last = last->next;
		}
		next = n->next;
		free_payload(n);
		free(n);
		n = next;
	}
}

void
doc_iter_init(struct doc_iter *it, struct doc_node *root)
{
	it->root = root;
	it->cur = NULL;
	it->ev = DOC_DONE;
}

enum doc_event
doc_iter_next(struct doc_iter *it, struct doc_node **node)
{
	struct doc_node *n = it->cur;

	if (n == NULL) {
		if (it->ev == DOC_DONE && it->root != NULL) {
			it->cur = it->root;
			it->ev = DOC_ENTER;
		}
	} else if (it->ev == DOC_ENTER && n->first != NULL) {
		it->cur = n->first;
	} else if (it->ev == DOC_ENTER) {
		it->ev = DOC_EXIT;
	} else if (n == it->root) {
		it->cur = NULL;
		it->root = NULL;
		it->ev = DOC_DONE;
	} else if (n->next != NULL) {
		it->cur = n->next;
		it->ev = DOC_ENTER;
	} else {
		it->cur = n->parent;
		it->ev = DOC_EXIT;
	}
	*node = it->cur;
	return it->cur == NULL ? DOC_DONE : it->ev;
}

void
doc_iter_skip(struct doc_iter *it)
{
	it->ev = DOC_EXIT;
}

int
doc_is_inline(enum doc_type type)
{
	return type >= DOC_TEXT;
}

int
doc_is_leaf(enum doc_type type)
{
	return type == DOC_TEXT || type == DOC_LINEBREAK || type == DOC_FIGURE;
}

const char *
doc_type_name(enum doc_type type)
{
	return type_names[type];
}

const char *
doc_colkey_name(enum doc_colkey key)
{
	return key < DOC_COL__MAX ? colkeys[key].name : NULL;
}

enum doc_colkey
doc_colkey_lookup(const char *name)
{
	int k;

	for (k = 0; k < DOC_COL__MAX; k++)
		if (strcmp(colkeys[k].name, name) == 0)
			return (enum doc_colkey)k;
	return DOC_COL_NONE;
}

enum doc_field
doc_colkey_field(enum doc_colkey key)
{
	return colkeys[key].field;
}

const char *
doc_colkey_header(enum doc_colkey key)
{
	return colkeys[key].header;
}

const char *
doc_field_name(enum doc_field field)
{
	return colkeys[field_keys[field]].name;
}

const char *
doc_board_kind_name(enum doc_board_kind kind)
{
	return kind == DOC_BOARD_DISTRICT ? "stadsdelsnämnd" : "facknämnd";
}

static int
digits(const char *s, int n)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
doc_date_parse(const char *s, struct doc_date *date, const char **why)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	size_t len = strlen(s);
	int y, m = 0, d = 0;

	*why = N_("write it as ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM or ÅÅÅÅ, e.g. 2017-09-28");
	if ((len != 4 && len != 7 && len != 10) ||
	    (y = digits(s, 4)) < 0 ||
	    (len >= 7 && (s[4] != '-' || (m = digits(s + 5, 2)) < 0)) ||
	    (len == 10 && (s[7] != '-' || (d = digits(s + 8, 2)) < 0)))
		return -1;
	if (y < 1900 || y > 2999) {
		*why = N_("the year must be between 1900 and 2999");
		return -1;
	}
	if (len >= 7 && (m < 1 || m > 12)) {
		*why = N_("the month must be between 01 and 12");
		return -1;
	}
	if (len == 10 && (d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 &&
	     !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))) {
		*why = N_("there is no such day in that month");
		return -1;
	}
	date->year = y;
	date->month = m;
	date->day = d;
	return 0;
}

void
doc_date_format(const struct doc_date *date, char out[11])
{
	if (date->year == 0)
		out[0] = '\0';
	else if (date->month == 0)
		snprintf(out, 11, "%04d", date->year);
	else if (date->day == 0)
		snprintf(out, 11, "%04d-%02d", date->year, date->month);
	else
		snprintf(out, 11, "%04d-%02d-%02d", date->year, date->month,
		    date->day);
}

static const char *const months[] = { "januari", "februari", "mars",
    "april", "maj", "juni", "juli", "augusti", "september", "oktober",
    "november", "december" };

void
doc_date_words(const struct doc_date *d, int capital, struct buf *out)
{
	if (d->month == 0) {
		buf_printf(out, "%d", d->year);
		return;
	}
	if (d->day != 0)
		buf_printf(out, "%d %s\xc2\xa0%d", d->day, months[d->month - 1],
		    d->year);
	else
		buf_printf(out, "%c%s\xc2\xa0%d", months[d->month - 1][0] -
		    (capital ? 32 : 0), months[d->month - 1] + 1, d->year);
}

void
doc_decision_words(const struct doc_meta *m, struct buf *out)
{
	const struct doc_decision *d = &m->decision;

	if (!d->present)
		return;
	/* No-break spaces keep "§ 12" and the date's day and month
	 * together. */
	buf_printf(out, "Antagen av %s den ", d->body.s != NULL ? d->body.s :
	    m->board.s);
	doc_date_words(&d->date, 0, out);
	if (d->paragraph.s != NULL && d->paragraph.s[0] != '\0')
		buf_printf(out, " §\xc2\xa0%s", d->paragraph.s);
	if (d->minutes.s != NULL && d->minutes.s[0] != '\0')
		buf_printf(out, ", protokoll %s", d->minutes.s);
}

int
doc_id_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int first = 1;

	while (*p != '\0') {
		if (*p >= 'a' && *p <= 'z')
			p++;
		else if (p[0] == 0xc3 && (p[1] == 0xa5 || p[1] == 0xa4 ||
		    p[1] == 0xb6))		/* å ä ö */
			p += 2;
		else if (!first && ((*p >= '0' && *p <= '9') || *p == '-'))
			p++;
		else
			return 0;
		first = 0;
	}
	return !first;
}

int
doc_lang_valid(const char *s, size_t len)
{
	size_t i, sub = 0, subtags = 0;

	for (i = 0; i <= len; i++) {
		char c = i < len ? s[i] : '-';

		if (c == '-') {
			/* The language itself is two or three letters. */
			if (sub == 0 || sub > 8 || (subtags == 0 && sub < 2))
				return 0;
			subtags++;
			sub = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (subtags > 0 && c >= '0' && c <= '9'))
			sub++;
		else
			return 0;
		if (subtags == 0 && sub > 3)
			return 0;
	}
	return 1;
}

const struct doc_column *
doc_table_column(const struct doc_node *t, enum doc_field field)
{
	size_t i;

	for (i = 0; i < t->as.table.ncols; i++)
		if (t->as.table.cols[i].key != DOC_COL_NONE &&
		    doc_colkey_field(t->as.table.cols[i].key) == field)
			return &t->as.table.cols[i];
	return NULL;
}

int
doc_table_check(const struct doc_node *t, const struct diag_pos *pos,
    struct diag *d)
{
	const struct doc_column *cols = t->as.table.cols;
	unsigned errors = d->errors;
	size_t i, j, unsized = 0;
	double sum = 0;

	for (i = 0; i < t->as.table.ncols; i++) {
		sum += cols[i].width;
		unsized += cols[i].width == 0;
		if (cols[i].key == DOC_COL_NONE)
			continue;
		for (j = 0; j < i; j++)
			if (cols[j].key != DOC_COL_NONE &&
			    colkeys[cols[j].key].field ==
			    colkeys[cols[i].key].field) {
				diag_report(d, DIAG_ERROR, &cols[i].pos, "the "
				    "column '%s' shows the same field as '%s'",
				    colkeys[cols[i].key].name,
				    colkeys[cols[j].key].name);
				break;
			}
	}
	if (sum > 100.0001)
		diag_report(d, DIAG_ERROR, pos, "the column widths add up to "
		    "%g %%, more than 100 %%", sum);
	else if (unsized == 0 && sum < 99.9999)
		diag_report(d, DIAG_ERROR, pos, "the column widths add up to "
		    "%g %%; when every column has a width they must add up to "
		    "100 %%", sum);
	else if (unsized > 0 && sum > 99.9999)
		diag_report(d, DIAG_ERROR, pos, "the widths given leave no "
		    "room for the columns without a width");
	if (t->type == DOC_ACTIONS && t->as.table.ncols > 0 &&
	    doc_table_column(t, DOC_FIELD_ACTION) == NULL)
		diag_report(d, DIAG_ERROR, pos, "an action table needs the "
		    "column 'åtgärd' or 'aktivitet'");
	return d->errors == errors ? 0 : -1;
}

static void
broken(const struct doc_node *n, const char *what)
{
	if (n == NULL) {
		fprintf(stderr, "hplan: internal error: broken tree: %s\n",
		    what);
		abort();
	}
	fprintf(stderr, "hplan: internal error: broken tree at %s node "
	    "(%s:%u:%u): %s\n", type_names[n->type],
	    n->pos.file ? n->pos.file : "?", n->pos.line, n->pos.col, what);
	abort();
}

/* Which node types may be children of which. */
static int
child_allowed(enum doc_type parent, enum doc_type child)
{
	switch (parent) {
	case DOC_PLAN:
		return child == DOC_SECTION;
	case DOC_SECTION:
		return child == DOC_SECTION || child == DOC_PARAGRAPH ||
		    child == DOC_LIST || child == DOC_QUOTE ||
		    child == DOC_FIGURE || child == DOC_TABLE ||
		    child == DOC_ACTIONS;
	case DOC_ITEM:
	case DOC_QUOTE:
	case DOC_CELL:
	case DOC_FIELD:
		return child == DOC_PARAGRAPH || child == DOC_LIST ||
		    child == DOC_QUOTE;
	case DOC_LIST:
		return child == DOC_ITEM;
	case DOC_TABLE:
		return child == DOC_ROW;
	case DOC_ROW:
		return child == DOC_CELL;
	case DOC_ACTIONS:
		return child == DOC_ACTION;
	case DOC_ACTION:
		return child == DOC_FIELD;
	case DOC_PARAGRAPH:
	case DOC_EMPH:
	case DOC_STRONG:
	case DOC_LANG:
		return doc_is_inline(child);
	case DOC_LINK:
		return doc_is_inline(child) && child != DOC_LINK &&
		    child != DOC_FOOTNOTE;
	case DOC_FOOTNOTE:
		return doc_is_inline(child);
	default:
		return 0;
	}
}

void
doc_check(const struct doc *doc)
{
	struct doc_iter it;
	struct doc_node *n, *c;

	if (doc->root == NULL)
		broken(NULL, "no root");
	if (doc->root->type != DOC_PLAN ||
	    doc->root->parent != NULL)
		broken(doc->root, "root is not a plan");
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n) != DOC_DONE) {
		if (it.ev != DOC_ENTER)
			continue;
		if (n->first != NULL && n->first->prev != NULL)
			broken(n, "first child has a previous sibling");
		if (n->last != NULL && n->last->next != NULL)
			broken(n, "last child has a next sibling");
		for (c = n->first; c != NULL; c = c->next) {
			if (c->parent != n)
				broken(c, "child does not point to its parent");
			if (c->next != NULL && c->next->prev != c)
				broken(c, "sibling links disagree");
			if (c->next == NULL && c != n->last)
				broken(n, "last child link is wrong");
			if (!child_allowed(n->type, c->type))
				broken(c, "not allowed in its parent");
		}
		if (n->type == DOC_FOOTNOTE) {
			for (c = n->parent; c != NULL; c = c->parent)
				if (c->type == DOC_FOOTNOTE)
					broken(n, "footnote in a footnote");
		}
		if (n->type == DOC_SECTION && (n->as.section.level < 1 ||
		    n->as.section.level > DOC_MAX_LEVEL ||
		    n->as.section.level != (n->parent->type == DOC_PLAN ? 1 :
		    n->parent->as.section.level + 1)))
			broken(n, "section level does not match its depth");
	}
}

void
doc_text_locate(const struct doc_node *n, size_t off, struct diag_pos *pos)
{
	const struct doc_anchor *a = NULL;
	const char *s = n->as.text.s;
	size_t i;

	*pos = n->pos;
	for (i = 0; i < n->as.text.nanchors &&
	    n->as.text.anchors[i].off <= off; i++)
		a = &n->as.text.anchors[i];
	if (a == NULL)
		return;
	pos->line = a->line;
	pos->col = a->col;
	for (i = a->off; i < off && s[i] != '\0'; i++)
		pos->col += ((unsigned char)s[i] & 0xc0) != 0x80;
}
