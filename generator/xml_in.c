#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "buf.h"
#include "encoding.h"
#include "intl.h"
#include "xalloc.h"
#include "xml_in.h"
#include "xml_out.h"

#define X(s)	((const xmlChar *)(s))

/* The schema, built into the program by CMake from handlingsplan.xsd. */
extern const char	xml_in_schema[];
extern const size_t	xml_in_schema_len;

struct xreader {
	const char	*file;
	struct diag	*d;
	struct doc	*doc;
	int		 space;	/* the inline text so far ends in a space */
	unsigned	 doctype; /* line of a refused DOCTYPE, or 0 */
	/* The source, for the columns of elements (libxml2 keeps only
	 * their lines): where each line starts, and where on the last line
	 * asked about the last element was found. */
	const char	*src;
	size_t		 srclen;
	size_t		*lines;
	size_t		 nlines;
	unsigned	 last_line;
	size_t		 last_at;
};

static void
on_error(void *ctx, xmlErrorPtr e)
{
	struct xreader *r = ctx;
	struct diag_pos pos = { r->file, 0, 0 };
	size_t len;
	char *msg;

	if (e == NULL || e->level == XML_ERR_NONE || e->message == NULL ||
	    r->doctype != 0)
		return;
	if (e->line > 0) {
		pos.line = (unsigned)e->line;
		pos.col = e->int2 > 0 ? (unsigned)e->int2 : 0;
	}
	/* libxml2's own limit, worded for its programmers. */
	if (strncmp(e->message, "Excessive depth", 15) == 0) {
		diag_report(r->d, DIAG_ERROR, &pos, "elements are nested more "
		    "than %d deep", e->int1);
		return;
	}
	/* The first line: later ones show bytes, without a place. */
	msg = xstrndup(e->message, strcspn(e->message, "\n"));
	len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		msg[--len] = '\0';
	/* libxml2's words, in English, after ours.  Schema messages name
	 * elements as {namespace}name. */
	diag_report(r->d, e->level == XML_ERR_WARNING ? DIAG_WARNING :
	    DIAG_ERROR, &pos, e->domain == XML_FROM_SCHEMASV ?
	    N_("the file does not follow the schema of hplan's archival XML: "
	    "%s") : N_("the file is not well-formed XML: %s"), msg);
	free(msg);
}

/*
 * A DOCTYPE is refused before anything in it is read, so that no entity is
 * ever defined, loaded or expanded.
 */
static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *public_id,
    const xmlChar *system_id)
{
	xmlParserCtxtPtr p = ctx;
	struct xreader *r = p->_private;

	(void)name;
	(void)public_id;
	(void)system_id;
	r->doctype = p->input != NULL && p->input->line > 0 ?
	    (unsigned)p->input->line : 1;
	xmlStopParser(p);
}

static void
index_lines(struct xreader *r)
{
	size_t i, cap = 0;

	r->lines = xgrow(r->lines, &cap, 1, sizeof(*r->lines));
	r->lines[r->nlines++] = 0;
	for (i = 0; i < r->srclen; i++)
		if (r->src[i] == '\n') {
			r->lines = xgrow(r->lines, &cap, r->nlines + 1,
			    sizeof(*r->lines));
			r->lines[r->nlines++] = i + 1;
		}
}

/* The first start tag <name in [from, end), or NULL. */
static const char *
find_tag(const char *from, const char *end, const xmlChar *name, size_t n)
{
	for (; from + n + 1 < end; from++)
		if (from[0] == '<' && memcmp(from + 1, name, n) == 0 &&
		    strchr(" \t\r\n/>", from[1 + n]) != NULL)
			return from;
	return NULL;
}

/*
 * The column of element x's start tag on its line, counted in characters;
 * elements are asked about in document order, so the search goes on from
 * the last one found on the same line.  0 when it is not found.
 */
static unsigned
column(struct xreader *r, xmlNodePtr x, unsigned line)
{
	size_t from, end, n = strlen((const char *)x->name), i;
	const char *tag;
	unsigned col = 1;

	if (line == 0 || line > r->nlines || x->type != XML_ELEMENT_NODE)
		return 0;
	from = r->lines[line - 1];
	end = line < r->nlines ? r->lines[line] : r->srclen;
	if (line == r->last_line && r->last_at > from)
		from = r->last_at;
	tag = find_tag(r->src + from, r->src + end, x->name, n);
	/* An element asked about twice is found again from the line's
	 * start. */
	if (tag == NULL)
		tag = find_tag(r->src + r->lines[line - 1], r->src + end,
		    x->name, n);
	if (tag == NULL)
		return 0;
	r->last_line = line;
	r->last_at = (size_t)(tag - r->src) + 1;
	for (i = r->lines[line - 1]; i < (size_t)(tag - r->src); i++)
		if (((unsigned char)r->src[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static void
node_pos(struct xreader *r, xmlNodePtr x, struct diag_pos *pos)
{
	long line = xmlGetLineNo(x);

	pos->file = r->file;
	pos->line = line > 0 ? (unsigned)line : 0;
	pos->col = column(r, x, pos->line);
}

static int
is(xmlNodePtr x, const char *name)
{
	return x->type == XML_ELEMENT_NODE && xmlStrcmp(x->name, X(name)) == 0;
}

/* The next element child from x on (x itself if it is one), or NULL. */
static xmlNodePtr
elem(xmlNodePtr x)
{
	while (x != NULL && x->type != XML_ELEMENT_NODE)
		x = x->next;
	return x;
}

static char *
content(xmlNodePtr x)
{
	xmlChar *c = xmlNodeGetContent(x);
	char *s = xstrdup(c != NULL ? (const char *)c : "");

	xmlFree(c);
	return s;
}

static char *
attr(xmlNodePtr x, const char *name)
{
	xmlChar *a = xmlGetProp(x, X(name));
	char *s;

	if (a == NULL)
		return NULL;
	s = xstrdup((const char *)a);
	xmlFree(a);
	return s;
}

static void
read_str(struct xreader *r, xmlNodePtr x, struct doc_str *out)
{
	out->s = content(x);
	node_pos(r, x, &out->pos);
}

/* A date, reported in the words of the plan's YAML key. */
static void
parse_date(struct xreader *r, const char *s, const char *key,
    struct doc_date *date)
{
	const char *why;

	if (s[0] != '\0' && doc_date_parse(s, date, &why) != 0) {
		diag_report(r->d, DIAG_ERROR, &date->pos, "'%s' is not a valid "
		    "date for '%s'", s, key);
		diag_report(r->d, DIAG_NOTE, &date->pos, "%s", _(why));
		date->year = date->month = date->day = 0;
	}
}

static void
read_date(struct xreader *r, xmlNodePtr x, const char *key,
    struct doc_date *date)
{
	char *s = content(x);

	date->present = 1;
	node_pos(r, x, &date->pos);
	parse_date(r, s, key, date);
	free(s);
}

/* The date in x's attribute date, placed at pos. */
static void
attr_date(struct xreader *r, xmlNodePtr x, const struct diag_pos *pos,
    struct doc_date *date)
{
	char *s = attr(x, "date");

	date->present = 1;
	date->pos = *pos;
	parse_date(r, s, "datum", date);
	free(s);
}

static void
attr_str(struct xreader *r, xmlNodePtr x, const char *name,
    struct doc_str *out)
{
	out->s = attr(x, name);
	node_pos(r, x, &out->pos);
}

static void
read_earlier(struct xreader *r, xmlNodePtr x, size_t *cap)
{
	struct doc_meta *m = &r->doc->meta;
	struct doc_version *h;
	char *v;

	m->history = xgrow(m->history, cap, m->nhistory + 1,
	    sizeof(*m->history));
	h = &m->history[m->nhistory++];
	memset(h, 0, sizeof(*h));
	node_pos(r, x, &h->pos);
	v = attr(x, "version");
	h->version = (unsigned)strtoul(v, NULL, 10);
	free(v);
	attr_date(r, x, &h->pos, &h->date);
	attr_str(r, x, "dnr", &h->dnr);
	attr_str(r, x, "note", &h->note);
	attr_str(r, x, "file", &h->file);
}

static void
read_decision(struct xreader *r, xmlNodePtr x)
{
	struct doc_decision *d = &r->doc->meta.decision;

	d->present = 1;
	node_pos(r, x, &d->pos);
	attr_str(r, x, "body", &d->body);
	attr_date(r, x, &d->pos, &d->date);
	attr_str(r, x, "paragraph", &d->paragraph);
	attr_str(r, x, "minutes", &d->minutes);
}

static void
read_meta(struct xreader *r, xmlNodePtr meta)
{
	struct doc_meta *m = &r->doc->meta;
	xmlNodePtr x;
	size_t cap = 0, hcap = 0;

	for (x = elem(meta->children); x != NULL; x = elem(x->next)) {
		if (is(x, "board")) {
			char *kind = attr(x, "kind");

			read_str(r, x, &m->board);
			m->board_kind = strcmp(kind, "facknämnd") == 0 ?
			    DOC_BOARD_SPECIALIST : DOC_BOARD_DISTRICT;
			free(kind);
		} else if (is(x, "administration"))
			read_str(r, x, &m->administration);
		else if (is(x, "title"))
			read_str(r, x, &m->title);
		else if (is(x, "titlePageTitle"))
			read_str(r, x, &m->title_page_title);
		else if (is(x, "date"))
			read_date(r, x, "datum", &m->date);
		else if (is(x, "dnr"))
			read_str(r, x, &m->dnr);
		else if (is(x, "published"))
			read_date(r, x, "utgivningsdatum", &m->published);
		else if (is(x, "contact"))
			read_str(r, x, &m->contact);
		else if (is(x, "version")) {
			char *v = content(x);

			m->version = (unsigned)strtoul(v, NULL, 10);
			free(v);
		} else if (is(x, "decision")) {
			read_decision(r, x);
		} else if (is(x, "earlier")) {
			read_earlier(r, x, &hcap);
		} else if (is(x, "label")) {
			struct doc_label *l;

			m->labels = xgrow(m->labels, &cap, m->nlabels + 1,
			    sizeof(*m->labels));
			l = &m->labels[m->nlabels++];
			read_str(r, x, &l->value);
			l->label.s = attr(x, "name");
			l->label.pos = l->value.pos;
		}
	}
}

/* A tjänsteutlåtande's own metadata. */
static void
read_case(struct xreader *r, xmlNodePtr c)
{
	struct doc_memo *m = r->doc->memo;
	xmlNodePtr x;
	size_t scap = 0, acap = 0;

	for (x = elem(c->children); x != NULL; x = elem(x->next)) {
		if (is(x, "plan"))
			read_str(r, x, &m->plan);
		else if (is(x, "unit"))
			read_str(r, x, &m->unit);
		else if (is(x, "officer")) {
			read_str(r, x, &m->officer);
			attr_str(r, x, "phone", &m->phone);
			attr_str(r, x, "email", &m->email);
		} else if (is(x, "to"))
			read_str(r, x, &m->to);
		else if (is(x, "signature")) {
			struct doc_signature *sig;

			m->signatures = xgrow(m->signatures, &scap,
			    m->nsignatures + 1, sizeof(*m->signatures));
			sig = &m->signatures[m->nsignatures++];
			memset(sig, 0, sizeof(*sig));
			read_str(r, x, &sig->name);
			attr_str(r, x, "title", &sig->title);
		} else if (is(x, "address")) {
			m->address = xgrow(m->address, &acap, m->naddress + 1,
			    sizeof(*m->address));
			memset(&m->address[m->naddress], 0,
			    sizeof(*m->address));
			read_str(r, x, &m->address[m->naddress++]);
		} else if (is(x, "switchboard"))
			read_str(r, x, &m->switchboard);
	}
}

static struct doc_node *
add(struct xreader *r, struct doc_node *parent, enum doc_type type,
    xmlNodePtr x)
{
	struct diag_pos pos;
	struct doc_node *n;

	node_pos(r, x, &pos);
	n = doc_node_new(type, &pos);
	doc_append(parent, n);
	return n;
}

/*
 * Inline text as the YAML reader makes it: white space runs are one space,
 * with none at the start of a paragraph or after a line break.  An
 * archive written by hplan is unchanged by this.
 */
static void
add_text(struct xreader *r, struct doc_node *parent, xmlNodePtr x)
{
	const char *s = (const char *)x->content;
	struct buf b = { 0 };
	struct doc_node *t;

	for (; s != NULL && *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (!r->space)
				buf_addc(&b, ' ');
			r->space = 1;
		} else {
			buf_addc(&b, *s);
			r->space = 0;
		}
	}
	if (b.len == 0)
		return;
	t = add(r, parent, DOC_TEXT, x);
	t->as.text.s = buf_take(&b);
}

static void
read_inline(struct xreader *r, struct doc_node *parent, xmlNodePtr first)
{
	static const struct {
		const char	*name;
		enum doc_type	 type;
	} inlines[] = {
		{ "em", DOC_EMPH },
		{ "strong", DOC_STRONG },
		{ "link", DOC_LINK },
		{ "foreign", DOC_LANG },
		{ "footnote", DOC_FOOTNOTE },
		{ "br", DOC_LINEBREAK },
	};
	struct doc_node *n;
	xmlNodePtr x;
	size_t k;

	for (x = first; x != NULL; x = x->next) {
		if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) {
			add_text(r, parent, x);
			continue;
		}
		if (x->type != XML_ELEMENT_NODE)
			continue;
		for (k = 0; k < sizeof(inlines) / sizeof(inlines[0]); k++)
			if (is(x, inlines[k].name))
				break;
		if (k == sizeof(inlines) / sizeof(inlines[0]))
			continue;
		n = add(r, parent, inlines[k].type, x);
		if (n->type == DOC_FOOTNOTE)
			r->space = 1;
		if (n->type == DOC_LINK)
			n->as.link.url = attr(x, "href");
		if (n->type == DOC_LANG)
			n->as.lang.tag = attr(x, "lang");
		if (n->type == DOC_LINEBREAK)
			r->space = 1;
		else
			read_inline(r, n, x->children);
	}
}

/* Removes the space that may end a paragraph's last text. */
static void
trim_paragraph(struct doc_node *p)
{
	struct doc_node *last = p->last;
	size_t len;

	while (last != NULL && last->type != DOC_TEXT && last->last != NULL &&
	    last->type != DOC_FOOTNOTE)
		last = last->last;
	if (last == NULL || last->type != DOC_TEXT)
		return;
	len = strlen(last->as.text.s);
	if (len > 0 && last->as.text.s[len - 1] == ' ')
		last->as.text.s[len - 1] = '\0';
	/* Only the white space that indents the closing tag: no text. */
	if (last->as.text.s[0] == '\0') {
		doc_unlink(last);
		doc_node_free(last);
	}
}

/* A list's start as written, or 0 (which validation refuses) when it is
 * not a number an int holds. */
static int
list_start(const char *a)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(a, &end, 10);
	return *end != '\0' || end == a || errno != 0 || n < 1 || n > INT_MAX ?
	    0 : (int)n;
}

/* The schema has checked the figure's elements and their order. */
static void
read_figure(struct xreader *r, struct doc_node *fig, xmlNodePtr x)
{
	xmlNodePtr c = elem(x->children);
	char *a;
	gsize len;

	fig->as.figure.src = attr(x, "src");
	fig->as.figure.src_pos = fig->as.figure.alt_pos = fig->pos;
	if ((a = attr(x, "width")) != NULL) {
		fig->as.figure.width = strtod(a, NULL);
		free(a);
	}
	fig->as.figure.alt = content(c);
	node_pos(r, c, &fig->as.figure.alt_pos);
	c = elem(c->next);
	if (is(c, "caption")) {
		fig->as.figure.caption = content(c);
		c = elem(c->next);
	}
	a = content(c);
	fig->as.figure.data = g_base64_decode(a, &len);
	fig->as.figure.len = len;
	free(a);
}

static void
read_blocks(struct xreader *r, struct doc_node *parent, xmlNodePtr x)
{
	struct doc_node *n;
	xmlNodePtr item;
	char *a;

	for (x = elem(x); x != NULL; x = elem(x->next)) {
		if (is(x, "p")) {
			n = add(r, parent, DOC_PARAGRAPH, x);
			r->space = 1;
			read_inline(r, n, x->children);
			trim_paragraph(n);
		} else if (is(x, "list")) {
			n = add(r, parent, DOC_LIST, x);
			a = attr(x, "type");
			n->as.list.ordered = strcmp(a, "ordered") == 0;
			free(a);
			a = attr(x, "start");
			n->as.list.start = a != NULL ? list_start(a) : 1;
			free(a);
			for (item = elem(x->children); item != NULL;
			    item = elem(item->next))
				read_blocks(r, add(r, n, DOC_ITEM, item),
				    item->children);
		} else if (is(x, "quote")) {
			read_blocks(r, add(r, parent, DOC_QUOTE, x),
			    x->children);
		} else if (is(x, "figure"))
			read_figure(r, add(r, parent, DOC_FIGURE, x), x);
	}
}

static void
read_column(struct xreader *r, struct doc_node *t, xmlNodePtr x)
{
	struct doc_column *c;
	char *a;

	/* The schema allows no more; the tree has room for no more. */
	if (t->as.table.ncols == DOC_MAX_COLUMNS)
		return;
	c = &t->as.table.cols[t->as.table.ncols++];
	if (t->as.table.ncols == 1)
		node_pos(r, x, &t->as.table.cols_pos);
	node_pos(r, x, &c->pos);
	if (t->type == DOC_TABLE) {
		c->key = DOC_COL_NONE;
		c->header = content(x);
	} else {
		a = attr(x, "key");
		c->key = doc_colkey_lookup(a);
		free(a);
		c->header = attr(x, "header");
	}
	if ((a = attr(x, "width")) != NULL) {
		c->width = strtod(a, NULL);
		free(a);
	}
}

static void
read_action(struct xreader *r, struct doc_node *t, xmlNodePtr x)
{
	struct doc_node *action = add(r, t, DOC_ACTION, x), *fields[
	    DOC_FIELD__MAX] = { 0 };
	xmlNodePtr f;
	char *name;
	int k;

	action->as.action.id = attr(x, "id");
	action->as.action.id_pos = action->pos;
	for (f = elem(x->children); f != NULL; f = elem(f->next)) {
		struct diag_pos pos;

		name = attr(f, "name");
		k = (int)doc_colkey_field(doc_colkey_lookup(name));
		node_pos(r, f, &pos);
		fields[k] = doc_node_new(DOC_FIELD, &pos);
		fields[k]->as.field.field = (enum doc_field)k;
		fields[k]->as.field.key = doc_colkey_lookup(name);
		fields[k]->as.field.key_pos = pos;
		read_blocks(r, fields[k], f->children);
		free(name);
	}
	/* The tree keeps fields in one order, as the YAML reader does. */
	for (k = 0; k < DOC_FIELD__MAX; k++)
		if (fields[k] != NULL)
			doc_append(action, fields[k]);
}

static void
read_table(struct xreader *r, struct doc_node *section, xmlNodePtr x)
{
	struct doc_node *t = add(r, section, is(x, "table") ? DOC_TABLE :
	    DOC_ACTIONS, x), *row;
	xmlNodePtr c, cell;

	t->as.table.cols = xcalloc(DOC_MAX_COLUMNS, sizeof(*t->as.table.cols));
	for (c = elem(x->children); c != NULL; c = elem(c->next)) {
		if (is(c, "caption"))
			t->as.table.caption = content(c);
		else if (is(c, "column"))
			read_column(r, t, c);
		else if (is(c, "action"))
			read_action(r, t, c);
		else if (is(c, "row")) {
			row = add(r, t, DOC_ROW, c);
			for (cell = elem(c->children); cell != NULL;
			    cell = elem(cell->next))
				read_blocks(r, add(r, row, DOC_CELL, cell),
				    cell->children);
		}
	}
}

static void
read_section(struct xreader *r, struct doc_node *parent, xmlNodePtr x,
    int level)
{
	struct doc_node *s = add(r, parent, DOC_SECTION, x);
	xmlNodePtr c;

	s->as.section.level = level;
	s->as.section.id = attr(x, "id");
	s->as.section.id_pos = s->pos;
	s->as.section.krav = attr(x, "krav");
	c = elem(x->children);
	s->as.section.title = content(c);
	node_pos(r, c, &s->as.section.title_pos);
	read_blocks(r, s, c->next);
	for (c = elem(c->next); c != NULL; c = elem(c->next)) {
		if (is(c, "table") || is(c, "actions"))
			read_table(r, s, c);
		else if (is(c, "section"))
			read_section(r, s, c, level + 1);
	}
}

static int
validate(struct xreader *r, xmlDocPtr x)
{
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaValidCtxtPtr vc;
	xmlSchemaPtr schema;
	int ret;

	pc = xmlSchemaNewMemParserCtxt(xml_in_schema, (int)xml_in_schema_len);
	if (pc == NULL || (schema = xmlSchemaParse(pc)) == NULL)
		xalloc_fail(xml_in_schema_len);
	xmlSchemaFreeParserCtxt(pc);
	if ((vc = xmlSchemaNewValidCtxt(schema)) == NULL)
		xalloc_fail(0);
	xmlSchemaSetValidStructuredErrors(vc, on_error, r);
	ret = xmlSchemaValidateDoc(vc, x);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	return ret == 0 ? 0 : -1;
}

struct doc *
xml_in_parse(const char *name, const char *data, size_t len, struct diag *d)
{
	struct xreader r;
	xmlParserCtxtPtr ctxt;
	unsigned errors = d->errors;
	struct diag_pos pos;
	xmlNodePtr root, x;
	xmlDocPtr xdoc;
	int read = 0;

	memset(&r, 0, sizeof(r));
	r.d = d;
	r.doc = doc_new(name);
	r.file = r.doc->file;
	r.src = data;
	r.srclen = len;
	index_lines(&r);
	pos.file = r.file;
	pos.line = pos.col = 0;
	if (encoding_check(name, data, len, d) != 0) {
		doc_free(r.doc);
		free(r.lines);
		return NULL;
	}
	if (len > INT32_MAX || (ctxt = xmlNewParserCtxt()) == NULL)
		xalloc_fail(len);
	xmlSetStructuredErrorFunc(&r, on_error);
	ctxt->_private = &r;
	ctxt->sax->internalSubset = on_doctype;
	/* No network, no DTD loading, no entity substitution: an archived
	 * file must never pull in content from elsewhere. */
	xdoc = xmlCtxtReadMemory(ctxt, data, (int)len, name, "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
	if (r.doctype != 0) {
		pos.line = r.doctype;
		diag_report(d, DIAG_ERROR, &pos, "the file has a DOCTYPE "
		    "declaration, which hplan does not accept in archival XML");
	} else if (xdoc != NULL && (root = xmlDocGetRootElement(xdoc)) !=
	    NULL && d->errors == errors && validate(&r, xdoc) == 0) {
		xmlNodePtr meta = elem(root->children), body;

		read = 1;
		read_meta(&r, meta);
		body = elem(meta->next);
		if (is(root, "memo")) {
			doc_make_memo(r.doc);
			read_case(&r, body);
			body = elem(body->next);
		}
		for (x = elem(body->children); x != NULL; x = elem(x->next))
			read_section(&r, r.doc->root, x, 1);
	} else if (d->errors == errors)
		diag_report(d, DIAG_ERROR, &pos, "the file is not a plan in "
		    "hplan's archival XML");
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlFreeDoc(xdoc);
	xmlFreeParserCtxt(ctxt);
	free(r.lines);
	if (!read) {
		doc_free(r.doc);
		return NULL;
	}
	return r.doc;
}
