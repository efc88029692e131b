/*
 * hplan serve's parts: the builder (serve_build.c) lays the plan out into
 * a view, the server (serve_http.c) serves the latest view, the watcher
 * (serve_watch.c) tells when a file the plan is made of changes, and
 * serve.c runs them.  A view is never changed once published; the server's
 * threads hold references to its pieces while they send them.
 */
#ifndef HPLAN_SERVE_INT_H
#define HPLAN_SERVE_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "buf.h"
#include "diag.h"
#include "layout.h"
#include "pipeline.h"

/* Bytes served, shared by the views that hold them. */
struct serve_blob {
	atomic_uint	 refs;
	char		*data;
	size_t		 len;
};

/* Takes the bytes of b (left empty). */
struct serve_blob	*serve_blob_take(struct buf *b);
struct serve_blob	*serve_blob_ref(struct serve_blob *blob);
void			 serve_blob_unref(struct serve_blob *blob);

struct serve_page {
	struct serve_blob	*png;
	struct serve_blob	*text;		/* its lines, UTF-8 */
	unsigned		 version;	/* the rendering it last
						 * changed in */
	int			 pending;	/* changed in a rendering still
						 * drawing: the last image */
	unsigned char		 digest[LAY_DIGEST];
};

/* What is served, as of one generation: a rendering's, or the part of
 * it drawn first. */
struct serve_view {
	atomic_uint		 refs;
	unsigned		 generation;
	struct serve_page	*pages;
	size_t			 npages;
	struct serve_blob	*pdf;		/* NULL: none yet */
	struct serve_blob	*state;		/* state.json */
};

struct serve_view	*serve_view_ref(struct serve_view *v);
void			 serve_view_unref(struct serve_view *v);

/* Names of files, each once. */
struct serve_files {
	char		**f;
	size_t		  n, cap;
};

/* The builder: the plan's last good rendering, and what it was made of. */
struct serve_build {
	const char		*path;
	char			*name;		/* the PDF's, NAME.pdf */
	struct pipeline		*p;
	unsigned		 generation;	/* of the renderings */
	unsigned		 views;		/* made of them */
	struct serve_page	*pages;		/* the last good rendering's */
	size_t			 npages;
	struct serve_blob	*pdf;
	unsigned		 pdf_version;
	int			 width, height;	/* a page's, CSS pixels */
	char			 good_time[16];	/* when it was made */
	unsigned long		 boot;		/* the server's start, in the
						 * pages' addresses: a page's
						 * address is its content's */
	/* What the last good rendering was made of, and what those since
	 * (with errors) looked for. */
	struct serve_files	 files;
	int			 ok;		/* the last rendering was good */
	unsigned		 errors, warnings;
	size_t			 changed;	/* of the last good one: its
						 * first page that changed */
	char			*summary;	/* the page's status line */
	struct buf		 messages;	/* the reading's and layout's,
						 * as the terminal shows them */
};

void			 serve_build_init(struct serve_build *b,
			    const char *path, struct pipeline *p);
void			 serve_build_free(struct serve_build *b);
/* A view to be served, its reference handed over. */
typedef void		 serve_publish_fn(void *arg, struct serve_view *v);
/* Reads, checks and lays out the plan again, and publishes the new view;
 * a rendering that changes many pages first publishes one with those from
 * the first that changed drawn, the rest still the last ones. */
void			 serve_build_run(struct serve_build *b,
			    serve_publish_fn *publish, void *arg);
/* The view before the first rendering. */
struct serve_view	*serve_build_waiting(struct serve_build *b);

/* The server. */
struct serve_http;

/* Listens on address:port (0: a free port) and serves the plan at
 * plan, view (a reference taken) until another is published; NULL when
 * it cannot (reported to d). */
struct serve_http	*serve_http_start(const char *address, int port,
			    const char *plan, struct serve_view *view,
			    struct diag *d);
int			 serve_http_port(const struct serve_http *h);
/* Serves view from now on (the server takes the reference) and tells the
 * pages that show it. */
void			 serve_http_publish(struct serve_http *h,
			    struct serve_view *view);
/* Ends every connection and stops. */
void			 serve_http_stop(struct serve_http *h);

/* The watcher of the files a plan is made of. */
struct serve_watch;

struct serve_watch	*serve_watch_open(struct diag *d);
int			 serve_watch_fd(const struct serve_watch *w);
/* Watches files (their directories, so that a file an editor replaces is
 * still seen); with any, a change to any file in those directories
 * counts, for a plan with errors may be waiting for a file it names. */
void			 serve_watch_set(struct serve_watch *w,
			    char *const *files, size_t n, int any);
/* Reads the events waiting: whether one of them changed a watched file. */
int			 serve_watch_read(struct serve_watch *w);
void			 serve_watch_close(struct serve_watch *w);

#endif
