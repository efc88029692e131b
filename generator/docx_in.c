#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "buf.h"
#include "check.h"
#include "docx_in.h"
#include "intl.h"
#include "xalloc.h"

#define W_NS	"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS	\
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define X(s)	((const xmlChar *)(s))

enum {
	PART_MAX = 64 << 20,	/* a part of the package, unpacked */
	LIST_DEPTH = 8,		/* as the plan format's lists */
	EXCERPT_WORDS = 6,	/* of a paragraph, to name it in a report */
	FIELD_DEPTH = 16	/* fields within fields */
};

/* What a paragraph style says. */
enum role {
	ROLE_TEXT,
	ROLE_HEADING,		/* level in the style's outline level */
	ROLE_TITLE,
	ROLE_CAPTION,
	ROLE_QUOTE,
	ROLE_CONTENTS		/* the table of contents */
};

struct style {
	char		*id;		/* first: sorted by it (by_key) */
	char		*based_on;
	enum role	 role;
	int		 level;		/* of a heading: 1.. */
	char		*num_id;	/* a list style's numbering */
	int		 ilvl;
};

/* A list level of the numbering: ordered or not, where it starts, and
 * whether this numbering starts it anew (a startOverride). */
struct num_level {
	int		 ordered;
	int		 start;
	int		 restart;
};

/* A numbering (w:num): its abstract numbering, which the paragraphs of
 * one list share even under other numberings, and its levels. */
struct numbering {
	char		*num_id;	/* first: sorted by it (by_key) */
	char		*abs_id;
	struct num_level levels[LIST_DEPTH + 1];
};

/* Elements of a part by their id, sorted, to be found without a scan. */
struct entry {
	char		*key;		/* first: sorted by it (by_key) */
	const xmlNode	*node;
};
struct index {
	struct entry	*e;
	size_t		 n, cap;
};

/* Where blocks go: a section's or a cell's content, with its open lists. */
struct flow {
	struct doc_node	*parent;
	struct doc_node	*lists[LIST_DEPTH];	/* open lists, outermost first */
	int		 depth;
	char		*list;			/* the open list's abstract
						 * numbering */
	char		*num_id;		/* its numbering */
	int		 typed;			/* typed by hand: its marker */
	long		 next_number;		/* a typed numbered list's */
	struct doc_node	*quote;			/* open quotation */
	struct doc_node	*first_table;		/* of a section's */
};

/* The inline formatting a run carries. */
struct format {
	int	 bold;
	int	 italic;
};

struct importer {
	const char		*path;
	struct diag		*d;
	struct doc		*doc;
	struct docx_summary	*sum;
	zip_t			*zip;
	xmlDocPtr		 footnotes, endnotes, comments, rels;
	struct index		 footnote_ix, endnote_ix, comment_ix;
	struct style		*styles;
	size_t			 nstyles, styles_cap;
	struct numbering	*nums;
	size_t			 nnums, nums_cap;
	unsigned		 para_no;	/* the paragraph read, from 1 */
	char			*excerpt;	/* its first words */
	struct doc_node		*sections[4];	/* the open one at each level */
	int			 level;		/* of the innermost */
	struct flow		 flow;		/* of the innermost section */
	struct flow		 front;		/* text before the first heading */
	int			 in_contents;	/* inside a TOC field */
	unsigned		 contents_from;	/* its first paragraph */
	/* A caption, for a table right after it; else its own paragraph
	 * (an image's caption, say). */
	struct doc_node		*caption;
	/* Fields spanning runs, nested: the instruction of the innermost,
	 * and for each open one whether its result is being read (what it
	 * shows) and the link of a HYPERLINK. */
	struct buf		 instr;
	int			 field_depth;
	int			 in_result[FIELD_DEPTH];
	char			*field_url[FIELD_DEPTH];
	int			 in_note;	/* reading a footnote's text */
	/* The actions' ids given, and for each beginning of one the number
	 * to try next. */
	char			**ids;
	size_t			 nids, ids_cap;
	struct {
		char	*base;
		int	 next;
	}			*bases;
	size_t			 nbases, bases_cap;
	/* Tracked changes and comments, reported once a paragraph. */
	int			 told_insert, told_delete;
};

static int
is_w(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, W_NS) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr
child(const xmlNode *n, const char *name)
{
	xmlNodePtr c;

	for (c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

/* The w: attribute of n, in a new string, or NULL. */
static char *
attr(const xmlNode *n, const char *name)
{
	xmlChar *v;
	char *s;

	if (n == NULL || (v = xmlGetNsProp(n, X(name), X(W_NS))) == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* A w:b or w:i that is on: present, and not val="0" or "false". */
static int
on(const xmlNode *n)
{
	char *v;
	int yes;

	if (n == NULL)
		return 0;
	v = attr(n, "val");
	yes = v == NULL || (strcmp(v, "0") != 0 && strcmp(v, "false") != 0 &&
	    strcmp(v, "off") != 0);
	free(v);
	return yes;
}

static int
int_attr(const xmlNode *n, const char *name, int fallback)
{
	char *v = attr(n, name);
	int i = v != NULL ? atoi(v) : fallback;

	free(v);
	return i;
}

/* Sorts the records whose first member is their key, a string: index
 * entries, styles, numberings. */
static int
by_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The elements named element under n, by their attribute key. */
static void
index_build(struct index *ix, const xmlNode *n, const char *element,
    const char *key)
{
	const xmlNode *c;
	char *k;

	for (c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (is_w(c, element) && (k = attr(c, key)) != NULL) {
			ix->e = xgrow(ix->e, &ix->cap, ix->n + 1, sizeof(*ix->e));
			ix->e[ix->n].key = k;
			ix->e[ix->n++].node = c;
		}
	if (ix->n > 0)
		qsort(ix->e, ix->n, sizeof(*ix->e), by_key);
}

static const xmlNode *
index_find(const struct index *ix, const char *key)
{
	struct entry want = { (char *)key, NULL }, *hit;

	if (key == NULL || ix->n == 0)
		return NULL;
	hit = bsearch(&want, ix->e, ix->n, sizeof(*ix->e), by_key);
	return hit != NULL ? hit->node : NULL;
}

static void
index_free(struct index *ix)
{
	size_t i;

	for (i = 0; i < ix->n; i++)
		free(ix->e[i].key);
	free(ix->e);
	memset(ix, 0, sizeof(*ix));
}

/* Reports a thing that could not be mapped, at the paragraph read: the
 * message fmt, with what for its %s when not NULL. */
static void
unmapped(struct importer *im, const char *fmt, const char *what)
{
	struct diag_pos pos = { im->path, 0, 0 };
	struct buf msg = { 0 };

	buf_printf(&msg, _("paragraph %u (\"%s\")"), im->para_no,
	    im->excerpt != NULL ? im->excerpt : "");
	buf_adds(&msg, ": ");
	if (what != NULL)
		buf_printf(&msg, _(fmt), what);
	else
		buf_adds(&msg, _(fmt));
	diag_report(im->d, DIAG_WARNING, &pos, "%s", msg.data);
	buf_free(&msg);
	im->sum->unmapped++;
}

/* Package parts. */

/* The part name of the package, parsed; NULL when it is not there or not
 * XML (reported when required). */
static xmlDocPtr
part(struct importer *im, const char *name, int required)
{
	struct diag_pos pos = { im->path, 0, 0 };
	zip_stat_t st;
	zip_file_t *f;
	xmlDocPtr x = NULL;
	char *data;
	zip_int64_t n;

	if (zip_stat(im->zip, name, 0, &st) != 0 ||
	    !(st.valid & ZIP_STAT_SIZE)) {
		if (required)
			diag_report(im->d, DIAG_ERROR, &pos, "not a Word "
			    "document: it has no %s", name);
		return NULL;
	}
	if (st.size > PART_MAX) {
		diag_report(im->d, DIAG_ERROR, &pos, "%s is larger than %d MiB "
		    "unpacked", name, PART_MAX >> 20);
		return NULL;
	}
	if ((f = zip_fopen(im->zip, name, 0)) == NULL) {
		diag_report(im->d, DIAG_ERROR, &pos, "cannot read %s: %s", name,
		    zip_strerror(im->zip));
		return NULL;
	}
	data = xmalloc((size_t)st.size + 1);
	n = zip_fread(f, data, st.size);
	if (zip_fclose(f) != 0 || n != (zip_int64_t)st.size)
		diag_report(im->d, DIAG_ERROR, &pos, "cannot read %s: the "
		    "package is damaged", name);
	/* No DTD, so no entities; nothing from the network. */
	else if ((x = xmlReadMemory(data, (int)st.size, name, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) ==
	    NULL || x->intSubset != NULL) {
		diag_report(im->d, DIAG_ERROR, &pos, "%s is not XML that a Word "
		    "document holds", name);
		xmlFreeDoc(x);
		x = NULL;
	}
	free(data);
	return x;
}

static struct style *
style(struct importer *im, const char *id)
{
	struct style want;

	if (id == NULL || im->nstyles == 0)
		return NULL;
	want.id = (char *)id;
	return bsearch(&want, im->styles, im->nstyles, sizeof(*im->styles),
	    by_key);
}

/* What a style's name says it is, in English or Swedish Word. */
static void
style_role(struct style *s, const char *name)
{
	struct buf lower = { 0 };
	const char *low;
	int n = 0;

	doc_lower(name, &lower);
	low = lower.data != NULL ? lower.data : "";
	if ((sscanf(low, "heading %d", &n) == 1 ||
	    sscanf(low, "rubrik %d", &n) == 1) && n > 0) {
		s->role = ROLE_HEADING;
		s->level = n;
	} else if (strcmp(low, "title") == 0 || strcmp(low, "rubrik") == 0)
		s->role = ROLE_TITLE;
	else if (strcmp(low, "caption") == 0 || strcmp(low, "table caption") ==
	    0 || strcmp(low, "beskrivning") == 0)
		s->role = ROLE_CAPTION;
	else if (strcmp(low, "quote") == 0 || strcmp(low, "block text") == 0 ||
	    strcmp(low, "citat") == 0 || strcmp(low, "intense quote") == 0)
		s->role = ROLE_QUOTE;
	else if (strncmp(low, "toc ", 4) == 0 || strcmp(low, "toc heading") ==
	    0 || strncmp(low, "innehållsförteckning",
	    strlen("innehållsförteckning")) == 0 || (strncmp(low, "innehåll ",
	    strlen("innehåll ")) == 0 && isdigit((unsigned char)low[strlen(
	    "innehåll ")])))
		s->role = ROLE_CONTENTS;
	buf_free(&lower);
}

static void
read_styles(struct importer *im)
{
	xmlDocPtr x = part(im, "word/styles.xml", 0);
	xmlNodePtr s, p, np;
	size_t i;
	int k;

	if (x == NULL)
		return;
	for (s = xmlDocGetRootElement(x)->children; s != NULL; s = s->next) {
		struct style *st;
		char *name;

		if (!is_w(s, "style"))
			continue;
		im->styles = xgrow(im->styles, &im->styles_cap,
		    im->nstyles + 1, sizeof(*im->styles));
		st = &im->styles[im->nstyles++];
		memset(st, 0, sizeof(*st));
		st->id = attr(s, "styleId");
		if (st->id == NULL)
			st->id = xstrdup("");
		st->based_on = attr(child(s, "basedOn"), "val");
		if ((name = attr(child(s, "name"), "val")) != NULL) {
			style_role(st, name);
			free(name);
		}
		p = child(s, "pPr");
		if (st->role == ROLE_TEXT && child(p, "outlineLvl") != NULL &&
		    (k = int_attr(child(p, "outlineLvl"), "val", 9)) >= 0 &&
		    k < 9) {
			st->role = ROLE_HEADING;
			st->level = k + 1;
		}
		if ((np = child(p, "numPr")) != NULL) {
			st->num_id = attr(child(np, "numId"), "val");
			st->ilvl = int_attr(child(np, "ilvl"), "val", 0);
		}
	}
	if (im->nstyles > 0)
		qsort(im->styles, im->nstyles, sizeof(*im->styles),
		    by_key);
	/* A style based on a heading (or a list) is one too. */
	for (i = 0; i < im->nstyles; i++) {
		struct style *st = &im->styles[i], *b = st;
		int hops;

		for (hops = 0; hops < 16 && b->role == ROLE_TEXT &&
		    b->num_id == NULL && (b = style(im, b->based_on)) != NULL;
		    hops++)
			;
		if (b != NULL && b != st && st->role == ROLE_TEXT) {
			st->role = b->role;
			st->level = b->level;
			if (st->num_id == NULL && b->num_id != NULL) {
				st->num_id = xstrdup(b->num_id);
				st->ilvl = b->ilvl;
			}
		}
	}
	xmlFreeDoc(x);
}

static void
read_numbering(struct importer *im)
{
	xmlDocPtr x = part(im, "word/numbering.xml", 0);
	struct index abstracts = { 0 };
	const xmlNode *a, *l;
	xmlNodePtr root, n;

	if (x == NULL)
		return;
	root = xmlDocGetRootElement(x);
	index_build(&abstracts, root, "abstractNum", "abstractNumId");
	for (n = root->children; n != NULL; n = n->next) {
		struct numbering *num;
		char *abs_id;

		if (!is_w(n, "num"))
			continue;
		abs_id = attr(child(n, "abstractNumId"), "val");
		im->nums = xgrow(im->nums, &im->nums_cap,
		    im->nnums + 1, sizeof(*im->nums));
		num = &im->nums[im->nnums++];
		memset(num, 0, sizeof(*num));
		num->num_id = attr(n, "numId");
		if (num->num_id == NULL)
			num->num_id = xstrdup("");
		num->abs_id = xstrdup(abs_id != NULL ? abs_id : "");
		for (a = index_find(&abstracts, abs_id), l = a != NULL ?
		    a->children : NULL; l != NULL; l = l->next) {
			char *fmt;
			int k;

			if (!is_w(l, "lvl") || (k = int_attr(l, "ilvl", -1)) <
			    0 || k > LIST_DEPTH)
				continue;
			fmt = attr(child(l, "numFmt"), "val");
			num->levels[k].ordered = fmt != NULL && strcmp(fmt,
			    "bullet") != 0 && strcmp(fmt, "none") != 0;
			num->levels[k].start = int_attr(child(l, "start"),
			    "val", 1);
			free(fmt);
		}
		for (l = n->children; l != NULL; l = l->next) {
			int k = int_attr(l, "ilvl", -1);

			if (is_w(l, "lvlOverride") && k >= 0 && k <= LIST_DEPTH &&
			    child(l, "startOverride") != NULL) {
				num->levels[k].restart = 1;
				num->levels[k].start = int_attr(child(l,
				    "startOverride"), "val", 1);
			}
		}
		free(abs_id);
	}
	index_free(&abstracts);
	xmlFreeDoc(x);
	if (im->nnums > 0)
		qsort(im->nums, im->nnums, sizeof(*im->nums), by_key);
}

static const struct numbering *
numbering(struct importer *im, const char *num_id)
{
	struct numbering want;

	if (im->nnums == 0)
		return NULL;
	want.num_id = (char *)num_id;
	return bsearch(&want, im->nums, im->nnums, sizeof(*im->nums),
	    by_key);
}

/* The target of relationship id, when it leaves the package. */
static char *
relationship(struct importer *im, const char *id)
{
	xmlNodePtr r;

	if (im->rels == NULL || id == NULL)
		return NULL;
	for (r = xmlDocGetRootElement(im->rels)->children; r != NULL;
	    r = r->next) {
		xmlChar *rid, *target;
		char *out = NULL;

		if (r->type != XML_ELEMENT_NODE ||
		    (rid = xmlGetProp(r, X("Id"))) == NULL)
			continue;
		if (strcmp((const char *)rid, id) == 0 &&
		    (target = xmlGetProp(r, X("Target"))) != NULL) {
			out = xstrdup((const char *)target);
			xmlFree(target);
		}
		xmlFree(rid);
		if (out != NULL)
			return out;
	}
	return NULL;
}

/* Inline content. */

static void
add_text_node(struct doc_node *parent, const char *text, size_t len)
{
	struct doc_node *t = parent->last;

	if (len == 0)
		return;
	if (t != NULL && t->type == DOC_TEXT) {
		size_t old = strlen(t->as.text.s);

		t->as.text.s = xrealloc(t->as.text.s, old + len + 1);
		memcpy(t->as.text.s + old, text, len);
		t->as.text.s[old + len] = '\0';
		return;
	}
	t = doc_node_new(DOC_TEXT, &parent->pos);
	t->as.text.s = xstrndup(text, len);
	doc_append(parent, t);
}

/* The node under parent that text of fmt goes into: the last one when it
 * has that formatting already. */
static struct doc_node *
formatted(struct doc_node *parent, const struct format *fmt)
{
	struct doc_node *c = parent;

	if (fmt->bold) {
		if (c->last != NULL && c->last->type == DOC_STRONG)
			c = c->last;
		else {
			struct doc_node *s = doc_node_new(DOC_STRONG, &c->pos);

			doc_append(c, s);
			c = s;
		}
	}
	if (fmt->italic) {
		if (c->last != NULL && c->last->type == DOC_EMPH)
			c = c->last;
		else {
			struct doc_node *e = doc_node_new(DOC_EMPH, &c->pos);

			doc_append(c, e);
			c = e;
		}
	}
	return c;
}

static void
add_text(struct doc_node *parent, const struct format *fmt, const char *s)
{
	static const struct format plain = { 0, 0 };
	size_t len = strlen(s), lead = strspn(s, " "), trail = 0;

	if (len == 0)
		return;
	/* Spaces at the edge of emphasis stay outside it, where the plan's
	 * markup can read it. */
	while (trail < len - lead && s[len - 1 - trail] == ' ')
		trail++;
	add_text_node(formatted(parent, &plain), s, lead);
	if (len > lead + trail)
		add_text_node(formatted(parent, fmt), s + lead,
		    len - lead - trail);
	add_text_node(formatted(parent, &plain), s + len - trail, trail);
}

static struct format
run_format(const xmlNode *r)
{
	const xmlNode *rpr = child(r, "rPr");
	struct format f = { on(child(rpr, "b")), on(child(rpr, "i")) };

	return f;
}

static void	inlines(struct importer *, const xmlNode *, struct doc_node *);
static void	unknown(struct importer *, const xmlNode *, struct doc_node *);

/* The text of a note (footnote, endnote, comment) on one line. */
static void
note_inlines(struct importer *im, const xmlNode *n, struct doc_node *to)
{
	const xmlNode *p;
	int first = 1;

	for (p = n->children; p != NULL; p = p->next) {
		if (p->type != XML_ELEMENT_NODE)
			continue;
		if (!first)
			add_text(to, &(struct format){ 0, 0 }, " ");
		if (is_w(p, "p"))
			inlines(im, p, to);
		else
			unknown(im, p, to);
		first = 0;
	}
}

/* All text under n, for reports. */
static void
plain_text(const xmlNode *n, struct buf *out)
{
	const xmlNode *c;

	for (c = n->children; c != NULL; c = c->next) {
		if (is_w(c, "t") || is_w(c, "delText") || is_w(c, "instrText")) {
			xmlChar *t = xmlNodeGetContent(c);

			buf_adds(out, (const char *)t);
			xmlFree(t);
		} else if (c->type == XML_ELEMENT_NODE)
			plain_text(c, out);
	}
}

static void
footnote(struct importer *im, const xmlNode *ref, struct doc_node *parent,
    int endnote)
{
	char *id = attr(ref, "id");
	const xmlNode *n = index_find(endnote ? &im->endnote_ix :
	    &im->footnote_ix, id);
	struct doc_node *fn;

	free(id);
	if (n != NULL && im->in_note) {
		struct buf text = { 0 };

		plain_text(n, &text);
		unmapped(im, N_("a footnote within a footnote is kept as text "
		    "in it: \"%s\""), text.data != NULL ? text.data : "");
		add_text(parent, &(struct format){ 0, 0 }, text.data != NULL ?
		    text.data : "");
		buf_free(&text);
		return;
	}
	/* A note on a link's words follows the link. */
	while (parent->type == DOC_LINK && parent->parent != NULL)
		parent = parent->parent;
	if (n == NULL) {
		unmapped(im, endnote ? N_("an endnote whose text is not in "
		    "the document is left out") : N_("a footnote whose text is "
		    "not in the document is left out"), NULL);
		return;
	}
	fn = doc_node_new(DOC_FOOTNOTE, &parent->pos);
	doc_append(parent, fn);
	im->in_note = 1;
	note_inlines(im, n, fn);
	im->in_note = 0;
	/* Word sets a space after the note's own number. */
	if (fn->first != NULL && fn->first->type == DOC_TEXT) {
		char *t = fn->first->as.text.s;

		memmove(t, t + strspn(t, " \t"), strlen(t + strspn(t, " \t")) +
		    1);
	}
	im->sum->footnotes++;
	if (endnote)
		unmapped(im, N_("an endnote becomes a footnote"), NULL);
}

/* Whether the text read is shown: outside fields, or in the results of
 * all that are open (a field inside an instruction is part of it). */
static int
shown(const struct importer *im)
{
	int i;

	for (i = 0; i < im->field_depth && i < FIELD_DEPTH; i++)
		if (!im->in_result[i])
			return 0;
	return !im->in_contents;
}

/* The link of the innermost open HYPERLINK field, or NULL. */
static const char *
field_url(const struct importer *im)
{
	int i;

	for (i = im->field_depth < FIELD_DEPTH ? im->field_depth :
	    FIELD_DEPTH; i > 0; i--)
		if (im->field_url[i - 1] != NULL)
			return im->field_url[i - 1];
	return NULL;
}

/* A field's instruction read, its result begins: what it is, the link of
 * a HYPERLINK, the contents of a TOC. */
static void
field_result(struct importer *im)
{
	const char *s = im->instr.data != NULL ? im->instr.data : "";
	const char *q;
	int k = im->field_depth - 1;

	s += strspn(s, " ");
	if (k < 0 || k >= FIELD_DEPTH)
		return;
	im->in_result[k] = 1;
	if (strncmp(s, "TOC", 3) == 0 && !im->in_contents) {
		im->in_contents = im->field_depth;
		im->contents_from = im->para_no;
	} else if (strncmp(s, "HYPERLINK", 9) == 0 && (q = strchr(s, '"')) !=
	    NULL && strchr(q + 1, '"') != NULL)
		im->field_url[k] = xstrndup(q + 1, (size_t)(strchr(q + 1, '"') -
		    q - 1));
	else if (strncmp(s, "PAGEREF", 7) != 0 && strncmp(s, "REF", 3) != 0 &&
	    !im->in_contents)
		unmapped(im, N_("the field '%s' is kept as the text it "
		    "showed"), s);
	buf_free(&im->instr);
}

static void
field_begin(struct importer *im)
{
	if (im->field_depth < FIELD_DEPTH) {
		im->in_result[im->field_depth] = 0;
		im->field_url[im->field_depth] = NULL;
	}
	im->field_depth++;
	buf_free(&im->instr);
}

static void
field_end(struct importer *im)
{
	if (im->field_depth == 0)
		return;
	if (im->in_contents == im->field_depth)
		im->in_contents = 0;
	if (--im->field_depth < FIELD_DEPTH) {
		free(im->field_url[im->field_depth]);
		im->field_url[im->field_depth] = NULL;
	}
}

static void
fld_char(struct importer *im, const xmlNode *c)
{
	char *type = attr(c, "fldCharType");

	if (type == NULL)
		return;
	if (strcmp(type, "begin") == 0)
		field_begin(im);
	else if (strcmp(type, "separate") == 0 && im->field_depth > 0)
		field_result(im);
	else if (strcmp(type, "end") == 0)
		field_end(im);
	free(type);
}

/* A field whose instruction goes on past its paragraph is broken: its
 * text is shown rather than lost. */
static void
fields_at_paragraph_end(struct importer *im)
{
	while (im->field_depth > 0 && im->field_depth <= FIELD_DEPTH &&
	    !im->in_result[im->field_depth - 1]) {
		unmapped(im, N_("a field without its end is closed at the "
		    "paragraph's end"), NULL);
		field_end(im);
	}
}

/* A link to url holding what the function adds, under parent; a target
 * the plan cannot link to keeps its text. */
static struct doc_node *
link_node(struct importer *im, struct doc_node *parent, const char *url)
{
	struct doc_node *l, *a;

	for (a = parent; a != NULL; a = a->parent)
		if (a->type == DOC_LINK) {
			if (url != NULL && strcmp(url, a->as.link.url) != 0)
				unmapped(im, N_("a link to '%s' inside another "
				    "link is kept as its text"), url);
			return parent;
		}
	if (url == NULL || (strncmp(url, "https://", 8) != 0 &&
	    strncmp(url, "http://", 7) != 0 && strncmp(url, "mailto:", 7) !=
	    0) || strpbrk(url, "*[] ") != NULL) {
		if (url != NULL)
			unmapped(im, N_("the link to '%s' is kept as its "
			    "text"), url);
		return parent;
	}
	l = doc_node_new(DOC_LINK, &parent->pos);
	l->as.link.url = xstrdup(url);
	doc_append(parent, l);
	return l;
}

/* The first attribute name of an element named element under n. */
static char *
find_attr(const xmlNode *n, const char *element, const char *name)
{
	const xmlNode *c;
	char *v;

	for (c = n->children; c != NULL; c = c->next) {
		xmlChar *a;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, element) == 0 &&
		    (a = xmlGetProp(c, X(name))) != NULL) {
			v = xstrdup((const char *)a);
			xmlFree(a);
			if (v[0] != '\0')
				return v;
			free(v);
		}
		if ((v = find_attr(c, element, name)) != NULL)
			return v;
	}
	return NULL;
}

static int
ends_in_space(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && s[n - 1] == ' ';
}

/* An image, named by its description where it has one. */
static void
image(struct importer *im, const xmlNode *drawing)
{
	char *alt = find_attr(drawing, "docPr", "descr");

	if (alt == NULL)
		alt = find_attr(drawing, "docPr", "name");
	unmapped(im, N_("an image (\"%s\") is left out; add it as a figure "
	    "(bild:) with its file"), alt != NULL ? alt : "");
	free(alt);
}

/* Whether n is an element of the markup-compatibility namespace named
 * name (mc:AlternateContent, mc:Choice). */
static int
is_mc(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strstr((const char *)n->ns->href, "markup-compatibility") !=
	    NULL && strcmp((const char *)n->name, name) == 0;
}

/* The alternative to read of mc:AlternateContent: its first choice. */
static const xmlNode *
alternative(const xmlNode *ac)
{
	const xmlNode *c;

	for (c = ac->children; c != NULL; c = c->next)
		if (is_mc(c, "Choice") || is_mc(c, "Fallback"))
			return c;
	return NULL;
}

/* Text under an element this reader does not know: reported, and kept. */
static void
unknown(struct importer *im, const xmlNode *c, struct doc_node *parent)
{
	struct buf text = { 0 };

	plain_text(c, &text);
	if (text.len > 0) {
		unmapped(im, N_("text in an unknown part of the document is kept "
		    "as plain text: \"%s\""), text.data);
		add_text(parent, &(struct format){ 0, 0 }, text.data);
	}
	buf_free(&text);
}

static void	run_content(struct importer *, const xmlNode *,
		    const struct format *, struct doc_node *);

static void
run(struct importer *im, const xmlNode *r, struct doc_node *parent)
{
	struct format fmt = run_format(r);

	const char *url = field_url(im);

	if (url != NULL && shown(im)) {
		if (parent->last != NULL && parent->last->type == DOC_LINK &&
		    strcmp(parent->last->as.link.url, url) == 0)
			parent = parent->last;
		else
			parent = link_node(im, parent, url);
	}
	run_content(im, r->children, &fmt, parent);
}

/* The content of a run, from its child first on. */
static void
run_content(struct importer *im, const xmlNode *first,
    const struct format *format, struct doc_node *parent)
{
	struct format fmt = *format;
	const xmlNode *c;

	for (c = first; c != NULL; c = c->next) {
		if (is_w(c, "fldChar"))
			fld_char(im, c);
		else if (is_w(c, "instrText") && im->field_depth > 0 &&
		    im->field_depth <= FIELD_DEPTH &&
		    !im->in_result[im->field_depth - 1]) {
			xmlChar *t = xmlNodeGetContent(c);

			buf_adds(&im->instr, (const char *)t);
			xmlFree(t);
		} else if (!shown(im))
			continue;	/* an instruction, or the contents */
		else if (is_w(c, "t")) {
			xmlChar *t = xmlNodeGetContent(c);

			add_text(parent, &fmt, (const char *)t);
			xmlFree(t);
		} else if (is_w(c, "tab") || is_w(c, "ptab"))
			add_text(parent, &(struct format){ 0, 0 }, " ");
		else if (is_w(c, "br") || is_w(c, "cr")) {
			char *type = attr(c, "type");

			/* A page or column break is Word's layout. */
			if (type == NULL || strcmp(type, "textWrapping") == 0)
				doc_append(parent, doc_node_new(DOC_LINEBREAK,
				    &parent->pos));
			free(type);
		} else if (is_w(c, "noBreakHyphen"))
			add_text(parent, &fmt, "-");
		else if (is_w(c, "softHyphen"))
			add_text(parent, &fmt, "\xc2\xad");
		else if (is_w(c, "footnoteReference"))
			footnote(im, c, parent, 0);
		else if (is_w(c, "endnoteReference"))
			footnote(im, c, parent, 1);
		else if (is_w(c, "commentReference")) {
			char *id = attr(c, "id");
			const xmlNode *n = index_find(&im->comment_ix, id);
			struct buf text = { 0 };

			if (n != NULL)
				plain_text(n, &text);
			unmapped(im, N_("a comment is left out: \"%s\""),
			    text.data != NULL ? text.data : "");
			buf_free(&text);
			free(id);
		} else if (is_w(c, "drawing") || is_w(c, "pict") ||
		    is_w(c, "object")) {
			struct buf text = { 0 };

			plain_text(c, &text);
			if (text.len > 0) {
				unmapped(im, N_("a text box is kept as text in "
				    "its paragraph: \"%s\""), text.data);
				if (parent->last != NULL && (parent->last->type !=
				    DOC_TEXT || !ends_in_space(
				    parent->last->as.text.s)))
					add_text(parent, &(struct format){ 0, 0 },
					    " ");
				add_text(parent, &(struct format){ 0, 0 },
				    text.data);
			} else
				image(im, c);
			buf_free(&text);
		} else if (is_w(c, "sym"))
			unmapped(im, N_("a symbol character is left out"),
			    NULL);
		else if (is_mc(c, "AlternateContent")) {
			if (alternative(c) != NULL)
				run_content(im, alternative(c)->children, &fmt,
				    parent);
		} else if (c->type == XML_ELEMENT_NODE && !is_w(c, "rPr"))
			unknown(im, c, parent);
	}
}

static void
inlines(struct importer *im, const xmlNode *p, struct doc_node *parent)
{
	const xmlNode *c;

	for (c = p->children; c != NULL; c = c->next) {
		if (is_w(c, "r"))
			run(im, c, parent);
		else if (is_w(c, "hyperlink")) {
			xmlChar *rid = xmlGetNsProp(c, X("id"), X(R_NS));
			char *url = relationship(im, (const char *)rid);

			xmlFree(rid);
			if (url == NULL && (url = attr(c, "anchor")) != NULL) {
				/* Within the document: its text stays. */
				free(url);
				url = NULL;
			}
			inlines(im, c, shown(im) ? link_node(im, parent, url) :
			    parent);
			free(url);
		} else if (is_w(c, "fldSimple")) {
			char *instr = attr(c, "instr");

			field_begin(im);
			buf_adds(&im->instr, instr != NULL ? instr : "");
			free(instr);
			field_result(im);
			inlines(im, c, parent);
			field_end(im);
		} else if (is_w(c, "ins") || is_w(c, "moveTo")) {
			if (!im->told_insert++)
				unmapped(im, N_("a tracked insertion is kept "
				    "as inserted"), NULL);
			inlines(im, c, parent);
		} else if (is_w(c, "del") || is_w(c, "moveFrom")) {
			struct buf text = { 0 };

			plain_text(c, &text);
			unmapped(im, N_("a tracked deletion is left out: "
			    "\"%s\""), text.data != NULL ? text.data : "");
			buf_free(&text);
		} else if (is_w(c, "smartTag") || is_w(c, "customXml") ||
		    is_w(c, "sdtContent") || is_w(c, "dir") || is_w(c, "bdo"))
			inlines(im, c, parent);
		else if (is_w(c, "sdt") && child(c, "sdtContent") != NULL)
			inlines(im, child(c, "sdtContent"), parent);
		else if (is_mc(c, "AlternateContent")) {
			if (alternative(c) != NULL)
				inlines(im, alternative(c), parent);
		} else if (c->type == XML_ELEMENT_NODE && c->ns != NULL &&
		    strstr((const char *)c->ns->href, "math") != NULL) {
			struct buf text = { 0 };
			xmlChar *t = xmlNodeGetContent(c);

			buf_adds(&text, (const char *)t);
			xmlFree(t);
			unmapped(im, N_("an equation is kept as its text: "
			    "\"%s\""), text.data != NULL ? text.data : "");
			add_text(parent, &(struct format){ 0, 0 },
			    text.data != NULL ? text.data : "");
			buf_free(&text);
		} else if (c->type == XML_ELEMENT_NODE && !is_w(c, "pPr"))
			unknown(im, c, parent);
	}
}

/* The first (or last) text of n, when n begins (ends) with text. */
static struct doc_node *
edge_text(struct doc_node *n, int last)
{
	while (n != NULL && n->type != DOC_TEXT && n->type != DOC_FOOTNOTE &&
	    n->type != DOC_LINEBREAK)
		n = last ? n->last : n->first;
	return n != NULL && n->type == DOC_TEXT ? n : NULL;
}

/* Spaces at a paragraph's start and end are Word's, not the text's. */
static void
trim_edges(struct doc_node *para)
{
	struct doc_node *t;
	size_t n;

	if ((t = edge_text(para, 0)) != NULL) {
		n = strspn(t->as.text.s, " \t");
		memmove(t->as.text.s, t->as.text.s + n,
		    strlen(t->as.text.s + n) + 1);
	}
	if ((t = edge_text(para, 1)) != NULL) {
		n = strlen(t->as.text.s);
		while (n > 0 && (t->as.text.s[n - 1] == ' ' ||
		    t->as.text.s[n - 1] == '\t'))
			t->as.text.s[--n] = '\0';
	}
}

/* Whether n holds a footnote. */
static int
has_footnote(const struct doc_node *n)
{
	const struct doc_node *c;

	for (c = n->first; c != NULL; c = c->next)
		if (c->type == DOC_FOOTNOTE || has_footnote(c))
			return 1;
	return 0;
}

static int	has_text(const struct doc_node *);

/* Emphasis and links left empty (around an image, a space) go: the
 * plan's markup has no empty ones; a link's address is reported. */
static void
prune(struct importer *im, struct doc_node *n)
{
	struct doc_node *c, *next;

	for (c = n->first; c != NULL; c = next) {
		next = c->next;
		prune(im, c);
		if ((c->type == DOC_STRONG || c->type == DOC_EMPH ||
		    c->type == DOC_LINK) && !has_text(c)) {
			if (c->type == DOC_LINK)
				unmapped(im, N_("a link without text to '%s' is "
				    "left out"), c->as.link.url);
			/* What it holds (a line break) stays. */
			while (c->first != NULL) {
				struct doc_node *k = c->first;

				doc_unlink(k);
				doc_insert_before(n, c, k);
			}
			doc_unlink(c);
			doc_node_free(c);
		}
	}
}

/* Whether n holds any text. */
static int
has_text(const struct doc_node *n)
{
	const struct doc_node *c;

	if (n->type == DOC_TEXT)
		return strspn(n->as.text.s, " \xc2\xa0") < strlen(n->as.text.s);
	if (n->type == DOC_FOOTNOTE)
		return 1;
	for (c = n->first; c != NULL; c = c->next)
		if (has_text(c))
			return 1;
	return 0;
}

/* A paragraph's text with its formatting dropped, for headings. */
static void
flat_text(const struct doc_node *n, struct buf *out)
{
	const struct doc_node *c;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DOC_TEXT)
			buf_adds(out, c->as.text.s);
		else if (c->type == DOC_LINEBREAK)
			buf_addc(out, ' ');
		else if (c->type != DOC_FOOTNOTE)
			flat_text(c, out);
	}
}

/* Trims spaces at both ends of s, in place. */
static char *
trim(char *s)
{
	size_t n;

	s += strspn(s, " \t");
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* The first words of a paragraph, for reports. */
static char *
excerpt_of(const xmlNode *p)
{
	struct buf text = { 0 }, out = { 0 };
	char *s, *word, *save = NULL;
	int n = 0;

	plain_text(p, &text);
	s = text.data != NULL ? text.data : "";
	for (word = strtok_r(s, " \t", &save); word != NULL && n <
	    EXCERPT_WORDS; word = strtok_r(NULL, " \t", &save), n++)
		buf_printf(&out, "%s%s", n ? " " : "", word);
	if (word != NULL)
		buf_adds(&out, " …");
	buf_free(&text);
	return out.data != NULL ? buf_take(&out) : xstrdup("");
}

/* Blocks. */

static void
flow_init(struct flow *f, struct doc_node *parent)
{
	free(f->list);
	free(f->num_id);
	memset(f, 0, sizeof(*f));
	f->parent = parent;
}

/* Ends the open lists and quotation. */
static void
flow_break(struct flow *f)
{
	free(f->list);
	free(f->num_id);
	f->list = f->num_id = NULL;
	f->depth = 0;
	f->typed = 0;
	f->quote = NULL;
}

/* Appends block b to the flow; in a section before its tables, which the
 * plan format prints after the text (reported). */
static void
flow_add(struct importer *im, struct flow *f, struct doc_node *b)
{
	int table = b->type == DOC_TABLE || b->type == DOC_ACTIONS;

	if (!table && f->first_table != NULL) {
		doc_insert_before(f->parent, f->first_table, b);
		unmapped(im, N_("text after a table is moved before it, as a "
		    "section prints its tables after its text"), NULL);
		return;
	}
	if (table && f->first_table == NULL && f->parent->type == DOC_SECTION)
		f->first_table = b;
	doc_append(f->parent, b);
}

/* A list item holding para, at level ilvl of a list (numbered or not):
 * of the Word numbering num when not NULL, else typed by hand. */
static void
list_item(struct importer *im, struct flow *f, struct doc_node *para,
    int ilvl, int ordered, int start, const struct numbering *num)
{
	struct doc_node *item;

	if (ilvl >= LIST_DEPTH) {
		unmapped(im, N_("a list nested deeper than 8 levels is set at "
		    "the deepest"), NULL);
		ilvl = LIST_DEPTH - 1;
	}
	/* Another list begins with another abstract numbering, or where a
	 * numbering of its own starts it anew. */
	if (f->depth > 0 && ilvl == 0 && ((num == NULL) != (f->list == NULL) ||
	    (num != NULL && (strcmp(num->abs_id, f->list) != 0 ||
	    (num->levels[0].restart && strcmp(num->num_id, f->num_id) !=
	    0)))))
		flow_break(f);
	if (f->depth > ilvl + 1)
		f->depth = ilvl + 1;
	while (f->depth < ilvl + 1) {
		struct doc_node *list = doc_node_new(DOC_LIST, &para->pos);
		struct doc_node *outer = f->depth > 0 ? f->lists[f->depth - 1] :
		    NULL;

		list->as.list.ordered = ordered;
		list->as.list.start = start;
		if (outer == NULL) {
			flow_add(im, f, list);
			im->sum->lists++;
		} else if (outer->last != NULL)
			doc_append(outer->last, list);
		else {
			item = doc_node_new(DOC_ITEM, &para->pos);
			doc_append(outer, item);
			doc_append(item, list);
		}
		f->lists[f->depth++] = list;
	}
	if (num != NULL && (f->list == NULL || strcmp(f->num_id,
	    num->num_id) != 0)) {
		free(f->list);
		free(f->num_id);
		f->list = xstrdup(num->abs_id);
		f->num_id = xstrdup(num->num_id);
	}
	item = doc_node_new(DOC_ITEM, &para->pos);
	doc_append(f->lists[f->depth - 1], item);
	doc_append(item, para);
}

/* A list typed by hand: "– ", "- ", "• ", "* " or "1. ", "1) " before
 * the text.  Returns the marker's length, or 0; the number in *number
 * (0 for a bullet). */
static size_t
typed_marker(const char *s, long *number)
{
	static const char *const bullets[] = { "\xe2\x80\x93 ", "- ",
	    "\xe2\x80\xa2 ", "* ", "\xe2\x80\x94 " };
	size_t i, n;
	char *end;

	*number = 0;
	for (i = 0; i < sizeof(bullets) / sizeof(bullets[0]); i++)
		if (strncmp(s, bullets[i], strlen(bullets[i])) == 0)
			return strlen(bullets[i]);
	n = strspn(s, "0123456789");
	if (n == 0 || n > 3 || (s[n] != '.' && s[n] != ')') || s[n + 1] != ' ')
		return 0;
	*number = strtol(s, &end, 10);
	return n + 2;
}

/* Strips a typed marker of len bytes from the paragraph's first text. */
static void
strip_marker(struct doc_node *para, size_t len)
{
	struct doc_node *t = para->first;

	while (t != NULL && t->type != DOC_TEXT)
		t = t->first;
	if (t != NULL && strlen(t->as.text.s) >= len)
		memmove(t->as.text.s, t->as.text.s + len,
		    strlen(t->as.text.s + len) + 1);
}

/* The text at the start of a paragraph, for its typed marker. */
static const char *
first_text(const struct doc_node *para)
{
	const struct doc_node *t = para->first;

	while (t != NULL && t->type != DOC_TEXT)
		t = t->first;
	return t != NULL ? t->as.text.s : "";
}

static void
text_block(struct importer *im, struct flow *f, struct doc_node *para,
    const struct style *st, const xmlNode *ppr)
{
	const xmlNode *np = child(ppr, "numPr");
	char *num_id = np != NULL ? attr(child(np, "numId"), "val") : NULL;
	const struct numbering *num;
	int ilvl = np != NULL ? int_attr(child(np, "ilvl"), "val", 0) : 0;
	long number;
	size_t marker;

	if (num_id == NULL && st != NULL && st->num_id != NULL) {
		num_id = xstrdup(st->num_id);
		ilvl = st->ilvl;
	}
	if (num_id != NULL && strcmp(num_id, "0") != 0 &&
	    (num = numbering(im, num_id)) != NULL && ilvl >= 0) {
		const struct num_level *l = &num->levels[ilvl <= LIST_DEPTH ?
		    ilvl : LIST_DEPTH];

		list_item(im, f, para, ilvl, l->ordered, l->start, num);
		free(num_id);
		return;
	}
	free(num_id);
	marker = typed_marker(first_text(para), &number);
	if (marker > 0 && (number == 0 || (f->depth > 0 && f->typed &&
	    number == f->next_number) || number == 1)) {
		if (f->depth == 0 || !f->typed || (number == 0) !=
		    (f->next_number == 0))
			flow_break(f);
		strip_marker(para, marker);
		list_item(im, f, para, 0, number != 0, (int)number, NULL);
		f->typed = 1;
		f->next_number = number != 0 ? number + 1 : 0;
		return;
	}
	if (st != NULL && st->role == ROLE_QUOTE) {
		if (f->quote == NULL) {
			flow_break(f);
			f->quote = doc_node_new(DOC_QUOTE, &para->pos);
			flow_add(im, f, f->quote);
		}
		doc_append(f->quote, para);
		return;
	}
	flow_break(f);
	flow_add(im, f, para);
}

/* Sections. */

static struct doc_node *
open_section(struct importer *im, int level, const char *title)
{
	struct doc_node *s;

	if (level > DOC_MAX_LEVEL) {
		unmapped(im, N_("a heading below level 3 is set at level 3, the "
		    "deepest of a plan"), NULL);
		level = DOC_MAX_LEVEL;
	}
	if (level > im->level + 1)
		level = im->level + 1;	/* a level skipped: the next one */
	s = doc_section_new(level == 1 ? im->doc->root :
	    im->sections[level - 1], level, title, NULL, &im->doc->root->pos);
	im->sections[level] = s;
	im->level = level;
	flow_init(&im->flow, s);
	im->sum->sections++;
	return s;
}

/* Front matter: the cover and the title page, before the first heading. */

static const char *const months[] = { "januari", "februari", "mars", "april",
    "maj", "juni", "juli", "augusti", "september", "oktober", "november",
    "december" };

/* "September 2017", "28 september 2017", "2017-09-28" or "2017". */
static int
swedish_date(const char *s, struct doc_date *date)
{
	char word[32];
	int day = 0, year = 0, k;
	const char *why;

	memset(date, 0, sizeof(*date));
	if (doc_date_parse(s, date, &why) == 0 && date->year != 0)
		return 0;
	memset(date, 0, sizeof(*date));
	if (sscanf(s, "%d %31s %d", &day, word, &year) != 3) {
		day = 0;
		if (sscanf(s, "%31s %d", word, &year) != 2)
			return -1;
	}
	for (k = 0; k < 12; k++)
		if (strcasecmp(word, months[k]) == 0)
			break;
	if (k == 12 || year < 1900 || year > 2999 || day < 0 || day > 31)
		return -1;
	date->year = year;
	date->month = k + 1;
	date->day = day;
	date->present = 1;
	return 0;
}

/* The value after "Label:", when the text starts with it. */
static const char *
labelled(const char *text, const char *label)
{
	size_t n = strlen(label);

	if (strncasecmp(text, label, n) != 0 || text[n] != ':')
		return NULL;
	return text + n + 1 + strspn(text + n + 1, " \t");
}

static void
set_str(struct doc_str *to, const char *s, const char *file)
{
	free(to->s);
	to->s = xstrdup(s);
	to->pos.file = file;
}

static int
same_date(const struct doc_date *a, const struct doc_date *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day;
}

/* A label's value, when it is the first or the same again; 0 when the
 * label had another value already, so that this one is kept as text. */
static int
meta_value(struct doc_str *to, const char *v, const char *file)
{
	if (to->s != NULL)
		return strcmp(to->s, v) == 0;
	set_str(to, v, file);
	return 1;
}

/* Whether the paragraph was the cover's or the title page's. */
static int
front_matter(struct importer *im, struct doc_node *para)
{
	struct doc_meta *m = &im->doc->meta;
	const char *file = im->doc->file, *v;
	struct buf text = { 0 };
	struct doc_date date;
	char *t;
	int used = 1;

	flat_text(para, &text);
	t = trim(text.data != NULL ? text.data : "");
	if (has_footnote(para))
		used = 0;	/* the note needs text to stand in */
	else if (strcasecmp(t, "stockholm.se") == 0 || strcasecmp(t,
	    "Innehåll") == 0 || strcasecmp(t, "Innehållsförteckning") == 0)
		;	/* the cover's address; hplan makes its own contents */
	else if ((v = labelled(t, "Dnr")) != NULL)
		used = meta_value(&m->dnr, v, file);
	else if ((v = labelled(t, "Kontaktperson")) != NULL)
		used = meta_value(&m->contact, v, file);
	else if ((v = labelled(t, "Utgivningsdatum")) != NULL) {
		if (*v != '\0' && (swedish_date(v, &date) != 0 ||
		    (m->published.year != 0 && !same_date(&date,
		    &m->published))))
			used = 0;	/* not a date, or another: as text */
		else if (*v != '\0')
			m->published = date;
		m->published.present = 1;
	} else if (swedish_date(t, &date) == 0) {
		if (m->date.year == 0)
			m->date = date;
		else if (!same_date(&date, &m->date))
			used = 0;	/* another date than the cover's */
	}
	else if (m->title.s == NULL)
		set_str(&m->title, t, file);
	else if (strcmp(m->title.s, t) == 0)
		;	/* the title page repeats the cover's */
	else if (m->title_page_title.s == NULL)
		set_str(&m->title_page_title, t, file);
	else
		used = 0;
	buf_free(&text);
	return used;
}

/* The nämnd named in the title: "Norrmalms stadsdelsnämnds handlingsplan"
 * is Norrmalms stadsdelsnämnd, "Socialnämndens handlingsplan" is
 * Socialnämnden. */
static void
guess_board(struct importer *im)
{
	struct doc_meta *m = &im->doc->meta;
	const char *title = m->title.s != NULL ? m->title.s : "";
	const char *p, *start;
	struct buf name = { 0 };

	if ((p = strstr(title, "stadsdelsnämnds")) != NULL) {
		for (start = p; start > title && start[-1] != ' '; start--)
			;
		if (start > title) {
			const char *w = start - 1;

			while (w > title && w[-1] != ' ')
				w--;
			start = w;
		}
		buf_add(&name, start, (size_t)(p - start) +
		    strlen("stadsdelsnämnd"));
		m->board_kind = DOC_BOARD_DISTRICT;
	} else if ((p = strstr(title, "nämndens")) != NULL) {
		for (start = p; start > title && start[-1] != ' '; start--)
			;
		buf_add(&name, start, (size_t)(p - start) + strlen("nämnden"));
		m->board_kind = DOC_BOARD_SPECIALIST;
	}
	if (name.data == NULL) {
		buf_adds(&name, "FYLL I");
		m->board_kind = DOC_BOARD_DISTRICT;
		unmapped(im, N_("the title does not name the nämnd; 'nämnd' is "
		    "left to fill in (FYLL I), as a stadsdelsnämnd"), NULL);
	}
	set_str(&m->board, name.data, im->doc->file);
	buf_free(&name);
}

/* Text before the first heading that is neither cover nor title page:
 * a section of its own, at the start (reported once). */
static struct flow *
front_flow(struct importer *im)
{
	struct doc_node *s;

	if (im->front.parent != NULL)
		return &im->front;
	s = doc_section_new(im->doc->root, 1, "Text före första rubriken",
	    NULL, &im->doc->root->pos);
	flow_init(&im->front, s);
	im->sum->sections++;
	unmapped(im, N_("text before the first heading is put in a section "
	    "of its own, '%s'"), s->as.section.title);
	return &im->front;
}

/* Tables. */

/* A column's name as compared: lower case, without spaces, hyphens
 * (soft ones too) and underscores. */
static void
squash(const char *name, struct buf *out)
{
	struct buf low = { 0 };
	const char *s;

	doc_lower(name, &low);
	for (s = low.data != NULL ? low.data : ""; *s != '\0'; s++)
		if (strncmp(s, "\xc2\xad", 2) == 0)
			s++;
		else if (strchr(" \t-_", *s) == NULL)
			buf_addc(out, *s);
	buf_free(&low);
}

/* The column a header names, case, spaces and hyphens ignored. */
static enum doc_colkey
column_key(const char *header)
{
	static const struct {
		const char	*name;
		enum doc_colkey	 key;
	} extra[] = {
		{ "senastklar", DOC_COL_SENAST_KLART },
		{ "syfte", DOC_COL_SYFTE },
		{ "åtgärder", DOC_COL_ATGARD },
		{ "aktiviteter", DOC_COL_AKTIVITET },
		{ "ansvariga", DOC_COL_ANSVARIG },
	};
	struct buf a = { 0 }, b = { 0 };
	enum doc_colkey k, found = DOC_COL_NONE;
	size_t i;

	squash(header, &a);
	if (a.data == NULL)
		return DOC_COL_NONE;
	for (k = 0; k < DOC_COL__MAX && found == DOC_COL_NONE; k++) {
		buf_free(&b);
		squash(doc_colkey_header(k), &b);
		if (strcmp(a.data, b.data) == 0)
			found = k;
	}
	for (i = 0; found == DOC_COL_NONE && i < sizeof(extra) /
	    sizeof(extra[0]); i++)
		if (strcmp(a.data, extra[i].name) == 0)
			found = extra[i].key;
	buf_free(&a);
	buf_free(&b);
	return found;
}

/* An action's id from its first words: lower case, å ä ö kept, unique in
 * the plan. */
static char *
action_id(struct importer *im, const struct doc_node *field)
{
	struct buf text = { 0 }, low = { 0 }, id = { 0 }, try = { 0 };
	const unsigned char *s;
	int words = 0, in_word = 0, n;
	size_t i, k;

	flat_text(field->first != NULL ? field->first : field, &text);
	doc_lower(text.data != NULL ? text.data : "", &low);
	buf_free(&text);
	/* The letters an id may have (doc_id_valid): a-z, å, ä, ö. */
	for (s = (const unsigned char *)(low.data != NULL ? low.data : "");
	    *s != '\0' && words < 3; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9' &&
		    id.len > 0)) {
			buf_addc(&id, (char)*s);
			in_word = 1;
		} else if (s[0] == 0xc3 && (s[1] == 0xa5 || s[1] == 0xa4 ||
		    s[1] == 0xb6)) {
			buf_add(&id, (const char *)s, 2);
			s++;
			in_word = 1;
		} else if (in_word) {
			words++;
			if (words < 3)
				buf_addc(&id, '-');
			in_word = 0;
		}
	}
	while (id.len > 0 && id.data[id.len - 1] == '-')
		id.data[--id.len] = '\0';
	if (id.len == 0)
		buf_adds(&id, "atgard");
	buf_free(&low);
	/* The next number for this beginning, tried until it is free. */
	for (k = 0; k < im->nbases && strcmp(im->bases[k].base, id.data) != 0;
	    k++)
		;
	if (k == im->nbases) {
		im->bases = xgrow(im->bases, &im->bases_cap, k + 1,
		    sizeof(*im->bases));
		im->bases[k].base = xstrdup(id.data);
		im->bases[k].next = 1;
		im->nbases++;
	}
	for (;;) {
		n = im->bases[k].next++;
		buf_free(&try);
		buf_adds(&try, id.data);
		if (n > 1)
			buf_printf(&try, "-%d", n);
		for (i = 0; i < im->nids && strcmp(im->ids[i], try.data) != 0;
		    i++)
			;
		if (i == im->nids)
			break;
	}
	im->ids = xgrow(im->ids, &im->ids_cap, im->nids + 1, sizeof(*im->ids));
	im->ids[im->nids++] = xstrdup(try.data);
	buf_free(&id);
	return buf_take(&try);
}

static void	cell_blocks(struct importer *, const xmlNode *,
		    struct doc_node *);

/* The elements named name under n, in *out (of *count), through the
 * wrappers Word puts around rows and cells: content controls, custom XML,
 * tracked insertions, alternative content. */
static void
collect(const xmlNode *n, const char *name, const xmlNode ***out,
    size_t *count, size_t *cap)
{
	const xmlNode *c;

	for (c = n->children; c != NULL; c = c->next) {
		if (is_w(c, name)) {
			*out = xgrow(*out, cap, *count + 1, sizeof(**out));
			(*out)[(*count)++] = c;
		} else if (is_w(c, "sdt") && child(c, "sdtContent") != NULL)
			collect(child(c, "sdtContent"), name, out, count, cap);
		else if (is_w(c, "customXml") || is_w(c, "ins") ||
		    is_w(c, "moveTo"))
			collect(c, name, out, count, cap);
		else if (is_mc(c, "AlternateContent") && alternative(c) != NULL)
			collect(alternative(c), name, out, count, cap);
	}
}

/* The cells of a row, merged ones reported; a new array of *n. */
static const xmlNode **
row_cells(struct importer *im, const xmlNode *tr, size_t *n)
{
	const xmlNode **cells = NULL;
	size_t cap = 0, i;

	*n = 0;
	collect(tr, "tc", &cells, n, &cap);
	for (i = 0; i < *n; i++) {
		const xmlNode *pr = child(cells[i], "tcPr");

		if (child(pr, "gridSpan") != NULL && int_attr(child(pr,
		    "gridSpan"), "val", 1) > 1)
			unmapped(im, N_("a cell merged across columns is kept "
			    "as one cell"), NULL);
		if (child(pr, "vMerge") != NULL)
			unmapped(im, N_("a cell merged with the one above or "
			    "below is kept as cells of their own"), NULL);
	}
	return cells;
}

/* The texts of the footnotes under n, for a report. */
static void
note_texts(const struct doc_node *n, struct buf *out)
{
	const struct doc_node *c;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type != DOC_FOOTNOTE) {
			note_texts(c, out);
			continue;
		}
		if (out->len > 0)
			buf_adds(out, " ");
		flat_text(c, out);
	}
}

/* The text of all of a cell's blocks, one line, for a column's heading. */
static void
cell_text(const struct doc_node *cell, struct buf *out)
{
	const struct doc_node *b;

	for (b = cell->first; b != NULL; b = b->next) {
		if (out->len > 0)
			buf_addc(out, ' ');
		flat_text(b, out);
	}
}

/* The label and value of a title page's table row ("Dnr" | "3.1.1-…"),
 * in label and value; 0 when the row is not one. */
static int
label_row(const xmlNode *tr, struct buf *label, struct buf *value)
{
	static const char *const labels[] = { "Dnr", "Utgivningsdatum",
	    "Kontaktperson" };
	const xmlNode *tc, *cells[3];
	size_t n = 0, i;
	char *l;

	for (tc = tr->children; tc != NULL && n < 3; tc = tc->next)
		if (is_w(tc, "tc"))
			cells[n++] = tc;
	if (n != 2)
		return 0;
	plain_text(cells[0], label);
	plain_text(cells[1], value);
	l = trim(label->data != NULL ? label->data : "");
	if (*l != '\0' && l[strlen(l) - 1] == ':')
		l[strlen(l) - 1] = '\0';
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcasecmp(l, labels[i]) == 0) {
			buf_free(label);
			buf_adds(label, labels[i]);
			return 1;
		}
	return 0;
}

/* A title page's table of labels and values: metadata, when every row is
 * one.  Returns whether it was. */
static int
title_page_table(struct importer *im, const xmlNode *tbl)
{
	struct buf label = { 0 }, value = { 0 }, text = { 0 };
	const xmlNode *tr;
	int all = 1, rows = 0;

	for (tr = tbl->children; tr != NULL && all; tr = tr->next)
		if (is_w(tr, "tr")) {
			all = label_row(tr, &label, &value);
			rows++;
			buf_free(&label);
			buf_free(&value);
		}
	if (!all || rows == 0)
		return 0;
	for (tr = tbl->children; tr != NULL; tr = tr->next) {
		struct doc_node *para;

		if (!is_w(tr, "tr"))
			continue;
		label_row(tr, &label, &value);
		buf_printf(&text, "%s: %s", label.data, value.data != NULL ?
		    trim(value.data) : "");
		para = doc_node_new(DOC_PARAGRAPH, &im->doc->root->pos);
		add_text(para, &(struct format){ 0, 0 }, text.data);
		front_matter(im, para);
		doc_node_free(para);
		buf_free(&label);
		buf_free(&value);
		buf_free(&text);
	}
	return 1;
}

/* An action's fields in the plan's order, its id from its words; one
 * without the action's own text gets FYLL I, to keep its other cells. */
static void
action_row(struct importer *im, struct doc_node *row)
{
	struct doc_node *f, *sorted[DOC_FIELD__MAX] = { 0 };
	int k;

	while ((f = row->first) != NULL) {
		doc_unlink(f);
		sorted[f->as.field.field] = f;
	}
	if (sorted[DOC_FIELD_ACTION] == NULL) {
		struct doc_node *p = doc_node_new(DOC_PARAGRAPH, &row->pos);

		f = doc_node_new(DOC_FIELD, &row->pos);
		f->as.field.field = DOC_FIELD_ACTION;
		f->as.field.key = doc_table_column(row->parent,
		    DOC_FIELD_ACTION)->key;
		add_text(p, &(struct format){ 0, 0 }, "FYLL I");
		doc_append(f, p);
		sorted[DOC_FIELD_ACTION] = f;
		unmapped(im, N_("a row without the action's own text gets %s "
		    "there"), "FYLL I");
	}
	for (k = 0; k < DOC_FIELD__MAX; k++)
		if (sorted[k] != NULL)
			doc_append(row, sorted[k]);
	row->as.action.id = action_id(im, sorted[DOC_FIELD_ACTION]);
	im->sum->actions++;
}

static void
table(struct importer *im, const xmlNode *tbl)
{
	const xmlNode **rows = NULL, **cells = NULL, *cap;
	enum doc_colkey keys[DOC_MAX_COLUMNS];
	struct doc_node *t, *head = NULL;
	size_t nrows = 0, rows_cap = 0, ncells = 0, r, i, k;
	int actions = 1, fields = 0, seen[DOC_FIELD__MAX] = { 0 };
	struct flow *f;

	if (im->in_contents || (im->level == 0 &&
	    title_page_table(im, tbl)))
		return;
	f = im->level == 0 ? front_flow(im) : &im->flow;
	collect(tbl, "tr", &rows, &nrows, &rows_cap);
	/* The header is the first row with cells. */
	for (r = 0; r < nrows && ncells == 0; r++) {
		free(cells);
		cells = row_cells(im, rows[r], &ncells);
	}
	if (ncells == 0 || ncells > DOC_MAX_COLUMNS) {
		struct buf text = { 0 };

		plain_text(tbl, &text);
		if (text.len > 0)
			unmapped(im, N_("a table of more than 12 columns, more "
			    "than a page holds, is left out: \"%s\""),
			    text.data);
		buf_free(&text);
		free(cells);
		free(rows);
		return;
	}
	head = doc_node_new(DOC_ROW, &im->doc->root->pos);
	for (i = 0; i < ncells; i++) {
		struct doc_node *cell = doc_node_new(DOC_CELL, &head->pos);
		struct buf text = { 0 };

		doc_append(head, cell);
		cell_blocks(im, cells[i], cell);
		if (has_footnote(cell)) {
			struct buf note = { 0 };

			note_texts(cell, &note);
			unmapped(im, N_("a footnote in a column's heading is "
			    "left out: \"%s\""), note.data != NULL ? note.data :
			    "");
			buf_free(&note);
		}
		cell_text(cell, &text);
		keys[i] = column_key(text.data != NULL ? trim(text.data) : "");
		if (keys[i] == DOC_COL_NONE ||
		    seen[doc_colkey_field(keys[i])]++)
			actions = 0;
		else if (doc_colkey_field(keys[i]) == DOC_FIELD_ACTION)
			fields++;
		buf_free(&text);
	}
	actions = actions && fields == 1;
	t = doc_node_new(actions ? DOC_ACTIONS : DOC_TABLE, &head->pos);
	t->as.table.cols = xcalloc(ncells, sizeof(*t->as.table.cols));
	t->as.table.ncols = ncells;
	for (i = 0; i < ncells; i++) {
		struct doc_column *c = &t->as.table.cols[i];
		struct doc_node *cell = head->first;
		struct buf text = { 0 };

		for (k = 0; k < i; k++)
			cell = cell->next;
		cell_text(cell, &text);
		c->key = actions ? keys[i] : DOC_COL_NONE;
		if (!actions || strcmp(trim(text.data != NULL ? text.data :
		    ""), doc_colkey_header(keys[i])) != 0)
			c->header = xstrdup(trim(text.data != NULL ? text.data :
			    ""));
		buf_free(&text);
	}
	doc_node_free(head);
	cap = child(child(tbl, "tblPr"), "tblCaption");
	if (im->caption != NULL) {
		struct buf text = { 0 };

		flat_text(im->caption, &text);
		t->as.table.caption = xstrdup(trim(text.data != NULL ?
		    text.data : ""));
		buf_free(&text);
		doc_node_free(im->caption);
		im->caption = NULL;
	} else if (cap != NULL)
		t->as.table.caption = attr(cap, "val");
	flow_break(f);
	flow_add(im, f, t);
	for (; r < nrows; r++) {
		struct doc_node *row;

		free(cells);
		cells = row_cells(im, rows[r], &ncells);
		if (ncells > t->as.table.ncols)
			unmapped(im, N_("a row with more cells than the "
			    "table's header has the text of the others in its "
			    "last cell"), NULL);
		row = doc_node_new(actions ? DOC_ACTION : DOC_ROW, &t->pos);
		doc_append(t, row);
		for (i = 0; i < t->as.table.ncols; i++) {
			struct doc_node *cell = doc_node_new(actions ?
			    DOC_FIELD : DOC_CELL, &t->pos);

			if (actions) {
				cell->as.field.field = doc_colkey_field(keys[i]);
				cell->as.field.key = keys[i];
			}
			/* The last column takes the cells beyond it. */
			for (k = i; k < ncells && (k == i || i + 1 ==
			    t->as.table.ncols); k++)
				cell_blocks(im, cells[k], cell);
			if (!actions || has_text(cell))
				doc_append(row, cell);
			else
				doc_node_free(cell);
		}
		if (actions)
			action_row(im, row);
	}
	free(cells);
	free(rows);
	if (actions)
		im->sum->action_tables++;
	else
		im->sum->tables++;
}

/* The body: paragraphs, tables and what holds them. */

/* A caption that no table followed is a paragraph of the text. */
static void
flush_caption(struct importer *im)
{
	if (im->caption == NULL)
		return;
	im->sum->paragraphs++;
	text_block(im, &im->flow, im->caption, NULL, NULL);
	im->caption = NULL;
}

static void
paragraph(struct importer *im, const xmlNode *p, struct flow *f)
{
	const xmlNode *ppr = child(p, "pPr");
	char *sid = attr(child(ppr, "pStyle"), "val");
	const struct style *st = style(im, sid);
	struct doc_node *para = doc_node_new(DOC_PARAGRAPH,
	    &im->doc->root->pos);
	int level = 0, outline;
	struct buf text = { 0 };

	free(sid);
	im->para_no++;
	free(im->excerpt);
	im->excerpt = excerpt_of(p);
	im->told_insert = im->told_delete = 0;
	inlines(im, p, para);
	fields_at_paragraph_end(im);
	trim_edges(para);
	prune(im, para);
	if (st != NULL && st->role == ROLE_HEADING)
		level = st->level;
	if (child(ppr, "outlineLvl") != NULL && (outline = int_attr(child(ppr,
	    "outlineLvl"), "val", 9)) >= 0 && outline < 9)
		level = outline + 1;
	if ((st != NULL && st->role == ROLE_CONTENTS) || !has_text(para)) {
		doc_node_free(para);
		return;
	}
	if (f != NULL) {
		text_block(im, f, para, st, ppr);
		return;
	}
	flat_text(para, &text);
	if (level > 0 && text.data != NULL && *trim(text.data) != '\0') {
		struct doc_node *fn, *next, *np = NULL;

		flush_caption(im);
		open_section(im, level, trim(text.data));
		buf_free(&text);
		/* Footnotes on a heading go with its section's text. */
		for (fn = para->first; fn != NULL; fn = next) {
			next = fn->next;
			if (fn->type != DOC_FOOTNOTE)
				continue;
			if (np == NULL) {
				np = doc_node_new(DOC_PARAGRAPH, &para->pos);
				flow_add(im, &im->flow, np);
				unmapped(im, N_("a footnote on a heading is "
				    "put in a paragraph of its own under it"),
				    NULL);
			}
			doc_unlink(fn);
			doc_append(np, fn);
		}
		doc_node_free(para);
		return;
	}
	if (level > 0)
		unmapped(im, N_("a heading without text is kept as a "
		    "paragraph"), NULL);
	buf_free(&text);
	if (im->level == 0 && front_matter(im, para)) {
		doc_node_free(para);
		return;
	}
	if (st != NULL && st->role == ROLE_CAPTION && im->level > 0 &&
	    !has_footnote(para)) {
		flush_caption(im);
		im->caption = para;
		return;
	}
	flush_caption(im);
	if (im->level == 0) {
		text_block(im, front_flow(im), para, st, ppr);
		im->sum->paragraphs++;
		return;
	}
	im->sum->paragraphs++;
	text_block(im, &im->flow, para, st, ppr);
}

/* A cell's content, as blocks of its flow f: paragraphs, and what Word
 * wraps them in; a table in it is kept as its text. */
static void
cell_content(struct importer *im, const xmlNode *n, struct flow *f)
{
	const xmlNode *c;

	for (c = n->children; c != NULL; c = c->next) {
		struct doc_node *p;
		struct buf text = { 0 };

		if (is_w(c, "p")) {
			paragraph(im, c, f);
			continue;
		}
		if (is_w(c, "sdt")) {
			if (child(c, "sdtContent") != NULL)
				cell_content(im, child(c, "sdtContent"), f);
			continue;
		}
		if (is_w(c, "customXml") || is_w(c, "ins") ||
		    is_w(c, "moveTo")) {
			cell_content(im, c, f);
			continue;
		}
		if (is_mc(c, "AlternateContent")) {
			if (alternative(c) != NULL)
				cell_content(im, alternative(c), f);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || is_w(c, "tcPr"))
			continue;
		p = doc_node_new(DOC_PARAGRAPH, &f->parent->pos);
		if (is_w(c, "tbl")) {
			plain_text(c, &text);
			unmapped(im, N_("a table inside a table cell is kept as "
			    "its text: \"%s\""), text.data != NULL ?
			    text.data : "");
			add_text(p, &(struct format){ 0, 0 }, text.data != NULL ?
			    text.data : "");
			buf_free(&text);
		} else
			unknown(im, c, p);
		if (has_text(p))
			text_block(im, f, p, NULL, NULL);
		else
			doc_node_free(p);
	}
}

static void
cell_blocks(struct importer *im, const xmlNode *tc, struct doc_node *cell)
{
	struct flow f = { 0 };

	flow_init(&f, cell);
	cell_content(im, tc, &f);
	flow_init(&f, NULL);
}

static void
body(struct importer *im, const xmlNode *b)
{
	const xmlNode *c;

	for (c = b->children; c != NULL; c = c->next) {
		if (is_w(c, "p"))
			paragraph(im, c, NULL);
		else if (is_w(c, "tbl"))
			table(im, c);
		else if (is_w(c, "sdt")) {
			if (child(c, "sdtContent") != NULL)
				body(im, child(c, "sdtContent"));
		}
		else if (is_w(c, "customXml") || is_w(c, "ins") ||
		    is_w(c, "moveTo"))
			body(im, c);
		else if (is_w(c, "altChunk"))
			unmapped(im, N_("an embedded document is left out"),
			    NULL);
		else if (is_mc(c, "AlternateContent")) {
			if (alternative(c) != NULL)
				body(im, alternative(c));
		} else if (c->type == XML_ELEMENT_NODE && !is_w(c, "sectPr")) {
			struct doc_node *p = doc_node_new(DOC_PARAGRAPH,
			    &im->doc->root->pos);

			unknown(im, c, p);
			if (has_text(p))
				text_block(im, im->level == 0 ? front_flow(im) :
				    &im->flow, p, NULL, NULL);
			else
				doc_node_free(p);
		}
	}
}

static void
importer_free(struct importer *im)
{
	size_t i;

	for (i = 0; i < im->nstyles; i++) {
		free(im->styles[i].id);
		free(im->styles[i].based_on);
		free(im->styles[i].num_id);
	}
	free(im->styles);
	for (i = 0; i < im->nnums; i++) {
		free(im->nums[i].num_id);
		free(im->nums[i].abs_id);
	}
	for (i = 0; i < im->nids; i++)
		free(im->ids[i]);
	free(im->ids);
	for (i = 0; i < im->nbases; i++)
		free(im->bases[i].base);
	free(im->bases);
	free(im->nums);
	index_free(&im->footnote_ix);
	index_free(&im->endnote_ix);
	index_free(&im->comment_ix);
	xmlFreeDoc(im->footnotes);
	xmlFreeDoc(im->endnotes);
	xmlFreeDoc(im->comments);
	xmlFreeDoc(im->rels);
	free(im->excerpt);
	doc_node_free(im->caption);
	while (im->field_depth > 0)
		field_end(im);
	flow_init(&im->flow, NULL);
	flow_init(&im->front, NULL);
	buf_free(&im->instr);
	if (im->zip != NULL)
		zip_discard(im->zip);
}

/* A date when the document gives none: the year and month it was last
 * saved (docProps/core.xml), reported. */
static void
fallback_date(struct importer *im)
{
	struct doc_meta *m = &im->doc->meta;
	xmlDocPtr x = part(im, "docProps/core.xml", 0);
	xmlNodePtr n;
	const char *why;

	for (n = x != NULL ? xmlDocGetRootElement(x)->children : NULL;
	    n != NULL && m->date.year == 0; n = n->next) {
		xmlChar *t;
		char ym[8];

		if (n->type != XML_ELEMENT_NODE || (strcmp((const char *)n->name,
		    "modified") != 0 && strcmp((const char *)n->name,
		    "created") != 0) || (t = xmlNodeGetContent(n)) == NULL)
			continue;
		snprintf(ym, sizeof(ym), "%.7s", (const char *)t);
		xmlFree(t);
		if (doc_date_parse(ym, &m->date, &why) != 0)
			memset(&m->date, 0, sizeof(m->date));
	}
	xmlFreeDoc(x);
	if (m->date.year == 0) {
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		m->date.year = tm.tm_year + 1900;
		m->date.month = tm.tm_mon + 1;
		unmapped(im, N_("no date was found; 'datum' is this month: "
		    "correct it"), NULL);
	} else
		unmapped(im, N_("no date was found on the cover; 'datum' is the "
		    "month the file was saved: correct it if need be"), NULL);
	m->date.present = 1;
}

/* A requirement of kommunstyrelsen's that no section is marked as
 * answering: the section that mentions its subject is marked, to be
 * checked by the author; one that none mentions is reported. */
static void
mark_requirement(const char *id, struct doc_node *section, void *arg)
{
	struct importer *im = arg;
	struct diag_pos pos = { im->path, 0, 0 };
	char *krav;

	im->sum->unmapped++;
	if (section == NULL) {
		diag_report(im->d, DIAG_WARNING, &pos, "no section answers %s; "
		    "write one and mark it krav: [%s] ('hplan check' tells "
		    "more)", id, id);
		return;
	}
	diag_report(im->d, DIAG_WARNING, &pos, "the section '%s' is marked as "
	    "answering %s, as it mentions the subject; check that it does "
	    "('hplan check --rules' quotes the requirement)",
	    section->as.section.title, id);
	krav = section->as.section.krav;
	if (krav == NULL)
		section->as.section.krav = xstrdup(id);
	else {
		struct buf ids = { 0 };

		buf_printf(&ids, "%s %s", krav, id);
		free(krav);
		section->as.section.krav = buf_take(&ids);
	}
}

struct doc *
docx_in_parse(const char *path, const char *data, size_t len,
    struct docx_summary *summary, struct diag *d)
{
	struct importer im;
	struct diag_pos pos = { path, 0, 0 };
	xmlDocPtr doc_xml;
	xmlNodePtr root;
	zip_source_t *src;
	zip_error_t ze;
	unsigned errors = d->errors;

	memset(&im, 0, sizeof(im));
	memset(summary, 0, sizeof(*summary));
	im.path = path;
	im.d = d;
	im.sum = summary;
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(data, len, 0, &ze)) == NULL ||
	    (im.zip = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		diag_report(d, DIAG_ERROR, &pos, "not a Word document (.docx): "
		    "%s", zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return NULL;
	}
	zip_error_fini(&ze);
	if ((doc_xml = part(&im, "word/document.xml", 1)) == NULL ||
	    (root = xmlDocGetRootElement(doc_xml)) == NULL ||
	    child(root, "body") == NULL) {
		if (doc_xml != NULL)
			diag_report(d, DIAG_ERROR, &pos, "not a Word document: "
			    "word/document.xml has no body");
		xmlFreeDoc(doc_xml);
		importer_free(&im);
		return NULL;
	}
	read_styles(&im);
	read_numbering(&im);
	im.footnotes = part(&im, "word/footnotes.xml", 0);
	im.endnotes = part(&im, "word/endnotes.xml", 0);
	im.comments = part(&im, "word/comments.xml", 0);
	index_build(&im.footnote_ix, im.footnotes != NULL ?
	    xmlDocGetRootElement(im.footnotes) : NULL, "footnote", "id");
	index_build(&im.endnote_ix, im.endnotes != NULL ?
	    xmlDocGetRootElement(im.endnotes) : NULL, "endnote", "id");
	index_build(&im.comment_ix, im.comments != NULL ?
	    xmlDocGetRootElement(im.comments) : NULL, "comment", "id");
	im.rels = part(&im, "word/_rels/document.xml.rels", 0);
	im.doc = doc_new(path);
	body(&im, child(root, "body"));
	flush_caption(&im);
	if (im.in_contents) {
		char from[16];

		snprintf(from, sizeof(from), "%u", im.contents_from);
		unmapped(&im, N_("the table of contents that begins at "
		    "paragraph %s has no end: what follows it was taken for "
		    "contents and left out; end the field in Word"), from);
	}
	xmlFreeDoc(doc_xml);
	if (d->errors != errors) {
		doc_free(im.doc);
		importer_free(&im);
		return NULL;
	}
	if (im.doc->meta.title.s == NULL) {
		set_str(&im.doc->meta.title, "FYLL I", im.doc->file);
		unmapped(&im, N_("no title was found; 'titel' is left to fill "
		    "in (FYLL I)"), NULL);
	}
	guess_board(&im);
	if (im.doc->meta.date.year == 0)
		fallback_date(&im);
	if (im.doc->root->first == NULL) {
		diag_report(d, DIAG_ERROR, &pos, "the document has no text to "
		    "import");
		doc_free(im.doc);
		importer_free(&im);
		return NULL;
	}
	check_unmarked(im.doc, mark_requirement, &im);
	importer_free(&im);
	return im.doc;
}
