/*
 * The diarium's metadata in CITS ERMS (FGS Ärendehantering 2.0): the case
 * file under the plan's dnr, and a record for the plan (and for the
 * tjänsteutlåtande that proposes it) whose appendices are the files hplan
 * writes, each with its SHA-256 checksum.
 */
#ifndef HPLAN_ERMS_H
#define HPLAN_ERMS_H

#include <stddef.h>

#include "doc.h"

#define ERMS_NAMESPACE	"https://DILCIS.eu/XML/ERMS"

struct erms_file {
	const char	*name;		/* as the package names it */
	const char	*format;	/* "PDF/A-2b" */
	const char	*description;
	const char	*data;
	size_t		 len;
};

/* Whether the plan has a dnr, without which there is no ERMS record. */
int	erms_possible(const struct doc *doc);

/* The classification code of a dnr ("3.1.1" of "3.1.1-212/2020"), in out;
 * returns 0, or -1 when the dnr has none. */
int	erms_classification(const char *dnr, char *out, size_t size);

/* A stable identifier derived from text: a name-based (v5) UUID. */
void	erms_uuid(const char *text, char out[37]);

/* A record of the case: a document and the files made of it. */
struct erms_record {
	const struct doc	*doc;
	const struct erms_file	*files;
	size_t			 nfiles;
};

/*
 * The ERMS document of one case holding the records, dated date
 * ("YYYY-MM-DDThh:mm:ssZ"), in a new buffer of *len bytes.  The case is
 * the first record's: its dnr, title, nämnd and decision.
 */
char	*erms_write(const struct erms_record *records, size_t nrecords,
	    const char *date, size_t *len);

#endif
