#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "intl.h"
#include "xalloc.h"

/* The first of the variables that name the messages' locale. */
static const char *
asked(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if ((v = getenv(vars[i])) != NULL && v[0] != '\0')
			return v;
	return "";
}

void
intl_init(void)
{
	const char *dir = getenv("HPLAN_LOCALE_DIR");
	char *installed;

	/*
	 * Swedish is asked for but the machine has no Swedish locale (a
	 * server, a container): the catalogue serves all the same.  gettext
	 * reads LANGUAGE in any locale but "C", and C.UTF-8 is not "C".
	 */
	if (setlocale(LC_MESSAGES, "") == NULL &&
	    strncmp(asked(), "sv", 2) == 0 &&
	    setlocale(LC_MESSAGES, "C.UTF-8") != NULL)
		setenv("LANGUAGE", "sv", 0);
	if (dir != NULL && dir[0] != '\0')
		bindtextdomain(INTL_DOMAIN, dir);
	else if ((installed = fileio_beside_program("share/locale")) != NULL) {
		bindtextdomain(INTL_DOMAIN, installed);
		free(installed);
	} else
		bindtextdomain(INTL_DOMAIN, HPLAN_LOCALE_DIR);
	bind_textdomain_codeset(INTL_DOMAIN, "UTF-8");
	/* The C library's own messages (strerror, getopt) too: the locale's
	 * character set stays the program's, which is not UTF-8. */
	bind_textdomain_codeset("libc", "UTF-8");
	xalloc_words(_("error"), _("out of memory (%zu bytes)"));
}
