/*
 * The METS.xml of an E-ARK SIP (FGS Paketstruktur 2.0): every file of the
 * package with its size and SHA-256 checksum, in a fileSec and structMap
 * after the Common Specification for Information Packages.
 */
#ifndef HPLAN_METS_H
#define HPLAN_METS_H

#include <stddef.h>

#include "doc.h"

struct mets_file {
	const char	*path;		/* within the package, "schemas/x.xsd" */
	const char	*mimetype;
	const char	*data;
	size_t		 len;
};

/*
 * The METS document of a package objid holding files, dated date
 * ("YYYY-MM-DDThh:mm:ssZ"), in a new buffer of *len bytes.  Files whose
 * path starts with "schemas/" are the package's schemas; the others its
 * representation rep1.
 */
char	*mets_write(const struct doc *doc, const char *objid,
	    const struct mets_file *files, size_t nfiles, const char *date,
	    size_t *len);

#endif
