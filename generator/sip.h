/*
 * The E-ARK SIP (FGS Paketstruktur 2.0) of a plan for the e-archive: its
 * PDF, XML and ERMS file (a tjänsteutlåtande's with its plan's and its
 * Bilaga 2), their schemas and a METS.xml, in a directory that appears
 * whole or not at all.
 */
#ifndef HPLAN_SIP_H
#define HPLAN_SIP_H

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "erms.h"

/* Whether dir exists already (reported: a package is never written into
 * an existing directory). */
int		 sip_exists(const char *dir, struct diag *d);

/* At most: a tjänsteutlåtande's PDF, XML, ERMS file and Bilaga 2, and its
 * plan's PDF and XML. */
#define SIP_MAX_FILES	6

/*
 * Writes the package of doc and its files (as the ERMS file names them)
 * into the new directory dir: built under a temporary name beside dir and
 * renamed into place when complete; its parent is created when missing.
 */
enum diag_exit	 sip_write(const char *dir, const struct doc *doc,
		    const struct erms_file *data, size_t ndata,
		    struct diag *d);

#endif
