/*
 * The accessibility half of the post-pass (pdfa.c runs it): what Cairo
 * 1.16 cannot write for a screen reader.  Cairo cannot mark content as an
 * artifact, so hplan draws what is only decoration (the running header,
 * page numbers, rules) inside structure elements of the type Private
 * (pdf.c); this pass re-marks their content /Artifact in the pages' content
 * streams, takes the elements out of the structure tree and the MCIDs they
 * held out of the parent tree.
 */
#ifndef HPLAN_PDFUA_H
#define HPLAN_PDFUA_H

#include "pdfobj.h"

/* The structure type hplan draws decoration in. */
#define PDFUA_DECORATION	"Private"

struct pdfua;

struct pdfua	*pdfua_new(void);
void		 pdfua_free(struct pdfua *ua);

/*
 * Page num's content re-marked (an update of its content stream, when it
 * has decoration).  Returns 0, or -1 with *what naming what could not be
 * read.
 */
int	pdfua_page(struct pdfua *ua, struct pdfobj_file *f,
	    const struct pdfobj *page, unsigned num, const char **what);

/*
 * Once every page is done: the structure tree of catalog root without the
 * decoration's elements, the parent tree without their MCIDs.  Returns 0,
 * or -1 with *what and *object naming what could not be read.
 */
int	pdfua_tree(struct pdfua *ua, struct pdfobj_file *f, unsigned root,
	    const char **what, unsigned *object);

#endif
