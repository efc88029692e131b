/*
 * hplan serve's watcher: inotify on the directories of the files a plan
 * is made of.  An editor that saves by writing a new file and renaming it
 * over the old one leaves a watch on the file itself watching the old
 * one; a watch on the directory sees the new one arrive.
 */
#include <sys/inotify.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve_int.h"
#include "xalloc.h"

/* A file saved, replaced, moved away or removed. */
#define WATCH_EVENTS	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | \
			 IN_DELETE | IN_CREATE | IN_ATTRIB)

/* A file watched: the watch of its directory, and its name there. */
struct watched {
	int	 wd;
	char	*name;
};

struct serve_watch {
	int		 fd;
	struct watched	*files;
	size_t		 nfiles, filescap;
	int		 any;
};

struct serve_watch *
serve_watch_open(struct diag *d)
{
	struct serve_watch *w;
	int fd;

	if ((fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0) {
		diag_report(d, DIAG_ERROR, NULL, "cannot watch the plan's "
		    "files: %s", strerror(errno));
		return NULL;
	}
	w = xcalloc(1, sizeof(*w));
	w->fd = fd;
	return w;
}

int
serve_watch_fd(const struct serve_watch *w)
{
	return w->fd;
}

/* The directory of file: what comes before its last slash, or ".". */
static char *
dir_of(const char *file)
{
	const char *slash = strrchr(file, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == file)
		return xstrdup("/");
	return xstrndup(file, (size_t)(slash - file));
}

/*
 * Forgets the files, but not the watches: an event of a save made while
 * the plan was being laid out may wait in the queue with its directory's
 * watch, which a new watch would not match.  A directory watched again
 * keeps its watch.
 */
static void
forget(struct serve_watch *w)
{
	size_t i;

	for (i = 0; i < w->nfiles; i++)
		free(w->files[i].name);
	w->nfiles = 0;
}

void
serve_watch_set(struct serve_watch *w, char *const *files, size_t n, int any)
{
	const char *slash;
	size_t i;
	char *dir;
	int wd;

	forget(w);
	w->any = any;
	for (i = 0; i < n; i++) {
		dir = dir_of(files[i]);
		wd = inotify_add_watch(w->fd, dir, WATCH_EVENTS | IN_ONLYDIR);
		free(dir);
		/* A directory that is not there (yet) is not watched: the
		 * plan's errors say what is missing.  The same directory,
		 * however named, is one watch. */
		if (wd < 0)
			continue;
		slash = strrchr(files[i], '/');
		w->files = xgrow(w->files, &w->filescap, w->nfiles + 1,
		    sizeof(*w->files));
		w->files[w->nfiles].wd = wd;
		w->files[w->nfiles++].name = xstrdup(slash != NULL ? slash + 1 :
		    files[i]);
	}
}

/* Whether name in the directory of watch wd is one of the files (or,
 * with any, a file at all rather than an editor's scratch file). */
static int
relevant(const struct serve_watch *w, int wd, const char *name)
{
	size_t i;

	if (w->any)
		return name[0] != '.' && name[strlen(name) - 1] != '~';
	for (i = 0; i < w->nfiles; i++)
		if (w->files[i].wd == wd && strcmp(w->files[i].name, name) == 0)
			return 1;
	return 0;
}

int
serve_watch_read(struct serve_watch *w)
{
	char events[16 * (sizeof(struct inotify_event) + NAME_MAX + 1)]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n;
	char *p;
	int changed = 0;

	while ((n = read(w->fd, events, sizeof(events))) > 0)
		for (p = events; p < events + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->mask & IN_Q_OVERFLOW)
				changed = 1;
			else if (ev->len > 0 && relevant(w, ev->wd, ev->name))
				changed = 1;
		}
	return changed;
}

void
serve_watch_close(struct serve_watch *w)
{
	if (w == NULL)
		return;
	forget(w);
	free(w->files);
	close(w->fd);
	free(w);
}
