#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "xalloc.h"

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
			buf_addc(out, ' ');
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

/* The sentences removed from a and added in b, in order (an LCS). */
static void
sentence_diff(const struct sentences *a, const struct sentences *b,
    struct buf *out, const char *indent)
{
	size_t *l = xcalloc((a->n + 1) * (b->n + 1), sizeof(*l));
	size_t i, j, w = b->n + 1;

	for (i = a->n; i-- > 0; )
		for (j = b->n; j-- > 0; )
			l[i * w + j] = strcmp(a->s[i], b->s[j]) == 0 ?
			    l[(i + 1) * w + j + 1] + 1 :
			    (l[(i + 1) * w + j] > l[i * w + j + 1] ?
			    l[(i + 1) * w + j] : l[i * w + j + 1]);
	for (i = 0, j = 0; i < a->n || j < b->n; ) {
		if (i < a->n && j < b->n && strcmp(a->s[i], b->s[j]) == 0) {
			i++;
			j++;
		} else if (j < b->n && (i == a->n ||
		    l[i * w + j + 1] >= l[(i + 1) * w + j])) {
			buf_printf(out, "%s+ %s\n", indent, b->s[j++]);
		} else {
			buf_printf(out, "%s- %s\n", indent, a->s[i++]);
		}
	}
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

static int
sections(const struct doc *a, const struct doc *b, struct buf *out)
{
	struct section_list la = { 0 }, lb = { 0 };
	struct buf body = { 0 };
	size_t i;

	list_sections(a->root, "", &la);
	list_sections(b->root, "", &lb);
	for (i = 0; i < la.n; i++)
		if (find_section(&lb, la.s[i].path) == NULL)
			buf_printf(&body, "  - Borttaget: %s\n", la.s[i].path);
	for (i = 0; i < lb.n; i++) {
		const struct doc_node *old = find_section(&la, lb.s[i].path);
		struct buf ta = { 0 }, tb = { 0 };

		if (old == NULL) {
			buf_printf(&body, "  + Nytt: %s\n", lb.s[i].path);
			continue;
		}
		block_text(old, &ta);
		block_text(lb.s[i].node, &tb);
		if (strcmp(ta.data ? ta.data : "", tb.data ? tb.data : "") !=
		    0) {
			struct sentences sa = { 0 }, sb = { 0 };

			buf_printf(&body, "  ~ Ändrat: %s\n", lb.s[i].path);
			split(ta.data ? ta.data : "", &sa);
			split(tb.data ? tb.data : "", &sb);
			sentence_diff(&sa, &sb, &body, "      ");
			sentences_free(&sa);
			sentences_free(&sb);
		}
		buf_free(&ta);
		buf_free(&tb);
	}
	if (body.len > 0)
		buf_printf(out, "\nAvsnitt\n%s", body.data);
	buf_free(&body);
	section_list_free(&la);
	section_list_free(&lb);
	return 0;
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

static const char *const field_words[DOC_FIELD__MAX] = {
	[DOC_FIELD_ACTION] = "åtgärd",
	[DOC_FIELD_PURPOSE] = "syfte",
	[DOC_FIELD_RESPONSIBLE] = "ansvarig",
	[DOC_FIELD_OTHERS] = "andra berörda",
	[DOC_FIELD_DEADLINE] = "senast klart",
	[DOC_FIELD_FOLLOWUP] = "uppföljning",
	[DOC_FIELD_STATUS] = "status",
};

static void
quoted(struct buf *out, const char *s)
{
	if (s == NULL || s[0] == '\0')
		buf_adds(out, "(tomt)");
	else
		buf_printf(out, "”%s”", s);
}

static void
actions(const struct doc *a, const struct doc *b, struct buf *out)
{
	struct action_list la = { 0 }, lb = { 0 };
	struct buf body = { 0 };
	size_t i;
	int f;

	list_actions(a->root, &la);
	list_actions(b->root, &lb);
	for (i = 0; i < lb.n; i++) {
		const struct doc_node *old = find_action(&la,
		    lb.a[i]->as.action.id);
		struct buf t = { 0 };

		if (old != NULL)
			continue;
		field_text(lb.a[i], DOC_FIELD_ACTION, &t);
		buf_printf(&body, "  + Ny: %s: ", lb.a[i]->as.action.id);
		quoted(&body, t.data);
		buf_addc(&body, '\n');
		buf_free(&t);
	}
	for (i = 0; i < la.n; i++) {
		struct buf t = { 0 };

		if (find_action(&lb, la.a[i]->as.action.id) != NULL)
			continue;
		field_text(la.a[i], DOC_FIELD_ACTION, &t);
		buf_printf(&body, "  - Borttagen: %s: ", la.a[i]->as.action.id);
		quoted(&body, t.data);
		buf_addc(&body, '\n');
		buf_free(&t);
	}
	for (i = 0; i < lb.n; i++) {
		const struct doc_node *old = find_action(&la,
		    lb.a[i]->as.action.id);
		int changed = 0;

		if (old == NULL)
			continue;
		for (f = 0; f < DOC_FIELD__MAX; f++) {
			struct buf ta = { 0 }, tb = { 0 };

			field_text(old, (enum doc_field)f, &ta);
			field_text(lb.a[i], (enum doc_field)f, &tb);
			if (strcmp(ta.data ? ta.data : "", tb.data ? tb.data :
			    "") != 0) {
				if (!changed)
					buf_printf(&body, "  ~ Ändrad: %s\n",
					    lb.a[i]->as.action.id);
				changed = 1;
				buf_printf(&body, "      %s: ", field_words[f]);
				quoted(&body, ta.data);
				buf_adds(&body, " → ");
				quoted(&body, tb.data);
				buf_addc(&body, '\n');
			}
			buf_free(&ta);
			buf_free(&tb);
		}
	}
	if (body.len > 0)
		buf_printf(out, "\nÅtgärder\n%s", body.data);
	buf_free(&body);
	free(la.a);
	free(lb.a);
}

static void
meta_line(struct buf *out, const char *what, const char *a, const char *b)
{
	if (strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0)
		return;
	buf_printf(out, "  ~ %s: ", what);
	quoted(out, a);
	buf_adds(out, " → ");
	quoted(out, b);
	buf_addc(out, '\n');
}

static void
metadata(const struct doc_meta *a, const struct doc_meta *b,
    struct buf *out)
{
	struct buf body = { 0 }, da = { 0 }, db = { 0 };

	meta_line(&body, "titel", a->title.s, b->title.s);
	meta_line(&body, "nämnd", a->board.s, b->board.s);
	if (a->date.year != 0)
		doc_date_words(&a->date, 0, &da);
	if (b->date.year != 0)
		doc_date_words(&b->date, 0, &db);
	meta_line(&body, "datum", da.data, db.data);
	meta_line(&body, "dnr", a->dnr.s, b->dnr.s);
	meta_line(&body, "kontaktperson", a->contact.s, b->contact.s);
	if (body.len > 0)
		buf_printf(out, "\nUppgifter\n%s", body.data);
	buf_free(&body);
	buf_free(&da);
	buf_free(&db);
}

void
diff_write(const struct doc *a, const struct doc *b, struct buf *out)
{
	size_t before;

	buf_printf(out, "Ändringar från version %u till version %u av %s\n",
	    a->meta.version, b->meta.version, b->meta.title.s);
	before = out->len;
	metadata(&a->meta, &b->meta, out);
	sections(a, b, out);
	actions(a, b, out);
	if (out->len == before)
		buf_adds(out, "\nInga ändringar.\n");
}
