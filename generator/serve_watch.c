/*
 * hplan serve's watcher: inotify on the directories of the files a plan
 * is made of.  An editor that saves by writing a new file and renaming it
 * over the old one leaves a watch on the file itself watching the old
 * one; a watch on the directory sees the new one arrive.
 */
/* realpath() is an X/Open extension. */
#define _XOPEN_SOURCE 700

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

/* A file watched: the watch of its directory, and its name there; or,
 * its directory not there yet, of the nearest one above it that is, and
 * the name of the first missing one (above). */
struct watched {
	int	 wd;
	char	*name;
	int	 above;
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

/* The name of path's last part. */
static const char *
base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/*
 * Watches file by its directory; where that is not there (yet), by the
 * nearest directory above it that is, for the name of the first missing
 * one, whose coming starts the plan again and so a watch further down.
 */
static void
watch_file(struct serve_watch *w, const char *file)
{
	char *path = xstrdup(file), *dir;
	int wd, above = 0;

	for (;;) {
		dir = dir_of(path);
		wd = inotify_add_watch(w->fd, dir, WATCH_EVENTS | IN_ONLYDIR);
		if (wd >= 0 || (errno != ENOENT && errno != ENOTDIR) ||
		    strcmp(dir, path) == 0 || strcmp(dir, ".") == 0 ||
		    strcmp(dir, "/") == 0) {
			free(dir);
			break;
		}
		free(path);
		path = dir;
		above = 1;
	}
	if (wd >= 0) {
		w->files = xgrow(w->files, &w->filescap, w->nfiles + 1,
		    sizeof(*w->files));
		w->files[w->nfiles].wd = wd;
		w->files[w->nfiles].above = above;
		w->files[w->nfiles++].name = xstrdup(base_of(path));
	}
	free(path);
}

void
serve_watch_set(struct serve_watch *w, char *const *files, size_t n, int any)
{
	char *real;
	size_t i;

	forget(w);
	w->any = any;
	/* The same directory, however named, is one watch; a file reached
	 * by a symbolic link is watched where it is too, since an editor
	 * saves it there. */
	for (i = 0; i < n; i++) {
		watch_file(w, files[i]);
		if ((real = realpath(files[i], NULL)) != NULL &&
		    strcmp(real, files[i]) != 0)
			watch_file(w, real);
		free(real);
	}
}

/* Whether name in the directory of watch wd is one of the files (or,
 * with any, a file at all rather than an editor's scratch file, in the
 * directory of one of them: not in one above, which may be a busy one
 * such as the home directory). */
static int
relevant(const struct serve_watch *w, int wd, const char *name)
{
	size_t i;

	for (i = 0; i < w->nfiles; i++)
		if (w->files[i].wd == wd && (strcmp(w->files[i].name, name) ==
		    0 || (w->any && !w->files[i].above && name[0] != '.' &&
		    name[strlen(name) - 1] != '~')))
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
