#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "xalloc.h"

/* An action is named in the report by the first words of its text, or
 * all of them when only a few more would follow. */
#define ACTION_NAME_WORDS	8
#define ACTION_NAME_SLACK	4

/*
 * The changes are gathered as a report, a list of lines in groups, which
 * is then written as text or made into a plan of its own for the PDF.
 */
struct entry {
	const char	*group;		/* "Uppgifter", "Avsnitt", "Åtgärder" */
	int		 level;		/* 1: a change; 2: its detail */
	char		 mark;		/* '+', '-', '~', or 0 */
	char		*text;
	const char	*id;		/* the action's, or NULL */
};

struct report {
	struct entry	*e;
	size_t		 n, cap;
	const char	*group;
};

static void
entry(struct report *r, int level, char mark, const struct buf *text)
{
	r->e = xgrow(r->e, &r->cap, r->n + 1, sizeof(*r->e));
	r->e[r->n].group = r->group;
	r->e[r->n].level = level;
	r->e[r->n].mark = mark;
	r->e[r->n].id = NULL;
	r->e[r->n++].text = xstrdup(text->data != NULL ? text->data : "");
}

static void
entryf(struct report *r, int level, char mark, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
entryf(struct report *r, int level, char mark, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	entry(r, level, mark, &b);
	buf_free(&b);
}

/* Plain text of a plan's parts, for comparing. */

static void
inline_text(const struct doc_node *n, struct buf *out)
{
	const struct doc_node *c;

	for (c = n->first; c != NULL; c = c->next) {
		switch (c->type) {
		case DOC_TEXT:
			buf_adds(out, c->as.text.s);
			break;
		case DOC_LINEBREAK:
			/* The lines of a cell are its parts: "Klar / Fortsätter
			 * 2018". */
			buf_adds(out, " / ");
			break;
		case DOC_FOOTNOTE:
			buf_adds(out, " [");
			inline_text(c, out);
			buf_adds(out, "]");
			break;
		default:
			inline_text(c, out);
			break;
		}
	}
}

/* label and text as a sentence of its own. */
static void
sentence(struct buf *out, const char *label, const char *text)
{
	size_t len = strlen(text);

	buf_adds(out, label);
	buf_adds(out, text);
	if (len == 0 || strchr(".!?", text[len - 1]) == NULL)
		buf_addc(out, '.');
}

/* The text of the blocks under n (not its tables or subsections). */
static void
block_text(const struct doc_node *n, struct buf *out)
{
	const struct doc_node *c;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DOC_PARAGRAPH) {
			if (out->len > 0)
				buf_addc(out, ' ');
			inline_text(c, out);
		} else if (c->type == DOC_LIST || c->type == DOC_ITEM ||
		    c->type == DOC_QUOTE) {
			block_text(c, out);
		} else if (c->type == DOC_FIGURE) {
			/* A figure reads as what it shows: a new image that
			 * shows the same is no change to the text. */
			if (out->len > 0)
				buf_addc(out, ' ');
			sentence(out, "Bild: ", c->as.figure.alt);
			if (c->as.figure.caption != NULL)
				sentence(out, " Bildtext: ", c->as.figure.caption);
		}
	}
}

/* Sentences: split after ., ! or ? followed by a space. */
struct sentences {
	char	**s;
	size_t	  n, cap;
};

static void
split(const char *text, struct sentences *out)
{
	const char *start = text, *p;

	for (p = text; ; p++) {
		if (*p == '\0' || ((*p == '.' || *p == '!' || *p == '?') &&
		    p[1] == ' ')) {
			const char *end = *p == '\0' ? p : p + 1;

			while (*start == ' ')
				start++;
			if (end > start) {
				out->s = xgrow(out->s, &out->cap, out->n + 1,
				    sizeof(*out->s));
				out->s[out->n++] = xstrndup(start,
				    (size_t)(end - start));
			}
			if (*p == '\0')
				break;
			start = end;
		}
	}
}

static void
sentences_free(struct sentences *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->s[i]);
	free(s->s);
}

/*
 * The sentences changed between two equal ones, old before new: replaced
 * wording as "Tidigare lydelse" then "Ny lydelse", a sentence only struck
 * or only added as such.
 */
static void
flush_run(struct report *r, const struct sentences *a, size_t a0, size_t a1,
    const struct sentences *b, size_t b0, size_t b1)
{
	int both = a1 > a0 && b1 > b0;

	for (; a0 < a1; a0++)
		entryf(r, 2, '-', "%s %s", both ? "Tidigare lydelse:" :
		    "Struket:", a->s[a0]);
	for (; b0 < b1; b0++)
		entryf(r, 2, '+', "%s %s", both ? "Ny lydelse:" : "Tillägg:",
		    b->s[b0]);
}

/* The sentences removed from a and added in b, in order (an LCS). */
static void
sentence_diff(const struct sentences *a, const struct sentences *b,
    struct report *r)
{
	size_t *l = xcalloc((a->n + 1) * (b->n + 1), sizeof(*l));
	size_t i, j, w = b->n + 1, ia = 0, jb = 0;

	for (i = a->n; i-- > 0; )
		for (j = b->n; j-- > 0; )
			l[i * w + j] = strcmp(a->s[i], b->s[j]) == 0 ?
			    l[(i + 1) * w + j + 1] + 1 :
			    (l[(i + 1) * w + j] > l[i * w + j + 1] ?
			    l[(i + 1) * w + j] : l[i * w + j + 1]);
	for (i = 0, j = 0; i < a->n || j < b->n; ) {
		if (i < a->n && j < b->n && strcmp(a->s[i], b->s[j]) == 0) {
			flush_run(r, a, ia, i, b, jb, j);
			ia = ++i;
			jb = ++j;
		} else if (i < a->n && (j == b->n ||
		    l[(i + 1) * w + j] >= l[i * w + j + 1]))
			i++;
		else
			j++;
	}
	flush_run(r, a, ia, i, b, jb, j);
	free(l);
}

/* Sections by their heading path. */

struct section_ref {
	char			*path;	/* "Handlingsplan › Samverkan" */
	const struct doc_node	*node;
};

struct section_list {
	struct section_ref	*s;
	size_t			 n, cap;
};

static void
list_sections(const struct doc_node *n, const char *prefix,
    struct section_list *out)
{
	const struct doc_node *c;

	for (c = n->first; c != NULL; c = c->next) {
		struct buf path = { 0 };

		if (c->type != DOC_SECTION)
			continue;
		if (prefix[0] != '\0')
			buf_printf(&path, "%s › ", prefix);
		buf_adds(&path, c->as.section.title);
		out->s = xgrow(out->s, &out->cap, out->n + 1, sizeof(*out->s));
		out->s[out->n].node = c;
		out->s[out->n++].path = xstrdup(path.data);
		list_sections(c, path.data, out);
		buf_free(&path);
	}
}

static const struct doc_node *
find_section(const struct section_list *l, const char *path)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->s[i].path, path) == 0)
			return l->s[i].node;
	return NULL;
}

static void
section_list_free(struct section_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->s[i].path);
	free(l->s);
}

static void
sections(const struct doc *a, const struct doc *b, struct report *r)
{
	struct section_list la = { 0 }, lb = { 0 };
	size_t i;

	r->group = "Avsnitt";
	list_sections(a->root, "", &la);
	list_sections(b->root, "", &lb);
	for (i = 0; i < la.n; i++)
		if (find_section(&lb, la.s[i].path) == NULL)
			entryf(r, 1, '-', "Borttaget avsnitt: %s",
			    la.s[i].path);
	for (i = 0; i < lb.n; i++) {
		const struct doc_node *old = find_section(&la, lb.s[i].path);
		struct buf ta = { 0 }, tb = { 0 };

		if (old == NULL) {
			entryf(r, 1, '+', "Nytt avsnitt: %s", lb.s[i].path);
			continue;
		}
		block_text(old, &ta);
		block_text(lb.s[i].node, &tb);
		if (strcmp(ta.data ? ta.data : "", tb.data ? tb.data : "") !=
		    0) {
			struct sentences sa = { 0 }, sb = { 0 };

			entryf(r, 1, '~', "Ändrat avsnitt: %s", lb.s[i].path);
			split(ta.data ? ta.data : "", &sa);
			split(tb.data ? tb.data : "", &sb);
			sentence_diff(&sa, &sb, r);
			sentences_free(&sa);
			sentences_free(&sb);
		}
		buf_free(&ta);
		buf_free(&tb);
	}
	section_list_free(&la);
	section_list_free(&lb);
}

/* Actions by their id. */

struct action_list {
	const struct doc_node	**a;
	size_t			  n, cap;
};

static void
list_actions(const struct doc_node *n, struct action_list *out)
{
	const struct doc_node *c, *a;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DOC_SECTION)
			list_actions(c, out);
		if (c->type != DOC_ACTIONS)
			continue;
		for (a = c->first; a != NULL; a = a->next) {
			out->a = xgrow(out->a, &out->cap, out->n + 1,
			    sizeof(*out->a));
			out->a[out->n++] = a;
		}
	}
}

static const struct doc_node *
find_action(const struct action_list *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->a[i]->as.action.id, id) == 0)
			return l->a[i];
	return NULL;
}

static void
field_text(const struct doc_node *action, enum doc_field f, struct buf *out)
{
	const struct doc_node *c;

	for (c = action->first; c != NULL; c = c->next)
		if (c->as.field.field == f)
			block_text(c, out);
}

/* A value in quotes, as the sentences of the report give it. */
static void
quoted(struct buf *out, const char *s)
{
	buf_printf(out, "”%s”", s);
}

/* "Status ändras från ”Pågår” till ”Klar”.", in reading order. */
static void
change(struct buf *out, const char *what, const char *a, const char *b)
{
	if (a == NULL || a[0] == '\0') {
		buf_printf(out, "%s fylls i: ", what);
		quoted(out, b);
	} else if (b == NULL || b[0] == '\0') {
		buf_printf(out, "%s ", what);
		quoted(out, a);
		buf_adds(out, " tas bort");
	} else {
		buf_printf(out, "%s ändras från ", what);
		quoted(out, a);
		buf_adds(out, " till ");
		quoted(out, b);
	}
	buf_addc(out, '.');
}

/* An action by the first words of what it is: its ids are the plan
 * writer's, not the reader's. */
static void
action_name(const struct doc_node *action, struct buf *out)
{
	struct buf t = { 0 };
	const char *text, *p;
	int words = 0, cut = ACTION_NAME_WORDS;

	field_text(action, DOC_FIELD_ACTION, &t);
	text = t.data != NULL ? t.data : "";
	for (p = text; *p != '\0'; p++)
		if (*p == ' ')
			words++;
	if (words < ACTION_NAME_WORDS + ACTION_NAME_SLACK)
		p = text + strlen(text);
	else
		for (p = text; *p != '\0'; p++)
			if (*p == ' ' && --cut == 0)
				break;
	buf_adds(out, "”");
	buf_add(out, text, (size_t)(p - text));
	/* The name ends where a sentence does, or with an ellipsis. */
	if (*p != '\0') {
		while (out->len > 0 && strchr(",.;:", out->data[out->len - 1]))
			out->len--;
		buf_adds(out, " …");
	}
	buf_adds(out, "”");
	buf_free(&t);
}

/* A field by the heading of its column, in the action's own table, else
 * by the name it was given. */
static const char *
field_heading(const struct doc_node *action, enum doc_field f)
{
	const struct doc_column *c = doc_table_column(action->parent, f);
	const struct doc_node *n;

	if (c != NULL)
		return c->header != NULL ? c->header : doc_colkey_header(c->key);
	for (n = action->first; n != NULL; n = n->next)
		if (n->as.field.field == f)
			return doc_colkey_header(n->as.field.key);
	return NULL;
}

static void
action_entry(struct report *r, char mark, const char *what,
    const struct doc_node *action)
{
	struct buf line = { 0 };

	buf_printf(&line, "%s: ", what);
	action_name(action, &line);
	entry(r, 1, mark, &line);
	r->e[r->n - 1].id = action->as.action.id;
	buf_free(&line);
}

/* Actions in the new plan's order, then those taken out. */
static void
actions(const struct doc *a, const struct doc *b, struct report *r)
{
	struct action_list la = { 0 }, lb = { 0 };
	struct buf line = { 0 };
	size_t i;
	int f;

	r->group = "Åtgärder";
	list_actions(a->root, &la);
	list_actions(b->root, &lb);
	for (i = 0; i < lb.n; i++) {
		const struct doc_node *old = find_action(&la,
		    lb.a[i]->as.action.id);
		int changed = 0;

		if (old == NULL) {
			action_entry(r, '+', "Ny åtgärd", lb.a[i]);
			continue;
		}
		for (f = 0; f < DOC_FIELD__MAX; f++) {
			struct buf ta = { 0 }, tb = { 0 };
			const char *heading;

			field_text(old, (enum doc_field)f, &ta);
			field_text(lb.a[i], (enum doc_field)f, &tb);
			if (strcmp(ta.data ? ta.data : "", tb.data ? tb.data :
			    "") != 0) {
				if (!changed)
					action_entry(r, '~', "Ändrad åtgärd",
					    old);
				changed = 1;
				if ((heading = field_heading(lb.a[i],
				    (enum doc_field)f)) == NULL)
					heading = field_heading(old,
					    (enum doc_field)f);
				change(&line, heading, ta.data, tb.data);
				entry(r, 2, 0, &line);
				buf_free(&line);
			}
			buf_free(&ta);
			buf_free(&tb);
		}
	}
	for (i = 0; i < la.n; i++)
		if (find_action(&lb, la.a[i]->as.action.id) == NULL)
			action_entry(r, '-', "Borttagen åtgärd", la.a[i]);
	free(la.a);
	free(lb.a);
}

static void
meta_line(struct report *r, const char *what, const char *a, const char *b)
{
	struct buf line = { 0 };

	if (strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0)
		return;
	change(&line, what, a, b);
	entry(r, 1, '~', &line);
	buf_free(&line);
}

static void
meta_date(struct report *r, const char *what, const struct doc_date *a,
    const struct doc_date *b)
{
	struct buf da = { 0 }, db = { 0 };

	if (a->year != 0)
		doc_date_words(a, 0, &da);
	if (b->year != 0)
		doc_date_words(b, 0, &db);
	meta_line(r, what, da.data, db.data);
	buf_free(&da);
	buf_free(&db);
}

static void
metadata(const struct doc_meta *a, const struct doc_meta *b,
    struct report *r)
{
	struct buf da = { 0 }, db = { 0 };

	r->group = "Uppgifter";
	meta_line(r, "Titel", a->title.s, b->title.s);
	meta_line(r, "Nämnd", a->board.s, b->board.s);
	meta_date(r, "Datum", &a->date, &b->date);
	meta_line(r, "Dnr", a->dnr.s, b->dnr.s);
	meta_date(r, "Utgivningsdatum", &a->published, &b->published);
	meta_line(r, "Kontaktperson", a->contact.s, b->contact.s);
	if (a->version != b->version)
		entryf(r, 1, '~', "Version %u ersätter version %u.", b->version,
		    a->version);
	doc_decision_words(a, &da);
	doc_decision_words(b, &db);
	/* A new version is proposed before it is decided on: that is no
	 * change of the decision, but it is said. */
	if (da.len > 0 && db.len == 0 && a->version != b->version)
		entryf(r, 1, '~', "Beslut: version %u är ännu inte antagen.",
		    b->version);
	else
		meta_line(r, "Beslut", da.data, db.data);
	buf_free(&da);
	buf_free(&db);
}

static void
gather(const struct doc *a, const struct doc *b, struct report *r)
{
	metadata(&a->meta, &b->meta, r);
	sections(a, b, r);
	actions(a, b, r);
}

static void
report_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->e[i].text);
	free(r->e);
}

void
diff_write(const struct doc *a, const struct doc *b, struct buf *out)
{
	struct report r = { 0 };
	const char *group = NULL;
	size_t i;

	gather(a, b, &r);
	buf_printf(out, "Ändringar från version %u till version %u av %s\n",
	    a->meta.version, b->meta.version, b->meta.title.s);
	for (i = 0; i < r.n; i++) {
		const struct entry *e = &r.e[i];

		if (e->group != group)
			buf_printf(out, "\n%s\n", group = e->group);
		if (e->level == 1 && e->id != NULL)
			buf_printf(out, "  %c %s [%s]\n", e->mark, e->text,
			    e->id);
		else if (e->level == 1)
			buf_printf(out, "  %c %s\n", e->mark, e->text);
		else if (e->mark != 0)
			buf_printf(out, "      %c %s\n", e->mark, e->text);
		else
			buf_printf(out, "      %s\n", e->text);
	}
	if (r.n == 0)
		buf_adds(out, "\nInga ändringar.\n");
	report_free(&r);
}

/* The report as a small plan of its own, for the PDF appendix. */

static struct doc_node *
node(struct doc *doc, struct doc_node *parent, enum doc_type type)
{
	struct diag_pos pos = { doc->file, 0, 0 };
	struct doc_node *n = doc_node_new(type, &pos);

	doc_append(parent, n);
	return n;
}

static void
paragraph(struct doc *doc, struct doc_node *parent, const char *text)
{
	struct doc_node *t = node(doc, node(doc, parent, DOC_PARAGRAPH),
	    DOC_TEXT);

	t->as.text.s = xstrdup(text);
}

static struct doc_node *
section(struct doc *doc, struct doc_node *parent, int level,
    const char *title)
{
	struct doc_node *s = node(doc, parent, DOC_SECTION);

	s->as.section.level = level;
	s->as.section.title = xstrdup(title);
	return s;
}

static void
copy(struct doc_str *to, const struct doc_str *from)
{
	to->s = from->s != NULL ? xstrdup(from->s) : NULL;
}

void
diff_short_title(unsigned old_version, struct buf *out)
{
	buf_printf(out, "Ändringar jämfört med version" NBSP "%u",
	    old_version);
}

/* "Ändringar jämfört med version 1 (antagen av … den …)", or with the
 * earlier version's date when it records no decision. */
static void
appendix_title(const struct doc_meta *a, struct buf *out)
{
	size_t at;

	diff_short_title(a->version, out);
	buf_adds(out, " (");
	at = out->len;
	if (a->decision.present) {
		doc_decision_words(a, out);
		out->data[at] = 'a';	/* "Antagen" within the sentence */
	} else
		doc_date_words(&a->date, 0, out);
	buf_addc(out, ')');
}

struct doc *
diff_doc(const struct doc *a, const struct doc *b)
{
	struct doc *doc = doc_new(b->file);
	struct doc_meta *m = &doc->meta;
	struct report r = { 0 };
	struct buf title = { 0 };
	struct doc_node *top, *group = NULL, *list = NULL, *item = NULL,
	    *sub = NULL;
	const char *name = NULL;
	size_t i;

	gather(a, b, &r);
	/* The running header names the appendix shortly; its heading says
	 * which version it compares with. */
	diff_short_title(a->meta.version, &title);
	copy(&m->board, &b->meta.board);
	m->board_kind = b->meta.board_kind;
	copy(&m->administration, &b->meta.administration);
	m->title.s = buf_take(&title);
	m->date = b->meta.date;
	copy(&m->dnr, &b->meta.dnr);
	m->version = b->meta.version;
	appendix_title(&a->meta, &title);
	top = section(doc, doc->root, 1, title.data);
	buf_free(&title);
	buf_printf(&title, "%s, version" NBSP "%u jämfört med version" NBSP
	    "%u.", b->meta.title.s, b->meta.version, a->meta.version);
	paragraph(doc, top, title.data);
	buf_free(&title);
	if (r.n == 0)
		paragraph(doc, top, "Inga ändringar.");
	for (i = 0; i < r.n; i++) {
		const struct entry *e = &r.e[i];

		if (e->group != name) {
			group = section(doc, top, 2, name = e->group);
			list = node(doc, group, DOC_LIST);
			item = sub = NULL;
		}
		if (e->level == 1 || item == NULL) {
			item = node(doc, list, DOC_ITEM);
			paragraph(doc, item, e->text);
			sub = NULL;
			continue;
		}
		if (sub == NULL)
			sub = node(doc, item, DOC_LIST);
		paragraph(doc, node(doc, sub, DOC_ITEM), e->text);
	}
	report_free(&r);
	return doc;
}
