/*
 * hplan serve: the plan laid out, served, and laid out again when a file
 * it is made of changes, until SIGINT or SIGTERM.  The signals are taken
 * from a descriptor of their own, beside the watcher's, so that a stop
 * comes between two renderings, never inside the writing of files.
 */
#define _GNU_SOURCE	/* signalfd's sigset */

#include <sys/signalfd.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "intl.h"
#include "serve.h"
#include "serve_int.h"
#include "xalloc.h"
#include "xml_in.h"

enum {
	/* An editor's save is several events (a file written, renamed,
	 * the old one removed): the plan is laid out when there has been
	 * none for this long, or this long after the first at the most. */
	QUIET_MS = 40,
	SETTLE_MAX_MS = 400
};

static long
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Waits until the files have been quiet for a moment, reading what else
 * happens to them. */
static void
settle(struct serve_watch *w)
{
	struct pollfd pfd = { serve_watch_fd(w), POLLIN, 0 };
	long until = now_ms() + SETTLE_MAX_MS, left;

	while ((left = until - now_ms()) > 0 && poll(&pfd, 1, left <
	    QUIET_MS ? (int)left : QUIET_MS) > 0)
		serve_watch_read(w);
}

static void
publish(void *arg, struct serve_view *v)
{
	serve_http_publish(arg, v);
}

/* Lays the plan out, serves the view, and watches what it was made of. */
static void
rebuild(const struct serve_options *o, struct serve_build *b,
    struct serve_http *h, struct serve_watch *w)
{
	char stamp[16];
	time_t now = time(NULL);
	struct tm tm;

	serve_build_run(b, publish, h);
	/* The plan and the files it names; while it has errors, anything in
	 * their directories, since it may be waiting for a file it names. */
	serve_watch_set(w, b->files.f, b->files.n, !b->ok);
	if (!b->ok)
		fputs(b->messages.data != NULL ? b->messages.data : "",
		    stderr);
	if (!o->quiet) {
		localtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
		printf("%s %s\n", stamp, b->summary);
		fflush(stdout);
	}
	if (o->write && b->ok) {
		/* As render writes them: the set whole or not at all. */
		o->p->out = PIPELINE_FILES;
		diag_init(&o->p->d, stderr);
		pipeline_plan(o->p, o->plan);
		fflush(stdout);
	}
}

enum diag_exit
serve_run(const struct serve_options *o)
{
	struct diag d;
	struct serve_build b;
	struct serve_http *h;
	struct serve_watch *w;
	struct pollfd pfd[2];
	struct signalfd_siginfo signal_info;
	sigset_t stop, old;
	char *data;
	size_t len;
	int sfd;

	diag_init(&d, stderr);
	/* A plan that is not there is a mistake on the command line, not one
	 * to show on the page; once it is served, it may come and go. */
	if (fileio_read(o->plan, XML_IN_MAX_BYTES, &data, &len, &d) != 0)
		return DIAG_EXIT_SYSTEM;
	free(data);
	/* Blocked before the server's threads start, so that they inherit
	 * it and only the descriptor takes the signals. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	signal(SIGPIPE, SIG_IGN);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	if ((sfd = signalfd(-1, &stop, SFD_CLOEXEC)) < 0) {
		diag_report(&d, DIAG_ERROR, NULL, "cannot wait for signals: "
		    "%s", strerror(errno));
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return DIAG_EXIT_SYSTEM;
	}
	if ((w = serve_watch_open(&d)) == NULL) {
		close(sfd);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return DIAG_EXIT_SYSTEM;
	}
	serve_build_init(&b, o->plan, o->p);
	if ((h = serve_http_start(o->address, o->port, o->plan,
	    serve_build_waiting(&b), &d)) == NULL) {
		serve_build_free(&b);
		serve_watch_close(w);
		close(sfd);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return DIAG_EXIT_SYSTEM;
	}
	printf(_("hplan serve shows %s at http://127.0.0.1:%d/ (Ctrl-C "
	    "stops it)\n"), o->plan, serve_http_port(h));
	fflush(stdout);
	rebuild(o, &b, h, w);
	pfd[0] = (struct pollfd){ sfd, POLLIN, 0 };
	pfd[1] = (struct pollfd){ serve_watch_fd(w), POLLIN, 0 };
	for (;;) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		/* Taken, so that it is not delivered when unblocked. */
		if (pfd[0].revents != 0 && read(sfd, &signal_info,
		    sizeof(signal_info)) > 0)
			break;
		if (pfd[1].revents != 0 && serve_watch_read(w)) {
			settle(w);
			rebuild(o, &b, h, w);
		}
	}
	serve_http_stop(h);
	serve_build_free(&b);
	serve_watch_close(w);
	close(sfd);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!o->quiet)
		puts(_("hplan serve stopped"));
	return DIAG_EXIT_OK;
}
