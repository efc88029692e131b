/*
 * The plan's text markup: paragraphs, lists and quotations in a text block,
 * and emphasis, links and in-place footnotes within a paragraph (see
 * docs/format.md).  It builds doc nodes and reports every problem at its
 * place in the source file.
 */
#ifndef HPLAN_MARKUP_H
#define HPLAN_MARKUP_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"

/* Byte offset off of the text starts at line:col of the source file. */
struct markup_anchor {
	size_t		 off;
	unsigned	 line;
	unsigned	 col;
};

/*
 * Where a text came from: anchors sorted by offset, the first at offset 0.
 * When exact is 0 the text was transformed on reading (folded, escaped) and
 * every offset is reported at the first anchor.
 */
struct markup_origin {
	const char			*file;
	const struct markup_anchor	*anchors;
	size_t				 nanchors;
	int				 exact;
};

enum {
	MARKUP_MAX_DEPTH = 8	/* lists and quotations inside each other */
};

/* The source position of byte off of text. */
void	markup_locate(const struct markup_origin *o, const char *text,
	    size_t off, struct diag_pos *pos);

/*
 * Parses a text block into paragraphs, lists and quotations appended to
 * parent.  Returns 0, or -1 when errors were reported.
 */
int	markup_blocks(struct doc_node *parent, const char *text, size_t len,
	    const struct markup_origin *o, struct diag *d);

/* Parses one paragraph's inline markup into parent.  Returns 0 or -1. */
int	markup_inline(struct doc_node *parent, const char *text, size_t len,
	    const struct markup_origin *o, struct diag *d);

/*
 * Writes the blocks under parent back in the markup, so that parsing the
 * text gives the same tree: the inverse of markup_blocks().  Paragraphs
 * are written on one line each, breaking only where the text has a line
 * break.
 */
void	markup_write(const struct doc_node *parent, struct buf *out);
/* The same of the blocks from node from up to node to (NULL: to the
 * last), siblings. */
void	markup_write_blocks(const struct doc_node *from,
	    const struct doc_node *to, struct buf *out);

#endif
