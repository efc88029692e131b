/* nftw() is an X/Open extension. */
#define _XOPEN_SOURCE 700
/* flock() is a BSD one. */
#define _DEFAULT_SOURCE
/* sync_file_range() is Linux's. */
#define _GNU_SOURCE

#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <ftw.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "intl.h"
#include "xalloc.h"

static void
report_errno(struct diag *d, const char *path, const char *what)
{
	struct diag_pos pos = { path, 0, 0 };

	diag_report(d, DIAG_ERROR, &pos, "%s: %s", _(what), strerror(errno));
}

int
fileio_read(const char *path, size_t max, char **data, size_t *len,
    struct diag *d)
{
	struct buf b = { 0 };
	struct stat st;
	size_t want;
	ssize_t n;
	int fd;

	/* Not blocking on a named pipe's open: only a regular file is read,
	 * so that a name in a plan (its figures, its plan, its earlier
	 * version) cannot make hplan wait for ever. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		report_errno(d, path, "cannot open");
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		report_errno(d, path, "cannot read");
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		struct diag_pos pos = { path, 0, 0 };

		diag_report(d, DIAG_ERROR, &pos, "not a file that can be read "
		    "(a directory, a device or a pipe)");
		close(fd);
		return -1;
	}
	/* Read where it goes, in as few calls as the file's size allows;
	 * a file that grows meanwhile is read on to its end. */
	want = st.st_size > 0 && (size_t)st.st_size < max ?
	    (size_t)st.st_size + 1 : 65536;
	for (;;) {
		if (b.cap < b.len + want + 1)
			b.data = xgrow(b.data, &b.cap, b.len + want + 1, 1);
		if ((n = read(fd, b.data + b.len, want)) == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			report_errno(d, path, "cannot read");
			goto fail;
		}
		if (b.len + (size_t)n > max) {
			struct diag_pos pos = { path, 0, 0 };

			diag_report(d, DIAG_ERROR, &pos,
			    "file is larger than the limit of %zu MiB",
			    max >> 20);
			goto fail;
		}
		b.len += (size_t)n;
		b.data[b.len] = '\0';
		want = 65536;
	}
	close(fd);
	b.data[b.len] = '\0';
	*len = b.len;
	*data = buf_take(&b);
	return 0;
fail:
	close(fd);
	buf_free(&b);
	return -1;
}

char *
fileio_slurp(const char *path, size_t max, size_t *len)
{
	struct diag quiet;
	char *data;

	diag_init(&quiet, NULL);
	return fileio_read(path, max, &data, len, &quiet) == 0 ? data : NULL;
}

const char *
fileio_map(const char *path, size_t max, size_t *len, struct stat *out)
{
	struct stat st;
	void *data;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (unsigned long long)st.st_size > max) {
		close(fd);
		return NULL;
	}
	data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (data == MAP_FAILED)
		return NULL;
	*len = (size_t)st.st_size;
	if (out != NULL)
		*out = st;
	return data;
}

void
fileio_unmap(const char *data, size_t len)
{
	if (data != NULL)
		munmap((void *)(uintptr_t)data, len);
}

static int
write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Temporary paths, removed by the handler of the signals that end the
 * program.  The signals are blocked while the list changes, so the
 * handler never sees it half-changed.
 */
struct tracked {
	char	*path;
	int	 is_dir;
};

static struct tracked	*tracked;
static size_t		 ntracked, trackedcap;
static sigset_t		 ending;
static int		 ending_set;

static void
block_ending(sigset_t *old)
{
	if (!ending_set) {
		sigemptyset(&ending);
		sigaddset(&ending, SIGINT);
		sigaddset(&ending, SIGTERM);
		sigaddset(&ending, SIGHUP);
		ending_set = 1;
	}
	sigprocmask(SIG_BLOCK, &ending, old);
}

static void
unblock_ending(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

static void
on_ending_signal(int sig)
{
	size_t i = ntracked;

	/* Last tracked first: the files in a directory before it. */
	while (i-- > 0)
		if (tracked[i].is_dir)
			rmdir(tracked[i].path);
		else
			unlink(tracked[i].path);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
fileio_clean_up_on_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_ending_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		/* A signal ignored by whoever started hplan (nohup) stays
		 * ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
}

/* Tracks path, with the ending signals already blocked. */
static void
track_blocked(const char *path, int is_dir)
{
	tracked = xgrow(tracked, &trackedcap, ntracked + 1, sizeof(*tracked));
	tracked[ntracked].path = xstrdup(path);
	tracked[ntracked++].is_dir = is_dir;
}

void
fileio_track(const char *path, int is_dir)
{
	sigset_t old;

	block_ending(&old);
	track_blocked(path, is_dir);
	unblock_ending(&old);
}

void
fileio_untrack(const char *path)
{
	sigset_t old;
	size_t i = ntracked;

	block_ending(&old);
	while (i-- > 0)
		if (strcmp(tracked[i].path, path) == 0) {
			free(tracked[i].path);
			memmove(&tracked[i], &tracked[i + 1],
			    (ntracked - i - 1) * sizeof(*tracked));
			ntracked--;
			break;
		}
	if (ntracked == 0) {
		free(tracked);
		tracked = NULL;
		trackedcap = 0;
	}
	unblock_ending(&old);
}

/*
 * A new empty file with a unique name beside path, ".NAME.WHAT-XXXXXX",
 * tracked; its descriptor, or -1.  The name sits in the target's
 * directory so that rename() stays within one file system and is atomic.
 */
static int
temporary(const char *path, const char *what, struct buf *tmp)
{
	const char *slash = strrchr(path, '/');
	sigset_t old;
	int fd;

	if (slash != NULL)
		buf_add(tmp, path, (size_t)(slash - path) + 1);
	buf_printf(tmp, ".%s.%s-XXXXXX", slash ? slash + 1 : path, what);
	block_ending(&old);
	if ((fd = mkstemp(tmp->data)) != -1)
		track_blocked(tmp->data, 0);
	unblock_ending(&old);
	return fd;
}

/* Removes a temporary file and forgets it. */
static void
remove_temporary(char *path)
{
	if (path == NULL)
		return;
	unlink(path);
	fileio_untrack(path);
	free(path);
}

/* The kernel starts writing the file out now: so the files of a set are
 * written side by side, and each fsync() at the commit finds its data
 * on its way, or there. */
static void
start_writeback(int fd)
{
#ifdef SYNC_FILE_RANGE_WRITE
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
	(void)fd;
#endif
}

/*
 * Writes data under a temporary name beside path; the name, or NULL.  It
 * reaches the disk (fsync()) when the set is committed.
 */
static char *
stage(const char *path, const void *data, size_t len, struct diag *d)
{
	struct buf tmp = { 0 };
	int fd, saved;

	if ((fd = temporary(path, "new", &tmp)) == -1) {
		report_errno(d, path, "cannot create a file here");
		buf_free(&tmp);
		return NULL;
	}
	if (fchmod(fd, 0644) == -1 || write_all(fd, data, len) == -1) {
		saved = errno;
		close(fd);
		fd = -1;
		errno = saved;
	} else
		start_writeback(fd);
	if (fd == -1 || close(fd) == -1) {
		saved = errno;
		remove_temporary(buf_take(&tmp));
		errno = saved;
		report_errno(d, path, "cannot write");
		return NULL;
	}
	return buf_take(&tmp);
}

int
fileio_write(const char *path, const void *data, size_t len, struct diag *d)
{
	struct fileio_set set = { 0 };

	if (fileio_stage(&set, path, data, len, d) != 0)
		return -1;
	return fileio_commit(&set, d);
}

static struct fileio_member *
member(struct fileio_set *set, const char *path)
{
	struct fileio_member *m;

	set->m = xgrow(set->m, &set->cap, set->n + 1, sizeof(*set->m));
	m = &set->m[set->n++];
	memset(m, 0, sizeof(*m));
	m->path = xstrdup(path);
	return m;
}

int
fileio_stage(struct fileio_set *set, const char *path, const void *data,
    size_t len, struct diag *d)
{
	char *tmp;

	if ((tmp = stage(path, data, len, d)) == NULL) {
		fileio_discard(set);
		return -1;
	}
	member(set, path)->tmp = tmp;
	return 0;
}

void
fileio_stale(struct fileio_set *set, const char *path)
{
	member(set, path)->stale = 1;
}

/*
 * A second name for the file that m replaces, so that it can be put back
 * should a later rename fail.  Returns 0, or -1 (reported) when the file
 * exists and cannot be kept: then nothing may be replaced.
 */
static int
keep_replaced(struct fileio_member *m, struct diag *d)
{
	struct buf tmp = { 0 };
	int fd, saved;

	if (access(m->path, F_OK) != 0)
		return 0;
	if ((fd = temporary(m->path, "old", &tmp)) == -1) {
		report_errno(d, m->path, "cannot keep the earlier file");
		buf_free(&tmp);
		return -1;
	}
	close(fd);
	/* The name is ours (the output lock is held); link() needs it free. */
	if (unlink(tmp.data) == 0 && link(m->path, tmp.data) == 0) {
		m->backup = buf_take(&tmp);
		return 0;
	}
	saved = errno;
	remove_temporary(buf_take(&tmp));
	errno = saved;
	report_errno(d, m->path, "cannot keep the earlier file");
	return -1;
}

/* Makes sure m's staged data is on the disk before it takes m's name. */
static int
sync_staged(const struct fileio_member *m, struct diag *d)
{
	int fd, saved;

	if ((fd = open(m->tmp, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fsync(fd) == -1) {
		saved = errno;
		if (fd != -1)
			close(fd);
		errno = saved;
		report_errno(d, m->path, "cannot write");
		return -1;
	}
	close(fd);
	return 0;
}

/* Undoes the renames of the first n members. */
static void
roll_back(struct fileio_set *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct fileio_member *m = &set->m[i];

		if (m->stale)
			continue;
		if (m->backup != NULL && rename(m->backup, m->path) == 0) {
			fileio_untrack(m->backup);
			free(m->backup);
			m->backup = NULL;
		} else if (m->backup == NULL)
			unlink(m->path);
	}
}

int
fileio_commit(struct fileio_set *set, struct diag *d)
{
	sigset_t old;
	size_t i;
	int ret = 0;

	/* Before the signals wait: a signal while the disk is slow still
	 * ends the run. */
	for (i = 0; i < set->n; i++)
		if (!set->m[i].stale && sync_staged(&set->m[i], d) != 0) {
			fileio_discard(set);
			return -1;
		}
	/* Renames within a directory fail only if it is pulled away under
	 * us, or the disk fails.  A signal waits until the set is whole. */
	block_ending(&old);
	for (i = 0; i < set->n && ret == 0; i++)
		if (!set->m[i].stale && keep_replaced(&set->m[i], d) != 0)
			ret = -1;
	for (i = 0; i < set->n && ret == 0; i++) {
		struct fileio_member *m = &set->m[i];

		if (m->stale)
			continue;
		if (rename(m->tmp, m->path) == -1) {
			report_errno(d, m->path, "cannot write");
			roll_back(set, i);
			ret = -1;
			break;
		}
		fileio_untrack(m->tmp);
		free(m->tmp);
		m->tmp = NULL;
	}
	for (i = 0; i < set->n && ret == 0; i++) {
		struct fileio_member *m = &set->m[i];

		if (m->stale && unlink(m->path) == -1 && errno != ENOENT) {
			report_errno(d, m->path, "cannot remove the earlier "
			    "file");
			ret = -1;
		}
	}
	fileio_discard(set);
	unblock_ending(&old);
	return ret;
}

void
fileio_discard(struct fileio_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		remove_temporary(set->m[i].tmp);
		remove_temporary(set->m[i].backup);
		free(set->m[i].path);
	}
	free(set->m);
	memset(set, 0, sizeof(*set));
}

int
fileio_lock(const char *dir, struct diag *d)
{
	int fd;

	/* The directory itself is locked: no lock file is left in it. */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		report_errno(d, dir, "cannot lock");
		return -1;
	}
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			report_errno(d, dir, "cannot lock");
			close(fd);
			return -1;
		}
	return fd;
}

void
fileio_unlock(int fd)
{
	if (fd != -1)
		close(fd);
}

char *
fileio_cache_path(const char *name)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct buf dir = { 0 };
	char *path = NULL;

	/* The specification has a relative XDG_CACHE_HOME ignored, and the
	 * directories it makes only for their owner. */
	if (xdg != NULL && xdg[0] == '/')
		buf_adds(&dir, xdg);
	else if (home != NULL && home[0] == '/')
		buf_printf(&dir, "%s/.cache", home);
	else
		goto out;
	if (mkdir(dir.data, 0700) != 0 && errno != EEXIST)
		goto out;
	buf_adds(&dir, "/hplan");
	if (mkdir(dir.data, 0700) == 0 || errno == EEXIST) {
		buf_printf(&dir, "/%s", name);
		path = buf_take(&dir);
	}
out:
	buf_free(&dir);
	return path;
}

int
fileio_ensure_dir(const char *dir, struct diag *d)
{
	struct stat st;

	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		errno = ENOTDIR;
		report_errno(d, dir, "cannot write into");
		return -1;
	}
	if (mkdir(dir, 0777) == -1 && errno != EEXIST) {
		report_errno(d, dir, "cannot create the output directory");
		return -1;
	}
	return 0;
}

int
fileio_before(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return 0;
	return sa.st_dev != sb.st_dev ? sa.st_dev < sb.st_dev :
	    sa.st_ino < sb.st_ino;
}

int
fileio_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int
remove_entry(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void
fileio_remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *
fileio_relative(const char *file, const char *name)
{
	const char *slash = strrchr(file, '/');
	size_t dir = name[0] != '/' && slash != NULL ?
	    (size_t)(slash - file) + 1 : 0;
	char *out = xmalloc(dir + strlen(name) + 1);

	memcpy(out, file, dir);
	strcpy(out + dir, name);
	return out;
}

char *
fileio_stem(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	return xstrndup(base, dot != NULL && dot != base ?
	    (size_t)(dot - base) : strlen(base));
}

char *
fileio_beside_program(const char *dir)
{
	char *exe = realpath("/proc/self/exe", NULL), *slash, *found;
	struct buf b = { 0 };
	struct stat st;

	if (exe == NULL)
		return NULL;
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	buf_printf(&b, "%s/../%s", exe, dir);
	free(exe);
	found = stat(b.data, &st) == 0 && S_ISDIR(st.st_mode) ?
	    realpath(b.data, NULL) : NULL;
	buf_free(&b);
	return found;
}
