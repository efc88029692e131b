/*
 * Diagnostics: every message about a plan goes through diag_report() and
 * reads "file:line:col: level: message", so editors can jump to it.
 */
#ifndef HPLAN_DIAG_H
#define HPLAN_DIAG_H

#include <stdarg.h>
#include <stdio.h>

#include "buf.h"

/* Exit statuses of the hplan command, documented in --help and hplan.1. */
enum diag_exit {
	DIAG_EXIT_OK = 0,	/* done, perhaps with warnings */
	DIAG_EXIT_INPUT = 1,	/* the plan has errors; nothing written */
	DIAG_EXIT_USAGE = 2,	/* bad command line */
	DIAG_EXIT_SYSTEM = 3,	/* a file could not be read or written */
	DIAG_EXIT_LAYOUT = 4	/* the layout lost or misplaced text */
};

enum diag_level {
	DIAG_NOTE,	/* explains the message before it */
	DIAG_WARNING,
	DIAG_ERROR
};

/* A place in a source file; line and col count from 1, 0 means unknown. */
struct diag_pos {
	const char	*file;
	unsigned	 line;
	unsigned	 col;
};

/* A message held back, to be printed in the order of its place. */
struct diag_held {
	unsigned	 line, col;	/* of its group's first message */
	size_t		 seq;
	enum diag_level	 level;
	struct diag_pos	 pos;		/* its file a copy */
	char		*message;
};

/* A message as given to a sink: its format applied, without its place
 * and level; held messages in the order they are printed. */
typedef void	diag_sink_fn(void *arg, enum diag_level level,
		    const struct diag_pos *pos, const char *message);

/* A file the reading opens, or looks for. */
typedef void	diag_file_fn(void *arg, const char *path);

struct diag {
	FILE			*out;
	/* Where each message goes besides out (NULL: nowhere): hplan
	 * serve shows them on its page. */
	diag_sink_fn		*sink;
	void			*sink_arg;
	/* Told each file the reading opens or looks for (NULL: none is
	 * told): hplan serve watches them. */
	diag_file_fn		*file_seen;
	void			*file_arg;
	unsigned		 errors;
	unsigned		 warnings;
	int			 holding;
	struct diag_held	*held;
	size_t			 nheld, heldcap;
};

void	diag_init(struct diag *d, FILE *out);

/* Tells d's file_seen of path, a file the reading opens or looks for. */
void	diag_file(struct diag *d, const char *path);

/* A message's place as it is printed: "file:line:col", "file:line",
 * "file", or "hplan" for none. */
void	diag_where(struct buf *out, const struct diag_pos *pos);
/* "error", "warning" or "note", translated. */
const char *diag_level_word(enum diag_level level);

/*
 * Holds the messages back until diag_release(), which prints them sorted
 * by their place in the file (a note stays with the message it explains),
 * so that the reader's and the validation's findings read in the order of
 * the file.  Messages without a line come last.
 */
void	diag_hold(struct diag *d);
void	diag_release(struct diag *d);
/* Reports a message, its format translated (intl.h). */
void	diag_report(struct diag *d, enum diag_level level,
	    const struct diag_pos *pos, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* The same with a format translated already. */
void	diag_vreport(struct diag *d, enum diag_level level,
	    const struct diag_pos *pos, const char *fmt, va_list ap)
	    __attribute__((format(printf, 4, 0)));

#endif
