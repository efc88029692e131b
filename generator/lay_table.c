#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "font.h"
#include "lay_break.h"
#include "lay_int.h"
#include "xalloc.h"

/*
 * Tables: their columns' widths, measured from what they hold, their rows
 * and cells, and how a table is placed on pages, its header row on each.
 */


static double
flow_height(const struct flow *f)
{
	double h = 0;
	size_t i;

	for (i = 0; i < f->n; i++)
		h += f->items[i].height;
	return h;
}

static void
cell_new(struct builder *b, struct cell *c, const struct doc_node *content,
    const struct table *t, size_t col, const struct block_style *bs)
{
	double pad = b->s->table_padding, y = 0;
	size_t i;

	if (content != NULL) {
		b->area_left = t->colx[col] + pad;
		b->area_right = t->colx[col] + t->colw[col] - pad;
		lay_blocks(b, &c->flow, content, t->colx[col] + pad,
		    t->colw[col] - 2 * pad, bs);
		b->area_left = b->left;
		b->area_right = b->left + b->width;
	}
	c->y = xcalloc(c->flow.n + 1, sizeof(*c->y));
	for (i = 0; i < c->flow.n; i++) {
		c->y[i] = y;
		y += c->flow.items[i].height;
	}
	c->y[c->flow.n] = y;
}

/* What row r of table n has in column col: NULL when nothing. */
static const struct doc_node *
cell_content(const struct doc_node *n, const struct doc_node *r, size_t col)
{
	const struct doc_node *c, *content = NULL;
	size_t k = 0;

	if (n->type == DOC_TABLE) {
		for (c = r->first; c != NULL && k < col; c = c->next)
			k++;
		return c;
	}
	for (c = r->first; c != NULL; c = c->next)
		if (c->as.field.field == doc_colkey_field(
		    n->as.table.cols[col].key))
			content = c;
	return content;
}

static void
columns(struct builder *b, struct table *t, const struct doc_node *n)
{
	double given = 0, share;
	size_t i, unsized = 0;

	t->ncols = n->as.table.ncols;
	t->x = b->left;
	t->width = b->width;
	t->colx = xcalloc(t->ncols, sizeof(*t->colx));
	t->colw = xcalloc(t->ncols, sizeof(*t->colw));
	for (i = 0; i < t->ncols; i++) {
		given += n->as.table.cols[i].width;
		unsized += n->as.table.cols[i].width == 0;
	}
	share = unsized > 0 ? (100 - given) / (double)unsized : 0;
	for (i = 0; i < t->ncols; i++) {
		double pct = n->as.table.cols[i].width > 0 ?
		    n->as.table.cols[i].width : share;

		t->colw[i] = t->width * pct / 100;
		t->colx[i] = i == 0 ? t->x : t->colx[i - 1] + t->colw[i - 1];
	}
}

/*
 * Choosing the columns' widths.  Each cell is measured once: its texts,
 * their indents, the spaces between them.  A column is never narrower than
 * its widest word (or, where the words of all columns cannot fit side by
 * side, its widest hyphenated piece); within that the widths are those
 * that make the table shortest, the plan's widths a preference that
 * decides between equally short tables.
 */

#define MEASURE_WIDTH	1e5	/* "unbroken", for measuring */
/* Beside the table's height, in points of it: every cell's height, for a
 * column read as words rather than syllables even where another column
 * makes the row as tall, a hyphen, and a point away from the plan. */
#define CELL_WEIGHT	0.2
#define HYPHEN_COST	6.0	/* see lay_measure_lines */
#define PREFERENCE	0.05

struct column_fit {
	struct builder	*b;
	size_t		 ncols, nrows;
	struct flow	*cells;		/* nrows x ncols, the header first */
	double		*w, *pref, *min;
	double		*floor;		/* its widest letter and a hyphen */
	/* Each column's cell heights at the widths tried. */
	struct tried {
		double	 width;
		double	*heights;	/* by row */
		double	 cost;		/* of the cells, the hyphens */
	}		**tried;
	size_t		*ntried, *triedcap;
};

/* The cell's height at a column width of w; counts its hyphens. */
static double
cell_height(const struct column_fit *cf, const struct flow *f, double w,
    int *hyphens)
{
	double h = 0, pad = cf->b->s->table_padding;
	size_t i;

	for (i = 0; i < f->n; i++) {
		const struct item *it = &f->items[i];

		if (it->kind == IT_LINE && it->text->measure != NULL)
			h += lay_measure_lines(it->text->measure, w - 2 * pad -
			    (MEASURE_WIDTH - it->text->width), hyphens) *
			    it->text->leading;
		else
			h += it->height;
	}
	return h;
}

/* Column c's cells at width w, worked out once. */
static const struct tried *
column_at(struct column_fit *cf, size_t c, double w)
{
	struct tried *t;
	size_t i, r;
	int hyphens = 0;

	for (i = 0; i < cf->ntried[c]; i++)
		if (fabs(cf->tried[c][i].width - w) < 0.01)
			return &cf->tried[c][i];
	cf->tried[c] = xgrow(cf->tried[c], &cf->triedcap[c], cf->ntried[c] + 1,
	    sizeof(*cf->tried[c]));
	t = &cf->tried[c][cf->ntried[c]++];
	t->width = w;
	t->heights = xcalloc(cf->nrows, sizeof(*t->heights));
	t->cost = PREFERENCE * fabs(w - cf->pref[c]);
	for (r = 0; r < cf->nrows; r++) {
		t->heights[r] = cell_height(cf, &cf->cells[r * cf->ncols + c],
		    w, &hyphens);
		t->cost += CELL_WEIGHT * t->heights[r];
	}
	t->cost += HYPHEN_COST * hyphens;
	return t;
}

/* What the table costs at widths w: its height, and see above. */
static double
table_cost(struct column_fit *cf, const double *w)
{
	const double *h[DOC_MAX_COLUMNS];
	double cost = 0;
	size_t c, r;

	for (c = 0; c < cf->ncols; c++) {
		const struct tried *t = column_at(cf, c, w[c]);

		h[c] = t->heights;
		cost += t->cost;
	}
	for (r = 0; r < cf->nrows; r++) {
		double row = 0;

		for (c = 0; c < cf->ncols; c++)
			row = fmax(row, h[c][r]);
		cost += row;
	}
	return cost;
}

/* The narrowest each column can be, broken into pieces. */
static void
column_minimums(struct column_fit *cf, enum lay_pieces pieces)
{
	double pad = cf->b->s->table_padding;
	size_t c, r, i;

	for (c = 0; c < cf->ncols; c++) {
		cf->min[c] = 0;
		for (r = 0; r < cf->nrows; r++) {
			const struct flow *f = &cf->cells[r * cf->ncols + c];

			for (i = 0; i < f->n; i++) {
				const struct text *t = f->items[i].text;

				if (f->items[i].kind != IT_LINE ||
				    t->measure == NULL)
					continue;
				/* Column headings are never hyphenated. */
				cf->min[c] = fmax(cf->min[c], lay_measure_min(
				    t->measure, r > 0 ? pieces : LAY_WORDS) +
				    MEASURE_WIDTH - t->width + 2 * pad);
				/* And the room a text must have at all (see
				 * lay_blocks). */
				cf->floor[c] = fmax(cf->floor[c], fmax(
				    lay_measure_letter(t->measure), 1.5 *
				    cf->b->s->table_text.size) + MEASURE_WIDTH -
				    t->width + 2 * pad);
			}
		}
	}
}

/*
 * Widths as near the plan's as the minimums allow, adding up to total;
 * 0 when the minimums do not fit: then each column gives up the same
 * share of what it has above the room of a letter (where even those do not
 * fit, of that room), and what does not fit is broken between characters
 * or refused when laid out.
 */
static int
start_widths(struct column_fit *cf, double total)
{
	double over = 0, slack = 0, sum = 0, floors = 0, share;
	size_t c;

	for (c = 0; c < cf->ncols; c++) {
		cf->floor[c] = fmin(cf->floor[c], cf->min[c]);
		floors += cf->floor[c];
	}
	/* A piece wider than the others leave room for is broken between
	 * its characters anyway: it asks for no more than that room. */
	for (c = 0; c < cf->ncols; c++) {
		cf->min[c] = fmin(cf->min[c], fmax(cf->floor[c], total -
		    (floors - cf->floor[c])));
		sum += cf->min[c];
	}
	if (sum > total) {
		share = floors < total ? (total - floors) / (sum - floors) : 0;
		for (c = 0; c < cf->ncols; c++)
			cf->w[c] = floors < total ? cf->floor[c] + share *
			    (cf->min[c] - cf->floor[c]) : cf->floor[c] * total /
			    floors;
		return 0;
	}
	for (c = 0; c < cf->ncols; c++) {
		cf->w[c] = fmax(cf->pref[c], cf->min[c]);
		over += cf->w[c];
		slack += cf->w[c] - cf->min[c];
	}
	over -= total;
	/* Taken from what the columns have above their minimums. */
	for (c = 0; c < cf->ncols && slack > 0; c++)
		cf->w[c] -= fmin(over, slack) * (cf->w[c] - cf->min[c]) / slack;
	return 1;
}

/* Moves width between columns while the table gets shorter. */
static void
shorten(struct column_fit *cf, double total)
{
	double step, best, trial[DOC_MAX_COLUMNS];
	size_t i, j, bi = 0, bj = 0;

	best = table_cost(cf, cf->w);
	for (step = total / 16; step >= total / 1024;) {
		int better = 0;

		for (i = 0; i < cf->ncols; i++)
			for (j = 0; j < cf->ncols; j++) {
				double cost;

				if (i == j || cf->w[j] - step < cf->min[j])
					continue;
				memcpy(trial, cf->w, cf->ncols * sizeof(*trial));
				trial[i] += step;
				trial[j] -= step;
				cost = table_cost(cf, trial);
				if (cost < best - 1e-9) {
					best = cost;
					bi = i;
					bj = j;
					better = 1;
				}
			}
		if (better) {
			cf->w[bi] += step;
			cf->w[bj] -= step;
		} else
			step /= 2;
	}
}

static void
fit_columns(struct builder *b, struct table *t, const struct doc_node *n)
{
	struct block_style bs = { &b->s->table_text, LAY_ROLE_TABLE_CELL,
	    b->s->paragraph_space / 2 };
	struct column_fit cf;
	const struct doc_node *r;

	double sum = 0;
	size_t c, i, k;
	int fitted;

	memset(&cf, 0, sizeof(cf));
	cf.b = b;
	cf.ncols = t->ncols;
	for (r = n->first; r != NULL; r = r->next)
		cf.nrows++;
	cf.nrows++;
	cf.cells = xcalloc(cf.nrows * cf.ncols, sizeof(*cf.cells));
	cf.w = xcalloc(cf.ncols, sizeof(*cf.w));
	cf.pref = xcalloc(cf.ncols, sizeof(*cf.pref));
	cf.min = xcalloc(cf.ncols, sizeof(*cf.min));
	cf.floor = xcalloc(cf.ncols, sizeof(*cf.floor));
	cf.tried = xcalloc(cf.ncols, sizeof(*cf.tried));
	cf.ntried = xcalloc(cf.ncols, sizeof(*cf.ntried));
	cf.triedcap = xcalloc(cf.ncols, sizeof(*cf.triedcap));
	b->measuring = 1;
	for (c = 0; c < cf.ncols; c++) {
		const struct doc_column *col = &n->as.table.cols[c];

		lay_lines(&cf.cells[c], lay_plain_text(b, col->header != NULL ?
		    col->header : doc_colkey_header(col->key),
		    &b->s->table_header, MEASURE_WIDTH), 0, bs.role, n, 0);
		cf.pref[c] = t->colw[c];
	}
	for (r = n->first, i = 1; r != NULL; r = r->next, i++)
		for (c = 0; c < cf.ncols; c++) {
			const struct doc_node *content = cell_content(n, r, c);

			if (content != NULL)
				lay_blocks(b, &cf.cells[i * cf.ncols + c],
				    content, 0, MEASURE_WIDTH, &bs);
		}
	b->measuring = 0;
	/* The words of compounds whole, if the columns have room. */
	column_minimums(&cf, LAY_PARTS);
	for (c = 0; c < cf.ncols; c++)
		sum += cf.min[c];
	if (sum <= t->width)
		fitted = start_widths(&cf, t->width);
	else {
		/* Where they have not, each column starts with the same
		 * share of the room its compounds' words need beyond their
		 * syllables', the hyphens' cost deciding from there. */
		double parts[DOC_MAX_COLUMNS], syllables = 0, share;

		memcpy(parts, cf.min, cf.ncols * sizeof(*parts));
		column_minimums(&cf, LAY_SYLLABLES);
		for (c = 0; c < cf.ncols; c++)
			syllables += cf.min[c];
		if (syllables <= t->width) {
			share = (t->width - syllables) / (sum - syllables);
			for (c = 0; c < cf.ncols; c++)
				cf.w[c] = cf.min[c] + share * (parts[c] -
				    cf.min[c]);
			fitted = 1;
		} else
			fitted = start_widths(&cf, t->width);
	}
	if (fitted)
		shorten(&cf, t->width);
	for (c = 0; c < cf.ncols; c++) {
		t->colw[c] = cf.w[c];
		t->colx[c] = c == 0 ? t->x : t->colx[c - 1] + t->colw[c - 1];
	}
	for (i = 0; i < cf.nrows * cf.ncols; i++) {
		for (k = 0; k < cf.cells[i].n; k++) {
			struct text *tx = cf.cells[i].items[k].text;

			/* The measure stays in b->measured for the
			 * layout of the cells, until the table's end. */
			if (tx != NULL)
				tx->measure = NULL;
		}
		free(cf.cells[i].items);
	}
	for (c = 0; c < cf.ncols; c++) {
		for (k = 0; k < cf.ntried[c]; k++)
			free(cf.tried[c][k].heights);
		free(cf.tried[c]);
	}
	free(cf.tried);
	free(cf.ntried);
	free(cf.triedcap);
	free(cf.min);
	free(cf.floor);
	free(cf.pref);
	free(cf.w);
	free(cf.cells);
}

static void
header_row(struct builder *b, struct table *t, const struct doc_node *n)
{
	struct block_style bs = { &b->s->table_header, LAY_ROLE_TABLE_HEADER,
	    0 };
	double pad = b->s->table_padding;
	size_t i;

	t->head.header = 1;
	t->head.cells = xcalloc(t->ncols, sizeof(*t->head.cells));
	for (i = 0; i < t->ncols; i++) {
		const struct doc_column *c = &n->as.table.cols[i];
		const char *h = c->header != NULL ? c->header :
		    doc_colkey_header(c->key);
		struct cell *cell = &t->head.cells[i];

		size_t k;

		b->area_left = t->colx[i] + pad;
		b->area_right = t->colx[i] + t->colw[i] - pad;
		/* A column heading is read at a glance: never hyphenated
		 * (Pango breaks a word only if the column cannot hold it). */
		lay_lines(&cell->flow, lay_plain_text(b, h, bs.text,
		    t->colw[i] -
		    2 * pad), t->colx[i] + pad, bs.role, n, 0);
		b->area_left = b->left;
		b->area_right = b->left + b->width;
		for (k = 0; k < cell->flow.n; k++)
			cell->flow.items[k].group = (int)i + 1;
		cell_new(b, cell, NULL, t, i, &bs);
	}
}

struct table *
lay_table(struct builder *b, const struct doc_node *n)
{
	struct block_style bs = { &b->s->table_text, LAY_ROLE_TABLE_CELL,
	    b->s->paragraph_space / 2 };
	struct table *t = xcalloc(1, sizeof(*t));
	const struct doc_node *r;
	size_t i;

	b->tables = xgrow(b->tables, &b->tablecap, b->ntables + 1,
	    sizeof(*b->tables));
	b->tables[b->ntables++] = t;
	t->node = n;
	columns(b, t, n);
	fit_columns(b, t, n);
	if (n->as.table.caption != NULL)
		t->caption = lay_plain_text(b, n->as.table.caption,
		    &b->s->table_caption, t->width - 2 * b->s->table_padding);
	header_row(b, t, n);
	for (r = n->first; r != NULL; r = r->next)
		t->nrows++;
	t->rows = xcalloc(t->nrows + 1, sizeof(*t->rows));
	for (r = n->first, i = 0; r != NULL; r = r->next, i++) {
		struct row *row = &t->rows[i];
		size_t col;

		row->cells = xcalloc(t->ncols, sizeof(*row->cells));
		for (col = 0; col < t->ncols; col++)
			cell_new(b, &row->cells[col], cell_content(n, r, col),
			    t, col, &bs);
	}
	lay_measured_free(b);
	return t;
}

void
lay_table_free(struct table *t)
{
	size_t i, c;

	for (i = 0; i <= t->nrows; i++) {
		struct row *row = i < t->nrows ? &t->rows[i] : &t->head;

		for (c = 0; row->cells != NULL && c < t->ncols; c++) {
			free(row->cells[c].flow.items);
			free(row->cells[c].y);
		}
		free(row->cells);
	}
	free(t->rows);
	free(t->colx);
	free(t->colw);
	free(t);
}

/* Tables on pages. */

/* Draws the borders and fill of a row fragment of height h at y. */
static void
row_frame(struct pager *p, const struct table *t, double y, double h,
    int header, int span)
{
	const struct style *s = p->b->s;
	struct lay_doc *ld = p->b->ld;
	double bw = s->table_border;
	size_t c;

	if (header) {
		struct lay_box *bx = lay_new_box(ld, p->page, LAY_RECT,
		    LAY_ROLE_TABLE_RULE);

		bx->x = t->x;
		bx->y = y;
		bx->w = t->width;
		bx->h = h;
		bx->color = s->color_table_header;
	}
	lay_rule(ld, p->page, LAY_ROLE_TABLE_RULE, t->x, y, t->width, 0, bw,
	    s->color_rule);
	lay_rule(ld, p->page, LAY_ROLE_TABLE_RULE, t->x, y + h, t->width, 0, bw,
	    s->color_rule);
	for (c = 0; c <= t->ncols; c++) {
		double x = c < t->ncols ? t->colx[c] : t->x + t->width;

		if (span && c > 0 && c < t->ncols)
			continue;
		lay_rule(ld, p->page, LAY_ROLE_TABLE_RULE, x, y, 0, h, bw,
		    s->color_rule);
	}
}

/*
 * How many of a cell's items from 'from' fit in height avail, and the
 * height they take; *notes gets the height of their footnotes.
 */
static size_t
cell_fit(const struct pager *p, const struct cell *c, size_t from,
    double avail, double *used, double *notes)
{
	size_t i = from, last = from;

	*notes = 0;
	*used = 0;
	for (; i < c->flow.n; i++) {
		double bottom = c->y[i + 1] - c->y[from];

		if (bottom > avail + 0.001)
			break;
		*notes += lay_item_notes(p, &c->flow.items[i]);
		if (c->flow.items[i].kind == IT_LINE) {
			last = i + 1;
			*used = bottom;
		}
	}
	return i == c->flow.n ? c->flow.n : last;
}

static size_t
lines_between(const struct cell *c, size_t from, size_t to)
{
	size_t n = 0;

	for (; from < to; from++)
		n += c->flow.items[from].kind == IT_LINE;
	return n;
}

/* The last line before end (from start), or NULL. */
static const struct item *
last_line(const struct cell *c, size_t start, size_t end)
{
	while (end > start && c->flow.items[end - 1].kind != IT_LINE)
		end--;
	return end > start ? &c->flow.items[end - 1] : NULL;
}

/*
 * A cell split over two pages leaves at least two lines on each, when it
 * has lines enough, and no word broken over the page: no single line is
 * left alone at a page's foot or head.
 */
static void
keep_two(const struct cell *c, size_t start, size_t *end)
{
	for (;;) {
		size_t before = lines_between(c, start, *end);
		size_t after = lines_between(c, *end, c->flow.n);
		const struct item *last = last_line(c, start, *end);

		if (after == 0 || (after >= 2 && before >= 2 &&
		    (last == NULL || !lay_item_breaks_word(last))))
			return;
		if (before < 2) {
			*end = start;
			return;
		}
		/* Move a line over, and the spaces before it. */
		do
			(*end)--;
		while (*end > start && c->flow.items[*end].kind != IT_LINE);
		while (*end > start && c->flow.items[*end - 1].kind == IT_SPACE)
			(*end)--;
		if (lines_between(c, start, *end) < 2) {
			*end = start;
			return;
		}
	}
}

/*
 * Places the part of row that fits from the items start[] on; advances
 * start[].  Returns whether the row is complete.
 */
static int
place_row(struct pager *p, const struct table *t, const struct row *row,
    size_t *start, int force)
{
	const struct style *s = p->b->s;
	double pad = s->table_padding, avail, h = 0, notes = 0, used, n;
	size_t c, *end = xcalloc(t->ncols, sizeof(*end)), i;
	int done = 1, any = 0, round;

	avail = p->b->bottom - lay_notes_height(p, 0) - p->y - 2 * pad;
	/* Footnotes of the fragment shrink the room for it: settle both. */
	for (round = 0; round < 4; round++) {
		h = notes = 0;
		done = 1;
		any = 0;
		for (c = 0; c < t->ncols; c++) {
			end[c] = cell_fit(p, &row->cells[c], start[c], avail,
			    &used, &n);
			if (used > h)
				h = used;
			notes += n;
			done &= end[c] == row->cells[c].flow.n;
			any |= end[c] > start[c];
		}
		if (lay_fits(p, h + 2 * pad, notes))
			break;
		avail -= lay_notes_height(p, notes) - lay_notes_height(p, 0);
	}
	if (!done) {
		h = 0;
		for (c = 0; c < t->ncols; c++) {
			keep_two(&row->cells[c], start[c], &end[c]);
			used = row->cells[c].y[end[c]] -
			    row->cells[c].y[start[c]];
			if (used > h)
				h = used;
		}
	}
	if (!done && !force && (!any || h < 3 * s->table_text.leading)) {
		free(end);
		return -1;	/* too little would stand on this page */
	}
	row_frame(p, t, p->y, h + 2 * pad, row->header, 0);
	for (c = 0; c < t->ncols; c++) {
		const struct cell *cell = &row->cells[c];

		for (i = start[c]; i < end[c]; i++)
			if (cell->flow.items[i].kind == IT_LINE)
				lay_place_line(p, &cell->flow.items[i], pad +
				    cell->y[i] - cell->y[start[c]], 0);
		/* A continued cell starts with its next line, not a space. */
		while (end[c] < cell->flow.n &&
		    cell->flow.items[end[c]].kind == IT_SPACE)
			end[c]++;
		start[c] = end[c];
	}
	p->y += h + 2 * pad;
	p->at_top = 0;
	free(end);
	return done;
}

static double
row_height(const struct table *t, const struct row *row)
{
	double h = 0;
	size_t c;

	for (c = 0; c < t->ncols; c++)
		if (flow_height(&row->cells[c].flow) > h)
			h = flow_height(&row->cells[c].flow);
	return h;
}

static void
table_head(struct pager *p, const struct table *t)
{
	size_t start[DOC_MAX_COLUMNS] = { 0 };

	place_row(p, t, &t->head, start, 1);
}

/* The height of the footnotes from a whole row. */
static double
row_notes(const struct pager *p, const struct table *t, const struct row *row)
{
	double h = 0;
	size_t c, i;

	for (c = 0; c < t->ncols; c++)
		for (i = 0; i < row->cells[c].flow.n; i++)
			h += lay_item_notes(p, &row->cells[c].flow.items[i]);
	return h;
}

/* Whether a whole row fits on a page of its own, below the header row. */
static int
fits_fresh_page(const struct pager *p, const struct table *t,
    const struct row *row)
{
	double pad = p->b->s->table_padding;

	return row_height(t, row) + row_height(t, &t->head) + 4 * pad +
	    row_notes(p, t, row) + p->b->s->fn_space_above <=
	    p->b->bottom - p->b->top;
}

void
lay_place_table(struct pager *p, const struct table *t)
{
	const struct style *s = p->b->s;
	double pad = s->table_padding, first;
	size_t r, start[DOC_MAX_COLUMNS];

	/* The header row heads every page of the table: it must leave room
	 * for rows under it. */
	if (row_height(t, &t->head) + 4 * pad + 3 * s->table_text.leading >
	    p->b->bottom - p->b->top) {
		size_t c, tallest = 0;

		for (c = 1; c < t->ncols; c++)
			if (flow_height(&t->head.cells[c].flow) >
			    flow_height(&t->head.cells[tallest].flow))
				tallest = c;
		diag_report(p->d, DIAG_ERROR,
		    &t->node->as.table.cols[tallest].pos, "the column heading "
		    "is too long: the table's header row, repeated on every "
		    "page of the table, would leave no room for its rows; "
		    "shorten it");
		p->failed = 1;
		return;
	}
	/* The caption, the header and the first row (as much of it as must
	 * stand together) start on one page. */
	first = (t->caption != NULL ? lay_line_count(t->caption) *
	    t->caption->leading + 2 * pad : 0) + row_height(t, &t->head) +
	    2 * pad;
	if (t->nrows > 0)
		first += (fits_fresh_page(p, t, &t->rows[0]) ?
		    row_height(t, &t->rows[0]) : 3 * s->table_text.leading) +
		    2 * pad;
	/* A page that so far holds only the rest of a long footnote is not
	 * empty for this. */
	if ((!p->at_top || p->nnotes > 0) && !lay_fits(p, first, t->nrows > 0 ?
	    row_notes(p, t, &t->rows[0]) : 0))
		lay_new_page(p);
	if (t->caption != NULL) {
		double h = lay_line_count(t->caption) * t->caption->leading;
		int i;

		row_frame(p, t, p->y, h + 2 * pad, 0, 1);
		for (i = 0; i < lay_line_count(t->caption); i++)
			lay_text_box(p->b, p->page, LAY_ROLE_CAPTION,
			    t->caption, i, t->x + pad, p->y + pad + i *
			    t->caption->leading)->node = t->node;
		p->y += h + 2 * pad;
	}
	table_head(p, t);
	for (r = 0; r < t->nrows; r++) {
		const struct row *row = &t->rows[r];
		int ret, fresh = 0;

		memset(start, 0, sizeof(start));
		/* A row that fits on a page is never split: it goes whole
		 * to the next page when it does not fit on this one. */
		if (!lay_fits(p, row_height(t, row) + 2 * pad,
		    row_notes(p, t, row)) && fits_fresh_page(p, t, row)) {
			lay_new_page(p);
			table_head(p, t);
			fresh = 1;
		}
		for (;;) {
			size_t before[DOC_MAX_COLUMNS], c;

			memcpy(before, start, sizeof(before));
			ret = place_row(p, t, row, start, fresh);
			if (ret == 1)
				break;
			/* A fresh page must take some of the row. */
			if (fresh && memcmp(before, start,
			    sizeof(before)) == 0) {
				const struct item *at = NULL;

				for (c = 0; c < t->ncols && at == NULL; c++)
					if (start[c] < row->cells[c].flow.n)
						at = &row->cells[c].flow.items[
						    start[c]];
				lay_too_tall(p, at, t->node);
				return;
			}
			lay_new_page(p);
			table_head(p, t);
			fresh = 1;
		}
	}
}
