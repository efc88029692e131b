/*
 * Layout: the whole plan measured into a list of pages of positioned boxes
 * before anything is drawn.  Page numbers in the contents, the running
 * header's "x (N)" and the footnotes are all settled here; the PDF device
 * (pdf.c) and the text dump only walk the result.
 */
#ifndef HPLAN_LAYOUT_H
#define HPLAN_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include <pango/pango.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "hyph.h"
#include "style.h"

enum lay_kind {
	LAY_TEXT,	/* one line of a text's lay_lines */
	LAY_RULE,	/* a line from (x, y) to (x + w, y + h) */
	LAY_RECT,	/* a filled rectangle */
	LAY_LINK,	/* a link area to a page position or an address */
	LAY_IMAGE	/* an image scaled into the box: the style's logo (a
			 * PNG file), or a figure's (its node's) */
};

/* What a box is part of: for tests, the dump, and tagging. */
enum lay_role {
	LAY_ROLE_COVER,
	LAY_ROLE_TITLE_PAGE,
	LAY_ROLE_HEADER,
	LAY_ROLE_PAGE_NUMBER,
	LAY_ROLE_CONTENTS,
	LAY_ROLE_HEADING,
	LAY_ROLE_BODY,
	LAY_ROLE_MARKER,	/* a list item's bullet or number */
	LAY_ROLE_CAPTION,
	LAY_ROLE_TABLE_HEADER,
	LAY_ROLE_TABLE_CELL,
	LAY_ROLE_TABLE_RULE,
	LAY_ROLE_FOOTNOTE,
	LAY_ROLE_FOOTNOTE_RULE,
	LAY_ROLE_FIGURE,	/* a figure's image; its caption's role is
				 * LAY_ROLE_CAPTION */
	LAY_ROLE_DRAFT		/* the mark of a draft */
};

/*
 * Glyphs Pango shaped in one font, kept compactly (12 bytes a glyph, not
 * Pango's 24): every page's lines keep theirs until the pages are drawn.
 */
struct lay_run {
	PangoItem	*item;		/* its offset is into the text */
	int		 y_offset;	/* raised by, in Pango units */
	int		 start_x, end_x;	/* room before and after it */
	int		 n;
	int		 flags;		/* LAY_RUN_* it was made with */
	int32_t		*width;
	int32_t		*offset;	/* x and y of each (2n); NULL: none */
	/* Pango's glyph (with its flags) and the glyph's first byte from
	 * item->offset: 16 bits each, the empty glyph 0xffff, or with
	 * LAY_RUN_WIDE 32 bits.  Read with lay_run_glyph, lay_run_cluster. */
	void		*glyph, *cluster;
	uint8_t		*color;		/* LAY_RUN_COLOR: 1 for a colour glyph */
	void		*block;		/* what the arrays are cut from */
};

/* What a run's glyphs need: */
enum {
	LAY_RUN_MOVED = 1,	/* a glyph is moved from its place */
	LAY_RUN_WIDE = 2,	/* a glyph or cluster past 16 bits */
	LAY_RUN_COLOR = 4	/* a glyph in colour (emoji) */
};

/* The flags for glyphs from .. to - 1 of gs, for a text of len bytes. */
int		 lay_run_needs(const PangoGlyphString *gs, int from, int to,
		    size_t len);
/* A run of n glyphs for len bytes at offset of the text, in the font and
 * attributes of like, with flags (LAY_RUN_*). */
struct lay_run	*lay_run_new(const PangoItem *like, const char *text,
		    size_t offset, size_t len, int n, int flags);

static inline uint32_t
lay_run_glyph(const struct lay_run *r, int i)
{
	uint16_t g;

	if (r->flags & LAY_RUN_WIDE)
		return ((const uint32_t *)r->glyph)[i];
	g = ((const uint16_t *)r->glyph)[i];
	return g == 0xffff ? PANGO_GLYPH_EMPTY : g;
}

static inline int
lay_run_cluster(const struct lay_run *r, int i)
{
	return r->flags & LAY_RUN_WIDE ? ((const int32_t *)r->cluster)[i] :
	    ((const uint16_t *)r->cluster)[i];
}

/* Glyph i of run from glyph info gi, of the cluster at byte cluster. */
void		 lay_run_set(struct lay_run *r, int i, const PangoGlyphInfo *gi,
		    int cluster);
/* The run of Pango's glyph item gi, for len bytes at offset of the text. */
struct lay_run	*lay_run_of(const PangoGlyphItem *gi, const char *text,
		    size_t offset, size_t len);
/* The run as Pango's glyphs, in into (to be freed by the caller). */
void		 lay_run_glyphs(const struct lay_run *r, PangoGlyphString *into);
int		 lay_run_width(const struct lay_run *r);
void		 lay_run_free(struct lay_run *r);

/* What a run's attributes ask of its drawing. */
struct lay_run_style {
	const PangoColor	*color;		/* NULL: the box's */
	int			 underline;
};
struct lay_run_style lay_run_style(const struct lay_run *run);

/* A line of text: the glyphs Pango shaped for it, in drawing order. */
struct lay_line {
	size_t		 start, len;	/* its bytes of the text */
	struct lay_run	**runs;
	size_t		 nruns;
	double		 x, width;	/* its logical extent, in points */
};

/* Bytes start..end of a text are in another language than the plan's:
 * tag (Pango's, lower case; it lives as long as the program). */
struct lay_passage {
	size_t		 start, end;
	const char	*tag;
};

/* A text's lines, shared by the boxes that draw them. */
struct lay_lines {
	int		 refs;
	char		*text;
	struct lay_line	*line;
	size_t		 n;
	struct lay_passage *passages;	/* ascending */
	size_t		 npassages;
};

struct lay_lines *lay_lines_ref(struct lay_lines *ls);
void		 lay_lines_unref(struct lay_lines *ls);
/* Where the character at byte index of the text begins on line l, from
 * the line's start, in points: the line's width at or past its end. */
double		 lay_line_x(const struct lay_lines *ls, const struct lay_line *l,
		    size_t index);
/* The passages in another language of a text, from the language
 * attributes laid on it (Pango moves them with the text as it is broken):
 * how many, in *out (NULL: none), ascending. */
size_t		 lay_passages(PangoAttrList *attrs, struct lay_passage **out);
/* The passage (index + 1 into passages) byte index of the text is in,
 * 0 where it is in the plan's language. */
size_t		 lay_passage_at(const struct lay_lines *ls, size_t index);

struct lay_box {
	enum lay_kind	 kind;
	enum lay_role	 role;
	double		 x, y;		/* top left */
	double		 w, h;
	union {
		struct {
			double	 baseline;	/* LAY_TEXT */
			/* LAY_TEXT: the column, or the text area, it must
			 * keep within. */
			double	 area_left, area_right;
		};
		/* LAY_LINK in a text: its bytes of the text's lines (the
		 * box of the line it is on comes right before it and its
		 * line's other links). */
		struct {
			size_t	 start, end;
		};
	};
	double		 thickness;	/* LAY_RULE */
	struct lay_lines *lines;	/* LAY_TEXT: a reference */
	char		*text;		/* LAY_TEXT: the line's characters */
	/* Where a text stands in the plan, for tagging: the block it is
	 * part of, and for a table header its column + 1, for a contents
	 * entry its number + 1, for a footnote's number 1. */
	const struct doc_node *node;
	char		*uri;		/* LAY_LINK to an address */
	char		*image;		/* LAY_IMAGE: the logo's PNG file,
					 * or NULL for a figure */
	int		 group;
	int		 line;		/* LAY_TEXT: which of them */
	int		 hyphenated;	/* LAY_TEXT: it ends inside a word */
	int		 ornament;	/* drawn for the eye, not read: a
					 * contents entry's dot leaders */
	uint32_t	 color;
	int		 level;		/* LAY_ROLE_HEADING, _CONTENTS */
	int		 note;		/* the footnote a note belongs to */
	int		 first_note;	/* the footnote markers on this line: */
	int		 nnotes;	/* first_note .. first_note+nnotes-1 */
	int		 anchor;	/* LAY_TEXT: heading anchor + 1, or 0 */
	int		 dest;		/* LAY_LINK: to heading dest - 1 */
};

struct lay_page {
	struct lay_box	*boxes;
	size_t		 nboxes;
	size_t		 cap;
};

/* A heading: for the outline (bookmarks) and the contents. */
struct lay_heading {
	int		 level;
	char		*title;
	int		 page;		/* index into pages */
	double		 y;
};

struct lay_doc {
	double			 width, height;
	struct lay_page		*pages;
	size_t			 npages;
	struct lay_heading	*headings;
	size_t			 nheadings;
	int			 first_body_page;
	int			 first_contents_page;
};

/* The title page's labels of the dnr, the date of issue and the contact,
 * before those the plan adds. */
enum {
	LAY_FIXED_LABELS = 3
};
extern const char *const lay_fixed_labels[LAY_FIXED_LABELS];

/* What a document is laid out as (flags of lay_build()). */
enum {
	LAY_APPENDIX = 1,	/* its pages only: no cover, title page, contents */
	LAY_DRAFT = 2		/* a draft: the style's mark on every page */
};

/*
 * Lays out doc in style s with the fonts of ctx, hyphenating with h: as a
 * plan with cover, title page and contents, or as an appendix, its pages
 * only.  Returns NULL when the plan cannot be laid out, with *status
 * DIAG_EXIT_INPUT when the plan asks for what no page can hold (a footnote
 * or a table's header row taller than a page), DIAG_EXIT_SYSTEM when the
 * style's logo cannot be read; each reported to d.
 */
struct lay_doc	*lay_build(const struct doc *doc, const struct style *s,
		    PangoContext *ctx, struct hyph *h, unsigned flags,
		    struct diag *d, enum diag_exit *status);
void		 lay_free(struct lay_doc *ld);
/* Frees page's boxes, leaving it empty. */
void		 lay_page_release(struct lay_page *page);

/* A digest of everything drawn on page: two pages with the same digest
 * look the same (hplan serve draws again only the pages that changed). */
enum {
	LAY_DIGEST = 32
};
void		 lay_page_digest(const struct lay_page *page,
		    unsigned char out[LAY_DIGEST]);
/* The text of page's lines, one a line, in the order drawn. */
void		 lay_page_text(const struct lay_page *page, struct buf *out);

/* The pages and boxes as text, for golden tests (hplan -T layout). */
void		 lay_dump(const struct lay_doc *ld, struct buf *out);

/* The labels over a tjänsteutlåtande's handläggare and addressee. */
extern const char *const lay_memo_officer;
extern const char *const lay_memo_to;

/* The lines of a tjänsteutlåtande's address block in column 0 or 1, as
 * drawn, '\n' between them. */
void		 lay_memo_footer_lines(const struct doc *doc,
		    const struct style *s, int column, struct buf *out);

#endif
