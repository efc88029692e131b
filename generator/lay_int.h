/*
 * The layout's internals, shared by its files (lay_*.c, layout.c); its
 * interface is layout.h.
 */
#ifndef HPLAN_LAY_INT_H
#define HPLAN_LAY_INT_H

#include <pango/pango.h>

#include "buf.h"
#include "hyph.h"
#include "layout.h"

#define LINE_SEPARATOR	"\xe2\x80\xa8"
#define WORD_JOINER	"\xe2\x81\xa0"

struct link_span {
	size_t		 start, end;	/* bytes of the layout's text */
	char		*uri;
};

/* A laid-out piece of text. */
struct text {
	struct lay_lines	*lines;
	double			 area_left, area_right;	/* see lay_box */
	double			 leading;	/* baseline to baseline */
	double			 ascent;	/* top of a line to its baseline */
	struct link_span	*links;
	size_t			 nlinks, linkcap;
	size_t			*note_at;	/* byte index of each marker */
	int			*notes;		/* the markers' numbers */
	size_t			 nnotes, notecap;
	size_t			*hyphens;	/* see lay_para */
	size_t			 nhyphens;
	/* Measuring a table's cells: the text, measured, in place of a
	 * layout (b->measured's), and the width it was given. */
	struct lay_measure	*measure;
	double			 width;
};

enum item_kind {
	IT_LINE,
	IT_SPACE,
	IT_TABLE,
	IT_FIGURE	/* a figure's image, at x, width wide */
};

struct table;

struct item {
	enum item_kind	 kind;
	double		 height;
	int		 keep;		/* keep with the next item */
	enum lay_role	 role;
	int		 level;
	int		 heading;	/* index + 1 into headings, or 0 */
	struct text	*text;		/* IT_LINE */
	int		 line;
	double		 x;
	struct text	*marker;	/* IT_LINE: a list item's marker */
	double		 marker_x;
	const struct doc_node *node;	/* IT_LINE: see lay_box */
	const struct doc_node *marker_node;
	int		 group;
	struct table	*table;		/* IT_TABLE */
	double		 width;		/* IT_FIGURE */
};

struct flow {
	struct item	*items;
	size_t		 n, cap;
};

struct cell {
	struct flow	 flow;
	double		*y;		/* each item's top within the cell */
};

struct row {
	struct cell	*cells;
	int		 header;
};

struct table {
	const struct doc_node *node;
	size_t		 ncols;
	double		*colx, *colw;	/* absolute x and width of columns */
	double		 x, width;
	struct text	*caption;	/* NULL when none */
	struct row	 head;
	struct row	*rows;
	size_t		 nrows;
};

struct note {
	const struct doc_node *node;
	struct text	*number;
	struct text	*body;
	double		 height;
};

struct contents_entry {
	int		 heading;	/* index into headings */
	struct text	*text;
	double		 x;
	int		 page;		/* where its last line was placed */
	double		 baseline, end_x;
	int		 first_page;
	double		 top;
};

struct builder {
	const struct doc	*doc;
	const struct style	*s;
	PangoContext		*ctx;
	struct hyph		*hyph;
	struct lay_doc		*ld;
	double			 left, width;	/* the text area */
	double			 top, bottom;
	double			 page_bottom;	/* bottom, but on page 1 */
	double			 first_bottom;	/* page 1's, when it differs */
	/* Where the texts made now must stay: a column, or the text area. */
	double			 area_left, area_right;
	struct diag		*d;
	int			 failed;	/* the plan asks for too much */
	int			 measuring;	/* texts are measured, not laid
						 * out (a table's columns) */
	/* A table's cells as measured to fit its columns, to be broken
	 * for the columns chosen without being measured again: text to a
	 * list of struct measured. */
	GHashTable		*measured;
	/* The contents' dot leaders made, by their number of dots: the
	 * same row of dots serves every entry that needs as many. */
	GHashTable		*leaders;
	struct text		**texts;	/* every text, to free */
	size_t			 ntexts, textcap;
	struct note		*notes;		/* by number - 1 */
	size_t			 nnotes, notecap;
	struct table		**tables;
	size_t			 ntables, tablecap;
	struct contents_entry	*contents;
	size_t			 ncontents, contentscap;
	size_t			 headingcap;
	int			 figures;	/* captioned, so far */
	/* Each text style's font and line metrics, worked out once: Pango
	 * measures a sample text for the metrics. */
	struct face {
		const struct style_text	*st;
		PangoFontDescription	*fd;
		double			 ascent;
		double			 hyphen;	/* its width */
	}			 faces[48];
	size_t			 nfaces;
};

struct block_style {
	const struct style_text	*text;
	enum lay_role		 role;
	double			 para_space;
};

/* The pager. */

/* Lines from..to-1 of footnote num, on a page. */
struct note_part {
	int		 num;
	int		 from, to;
};

struct pager {
	struct builder	*b;
	struct diag	*d;
	int		 failed;	/* the plan asks for too much */
	int		 page;
	double		 y;
	int		 at_top;	/* nothing placed yet on the page */
	struct note_part *notes;	/* footnotes of the current page */
	size_t		 nnotes, notecap;
	double		 notes_h;
	/* What did not fit of footnotes too long for their page: it goes
	 * on at the foot of the next, as in Word. */
	struct note_part *carry;
	size_t		 ncarry, carrycap;
};

/* A text measured, with what it was measured in. */
struct measured {
	const struct style_text	*st;
	PangoAttrList		*attrs;		/* NULL: none */
	struct hyph		*h;
	struct lay_measure	*m;
	struct measured		*next;		/* of the same text */
};

/* Texts (lay_text.c) */
void	lay_measured_free(struct builder *b);

/* Flows (lay_flow.c) */
void	lay_blocks(struct builder *b, struct flow *f,
	    const struct doc_node *parent, double x, double width,
	    const struct block_style *bs);
void	lay_lines(struct flow *f, struct text *t, double x, enum lay_role role,
	    const struct doc_node *node, int widows);
void	lay_section(struct builder *b, struct flow *f,
	    const struct doc_node *n);
void	lay_space(struct flow *f, double h);

/* Front matter (lay_front.c) */
void	lay_contents(struct builder *b, struct pager *p);
void	lay_contents_numbers(struct builder *b);
void	lay_contents_order(struct lay_doc *ld);
void	lay_cover(struct builder *b, struct pager *p);
void	lay_headers(struct builder *b, size_t first);
/* The draft's mark on every page. */
void	lay_draft_marks(struct builder *b);
int	lay_logo(struct builder *b, int page, struct diag *d);
void	lay_title_page(struct builder *b, struct pager *p);
/* Every line of t, the first at top. */
void	lay_place_text(struct builder *b, int page, enum lay_role role,
	    struct text *t, double x, double top);

/* A tjänsteutlåtande's page 1 and header (lay_memo.c) */
void	lay_memo_front(struct builder *b, struct pager *p);
void	lay_memo_signatures(struct builder *b, struct pager *p);
void	lay_memo_footer(struct builder *b);
void	lay_memo_headers(struct builder *b);


/* Pages (lay_page.c) */
struct lay_box	*lay_new_box(struct lay_doc *ld, int page, enum lay_kind kind,
	    enum lay_role role);
void	lay_finish_page(struct pager *p);
int	lay_fits(const struct pager *p, double h, double notes);
double	lay_item_notes(const struct pager *p, const struct item *it);
void	lay_new_page(struct pager *p);
double	lay_notes_height(const struct pager *p, double more);
void	lay_paginate(struct pager *p, const struct flow *f);
void	lay_place_line(struct pager *p, const struct item *it, double dy,
	    int split);
void	lay_rule(struct lay_doc *ld, int page, enum lay_role role, double x,
	    double y, double w, double h, double thickness, uint32_t color);
struct lay_box	*lay_text_box(struct builder *b, int page, enum lay_role role,
	    struct text *t, int i, double x, double top);
void	lay_too_tall(struct pager *p, const struct item *it,
	    const struct doc_node *at);

/* Tables (lay_table.c) */
void	lay_place_table(struct pager *p, const struct table *t);
struct table	*lay_table(struct builder *b, const struct doc_node *n);
void	lay_table_free(struct table *t);

/* Texts (lay_text.c) */
int	lay_breaks_word(const struct text *t, int i);
struct text	*lay_inline_text(struct builder *b, const struct doc_node *n,
	    const struct style_text *st, double width);
int	lay_item_breaks_word(const struct item *it);
int	lay_line_count(const struct text *t);
double	lay_line_width(const struct text *t, int i);
struct text	*lay_plain_text(struct builder *b, const char *str,
	    const struct style_text *st, double width);
void	lay_text_free(struct text *t);
void	lay_text_layout(struct builder *b, struct text *t, const char *str,
	    PangoAttrList *attrs, const struct style_text *st, double width,
	    struct hyph *h);
struct text	*lay_text_new(struct builder *b);
char	*lay_visible(const char *s, size_t len);

#endif
