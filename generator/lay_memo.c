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

const char *const lay_memo_officer = "Handläggare";
const char *const lay_memo_to = "Till";

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
static double
footer_top(struct builder *b)
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
	double top = b->first_bottom + s->memo_footer_space;
	int column;

	for (column = 0; column < 2; column++) {
		struct buf lines = { 0 };

		lay_memo_footer_lines(b->doc, s, column, &lines);
		if (lines.len > 0)
			place_lines(b, 0, LAY_ROLE_TITLE_PAGE, lines.data,
			    &s->memo_footer, b->left + column *
			    s->memo_footer_column, column == 0 ?
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

	b->first_bottom = footer_top(b) - s->memo_footer_space;
	lay_new_page(p);
	if (nonempty(&memo->officer) != NULL) {
		y1 = place_lines(b, p->page, LAY_ROLE_TITLE_PAGE, lay_memo_officer, &s->memo_labels,
		    b->left, width, y0);
		add_line(&officer, "", memo->officer.s);
		add_line(&officer, "Telefon: ", nonempty(&memo->phone));
		y1 = place_lines(b, p->page, LAY_ROLE_TITLE_PAGE, officer.data, &s->memo_values,
		    b->left, width, y1);
		buf_free(&officer);
	} else
		y1 = y0;
	y2 = place_lines(b, p->page, LAY_ROLE_TITLE_PAGE, lay_memo_to, &s->memo_labels, b->left + width,
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

/* A signature's name and title, each a text of its own. */
static double
signature_texts(struct builder *b, const struct doc_signature *sig,
    struct text *t[2])
{
	const struct style *s = b->s;
	double h = 0;
	int k;

	t[0] = lay_plain_text(b, sig->name.s, &s->memo_values,
	    s->memo_signature_width);
	t[1] = nonempty(&sig->title) != NULL ? lay_plain_text(b,
	    sig->title.s, &s->memo_values, s->memo_signature_width) : NULL;
	for (k = 0; k < 2; k++)
		if (t[k] != NULL)
			h += lay_line_count(t[k]) * t[k]->leading;
	return h;
}

/* The signatures, two side by side, each with room to sign above it. */
void
lay_memo_signatures(struct builder *b, struct pager *p)
{
	const struct style *s = b->s;
	const struct doc_memo *memo = b->doc->memo;
	struct text *t[2][2];
	size_t i, j;
	int k;

	for (i = 0; i < memo->nsignatures; i += 2) {
		double h = 0, top;

		for (j = i; j < i + 2 && j < memo->nsignatures; j++)
			h = fmax(h, signature_texts(b, &memo->signatures[j],
			    t[j - i]));
		h += s->memo_signature_space;
		if (!p->at_top && !lay_fits(p, h, 0))
			lay_new_page(p);
		for (j = i; j < i + 2 && j < memo->nsignatures; j++) {
			top = p->y + s->memo_signature_space;
			for (k = 0; k < 2 && t[j - i][k] != NULL; k++) {
				lay_place_text(b, p->page, LAY_ROLE_TITLE_PAGE,
				    t[j - i][k], b->left + (double)(j - i) *
				    s->memo_signature_width, top);
				top += lay_line_count(t[j - i][k]) *
				    t[j - i][k]->leading;
			}
		}
		p->y += h;
		p->at_top = 0;
	}
}

/* A text of the header at the right margin, at *y, which it moves down. */
static void
right_line(struct builder *b, int page, enum lay_role role, struct text *t,
    double *y)
{
	lay_text_box(b, page, role, t, 0, b->left + b->width -
	    lay_line_width(t, 0), *y);
	*y += t->leading;
}

void
lay_memo_headers(struct builder *b)
{
	const struct style *s = b->s;
	const struct doc_meta *m = &b->doc->meta;
	struct lay_doc *ld = b->ld;
	struct text *left[2], *kind, *dnr = NULL, *date;
	struct buf str = { 0 };
	char day[11];
	size_t p;
	int k;

	left[0] = lay_plain_text(b, nonempty(&m->administration) != NULL ?
	    m->administration.s : m->board.s, &s->header,
	    s->header_title_width);
	left[1] = nonempty(&b->doc->memo->unit) != NULL ? lay_plain_text(b,
	    b->doc->memo->unit.s, &s->header, s->header_title_width) : NULL;
	kind = lay_plain_text(b, s->memo_kind, &s->memo_header_kind, 0);
	if (nonempty(&m->dnr) != NULL) {
		buf_printf(&str, "Dnr %s", m->dnr.s);
		dnr = lay_plain_text(b, str.data, &s->header, 0);
		buf_free(&str);
	}
	doc_date_format(&m->date, day);
	date = lay_plain_text(b, day, &s->header, 0);
	for (p = 0; p < ld->npages; p++) {
		double y = s->header_top;

		for (k = 0; k < 2 && left[k] != NULL; k++) {
			lay_place_text(b, (int)p, LAY_ROLE_HEADER, left[k],
			    b->left, y);
			y += lay_line_count(left[k]) * left[k]->leading;
		}
		y = s->header_top;
		right_line(b, (int)p, LAY_ROLE_HEADER, kind, &y);
		if (dnr != NULL)
			right_line(b, (int)p, LAY_ROLE_HEADER, dnr, &y);
		buf_printf(&str, "Sida %zu (%zu)", p + 1, ld->npages);
		right_line(b, (int)p, LAY_ROLE_PAGE_NUMBER, lay_plain_text(b,
		    str.data, &s->header, 0), &y);
		buf_free(&str);
		right_line(b, (int)p, LAY_ROLE_HEADER, date, &y);
	}
}
