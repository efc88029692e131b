/*
 * The E-ARK SIP (FGS Paketstruktur 2.0) of a plan for the e-archive: its
 * PDF, XML and ERMS file, their schemas and a METS.xml, in a directory
 * that appears whole or not at all.
 */
#ifndef HPLAN_SIP_H
#define HPLAN_SIP_H

#include "buf.h"
#include "diag.h"
#include "doc.h"

/* Whether dir exists already (reported: a package is never written into
 * an existing directory). */
int		 sip_exists(const char *dir, struct diag *d);

/*
 * Writes the package of doc into the new directory dir, its files named
 * after name: built under a temporary name beside dir and renamed into
 * place when complete; its parent is created when missing.
 */
enum diag_exit	 sip_write(const char *dir, const struct doc *doc,
		    const char *name, const struct buf *pdf,
		    const struct buf *xml, const struct buf *erms,
		    struct diag *d);

#endif
