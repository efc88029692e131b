/*
 * PDF/A: Cairo 1.16 cannot write an archival PDF by itself; this post-pass
 * writes its output anew with what PDF/A-2b (or 1b) requires — XMP
 * metadata in step with the Info dictionary, an sRGB output intent, the
 * document language, printable link annotations with contents, font maps,
 * a deterministic /ID — and what a screen reader needs (pdfua.h),
 * replacing only the objects it changes and copying everything else as
 * Cairo drew it.
 */
#ifndef HPLAN_PDFA_H
#define HPLAN_PDFA_H

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "pdfua.h"

enum pdfa_level {
	PDFA_NONE,
	PDFA_1B,
	PDFA_2B
};

/* The level named "1b", "2b" or "none"; -1 for another name. */
int	pdfa_level_lookup(const char *name);

/*
 * Makes the PDF in pdf (drawn for level, its structure recorded in rec,
 * which may be NULL: see pdfua.h) PDF/A of that level.
 * date is the file's date as "YYYY-MM-DDThh:mm:ssZ"; icc is the path of
 * an sRGB ICC profile.  Returns 0, or -1 with a message.
 */
int	pdfa_convert(struct buf *pdf, const struct pdfua_record *rec,
	    const struct doc *doc, enum pdfa_level level, const char *date,
	    const char *icc, struct diag *d);

#endif
