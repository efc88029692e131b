#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libxml/tree.h>

#include "buf.h"
#include "fileio.h"
#include "img.h"
#include "xalloc.h"
#include "xml_out.h"

#define X(s)	((const xmlChar *)(s))

xmlNodePtr
xml_out_element(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr n = xmlNewDocNode(parent->doc, parent->ns, X(name), NULL);

	if (n == NULL)
		xalloc_fail(0);
	if (text != NULL && text[0] != '\0')
		xmlAddChild(n, xmlNewDocText(parent->doc, X(text)));
	xmlAddChild(parent, n);
	return n;
}

char *
xml_out_serialize(xmlDocPtr x, size_t *len)
{
	xmlChar *mem = NULL;
	char *out;
	int size = 0;

	xmlDocDumpFormatMemoryEnc(x, &mem, &size, "UTF-8", 1);
	xmlFreeDoc(x);
	if (mem == NULL)
		xalloc_fail((size_t)size);
	out = xstrndup((const char *)mem, (size_t)size);
	xmlFree(mem);
	*len = (size_t)size;
	return out;
}

static void
attribute(xmlNodePtr n, const char *name, const char *value)
{
	xmlNewProp(n, X(name), X(value));
}

static void
str_element(xmlNodePtr parent, const char *name, const struct doc_str *s)
{
	if (s->s != NULL)
		xml_out_element(parent, name, s->s);
}

/*
 * A file the document names (its plan, its earlier version) by that
 * file's archival XML, which render writes beside this one: as the
 * attribute name of x, or its text when name is NULL.
 */
static void
archival_name(xmlNodePtr x, const char *name, const char *file)
{
	char *stem = fileio_stem(file);
	struct buf xml = { 0 };

	buf_printf(&xml, "%s.xml", stem);
	if (name != NULL)
		attribute(x, name, xml.data);
	else
		xmlNodeAddContent(x, X(xml.data));
	buf_free(&xml);
	free(stem);
}

static void
write_meta(xmlNodePtr plan, const struct doc_meta *m)
{
	xmlNodePtr meta = xml_out_element(plan, "meta", NULL), n;
	char date[11], version[16];
	size_t i;

	n = xml_out_element(meta, "board", m->board.s);
	attribute(n, "kind", doc_board_kind_name(m->board_kind));
	str_element(meta, "administration", &m->administration);
	xml_out_element(meta, "title", m->title.s);
	str_element(meta, "titlePageTitle", &m->title_page_title);
	doc_date_format(&m->date, date);
	xml_out_element(meta, "date", date);
	str_element(meta, "dnr", &m->dnr);
	if (m->published.present) {
		doc_date_format(&m->published, date);
		xml_out_element(meta, "published", date);
	}
	str_element(meta, "contact", &m->contact);
	snprintf(version, sizeof(version), "%u", m->version);
	xml_out_element(meta, "version", version);
	if (m->decision.present) {
		n = xml_out_element(meta, "decision", NULL);
		if (m->decision.body.s != NULL)
			attribute(n, "body", m->decision.body.s);
		doc_date_format(&m->decision.date, date);
		attribute(n, "date", date);
		if (m->decision.paragraph.s != NULL)
			attribute(n, "paragraph", m->decision.paragraph.s);
		if (m->decision.minutes.s != NULL)
			attribute(n, "minutes", m->decision.minutes.s);
	}
	for (i = 0; i < m->nhistory; i++) {
		const struct doc_version *h = &m->history[i];

		n = xml_out_element(meta, "earlier", NULL);
		snprintf(version, sizeof(version), "%u", h->version);
		attribute(n, "version", version);
		doc_date_format(&h->date, date);
		attribute(n, "date", date);
		if (h->dnr.s != NULL)
			attribute(n, "dnr", h->dnr.s);
		if (h->note.s != NULL)
			attribute(n, "note", h->note.s);
		if (h->file.s != NULL && h->file.s[0] != '\0')
			archival_name(n, "file", h->file.s);
		else if (h->file.s != NULL)
			attribute(n, "file", h->file.s);
	}
	for (i = 0; i < m->nlabels; i++) {
		n = xml_out_element(meta, "label", m->labels[i].value.s);
		attribute(n, "name", m->labels[i].label.s);
	}
}

static void
write_width(xmlNodePtr n, double width)
{
	char s[32];

	if (width > 0) {
		snprintf(s, sizeof(s), "%g", width);
		attribute(n, "width", s);
	}
}

static void
write_columns(xmlNodePtr t, const struct doc_node *node)
{
	size_t i;

	if (node->as.table.caption != NULL)
		xml_out_element(t, "caption", node->as.table.caption);
	for (i = 0; i < node->as.table.ncols; i++) {
		const struct doc_column *c = &node->as.table.cols[i];
		xmlNodePtr col;

		if (node->type == DOC_TABLE) {
			col = xml_out_element(t, "column", c->header);
		} else {
			col = xml_out_element(t, "column", NULL);
			attribute(col, "key", doc_colkey_name(c->key));
			if (c->header != NULL)
				attribute(col, "header", c->header);
		}
		write_width(col, c->width);
	}
}

/* A figure with its image whole, so that the XML regenerates the PDF. */
static xmlNodePtr
write_figure(xmlNodePtr parent, const struct doc_node *n)
{
	xmlNodePtr x = xml_out_element(parent, "figure", NULL), data;
	gchar *b64;

	attribute(x, "src", n->as.figure.src);
	write_width(x, n->as.figure.width);
	xml_out_element(x, "alt", n->as.figure.alt);
	if (n->as.figure.caption != NULL)
		xml_out_element(x, "caption", n->as.figure.caption);
	b64 = g_base64_encode(n->as.figure.data, n->as.figure.len);
	data = xml_out_element(x, "data", b64);
	attribute(data, "type", img_mime(img_type(n->as.figure.data,
	    n->as.figure.len)));
	g_free(b64);
	return x;
}

/* The element that a node opens, as a child of parent. */
static xmlNodePtr
open_node(xmlNodePtr parent, const struct doc_node *n)
{
	xmlNodePtr x;
	char start[16];

	switch (n->type) {
	case DOC_SECTION:
		x = xml_out_element(parent, "section", NULL);
		if (n->as.section.id != NULL)
			attribute(x, "id", n->as.section.id);
		if (n->as.section.krav != NULL)
			attribute(x, "krav", n->as.section.krav);
		xml_out_element(x, "heading", n->as.section.title);
		return x;
	case DOC_PARAGRAPH:
		return xml_out_element(parent, "p", NULL);
	case DOC_FIGURE:
		return write_figure(parent, n);
	case DOC_LIST:
		x = xml_out_element(parent, "list", NULL);
		attribute(x, "type", n->as.list.ordered ? "ordered" : "bullet");
		if (n->as.list.ordered && n->as.list.start != 1) {
			snprintf(start, sizeof(start), "%d", n->as.list.start);
			attribute(x, "start", start);
		}
		return x;
	case DOC_ITEM:
		return xml_out_element(parent, "item", NULL);
	case DOC_QUOTE:
		return xml_out_element(parent, "quote", NULL);
	case DOC_TABLE:
	case DOC_ACTIONS:
		x = xml_out_element(parent, n->type == DOC_TABLE ? "table" : "actions",
		    NULL);
		write_columns(x, n);
		return x;
	case DOC_ROW:
		return xml_out_element(parent, "row", NULL);
	case DOC_CELL:
		return xml_out_element(parent, "cell", NULL);
	case DOC_ACTION:
		x = xml_out_element(parent, "action", NULL);
		attribute(x, "id", n->as.action.id);
		return x;
	case DOC_FIELD:
		x = xml_out_element(parent, "field", NULL);
		attribute(x, "name", doc_field_name(n->as.field.field));
		return x;
	case DOC_TEXT:
		xmlAddChild(parent, xmlNewDocText(parent->doc,
		    X(n->as.text.s)));
		return parent;
	case DOC_EMPH:
		return xml_out_element(parent, "em", NULL);
	case DOC_STRONG:
		return xml_out_element(parent, "strong", NULL);
	case DOC_LINK:
		x = xml_out_element(parent, "link", NULL);
		attribute(x, "href", n->as.link.url);
		return x;
	case DOC_LANG:
		x = xml_out_element(parent, "foreign", NULL);
		attribute(x, "lang", n->as.lang.tag);
		return x;
	case DOC_FOOTNOTE:
		return xml_out_element(parent, "footnote", NULL);
	case DOC_LINEBREAK:
		return xml_out_element(parent, "br", NULL);
	case DOC_PLAN:
		break;
	}
	return parent;
}

static void
write_case(xmlNodePtr memo, const struct doc_memo *m)
{
	xmlNodePtr c = xml_out_element(memo, "case", NULL), n;
	size_t i;

	if (m->plan.s != NULL)
		archival_name(xml_out_element(c, "plan", NULL), NULL, m->plan.s);
	str_element(c, "unit", &m->unit);
	if (m->officer.s != NULL) {
		n = xml_out_element(c, "officer", m->officer.s);
		if (m->phone.s != NULL)
			attribute(n, "phone", m->phone.s);
		if (m->email.s != NULL)
			attribute(n, "email", m->email.s);
	}
	str_element(c, "to", &m->to);
	for (i = 0; i < m->nsignatures; i++) {
		n = xml_out_element(c, "signature", m->signatures[i].name.s);
		if (m->signatures[i].title.s != NULL)
			attribute(n, "title", m->signatures[i].title.s);
	}
	for (i = 0; i < m->naddress; i++)
		str_element(c, "address", &m->address[i]);
	str_element(c, "switchboard", &m->switchboard);
}

char *
xml_out_write(const struct doc *doc, size_t *len)
{
	xmlDocPtr x = xmlNewDoc(X("1.0"));
	xmlNodePtr plan, cur;
	struct doc_iter it;
	struct doc_node *n;

	plan = xmlNewDocNode(x, NULL, X(doc->memo != NULL ? "memo" : "plan"),
	    NULL);
	xmlDocSetRootElement(x, plan);
	xmlSetNs(plan, xmlNewNs(plan, X(XML_NAMESPACE), NULL));
	attribute(plan, "format", XML_FORMAT);
	write_meta(plan, &doc->meta);
	if (doc->memo != NULL)
		write_case(plan, doc->memo);
	cur = xml_out_element(plan, "body", NULL);
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n) != DOC_DONE) {
		if (n->type == DOC_PLAN)
			continue;
		if (it.ev == DOC_ENTER && doc_memo_linked(doc, n)) {
			doc_iter_skip(&it);
			continue;
		}
		if (it.ev == DOC_ENTER) {
			xmlNodePtr opened = open_node(cur, n);

			if (!doc_is_leaf(n->type))
				cur = opened;
		} else if (!doc_is_leaf(n->type))
			cur = cur->parent;
	}
	return xml_out_serialize(x, len);
}
