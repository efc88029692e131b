#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "markup.h"
#include "xalloc.h"
#include "yaml_out.h"

/* The editor's schema of the plan and of the tjänsteutlåtande. */
#define SCHEMA_LINE(name) \
	"# yaml-language-server: $schema=schema/" name ".schema.json\n"

struct out {
	yaml_emitter_t	 e;
};

static int
append(void *data, unsigned char *bytes, size_t size)
{
	buf_add(data, (const char *)bytes, size);
	return 1;
}

static void
emit(struct out *o, yaml_event_t *ev)
{
	/* The events are well formed by construction: a failure here is a
	 * failure to allocate. */
	if (!yaml_emitter_emit(&o->e, ev))
		xalloc_fail(0);
}

static void
scalar(struct out *o, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
	    (int)strlen(s), 1, 1, style);
	emit(o, &ev);
}

static void
key(struct out *o, const char *k)
{
	scalar(o, k, YAML_PLAIN_SCALAR_STYLE);
}

static void
pair(struct out *o, const char *k, const char *v)
{
	key(o, k);
	/* An empty value is written "", so that it reads as meant. */
	scalar(o, v, v[0] == '\0' ? YAML_DOUBLE_QUOTED_SCALAR_STYLE :
	    YAML_ANY_SCALAR_STYLE);
}

static void
map_start(struct out *o, int flow)
{
	yaml_event_t ev;

	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, flow ?
	    YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	emit(o, &ev);
}

static void
map_end(struct out *o)
{
	yaml_event_t ev;

	yaml_mapping_end_event_initialize(&ev);
	emit(o, &ev);
}

static void
seq_start(struct out *o, int flow)
{
	yaml_event_t ev;

	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, flow ?
	    YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
	emit(o, &ev);
}

static void
seq_end(struct out *o)
{
	yaml_event_t ev;

	yaml_sequence_end_event_initialize(&ev);
	emit(o, &ev);
}

static void
str_pair(struct out *o, const char *k, const struct doc_str *s)
{
	if (s->s != NULL)
		pair(o, k, s->s);
}

static void
date_pair(struct out *o, const char *k, const struct doc_date *d)
{
	char date[11];

	if (!d->present)
		return;
	doc_date_format(d, date);
	pair(o, k, date);
}

static void
literal(struct out *o, const struct buf *text)
{
	scalar(o, text->data != NULL ? text->data : "", text->len > 0 ?
	    YAML_LITERAL_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

/* A text block in the markup, as a literal block (|) where it can be. */
static void
blocks(struct out *o, const char *k, const struct doc_node *parent)
{
	struct buf text = { 0 };

	markup_write(parent, &text);
	key(o, k);
	literal(o, &text);
	buf_free(&text);
}

/* Whether n is written in a text block of the markup. */
static int
is_block(const struct doc_node *n)
{
	return n->type == DOC_PARAGRAPH || n->type == DOC_LIST ||
	    n->type == DOC_QUOTE;
}

/*
 * A section's text with figures: a list of text blocks and figures, each
 * figure naming its image's file (which this does not write).
 */
static void
text_with_figures(struct out *o, const struct doc_node *s)
{
	const struct doc_node *c, *from = NULL;
	struct buf text = { 0 };
	char width[32];

	key(o, "text");
	seq_start(o, 0);
	for (c = s->first; c != NULL; c = c->next) {
		if (is_block(c) && from == NULL)
			from = c;
		if (is_block(c) && (c->next == NULL || !is_block(c->next))) {
			markup_write_blocks(from, c->next, &text);
			literal(o, &text);
			buf_free(&text);
			from = NULL;
		}
		if (c->type != DOC_FIGURE)
			continue;
		map_start(o, 0);
		pair(o, "bild", c->as.figure.src);
		pair(o, "alt", c->as.figure.alt);
		if (c->as.figure.caption != NULL)
			pair(o, "bildtext", c->as.figure.caption);
		if (c->as.figure.width > 0) {
			snprintf(width, sizeof(width), "%g", c->as.figure.width);
			pair(o, "bredd", width);
		}
		map_end(o);
	}
	seq_end(o);
}

static void
board(struct out *o, const struct doc_meta *m)
{
	key(o, "nämnd");
	map_start(o, 1);
	pair(o, "namn", m->board.s);
	pair(o, "typ", doc_board_kind_name(m->board_kind));
	map_end(o);
}

static void
meta(struct out *o, const struct doc_meta *m)
{
	char num[16];
	size_t i;

	board(o, m);
	str_pair(o, "förvaltning", &m->administration);
	pair(o, "titel", m->title.s);
	if (m->title_page_title.s != NULL || m->nlabels > 0) {
		key(o, "titelsida");
		map_start(o, 0);
		str_pair(o, "titel", &m->title_page_title);
		if (m->nlabels > 0) {
			key(o, "uppgifter");
			seq_start(o, 0);
			for (i = 0; i < m->nlabels; i++) {
				map_start(o, 0);
				pair(o, "etikett", m->labels[i].label.s);
				pair(o, "värde", m->labels[i].value.s);
				map_end(o);
			}
			seq_end(o);
		}
		map_end(o);
	}
	date_pair(o, "datum", &m->date);
	str_pair(o, "dnr", &m->dnr);
	date_pair(o, "utgivningsdatum", &m->published);
	str_pair(o, "kontaktperson", &m->contact);
	snprintf(num, sizeof(num), "%u", m->version);
	pair(o, "version", num);
	if (m->decision.present) {
		key(o, "beslut");
		map_start(o, 0);
		str_pair(o, "organ", &m->decision.body);
		date_pair(o, "datum", &m->decision.date);
		str_pair(o, "paragraf", &m->decision.paragraph);
		str_pair(o, "protokoll", &m->decision.minutes);
		map_end(o);
	}
	if (m->nhistory == 0)
		return;
	key(o, "tidigare_versioner");
	seq_start(o, 0);
	for (i = 0; i < m->nhistory; i++) {
		const struct doc_version *h = &m->history[i];

		map_start(o, 0);
		snprintf(num, sizeof(num), "%u", h->version);
		pair(o, "version", num);
		date_pair(o, "datum", &h->date);
		str_pair(o, "dnr", &h->dnr);
		str_pair(o, "anteckning", &h->note);
		str_pair(o, "fil", &h->file);
		map_end(o);
	}
	seq_end(o);
}

static void
columns(struct out *o, const struct doc_node *t)
{
	size_t i;
	int plain = 1;

	/* Names only fit on one line; mappings get a line each. */
	for (i = 0; i < t->as.table.ncols; i++)
		plain &= t->as.table.cols[i].header == NULL &&
		    t->as.table.cols[i].width == 0;
	key(o, "kolumner");
	seq_start(o, plain);
	for (i = 0; i < t->as.table.ncols; i++) {
		const struct doc_column *c = &t->as.table.cols[i];
		char width[32];

		if (c->key != DOC_COL_NONE && c->header == NULL &&
		    c->width == 0) {
			scalar(o, doc_colkey_name(c->key),
			    YAML_PLAIN_SCALAR_STYLE);
			continue;
		}
		if (c->key == DOC_COL_NONE && c->width == 0) {
			scalar(o, c->header, YAML_ANY_SCALAR_STYLE);
			continue;
		}
		map_start(o, 1);
		if (c->key != DOC_COL_NONE)
			pair(o, "fält", doc_colkey_name(c->key));
		if (c->header != NULL)
			pair(o, "rubrik", c->header);
		if (c->width > 0) {
			snprintf(width, sizeof(width), "%g", c->width);
			pair(o, "bredd", width);
		}
		map_end(o);
	}
	seq_end(o);
}

/* The key an action's field is written with: its column's name. */
static const char *
field_key(const struct doc_node *t, enum doc_field field)
{
	const struct doc_column *c = doc_table_column(t, field);

	return c != NULL ? doc_colkey_name(c->key) : doc_field_name(field);
}

static void
table(struct out *o, const struct doc_node *t)
{
	const struct doc_node *r, *c;

	map_start(o, 0);
	if (t->as.table.caption != NULL)
		pair(o, "rubrik", t->as.table.caption);
	columns(o, t);
	key(o, t->type == DOC_ACTIONS ? "åtgärder" : "rader");
	seq_start(o, 0);
	for (r = t->first; r != NULL; r = r->next) {
		if (t->type == DOC_TABLE) {
			seq_start(o, 0);
			for (c = r->first; c != NULL; c = c->next) {
				struct buf text = { 0 };

				markup_write(c, &text);
				/* A one-line cell plain, others as blocks. */
				if (text.len > 0 && memchr(text.data, '\n',
				    text.len - 1) == NULL &&
				    text.data[text.len - 1] == '\n')
					text.data[--text.len] = '\0';
				if (text.len > 0 && memchr(text.data, '\n',
				    text.len) != NULL)
					literal(o, &text);
				else
					scalar(o, text.data != NULL ?
					    text.data : "",
					    YAML_ANY_SCALAR_STYLE);
				buf_free(&text);
			}
			seq_end(o);
			continue;
		}
		map_start(o, 0);
		pair(o, "id", r->as.action.id);
		for (c = r->first; c != NULL; c = c->next)
			blocks(o, field_key(t, c->as.field.field), c);
		map_end(o);
	}
	seq_end(o);
	map_end(o);
}

static void	subsections(struct out *, const struct doc_node *);

static void
section(struct out *o, const struct doc_node *s)
{
	const struct doc_node *c;
	int text = 0, figures = 0, tables = 0, subs = 0;

	for (c = s->first; c != NULL; c = c->next) {
		text |= is_block(c);
		figures |= c->type == DOC_FIGURE;
		tables |= c->type == DOC_TABLE || c->type == DOC_ACTIONS;
		subs |= c->type == DOC_SECTION;
	}
	map_start(o, 0);
	pair(o, "rubrik", s->as.section.title);
	if (s->as.section.id != NULL)
		pair(o, "id", s->as.section.id);
	if (s->as.section.krav != NULL) {
		char *ids = xstrdup(s->as.section.krav), *id, *save;

		key(o, "krav");
		seq_start(o, 1);
		for (id = strtok_r(ids, " ", &save); id != NULL;
		    id = strtok_r(NULL, " ", &save))
			scalar(o, id, YAML_PLAIN_SCALAR_STYLE);
		seq_end(o);
		free(ids);
	}
	if (figures)
		text_with_figures(o, s);
	else if (text)
		blocks(o, "text", s);
	if (tables) {
		key(o, "tabeller");
		seq_start(o, 0);
		for (c = s->first; c != NULL; c = c->next)
			if (c->type == DOC_TABLE || c->type == DOC_ACTIONS)
				table(o, c);
		seq_end(o);
	}
	if (subs)
		subsections(o, s);
	map_end(o);
}

static void
subsections(struct out *o, const struct doc_node *s)
{
	const struct doc_node *c;

	key(o, "avsnitt");
	seq_start(o, 0);
	for (c = s->first; c != NULL; c = c->next)
		if (c->type == DOC_SECTION)
			section(o, c);
	seq_end(o);
}

/* A tjänsteutlåtande's numbered points (förslag, bilagor): a text each. */
static void
points(struct out *o, const struct doc *doc, const char *k,
    const struct doc_node *s)
{
	const struct doc_node *list = s->first, *item;
	struct buf text = { 0 };

	if (doc_memo_linked(doc, s))
		return;
	key(o, k);
	seq_start(o, 0);
	for (item = list != NULL && list->type == DOC_LIST ? list->first :
	    NULL; item != NULL; item = item->next) {
		if (doc_memo_linked(doc, item))
			continue;
		markup_write(item, &text);
		while (text.len > 0 && text.data[text.len - 1] == '\n')
			text.data[--text.len] = '\0';
		scalar(o, text.data != NULL ? text.data : "",
		    YAML_ANY_SCALAR_STYLE);
		buf_free(&text);
	}
	seq_end(o);
}

/* A part of a tjänsteutlåtande: its text, or with subsections or figures
 * a mapping of text and avsnitt. */
static void
memo_part(struct out *o, const char *k, const struct doc_node *s)
{
	const struct doc_node *c;
	int text = 0, other = 0;

	for (c = s->first; c != NULL; c = c->next) {
		text |= is_block(c) || c->type == DOC_FIGURE;
		other |= !is_block(c);
	}
	if (!other) {
		blocks(o, k, s);
		return;
	}
	key(o, k);
	map_start(o, 0);
	if (text)
		text_with_figures(o, s);
	subsections(o, s);
	map_end(o);
}

static void
memo(struct out *o, const struct doc *doc)
{
	const struct doc_meta *m = &doc->meta;
	const struct doc_memo *memo = doc->memo;
	const struct doc_node *s;
	size_t i;

	pair(o, "dokument", "tjänsteutlåtande");
	str_pair(o, "plan", &memo->plan);
	board(o, m);
	str_pair(o, "förvaltning", &m->administration);
	str_pair(o, "avdelning", &memo->unit);
	pair(o, "titel", m->title.s);
	date_pair(o, "datum", &m->date);
	str_pair(o, "dnr", &m->dnr);
	if (memo->officer.s != NULL) {
		key(o, "handläggare");
		map_start(o, 0);
		str_pair(o, "namn", &memo->officer);
		str_pair(o, "telefon", &memo->phone);
		str_pair(o, "e-post", &memo->email);
		map_end(o);
	}
	str_pair(o, "till", &memo->to);
	if ((s = doc_section_by_id(doc, DOC_MEMO_PROPOSAL)) != NULL)
		points(o, doc, "förslag", s);
	if (memo->nsignatures > 0) {
		key(o, "underskrifter");
		seq_start(o, 0);
		for (i = 0; i < memo->nsignatures; i++) {
			map_start(o, 0);
			str_pair(o, "namn", &memo->signatures[i].name);
			str_pair(o, "titel", &memo->signatures[i].title);
			map_end(o);
		}
		seq_end(o);
	}
	for (i = 0; i < DOC_MEMO_PARTS; i++)
		if ((s = doc_section_by_id(doc, doc_memo_parts[i].id)) != NULL)
			memo_part(o, doc_memo_parts[i].key, s);
	if ((s = doc_section_by_id(doc, DOC_MEMO_ATTACHMENTS)) != NULL)
		points(o, doc, "bilagor", s);
	if (memo->naddress > 0) {
		key(o, "adress");
		seq_start(o, 0);
		for (i = 0; i < memo->naddress; i++)
			scalar(o, memo->address[i].s, YAML_ANY_SCALAR_STYLE);
		seq_end(o);
	}
	str_pair(o, "växel", &memo->switchboard);
}

void
yaml_out_write(const struct doc *doc, struct buf *out)
{
	const struct doc_node *s;
	struct out o;
	yaml_event_t ev;

	buf_adds(out, doc->memo != NULL ? SCHEMA_LINE("tjansteutlatande") :
	    SCHEMA_LINE("handlingsplan"));
	yaml_emitter_initialize(&o.e);
	yaml_emitter_set_output(&o.e, append, out);
	yaml_emitter_set_unicode(&o.e, 1);
	yaml_emitter_set_width(&o.e, 100);
	yaml_emitter_set_indent(&o.e, 2);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(&o, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit(&o, &ev);
	map_start(&o, 0);
	if (doc->memo != NULL) {
		memo(&o, doc);
	} else {
		meta(&o, &doc->meta);
		key(&o, "avsnitt");
		seq_start(&o, 0);
		for (s = doc->root->first; s != NULL; s = s->next)
			section(&o, s);
		seq_end(&o);
	}
	map_end(&o);
	yaml_document_end_event_initialize(&ev, 1);
	emit(&o, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit(&o, &ev);
	yaml_emitter_delete(&o.e);
}
