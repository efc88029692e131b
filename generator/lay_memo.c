#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lay_int.h"
#include "xalloc.h"

/*
 * A tjänsteutlåtande's page 1 and header, in seed 001's order: Handläggare
 * and Till side by side, the ärendemening, then the body, whose proposal
 * is followed by the signatures; the förvaltning's address block stands at
 * page 1's foot, and every page's header gives the kind of document, the
 * dnr, "Sida x (N)" and the date.
 */

static const char *
nonempty(const struct doc_str *s)
{
	return s->s != NULL && s->s[0] != '\0' ? s->s : NULL;
}

/* One text per line of lines ('\n' between them), from top down; returns
 * where the last one ends. */
static double
place_lines(struct builder *b, int page, enum lay_role role,
    const char *lines, const struct style_text *st, double x, double width,
    double top)
{
	const char *p = lines, *nl;
	char *line;
	struct text *t;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		line = xstrndup(p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		t = lay_plain_text(b, line, st, width);
		free(line);
		lay_place_text(b, page, role, t, x, top);
		top += lay_line_count(t) * t->leading;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return top;
}

static void
add_line(struct buf *out, const char *prefix, const char *s)
{
	if (s == NULL)
		return;
	if (out->len > 0)
		buf_addc(out, '\n');
	buf_printf(out, "%s%s", prefix, s);
}

void
lay_memo_footer_lines(const struct doc *doc, const struct style *s,
    int column, struct buf *out)
{
	const struct doc_memo *memo = doc->memo;
	size_t i;

	if (column == 0) {
		add_line(out, "", nonempty(&doc->meta.administration) != NULL ?
		    doc->meta.administration.s : doc->meta.board.s);
		add_line(out, "", nonempty(&memo->unit));
		for (i = 0; i < memo->naddress; i++)
			add_line(out, "", nonempty(&memo->address[i]));
		return;
	}
	add_line(out, "Telefon ", nonempty(&memo->phone));
	add_line(out, "Växel ", nonempty(&memo->switchboard));
	add_line(out, "", nonempty(&memo->email));
	add_line(out, "", s->cover_site[0] != '\0' ? s->cover_site : NULL);
}

static size_t
count_lines(const struct buf *b)
{
	size_t n = b->len > 0, i;

	for (i = 0; i < b->len; i++)
		n += b->data[i] == '\n';
	return n;
}

/* The address block's top: its columns end at the same height. */
double
lay_memo_footer_top(struct builder *b)
{
	const struct style *s = b->s;
	struct buf c0 = { 0 }, c1 = { 0 };
	size_t n;

	lay_memo_footer_lines(b->doc, s, 0, &c0);
	lay_memo_footer_lines(b->doc, s, 1, &c1);
	n = count_lines(&c0) > count_lines(&c1) ? count_lines(&c0) :
	    count_lines(&c1);
	buf_free(&c0);
	buf_free(&c1);
	return s->page_height - s->memo_footer_bottom -
	    (double)n * s->memo_footer.leading;
}

void
lay_memo_footer(struct builder *b)
{
	const struct style *s = b->s;
	double top = lay_memo_footer_top(b);
	int column;

	for (column = 0; column < 2; column++) {
		struct buf lines = { 0 };

		lay_memo_footer_lines(b->doc, s, column, &lines);
		if (lines.len > 0)
			place_lines(b, 0, LAY_ROLE_TITLE_PAGE, lines.data, &s->memo_footer, b->left +
			    column * s->memo_footer_column, column == 0 ?
			    s->memo_footer_column : b->width -
			    s->memo_footer_column, top);
		buf_free(&lines);
	}
}

void
lay_memo_front(struct builder *b, struct pager *p)
{
	const struct style *s = b->s;
	const struct doc_memo *memo = b->doc->memo;
	struct buf officer = { 0 };
	double y0 = s->memo_top, y1, y2, width = s->memo_to_offset;
	struct text *t;

	b->first_bottom = lay_memo_footer_top(b) - s->memo_footer_space;
	lay_new_page(p);
	if (nonempty(&memo->officer) != NULL) {
		y1 = place_lines(b, p->page, LAY_ROLE_TITLE_PAGE, "Handläggare", &s->memo_labels,
		    b->left, width, y0);
		add_line(&officer, "", memo->officer.s);
		add_line(&officer, "Telefon: ", nonempty(&memo->phone));
		y1 = place_lines(b, p->page, LAY_ROLE_TITLE_PAGE, officer.data, &s->memo_values,
		    b->left, width, y1);
		buf_free(&officer);
	} else
		y1 = y0;
	y2 = place_lines(b, p->page, LAY_ROLE_TITLE_PAGE, "Till", &s->memo_labels, b->left + width,
	    b->width - width, y0);
	y2 = place_lines(b, p->page, LAY_ROLE_TITLE_PAGE, nonempty(&memo->to) != NULL ?
	    memo->to.s : b->doc->meta.board.s, &s->memo_values, b->left +
	    width, b->width - width, y2);
	y0 = fmax(y1, y2) + s->memo_title_space;
	t = lay_plain_text(b, b->doc->meta.title.s, &s->memo_title, b->width);
	lay_place_text(b, p->page, LAY_ROLE_TITLE_PAGE, t, b->left, y0);
	p->y = y0 + lay_line_count(t) * t->leading + s->memo_title_after;
	p->at_top = 1;
	if (p->y > b->bottom) {
		diag_report(p->d, DIAG_ERROR, &b->doc->meta.title.pos, "the "
		    "title does not fit on the first page; shorten it");
		p->failed = 1;
	}
}

/* The signatures, two side by side, each with room to sign above it. */
void
lay_memo_signatures(struct builder *b, struct pager *p)
{
	const struct style *s = b->s;
	const struct doc_memo *memo = b->doc->memo;
	size_t i, j;

	for (i = 0; i < memo->nsignatures; i += 2) {
		double h = s->memo_signature_space, top;

		for (j = i; j < i + 2 && j < memo->nsignatures; j++) {
			struct buf lines = { 0 };
			struct text *t;

			add_line(&lines, "", memo->signatures[j].name.s);
			add_line(&lines, "", nonempty(&memo->signatures[j].title));
			t = lay_plain_text(b, lines.data, &s->memo_values,
			    s->memo_signature_width);
			h = fmax(h, s->memo_signature_space + (double)count_lines(
			    &lines) * t->leading);
			buf_free(&lines);
		}
		if (!p->at_top && !lay_fits(p, h, 0))
			lay_new_page(p);
		top = p->y + s->memo_signature_space;
		for (j = i; j < i + 2 && j < memo->nsignatures; j++) {
			struct buf lines = { 0 };

			add_line(&lines, "", memo->signatures[j].name.s);
			add_line(&lines, "", nonempty(&memo->signatures[j].title));
			place_lines(b, p->page, LAY_ROLE_TITLE_PAGE, lines.data, &s->memo_values,
			    b->left + (double)(j - i) * s->memo_signature_width,
			    s->memo_signature_width, top);
			buf_free(&lines);
		}
		p->y += h;
		p->at_top = 0;
	}
}

void
lay_memo_headers(struct builder *b)
{
	const struct style *s = b->s;
	const struct doc_meta *m = &b->doc->meta;
	struct lay_doc *ld = b->ld;
	struct buf left = { 0 };
	double right = b->left + b->width;
	char date[11];
	size_t p;

	add_line(&left, "", nonempty(&m->administration) != NULL ?
	    m->administration.s : m->board.s);
	add_line(&left, "", nonempty(&b->doc->memo->unit));
	doc_date_format(&m->date, date);
	for (p = 0; p < ld->npages; p++) {
		struct buf num = { 0 }, dnr = { 0 };
		struct text *t;
		double y = s->header_top;

		place_lines(b, (int)p, LAY_ROLE_HEADER, left.data, &s->header, b->left,
		    s->header_title_width, y);
		t = lay_plain_text(b, s->memo_kind, &s->memo_header_kind, 0);
		lay_text_box(b, (int)p, LAY_ROLE_HEADER, t, 0, right -
		    lay_line_width(t, 0), y);
		y += t->leading;
		if (nonempty(&m->dnr) != NULL) {
			buf_printf(&dnr, "Dnr %s", m->dnr.s);
			t = lay_plain_text(b, dnr.data, &s->header, 0);
			lay_text_box(b, (int)p, LAY_ROLE_HEADER, t, 0, right -
			    lay_line_width(t, 0), y);
			y += t->leading;
			buf_free(&dnr);
		}
		buf_printf(&num, "Sida %zu (%zu)", p + 1, ld->npages);
		t = lay_plain_text(b, num.data, &s->header, 0);
		lay_text_box(b, (int)p, LAY_ROLE_PAGE_NUMBER, t, 0, right -
		    lay_line_width(t, 0), y);
		y += t->leading;
		buf_free(&num);
		t = lay_plain_text(b, date, &s->header, 0);
		lay_text_box(b, (int)p, LAY_ROLE_HEADER, t, 0, right -
		    lay_line_width(t, 0), y);
	}
	buf_free(&left);
}
