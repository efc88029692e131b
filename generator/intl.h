/*
 * Messages in the user's language.  They are written in English in the
 * source; the Swedish catalogue (generator/po/sv.po) translates them when
 * LC_ALL, LC_MESSAGES or LANG asks for Swedish.  The library looks its
 * messages up in its own domain, whoever calls it; intl_init() says where
 * the catalogues are and which language is asked for.
 */
#ifndef HPLAN_INTL_H
#define HPLAN_INTL_H

#include <libintl.h>

#define INTL_DOMAIN	"hplan"

/* A message translated; N_ marks one translated where it is used. */
#define _(s)		dgettext(INTL_DOMAIN, s)
#define N_(s)		(s)

/*
 * Chooses the messages' language from the environment and binds the
 * domain to the catalogues.  Only the messages follow the locale: numbers
 * in the PDF and the XML stay as they are.  Call it before any thread
 * starts (it may set LANGUAGE).
 */
void	intl_init(void);

#endif
