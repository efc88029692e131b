/*
 * The accessibility half of the post-pass (pdfa.c runs it): what Cairo
 * 1.16 cannot write for a screen reader.  Cairo cannot mark content as an
 * artifact, so hplan draws what is only decoration (the running header,
 * page numbers, rules, leaders) inside structure elements of the type
 * Private (pdf.c); this pass re-marks their content /Artifact in the pages'
 * content streams (compressing them: Cairo leaves them uncompressed, see
 * pdf_init()) and takes the MCIDs they held out of the parent tree.  And it
 * builds the structure tree from the record of the plan's structure (see
 * below), with what Cairo cannot give an element: a TH's scope, a Note's
 * ID, a row's empty cells.
 */
#ifndef HPLAN_PDFUA_H
#define HPLAN_PDFUA_H

#include "pdfobj.h"

/* The structure type hplan draws decoration in. */
#define PDFUA_DECORATION	"Private"

/* A structure element: its type and which one of that type (by key and
 * n, compared, never read but for these: a Table's n is its number of
 * columns, a TD's or TH's its column from 1, so that the post-pass gives a
 * row's empty cells, which draw nothing, their TD; a Span's is the passage
 * in another language it holds, see lay_passage_at()). */
struct pdfua_elem {
	const char	*name;
	const void	*key;
	int		 n;
};

/* What a leaf says that Cairo cannot: its language (a passage's; NULL:
 * the document's), a Figure's words for it.  Both must outlive the
 * record. */
struct pdfua_leaf {
	size_t		 first;		/* its chain: elems[first] up to the
					 * next leaf's first */
	const char	*lang;
	const char	*alt;
};

/*
 * What the drawing (pdf.c) gives Cairo is a flat list of the elements that
 * hold content — a text's Span, a link, decoration — below one Document;
 * Cairo 1.16 marks content only in elements with no elements below them,
 * and an element that holds content cannot stay open around decoration or
 * a footnote.  For each of those, in order, the record holds the elements
 * above it in the plan's structure (outermost first, the element itself
 * last), from which the post-pass builds the tree.
 */
struct pdfua_record {
	struct pdfua_elem *elems;	/* the chains, one after another */
	size_t		 nelems, elemcap;
	struct pdfua_leaf *leaves;	/* and one more, its first nelems */
	size_t		 nleaves, leafcap;
};

void	pdfua_record_leaf(struct pdfua_record *r, const struct pdfua_elem *chain,
	    size_t n, const char *lang, const char *alt);
void	pdfua_record_free(struct pdfua_record *r);

struct pdfua;

struct pdfua	*pdfua_new(void);
void		 pdfua_free(struct pdfua *ua);

/*
 * The page's content re-marked and compressed (its content stream written
 * anew, when it has decoration or lies uncompressed).  Returns 0, or -1
 * with *what naming what could not be read.
 */
int	pdfua_page(struct pdfua *ua, struct pdfobj_file *f,
	    const struct pdfobj *page, const char **what);

/*
 * Once every page is done: the parent tree without the decoration's
 * MCIDs, and the structure tree of catalog root built from rec (the
 * elements the record names made, each of Cairo's below its own); a PDF
 * not drawn by pdf_write() (rec NULL) keeps its tree.  Returns 0, or -1
 * with *what and *object naming what could not be read.
 */
int	pdfua_tree(struct pdfua *ua, struct pdfobj_file *f, unsigned root,
	    const struct pdfua_record *rec, const char **what,
	    unsigned *object);

#endif
