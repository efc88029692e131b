#include <string.h>

#include "dump.h"

static void
quoted(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(out, '\\');
		if (*s == '\n')
			buf_adds(out, "\\n");
		else
			buf_addc(out, *s);
	}
	buf_addc(out, '"');
}

static void
pos(struct buf *out, const struct diag_pos *p)
{
	if (p->line == 0)
		buf_addc(out, '\n');
	else if (p->col != 0)
		buf_printf(out, " @%u:%u\n", p->line, p->col);
	else
		buf_printf(out, " @%u\n", p->line);
}

static void
meta_str(struct buf *out, const char *name, const struct doc_str *s)
{
	if (s->s == NULL)
		return;
	buf_printf(out, "%s ", name);
	quoted(out, s->s);
	pos(out, &s->pos);
}

static void
meta_date(struct buf *out, const char *name, const struct doc_date *d)
{
	char date[11];

	if (!d->present)
		return;
	doc_date_format(d, date);
	buf_printf(out, "%s %s", name, date[0] != '\0' ? date : "\"\"");
	pos(out, &d->pos);
}

static void
dump_meta(const struct doc_meta *m, struct buf *out)
{
	size_t i;

	if (m->board.s != NULL) {
		buf_printf(out, "board kind=%s ",
		    doc_board_kind_name(m->board_kind));
		quoted(out, m->board.s);
		pos(out, &m->board.pos);
	}
	meta_str(out, "administration", &m->administration);
	meta_str(out, "title", &m->title);
	meta_str(out, "title-page-title", &m->title_page_title);
	meta_date(out, "date", &m->date);
	meta_str(out, "dnr", &m->dnr);
	meta_date(out, "published", &m->published);
	meta_str(out, "contact", &m->contact);
	buf_printf(out, "version %u\n", m->version);
	if (m->decision.present) {
		buf_adds(out, "decision");
		pos(out, &m->decision.pos);
		meta_str(out, "  body", &m->decision.body);
		meta_date(out, "  date", &m->decision.date);
		meta_str(out, "  paragraph", &m->decision.paragraph);
		meta_str(out, "  minutes", &m->decision.minutes);
	}
	for (i = 0; i < m->nhistory; i++) {
		buf_printf(out, "earlier version %u", m->history[i].version);
		meta_date(out, " date", &m->history[i].date);
		meta_str(out, "  dnr", &m->history[i].dnr);
		meta_str(out, "  note", &m->history[i].note);
		meta_str(out, "  file", &m->history[i].file);
	}
	for (i = 0; i < m->nlabels; i++) {
		buf_adds(out, "label ");
		quoted(out, m->labels[i].label.s);
		buf_addc(out, ' ');
		quoted(out, m->labels[i].value.s);
		pos(out, &m->labels[i].value.pos);
	}
}

static void
dump_columns(const struct doc_node *n, struct buf *out, int depth)
{
	size_t i;

	for (i = 0; i < n->as.table.ncols; i++) {
		const struct doc_column *c = &n->as.table.cols[i];

		buf_printf(out, "%*scolumn", 2 * depth + 2, "");
		if (c->key != DOC_COL_NONE)
			buf_printf(out, " %s", doc_colkey_name(c->key));
		if (c->header != NULL) {
			buf_adds(out, " header=");
			quoted(out, c->header);
		}
		if (c->width > 0)
			buf_printf(out, " width=%g", c->width);
		pos(out, &c->pos);
	}
}

static void
dump_memo(const struct doc_memo *memo, struct buf *out)
{
	size_t i;

	buf_adds(out, "tjänsteutlåtande\n");
	meta_str(out, "plan", &memo->plan);
	meta_str(out, "unit", &memo->unit);
	meta_str(out, "officer", &memo->officer);
	meta_str(out, "  phone", &memo->phone);
	meta_str(out, "  email", &memo->email);
	meta_str(out, "to", &memo->to);
	for (i = 0; i < memo->nsignatures; i++) {
		meta_str(out, "signature", &memo->signatures[i].name);
		meta_str(out, "  title", &memo->signatures[i].title);
	}
	for (i = 0; i < memo->naddress; i++)
		meta_str(out, "address", &memo->address[i]);
	meta_str(out, "switchboard", &memo->switchboard);
}

void
dump_tree(const struct doc *doc, struct buf *out)
{
	struct doc_iter it;
	struct doc_node *n;
	int depth = 0, footnotes = 0;

	dump_meta(&doc->meta, out);
	if (doc->memo != NULL)
		dump_memo(doc->memo, out);
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n) != DOC_DONE) {
		if (it.ev == DOC_EXIT) {
			depth--;
			continue;
		}
		buf_printf(out, "%*s%s", 2 * depth, "", doc_type_name(n->type));
		switch (n->type) {
		case DOC_SECTION:
			buf_printf(out, " %d", n->as.section.level);
			if (n->as.section.id != NULL)
				buf_printf(out, " id=%s", n->as.section.id);
			if (n->as.section.krav != NULL)
				buf_printf(out, " krav=\"%s\"",
				    n->as.section.krav);
			buf_addc(out, ' ');
			quoted(out, n->as.section.title);
			break;
		case DOC_LIST:
			if (n->as.list.ordered)
				buf_printf(out, " ordered start=%d",
				    n->as.list.start);
			else
				buf_adds(out, " bullet");
			break;
		case DOC_TABLE:
		case DOC_ACTIONS:
			if (n->as.table.caption != NULL) {
				buf_addc(out, ' ');
				quoted(out, n->as.table.caption);
			}
			break;
		case DOC_ACTION:
			buf_printf(out, " id=%s", n->as.action.id);
			break;
		case DOC_FIELD:
			buf_printf(out, " %s", doc_field_name(n->as.field.field));
			break;
		case DOC_TEXT:
			buf_addc(out, ' ');
			quoted(out, n->as.text.s);
			break;
		case DOC_LINK:
			buf_printf(out, " %s", n->as.link.url);
			break;
		case DOC_LANG:
			buf_printf(out, " %s", n->as.lang.tag);
			break;
		case DOC_FIGURE:
			buf_addc(out, ' ');
			quoted(out, n->as.figure.src != NULL ?
			    n->as.figure.src : "");
			buf_printf(out, " %zu bytes", n->as.figure.len);
			if (n->as.figure.width > 0)
				buf_printf(out, " width=%g", n->as.figure.width);
			buf_adds(out, " alt=");
			quoted(out, n->as.figure.alt != NULL ?
			    n->as.figure.alt : "");
			if (n->as.figure.caption != NULL) {
				buf_adds(out, " caption=");
				quoted(out, n->as.figure.caption);
			}
			break;
		case DOC_FOOTNOTE:
			buf_printf(out, " %d", ++footnotes);
			break;
		default:
			break;
		}
		pos(out, &n->pos);
		if (n->type == DOC_TABLE || n->type == DOC_ACTIONS)
			dump_columns(n, out, depth);
		depth++;
	}
}
