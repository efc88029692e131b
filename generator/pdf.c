#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <hb.h>
#include <zlib.h>
#include <pango/pangocairo.h>

#include "fileio.h"
#include "img.h"
#include "markup.h"
#include "pdf.h"
#include "pdfua.h"
#include "xalloc.h"

/*
 * Tagging: every box is drawn inside the structure elements of its place
 * in the plan (Sect, H1, P, L/LI/Lbl/LBody, Table/TR/TH/TD, Note, TOC/TOCI
 * …), its chain.  Boxes come in reading order.  Cairo is given only the
 * element that holds the box's content (a Span, a Link, decoration) below
 * one Document, and the chain goes to the record (pdfua.h), from which the
 * post-pass builds the tree: so a paragraph or table continues over its
 * lines, rows and pages whatever is drawn between them.
 */

enum {
	MAX_TAGS = 3 * DOC_MAX_LEVEL + 4 * MARKUP_MAX_DEPTH + 8
};

struct tagger {
	cairo_t		*cr;
	struct pdfua_record *rec;
	struct pdfua_elem open[MAX_TAGS];	/* the last box's chain */
	size_t		 nopen;
	int		 leaf_open;	/* its last element, given to Cairo */
	/* What the next leaf says that Cairo cannot (pdfua_leaf), for
	 * tags_to() only. */
	const char	*lang, *alt;
	size_t		 page;		/* being drawn */
	/* The tables whose header row has been drawn, and on which page:
	 * on a later page, it is drawn again for the eye only. */
	struct headed {
		const void	*table;
		size_t		 page;
	}		*headed;
	size_t		 nheaded, headedcap;
};

static size_t
push_tag(struct pdfua_elem *chain, size_t n, const char *name, const void *key,
    int k)
{
	if (n < MAX_TAGS) {
		chain[n].name = name;
		chain[n].key = key;
		chain[n].n = k;
		n++;
	}
	return n;
}

/* Which column of table a cell or field is, from 1; 0 when none. */
static int
column_of(const struct doc_node *table, const struct doc_node *cell)
{
	const struct doc_node *c;
	size_t i;
	int k = 1;

	if (cell->type == DOC_CELL) {
		for (c = cell->parent->first; c != NULL && c != cell;
		    c = c->next)
			k++;
		return k;
	}
	for (i = 0; table != NULL && i < table->as.table.ncols; i++)
		if (doc_colkey_field(table->as.table.cols[i].key) ==
		    cell->as.field.field)
			return (int)i + 1;
	return 0;
}

/* The elements of a node's block ancestry, outermost first: a table with
 * its number of columns, a cell with its column (see pdfua.h). */
static size_t
node_chain(const struct doc_node *node, struct pdfua_elem *chain, size_t n)
{
	const struct doc_node *path[64], *a;
	size_t depth = 0, i;

	for (a = node; a != NULL && a->type != DOC_PLAN && depth < 64;
	    a = a->parent)
		path[depth++] = a;
	for (i = depth; i-- > 0; ) {
		a = path[i];
		switch (a->type) {
		case DOC_SECTION:
			n = push_tag(chain, n, "Sect", a, 0);
			break;
		case DOC_LIST:
			n = push_tag(chain, n, "L", a, 0);
			break;
		case DOC_ITEM:
			n = push_tag(chain, n, "LI", a, 0);
			if (i > 0)
				n = push_tag(chain, n, "LBody", a, 0);
			break;
		case DOC_QUOTE:
			n = push_tag(chain, n, "BlockQuote", a, 0);
			break;
		case DOC_TABLE:
		case DOC_ACTIONS:
			n = push_tag(chain, n, "Table", a,
			    (int)a->as.table.ncols);
			break;
		case DOC_ROW:
		case DOC_ACTION:
			n = push_tag(chain, n, "TBody", a->parent, 0);
			n = push_tag(chain, n, "TR", a, 0);
			break;
		case DOC_CELL:
		case DOC_FIELD:
			n = push_tag(chain, n, "TD", a, column_of(
			    a->parent != NULL ? a->parent->parent : NULL, a));
			break;
		case DOC_PARAGRAPH:
			n = push_tag(chain, n, "P", a, 0);
			break;
		case DOC_FOOTNOTE:
			n = push_tag(chain, n, "Note", a, 0);
			break;
		case DOC_FIGURE:
			/* The figure with its caption. */
			n = push_tag(chain, n, "Div", a, 0);
			break;
		default:
			break;
		}
	}
	return n;
}

static size_t
box_chain(const struct lay_doc *ld, const struct lay_box *bx,
    struct pdfua_elem *chain)
{
	static const char *const headings[] = { "H1", "H2", "H3" };
	size_t n = push_tag(chain, 0, "Document", ld, 0);

	switch (bx->role) {
	case LAY_ROLE_HEADER:
	case LAY_ROLE_PAGE_NUMBER:
	case LAY_ROLE_DRAFT:
	case LAY_ROLE_FOOTNOTE_RULE:
	case LAY_ROLE_TABLE_RULE:
		/* Drawn in the elements open (chain_of()). */
		return n;
	case LAY_ROLE_FOOTNOTE:
		/* A note at the page's foot is read where its marker is: in
		 * the elements of its marker's text, numbered as its
		 * Reference is (pdfua.c puts it right after it). */
		n = node_chain(bx->node, chain, n);
		chain[n - 1].n = bx->note;
		return n;
	case LAY_ROLE_COVER:
	case LAY_ROLE_TITLE_PAGE:
		return push_tag(chain, n, "P", bx->lines, 0);
	case LAY_ROLE_CONTENTS:
		n = push_tag(chain, n, "TOC", ld->pages, 0);
		return push_tag(chain, n, bx->group > 0 ? "TOCI" : "P", NULL,
		    bx->group);
	case LAY_ROLE_HEADING:
		n = node_chain(bx->node, chain, n);
		return push_tag(chain, n, headings[bx->level > 0 &&
		    bx->level <= DOC_MAX_LEVEL ? bx->level - 1 : 0], bx->node, 0);
	case LAY_ROLE_MARKER:
		n = node_chain(bx->node, chain, n);
		return push_tag(chain, n, "Lbl", bx->node, 0);
	case LAY_ROLE_TABLE_HEADER:
		n = node_chain(bx->node, chain, n);
		n = push_tag(chain, n, "THead", bx->node, 0);
		n = push_tag(chain, n, "TR", bx->node, -1);
		return push_tag(chain, n, "TH", bx->node, bx->group);
	case LAY_ROLE_CAPTION:
		n = node_chain(bx->node, chain, n);
		return push_tag(chain, n, "Caption", bx->node, 0);
	case LAY_ROLE_FIGURE:
		n = node_chain(bx->node, chain, n);
		return push_tag(chain, n, "Figure", bx->node, 0);
	case LAY_ROLE_BODY:
	case LAY_ROLE_TABLE_CELL:
		return node_chain(bx->node, chain, n);
	}
	return n;
}

/* The page a table's header row was first drawn on (noting it now, the
 * first time). */
static size_t
header_page(struct tagger *tg, const void *table)
{
	size_t i;

	for (i = 0; i < tg->nheaded; i++)
		if (tg->headed[i].table == table)
			return tg->headed[i].page;
	tg->headed = xgrow(tg->headed, &tg->headedcap, tg->nheaded + 1,
	    sizeof(*tg->headed));
	tg->headed[tg->nheaded].table = table;
	tg->headed[tg->nheaded++].page = tg->page;
	return tg->page;
}

/* Whether box bx is decoration only: a table's header row is read once,
 * where the table begins; the style's logo on the cover is the city's
 * mark, which the cover's text names. */
static int
decoration(struct tagger *tg, const struct lay_box *bx)
{
	return bx->ornament || (bx->kind == LAY_IMAGE &&
	    bx->role == LAY_ROLE_COVER) ||
	    bx->role == LAY_ROLE_HEADER ||
	    bx->role == LAY_ROLE_PAGE_NUMBER || bx->role == LAY_ROLE_DRAFT ||
	    bx->role == LAY_ROLE_FOOTNOTE_RULE ||
	    bx->role == LAY_ROLE_TABLE_RULE ||
	    (bx->role == LAY_ROLE_TABLE_HEADER && header_page(tg, bx->node) !=
	    tg->page);
}

/* Whether an element of t's type holds content itself, as Cairo marks
 * content only in an element without elements below it: a text's Span,
 * a link, decoration. */
static int
holds_content(const struct pdfua_elem *t)
{
	return strcmp(t->name, "Span") == 0 || strcmp(t->name,
	    CAIRO_TAG_LINK) == 0 || strcmp(t->name, PDFUA_DECORATION) == 0 ||
	    strcmp(t->name, "Figure") == 0;
}

/* Text box bx's Span, as its line begins (run_leaf() takes it on). */
static size_t
text_span(struct pdfua_elem *chain, size_t n, const struct lay_box *bx)
{
	const struct lay_line *l = &bx->lines->line[bx->line];

	/* A Span is one passage's (or none's). */
	return push_tag(chain, n, "Span", bx->lines, l->nruns > 0 ?
	    (int)lay_passage_at(bx->lines, (size_t)l->runs[0]->item->offset) :
	    0);
}

/*
 * The elements box bx is drawn in (other: see partner()).  A
 * text's words are in a Span of their own below the text's element, so
 * that the element itself holds no content and stays open while
 * decoration is drawn (the running header, on the page a paragraph goes
 * on to): decoration is drawn in the elements open, but for the content
 * ones, inside an element the post-pass makes an artifact of (pdfua.h),
 * as Cairo 1.16 cannot mark an artifact.
 */
static size_t
chain_of(struct tagger *tg, const struct lay_doc *ld,
    const struct lay_box *bx, const struct lay_box *other,
    struct pdfua_elem *chain)
{
	size_t n;

	/* Decoration is drawn within the elements open (but those that hold
	 * content), which go on after it. */
	if (decoration(tg, bx)) {
		for (n = 0; n < tg->nopen && !holds_content(&tg->open[n]); n++)
			chain[n] = tg->open[n];
		return push_tag(chain, n, PDFUA_DECORATION, NULL, 0);
	}
	/* A contents entry's link without a line (none such is made) would
	 * hold only its annotation. */
	if (bx->kind == LAY_LINK) {
		n = box_chain(ld, other != NULL ? other : bx, chain);
		return push_tag(chain, n, CAIRO_TAG_LINK, bx, 0);
	}
	n = box_chain(ld, bx, chain);
	if (other != NULL)
		return push_tag(chain, n, CAIRO_TAG_LINK, other, 0);
	return bx->kind == LAY_TEXT ? text_span(chain, n, bx) : n;
}

/* How many of chain's first elements are the first of the open ones. */
static size_t
tags_kept(const struct tagger *tg, const struct pdfua_elem *chain, size_t n)
{
	size_t same = 0;

	while (same < n && same < tg->nopen &&
	    strcmp(chain[same].name, tg->open[same].name) == 0 &&
	    chain[same].key == tg->open[same].key &&
	    chain[same].n == tg->open[same].n)
		same++;
	return same;
}

/* Whether the leaf open goes on in chain. */
static int
leaf_goes_on(const struct tagger *tg, const struct pdfua_elem *chain,
    size_t n)
{
	return tg->leaf_open && n == tg->nopen && tags_kept(tg, chain, n) == n;
}

static void
leaf_end(struct tagger *tg)
{
	if (tg->leaf_open)
		cairo_tag_end(tg->cr, tg->open[tg->nopen - 1].name);
	tg->leaf_open = 0;
}

static void	link_begin(cairo_t *, const struct lay_box *);

/* The box of chain to be drawn in its leaf, the chain recorded when the
 * leaf is new. */
static void
tags_to(struct tagger *tg, const struct pdfua_elem *chain, size_t n)
{
	if (leaf_goes_on(tg, chain, n))
		return;
	leaf_end(tg);
	memcpy(tg->open, chain, n * sizeof(*chain));
	tg->nopen = n;
	/* The Document (chain[0]) is open for the whole file. */
	if (n < 2)
		return;
	if (strcmp(chain[n - 1].name, CAIRO_TAG_LINK) == 0)
		link_begin(tg->cr, chain[n - 1].key);
	else
		cairo_tag_begin(tg->cr, chain[n - 1].name, NULL);
	tg->leaf_open = 1;
	pdfua_record_leaf(tg->rec, chain + 1, n - 1, tg->lang, tg->alt);
	tg->lang = tg->alt = NULL;
}

/* Cairo writes the pages' content a few bytes at a time (pdf_init()). */
static cairo_status_t
append(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf *b = closure;

	if (b->len + len < b->cap) {
		memcpy(b->data + b->len, data, len);
		b->len += len;
		b->data[b->len] = '\0';
	} else
		buf_add(b, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void
rgb_of(uint32_t c, double rgb[3])
{
	rgb[0] = ((c >> 16) & 0xff) / 255.0;
	rgb[1] = ((c >> 8) & 0xff) / 255.0;
	rgb[2] = (c & 0xff) / 255.0;
}

static void
color(cairo_t *cr, uint32_t c)
{
	double rgb[3];

	rgb_of(c, rgb);
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
}

/* A string for a Cairo tag attribute: quotes and backslashes escaped. */
static void
quoted(struct buf *b, const char *s)
{
	buf_addc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '\'');
}

/* Begins link bx: what is drawn until its end is the link's content. */
static void
link_begin(cairo_t *cr, const struct lay_box *bx)
{
	struct buf a = { 0 };

	buf_printf(&a, "rect=[%.2f %.2f %.2f %.2f] ", bx->x, bx->y, bx->w,
	    bx->h);
	if (bx->uri != NULL) {
		buf_adds(&a, "uri=");
		quoted(&a, bx->uri);
	} else
		buf_printf(&a, "dest='h%d'", bx->dest);
	cairo_tag_begin(cr, CAIRO_TAG_LINK, a.data);
	buf_free(&a);
}

/* The layout has read the image once already; a failure now leaves the
 * area empty rather than the document unmade.  With opaque, the image has
 * no transparency (img_draw()). */
static void
image(cairo_t *cr, const struct lay_box *bx, int opaque)
{
	unsigned char *logo;
	size_t len;

	if (bx->image == NULL) {
		img_draw(cr, bx->node->as.figure.data, bx->node->as.figure.len,
		    bx->x, bx->y, bx->w, bx->h, opaque);
		return;
	}
	if ((logo = (unsigned char *)fileio_slurp(bx->image, IMG_MAX_BYTES,
	    &len)) != NULL)
		img_draw(cr, logo, len, bx->x, bx->y, bx->w, bx->h, opaque);
	free(logo);
}

/*
 * Glyphs shown together: runs of one font and colour, each placed and
 * mapped to its text (clusters) as Pango's Cairo renderer would show it,
 * in one call for all.  Each call costs Cairo a text object's setting-up
 * and its page analysis a region to grow, whatever its glyphs.
 */
struct batch {
	cairo_t			*cr;
	/* Tagging a text's runs (else NULL: a preview, or a box in one
	 * leaf): the text box's chain, its links on the line and its
	 * footnote markers, each a Reference of its own (run_leaf()). */
	struct tagger		*tg;
	struct pdfua_elem	*chain;
	size_t			 nchain;
	const struct lay_box	*links;
	size_t			 nlinks;
	int			 marker, markers;	/* next, left */
	int			 in_reference;
	int			 opaque;	/* no transparency (PDF/A-1) */
	cairo_scaled_font_t	*font;
	double			 rgb[3];
	int			 mapped;	/* glyphs by the cmap alone */
	GHashTable		*charmaps;	/* hb_face_t to charmap */
	struct buf		 text;
	cairo_glyph_t		*glyphs;
	size_t			 nglyphs, glyphcap;
	cairo_text_cluster_t	*clusters;
	size_t			 nclusters, clustercap;
};

/*
 * The one character each glyph of a font stands for in its cmap; NO_CHAR
 * where several do, NO_CHAR - 1 where none does.  A PDF reader gets that
 * character for the glyph when Cairo is given no text with it: Cairo's
 * ToUnicode then comes from the cmap, and mapping text to glyphs costs
 * Cairo more than writing them.
 */
#define NO_CHAR	 0xffffffffu

struct charmap {
	uint32_t	*owner;
	unsigned	 n;
};

static void
charmap_free(gpointer p)
{
	struct charmap *m = p;

	free(m->owner);
	free(m);
}

static void
face_free(gpointer p)
{
	hb_face_destroy(p);
}

/* The font's face's: a face is the font's file, at every size. */
static const struct charmap *
charmap_of(struct batch *b, PangoFont *font)
{
	struct charmap *m;
	hb_font_t *hb = pango_font_get_hb_font(font);
	hb_face_t *face = hb_font_get_face(hb);
	hb_set_t *chars;
	hb_codepoint_t c = HB_SET_VALUE_INVALID, g;
	unsigned i;

	if (b->charmaps == NULL)
		b->charmaps = g_hash_table_new_full(NULL, NULL, face_free,
		    charmap_free);
	if ((m = g_hash_table_lookup(b->charmaps, face)) != NULL)
		return m;
	m = xcalloc(1, sizeof(*m));
	m->n = hb_face_get_glyph_count(face);
	m->owner = xcalloc(m->n + 1, sizeof(*m->owner));
	for (i = 0; i <= m->n; i++)
		m->owner[i] = NO_CHAR - 1;
	chars = hb_set_create();
	hb_face_collect_unicodes(face, chars);
	while (hb_set_next(chars, &c))
		if (hb_font_get_nominal_glyph(hb, c, &g) && g < m->n)
			m->owner[g] = m->owner[g] == NO_CHAR - 1 ? c :
			    NO_CHAR;
	hb_set_destroy(chars);
	g_hash_table_insert(b->charmaps, hb_face_reference(face), m);
	return m;
}

/* Whether run r's text is what the cmap gives its glyphs: one glyph for
 * each character, in order. */
static int
mapped(struct batch *b, const struct lay_lines *ls, const struct lay_run *r)
{
	const struct charmap *m;
	const char *start = ls->text + r->item->offset, *s = start;
	int i;

	if (r->n != r->item->num_chars)
		return 0;
	m = charmap_of(b, r->item->analysis.font);
	for (i = 0; i < r->n; i++, s = g_utf8_next_char(s))
		if (lay_run_cluster(r, i) != s - start || lay_run_glyph(r, i) >=
		    m->n || m->owner[lay_run_glyph(r, i)] != g_utf8_get_char(s))
			return 0;
	return 1;
}

static void
batch_flush(struct batch *b)
{
	if (b->nclusters == 0)
		return;
	cairo_save(b->cr);
	cairo_set_source_rgb(b->cr, b->rgb[0], b->rgb[1], b->rgb[2]);
	cairo_set_scaled_font(b->cr, b->font);
	if (b->mapped)
		cairo_show_glyphs(b->cr, b->glyphs, (int)b->nglyphs);
	else
		cairo_show_text_glyphs(b->cr, b->text.data, (int)b->text.len,
		    b->glyphs, (int)b->nglyphs, b->clusters,
		    (int)b->nclusters, 0);
	cairo_restore(b->cr);
	b->text.len = 0;
	b->nglyphs = b->nclusters = 0;
}

static void
batch_free(struct batch *b)
{
	if (b->charmaps != NULL)
		g_hash_table_unref(b->charmaps);
	buf_free(&b->text);
	free(b->glyphs);
	free(b->clusters);
}

/* The scaled font a run can be shown in by Cairo directly, or NULL: right
 * to left, or with a glyph the font lacks (Pango draws a box for it). */
static cairo_scaled_font_t *
direct_font(const struct lay_run *r)
{
	cairo_scaled_font_t *f;
	int i;

	if (r->item->analysis.level % 2 != 0)
		return NULL;
	for (i = 0; i < r->n; i++)
		if ((lay_run_glyph(r, i) & PANGO_GLYPH_UNKNOWN_FLAG) &&
		    lay_run_glyph(r, i) != PANGO_GLYPH_EMPTY)
			return NULL;
	f = pango_cairo_font_get_scaled_font(
	    (PangoCairoFont *)r->item->analysis.font);
	return f != NULL && cairo_scaled_font_status(f) ==
	    CAIRO_STATUS_SUCCESS ? f : NULL;
}

/* Adds run r, its origin at x, y, in colour rgb to what b shows. */
static void
batch_add(struct batch *b, const struct lay_lines *ls,
    const struct lay_run *r, cairo_scaled_font_t *font, const double rgb[3],
    double x, double y)
{
	int i, at = 0, start = 0, by_cmap = mapped(b, ls, r);

	if (b->nclusters > 0 && (font != b->font || memcmp(rgb, b->rgb,
	    sizeof(b->rgb)) != 0 || by_cmap != b->mapped))
		batch_flush(b);
	b->mapped = by_cmap;
	b->font = font;
	memcpy(b->rgb, rgb, sizeof(b->rgb));
	b->glyphs = xgrow(b->glyphs, &b->glyphcap, b->nglyphs + (size_t)r->n,
	    sizeof(*b->glyphs));
	b->clusters = xgrow(b->clusters, &b->clustercap, b->nclusters +
	    (size_t)r->n, sizeof(*b->clusters));
	buf_add(&b->text, ls->text + r->item->offset, (size_t)r->item->length);
	for (i = 0; i < r->n; i++) {
		int dy = r->offset != NULL ? r->offset[2 * i + 1] : 0,
		    cluster = lay_run_cluster(r, i);
		uint32_t glyph = lay_run_glyph(r, i);

		if (i == 0 || cluster != lay_run_cluster(r, start)) {
			/* The first cluster begins with the run's text, as
			 * Pango's cluster iterator has it. */
			if (i > 0)
				b->clusters[b->nclusters - 1].num_bytes =
				    cluster - (start == 0 ? 0 :
				    lay_run_cluster(r, start));
			b->clusters[b->nclusters].num_glyphs = 0;
			b->nclusters++;
			start = i;
		}
		if (glyph != PANGO_GLYPH_EMPTY) {
			cairo_glyph_t *g = &b->glyphs[b->nglyphs++];

			g->index = glyph;
			g->x = x + (at + (r->offset != NULL ? r->offset[2 * i] :
			    0)) / (double)PANGO_SCALE;
			g->y = dy == 0 ? y : y + dy / (double)PANGO_SCALE;
			b->clusters[b->nclusters - 1].num_glyphs++;
		}
		at += r->width[i];
	}
	if (r->n > 0)
		b->clusters[b->nclusters - 1].num_bytes = r->item->length -
		    (start == 0 ? 0 : lay_run_cluster(r, start));
}

/* Whether box bx is a link in a text, drawn with the text of the line
 * box before it (run_leaf()). */
static int
link_in_text(const struct lay_box *bx)
{
	return bx->kind == LAY_LINK && bx->role != LAY_ROLE_CONTENTS;
}

/*
 * The leaf run r of ls is drawn in, in the elements of the text it is in
 * (b->chain, whose last element is the leaf, rewritten here): a footnote
 * marker's Reference (the marker the only text raised), a link's Link, a
 * Span of the passage in another language it is in, or else of the text.
 */
static void
run_leaf(struct batch *b, const struct lay_lines *ls, const struct lay_run *r)
{
	struct pdfua_elem *leaf = &b->chain[b->nchain - 1];
	size_t at = (size_t)r->item->offset, k;

	if (r->y_offset != 0 && (b->in_reference || b->markers > 0)) {
		if (b->in_reference)
			return;
		b->in_reference = 1;
		b->markers--;
		leaf->name = "Reference";
		leaf->key = ls;
		leaf->n = b->marker++;
		b->tg->lang = NULL;
	} else {
		size_t passage = lay_passage_at(ls, at);

		b->in_reference = 0;
		for (k = 0; k < b->nlinks && (at < b->links[k].start ||
		    at >= b->links[k].end); k++)
			continue;
		if (k < b->nlinks) {
			leaf->name = CAIRO_TAG_LINK;
			leaf->key = &b->links[k];
			leaf->n = 0;
		} else {
			leaf->name = "Span";
			leaf->key = ls;
			leaf->n = (int)passage;
		}
		b->tg->lang = passage > 0 ? ls->passages[passage - 1].tag :
		    NULL;
	}
	if (!leaf_goes_on(b->tg, b->chain, b->nchain)) {
		batch_flush(b);
		tags_to(b->tg, b->chain, b->nchain);
	}
}

/*
 * Draws line l of ls with its left end at x on baseline y, in colour rgb,
 * as Pango would draw a layout's line: each run's glyphs with its text (so
 * that the PDF's text reads as the plan's), in its colour, raised (the
 * run's y_offset, from its rise), underlined.
 */
static void
draw_line(struct batch *b, const struct lay_lines *ls,
    const struct lay_line *l, const double rgb[3], double x, double y)
{
	PangoGlyphString *glyphs = NULL;
	int at = 0;
	size_t k;

	for (k = 0; k < l->nruns; k++) {
		const struct lay_run *r = l->runs[k];
		PangoGlyphItem run = { r->item, NULL, r->y_offset, r->start_x,
		    r->end_x };
		struct lay_run_style st = lay_run_style(r);
		cairo_scaled_font_t *font = st.underline ? NULL :
		    direct_font(r);
		double rx, ry, own[3];
		PangoRectangle ink, logical;
		int width;

		at += r->start_x;
		rx = x + at / (double)PANGO_SCALE;
		ry = y - r->y_offset / (double)PANGO_SCALE;
		if (b->tg != NULL)
			run_leaf(b, ls, r);
		if (st.color != NULL) {
			own[0] = st.color->red / 65535.;
			own[1] = st.color->green / 65535.;
			own[2] = st.color->blue / 65535.;
		} else
			memcpy(own, rgb, sizeof(own));
		if (font != NULL) {
			/* From where Pango's renderer would start it: Cairo's
			 * current point, kept in 1/256ths. */
			batch_add(b, ls, r, font, own, nearbyint(rx * 256) / 256,
			    nearbyint(ry * 256) / 256);
			at += lay_run_width(r) + r->end_x;
			continue;
		}
		/* Underlined, or not for Cairo alone: Pango draws it. */
		batch_flush(b);
		if (glyphs == NULL)
			glyphs = pango_glyph_string_new();
		run.glyphs = glyphs;
		lay_run_glyphs(r, glyphs);
		/* The extents only where an underline needs them. */
		if (st.underline)
			pango_glyph_string_extents(glyphs,
			    r->item->analysis.font, &ink, &logical);
		width = st.underline ? logical.width :
		    pango_glyph_string_get_width(glyphs);
		cairo_save(b->cr);
		cairo_set_source_rgb(b->cr, own[0], own[1], own[2]);
		cairo_move_to(b->cr, rx, ry);
		pango_cairo_show_glyph_item(b->cr, ls->text, &run);
		if (st.underline) {
			PangoFontMetrics *m = pango_font_get_metrics(
			    r->item->analysis.font, r->item->analysis.language);

			cairo_rectangle(b->cr, rx + MIN(ink.x, logical.x) /
			    (double)PANGO_SCALE, ry -
			    pango_font_metrics_get_underline_position(m) /
			    (double)PANGO_SCALE, MAX(ink.width, logical.width) /
			    (double)PANGO_SCALE,
			    pango_font_metrics_get_underline_thickness(m) /
			    (double)PANGO_SCALE);
			cairo_fill(b->cr);
			pango_font_metrics_unref(m);
		}
		cairo_restore(b->cr);
		at += width + r->end_x;
	}
	if (glyphs != NULL)
		pango_glyph_string_free(glyphs);
}

/* Draws bx; its text may wait in b, to be shown with the next box's. */
static void
draw_box(struct batch *b, const struct lay_box *bx)
{
	cairo_t *cr = b->cr;
	char name[32];
	double rgb[3];

	if (bx->kind != LAY_TEXT || bx->anchor > 0)
		batch_flush(b);
	switch (bx->kind) {
	case LAY_TEXT:
		if (bx->anchor > 0) {
			/* A heading is a named destination, for the contents'
			 * links and the bookmarks. */
			snprintf(name, sizeof(name), "name='h%d'", bx->anchor);
			cairo_tag_begin(cr, CAIRO_TAG_DEST, name);
		}
		rgb_of(bx->color, rgb);
		draw_line(b, bx->lines, &bx->lines->line[bx->line], rgb, bx->x,
		    bx->baseline);
		if (bx->anchor > 0) {
			batch_flush(b);
			cairo_tag_end(cr, CAIRO_TAG_DEST);
		}
		break;
	case LAY_RULE:
		color(cr, bx->color);
		cairo_set_line_width(cr, bx->thickness);
		cairo_move_to(cr, bx->x, bx->y);
		cairo_line_to(cr, bx->x + bx->w, bx->y + bx->h);
		cairo_stroke(cr);
		break;
	case LAY_RECT:
		color(cr, bx->color);
		cairo_rectangle(cr, bx->x, bx->y, bx->w, bx->h);
		cairo_fill(cr);
		break;
	case LAY_LINK:
		/* A tag (chain_of()), not a drawing. */
		break;
	case LAY_IMAGE:
		image(cr, bx, b->opaque);
		break;
	}
}

void
pdf_draw_page(cairo_t *cr, const struct lay_page *page)
{
	struct batch b;
	size_t k;

	memset(&b, 0, sizeof(b));
	b.cr = cr;
	for (k = 0; k < page->nboxes; k++)
		draw_box(&b, &page->boxes[k]);
	batch_flush(&b);
	batch_free(&b);
}

/*
 * The text each contents entry's link is drawn around, so that no link is
 * an empty span in the content: the entry's first line.  (A link in a
 * text is drawn around its own text: run_leaf().)
 */
struct links {
	size_t	*host;		/* by text box: its link's index + 1 */
	size_t	*near;		/* by link box: its text box's index + 1 */
};

static void
links_of(const struct lay_page *page, struct links *l)
{
	size_t k, j;

	l->host = xcalloc(page->nboxes + 1, sizeof(*l->host));
	l->near = xcalloc(page->nboxes + 1, sizeof(*l->near));
	for (k = 0; k < page->nboxes; k++) {
		const struct lay_box *lk = &page->boxes[k];

		if (lk->kind != LAY_LINK || lk->role != LAY_ROLE_CONTENTS)
			continue;
		for (j = 0; j < k; j++)
			if (page->boxes[j].kind == LAY_TEXT &&
			    page->boxes[j].role == lk->role &&
			    page->boxes[j].group == lk->group)
				break;
		if (j < k) {
			l->near[k] = j + 1;
			if (l->host[j] == 0)
				l->host[j] = k + 1;
		}
	}
}

static void
links_free(struct links *l)
{
	free(l->host);
	free(l->near);
}

/* For a text box, the link drawn around it; for a link box, the text it
 * is on; else NULL. */
static const struct lay_box *
partner(const struct lay_page *page, const struct links *l, size_t k)
{
	size_t other = page->boxes[k].kind == LAY_LINK ? l->near[k] :
	    l->host[k];

	return other > 0 ? &page->boxes[other - 1] : NULL;
}

/* Whether box k draws nothing a reader reads: a text left empty (a title
 * page's blank value), or a link drawn around its text. */
static int
drawn_elsewhere(const struct lay_page *page, const struct links *l,
    size_t k)
{
	return (page->boxes[k].kind == LAY_TEXT &&
	    page->boxes[k].text[0] == '\0') || link_in_text(&page->boxes[k]) ||
	    (l->near[k] > 0 && l->host[l->near[k] - 1] == k + 1);
}

static void
draw_tagged(struct tagger *tg, struct batch *b, const struct lay_doc *ld,
    const struct lay_page *page, const struct links *l)
{
	struct pdfua_elem chain[MAX_TAGS];
	size_t k, n, links;

	for (k = 0; k < page->nboxes; k++) {
		const struct lay_box *bx = &page->boxes[k];

		if (drawn_elsewhere(page, l, k))
			continue;
		n = chain_of(tg, ld, bx, partner(page, l, k), chain);
		for (links = 0; k + 1 + links < page->nboxes &&
		    link_in_text(&page->boxes[k + 1 + links]); links++)
			continue;
		/* A text in a Span of its own: its footnote markers,
		 * links and passages in other languages are leaves of their
		 * own, begun run by run. */
		b->tg = (bx->nnotes > 0 || links > 0 || (bx->kind == LAY_TEXT &&
		    bx->lines->npassages > 0)) && n > 1 &&
		    strcmp(chain[n - 1].name, "Span") == 0 ? tg : NULL;
		/* What waits to be shown belongs to the element open: shown
		 * before it ends. */
		if (b->tg == NULL && !leaf_goes_on(tg, chain, n)) {
			batch_flush(b);
			tg->alt = bx->kind == LAY_IMAGE && bx->image == NULL ?
			    bx->node->as.figure.alt : NULL;
			tags_to(tg, chain, n);
		}
		b->chain = chain;
		b->nchain = n;
		b->links = bx + 1;
		b->nlinks = links;
		b->marker = bx->first_note;
		b->markers = bx->nnotes;
		b->in_reference = 0;
		draw_box(b, bx);
		b->tg = NULL;
	}
	batch_flush(b);
}

/* Ends the leaf open unless the first box drawn on next goes on with it
 * (after the last page, next NULL, it ends). */
static void
page_end(struct tagger *tg, const struct lay_doc *ld,
    const struct lay_page *next, const struct links *l)
{
	struct pdfua_elem chain[MAX_TAGS];
	size_t k, n = 0;

	for (k = 0; next != NULL && k < next->nboxes; k++)
		if (!drawn_elsewhere(next, l, k)) {
			n = chain_of(tg, ld, &next->boxes[k], partner(next, l, k),
			    chain);
			break;
		}
	if (!leaf_goes_on(tg, chain, n))
		leaf_end(tg);
}

void
pdf_file_date(const struct doc *doc, char out[32])
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	const struct doc_date *d = &doc->meta.date;
	char *end;

	if (epoch != NULL && epoch[0] != '\0') {
		time_t t = (time_t)strtoll(epoch, &end, 10);
		struct tm tm;

		if (*end == '\0' && gmtime_r(&t, &tm) != NULL) {
			strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
			return;
		}
	}
	snprintf(out, 32, "%04d-%02d-%02dT00:00:00Z", d->year % 10000,
	    (d->month > 0 ? d->month : 1) % 100, (d->day > 0 ? d->day : 1) % 100);
}

static void
metadata(cairo_surface_t *surface, const struct doc *doc, const char *date)
{
	const struct doc_meta *m = &doc->meta;

	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
	    m->title.s);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
	    m->board.s);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT,
	    "Handlingsplan mot våldsbejakande extremism");
	if (m->dnr.s != NULL && m->dnr.s[0] != '\0')
		cairo_pdf_surface_set_metadata(surface,
		    CAIRO_PDF_METADATA_KEYWORDS, m->dnr.s);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
	    "hplan");
	cairo_pdf_surface_set_metadata(surface,
	    CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE,
	    date);
}

/* Bookmarks: every heading, nested by level. */
static void
outline(cairo_surface_t *surface, const struct lay_doc *ld)
{
	int parent[DOC_MAX_LEVEL + 1] = { CAIRO_PDF_OUTLINE_ROOT };
	size_t i;

	for (i = 0; i < ld->nheadings; i++) {
		const struct lay_heading *h = &ld->headings[i];
		char dest[64];

		if (h->page < 0)
			continue;
		snprintf(dest, sizeof(dest), "dest='h%zu'", i + 1);
		parent[h->level] = cairo_pdf_surface_add_outline(surface,
		    parent[h->level - 1], h->title, dest, 0);
	}
}

void
pdf_init(void)
{
	setenv("CAIRO_DEBUG_PDF", "1", 1);
}

int
pdf_write(struct lay_doc *ld, const struct doc *doc,
    enum pdfa_level level, const char *date, struct buf *out,
    struct pdfua_record *rec, struct diag *d)
{
	cairo_surface_t *surface;
	cairo_status_t status;
	struct tagger tg;
	struct batch b;
	struct links cur = { NULL, NULL };
	cairo_t *cr;
	size_t p;

	surface = cairo_pdf_surface_create_for_stream(append, out, ld->width,
	    ld->height);
	if (level == PDFA_1B)
		cairo_pdf_surface_restrict_to_version(surface,
		    CAIRO_PDF_VERSION_1_4);
	cr = cairo_create(surface);
	metadata(surface, doc, date);
	memset(&tg, 0, sizeof(tg));
	tg.cr = cr;
	tg.rec = rec;
	cairo_tag_begin(cr, "Document", NULL);
	memset(&b, 0, sizeof(b));
	b.cr = cr;
	b.opaque = level == PDFA_1B;
	if (ld->npages > 0)
		links_of(&ld->pages[0], &cur);
	for (p = 0; p < ld->npages; p++) {
		const struct lay_page *following = p + 1 < ld->npages ?
		    &ld->pages[p + 1] : NULL;

		tg.page = p;
		draw_tagged(&tg, &b, ld, &ld->pages[p], &cur);
		links_free(&cur);
		memset(&cur, 0, sizeof(cur));
		if (following != NULL)
			links_of(following, &cur);
		/* An element the next page does not go on with ends here:
		 * Cairo would begin it again there, as an empty span. */
		tg.page = p + 1;
		page_end(&tg, ld, following, &cur);
		cairo_show_page(cr);
		lay_page_release(&ld->pages[p]);
	}
	links_free(&cur);
	batch_free(&b);
	free(tg.headed);
	cairo_tag_end(cr, "Document");
	outline(surface, ld);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (status != CAIRO_STATUS_SUCCESS) {
		struct diag_pos pos = { doc->file, 0, 0 };

		diag_report(d, DIAG_ERROR, &pos, "cannot make the PDF: %s",
		    cairo_status_to_string(status));
		return -1;
	}
	return 0;
}

cairo_surface_t *
pdf_page_image(const struct lay_doc *ld, size_t page, double dpi)
{
	double scale = dpi / 72;
	cairo_surface_t *surface = cairo_image_surface_create(
	    CAIRO_FORMAT_RGB24, (int)(ld->width * scale + 0.5),
	    (int)(ld->height * scale + 0.5));
	cairo_t *cr = cairo_create(surface);

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	pdf_draw_page(cr, &ld->pages[page]);
	cairo_destroy(cr);
	cairo_surface_flush(surface);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		return NULL;
	}
	return surface;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void
png_chunk(struct buf *out, const char *type, const unsigned char *data,
    size_t len)
{
	unsigned char n[4];
	uLong crc = crc32(0, (const Bytef *)type, 4);

	put32(n, (uint32_t)len);
	buf_add(out, (const char *)n, 4);
	buf_add(out, type, 4);
	buf_add(out, (const char *)data, len);
	crc = crc32(crc, data, (uInt)len);
	put32(n, (uint32_t)crc);
	buf_add(out, (const char *)n, 4);
}

int
pdf_png(cairo_surface_t *image, struct buf *out)
{
	int w = cairo_image_surface_get_width(image);
	int h = cairo_image_surface_get_height(image);
	int stride = cairo_image_surface_get_stride(image);
	const unsigned char *pixels = cairo_image_surface_get_data(image);
	size_t row = (size_t)w * 3 + 1, x, y;
	unsigned char header[13], *raw, *packed;
	uLongf len;
	int ok;

	if (pixels == NULL)
		return -1;
	/* Each row a filter byte (none) and its pixels as R, G, B. */
	raw = xmalloc(row * (size_t)h);
	for (y = 0; y < (size_t)h; y++) {
		const uint32_t *px = (const uint32_t *)(const void *)(pixels +
		    y * (size_t)stride);
		unsigned char *r = raw + y * row;

		r[0] = 0;
		for (x = 0; x < (size_t)w; x++) {
			r[1 + 3 * x] = (unsigned char)(px[x] >> 16);
			r[2 + 3 * x] = (unsigned char)(px[x] >> 8);
			r[3 + 3 * x] = (unsigned char)px[x];
		}
	}
	len = compressBound(row * (size_t)h);
	packed = xmalloc(len);
	ok = compress2(packed, &len, raw, row * (size_t)h, Z_BEST_SPEED) ==
	    Z_OK;
	free(raw);
	if (ok) {
		buf_add(out, "\x89PNG\r\n\x1a\n", 8);
		put32(header, (uint32_t)w);
		put32(header + 4, (uint32_t)h);
		/* 8 bits a sample, RGB, deflate, adaptive filters, not
		 * interlaced. */
		memcpy(header + 8, "\x08\x02\x00\x00\x00", 5);
		png_chunk(out, "IHDR", header, sizeof(header));
		png_chunk(out, "IDAT", packed, len);
		png_chunk(out, "IEND", header, 0);
	}
	free(packed);
	return ok ? 0 : -1;
}

int
pdf_write_png(const struct lay_doc *ld, size_t page, double dpi,
    struct buf *out)
{
	cairo_surface_t *image = pdf_page_image(ld, page, dpi);
	int status;

	if (image == NULL)
		return -1;
	status = pdf_png(image, out);
	cairo_surface_destroy(image);
	return status;
}
