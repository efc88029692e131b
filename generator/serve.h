/*
 * hplan serve: a page on this computer showing one plan as it is written.
 * The plan is laid out again whenever it or a file it names is saved;
 * the page shows its pages, the findings of check and of the rendering,
 * and the current PDF, and follows each change by itself.  The server
 * listens on 127.0.0.1 only and serves a fixed set of paths from memory:
 * no request reaches the file system.
 */
#ifndef HPLAN_SERVE_H
#define HPLAN_SERVE_H

#include "diag.h"
#include "pipeline.h"

enum {
	SERVE_DEFAULT_PORT = 8040
};

struct serve_options {
	const char	*plan;
	const char	*address;	/* see serve_address() */
	int		 port;		/* 0: a free one */
	int		 write;		/* --skriv: after each good rendering
					 * write the files, as render does,
					 * into p->dir */
	int		 quiet;		/* no line for each rendering */
	struct pipeline	*p;		/* the style, the PDF/A level, the
					 * output directory */
};

/*
 * Whether serve may listen on address: only the loopback address
 * 127.0.0.1 (or "localhost"), since a plan is not public until the nämnd
 * has adopted it.
 */
int		 serve_address(const char *address);

/*
 * Serves the plan until SIGINT or SIGTERM; the address is printed to
 * standard output once the server listens.  Returns DIAG_EXIT_OK, or
 * DIAG_EXIT_SYSTEM when it cannot listen or watch the files (reported).
 */
enum diag_exit	 serve_run(const struct serve_options *o);

#endif
