/* nftw() is an X/Open extension. */
#define _XOPEN_SOURCE 700

#include <sys/stat.h>

#include <ftw.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "xalloc.h"

static void
report_errno(struct diag *d, const char *path, const char *what)
{
	struct diag_pos pos = { path, 0, 0 };

	diag_report(d, DIAG_ERROR, &pos, "%s: %s", what, strerror(errno));
}

int
fileio_read(const char *path, size_t max, char **data, size_t *len,
    struct diag *d)
{
	struct buf b = { 0 };
	char chunk[65536];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1) {
		report_errno(d, path, "cannot open");
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
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
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	*len = b.len;
	*data = buf_take(&b);
	return 0;
fail:
	close(fd);
	buf_free(&b);
	return -1;
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

/* Writes data under a temporary name beside path; the name, or NULL. */
static char *
stage(const char *path, const void *data, size_t len, struct diag *d)
{
	const char *slash = strrchr(path, '/');
	struct buf tmp = { 0 };
	int fd, saved;

	/* The temporary file sits in the target's directory so that rename()
	 * stays within one file system and is atomic. */
	if (slash != NULL)
		buf_add(&tmp, path, (size_t)(slash - path) + 1);
	buf_printf(&tmp, ".%s.XXXXXX", slash ? slash + 1 : path);
	if ((fd = mkstemp(tmp.data)) == -1) {
		report_errno(d, path, "cannot create a file here");
		buf_free(&tmp);
		return NULL;
	}
	if (fchmod(fd, 0644) == -1 || write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1) {
		saved = errno;
		close(fd);
		fd = -1;
		errno = saved;
	}
	if (fd == -1 || close(fd) == -1) {
		saved = errno;
		unlink(tmp.data);
		errno = saved;
		report_errno(d, path, "cannot write");
		buf_free(&tmp);
		return NULL;
	}
	return tmp.data;
}

int
fileio_write(const char *path, const void *data, size_t len, struct diag *d)
{
	struct fileio_set set = { 0 };

	if (fileio_stage(&set, path, data, len, d) != 0)
		return -1;
	return fileio_commit(&set, d);
}

int
fileio_stage(struct fileio_set *set, const char *path, const void *data,
    size_t len, struct diag *d)
{
	char *tmp;

	if (set->n == FILEIO_SET_MAX) {
		errno = EMFILE;
		report_errno(d, path, "too many files at once");
		fileio_discard(set);
		return -1;
	}
	if ((tmp = stage(path, data, len, d)) == NULL) {
		fileio_discard(set);
		return -1;
	}
	set->tmp[set->n] = tmp;
	set->path[set->n++] = xstrdup(path);
	return 0;
}

int
fileio_commit(struct fileio_set *set, struct diag *d)
{
	size_t i;
	int ret = 0;

	/* Renames within a directory fail only if it is pulled away under
	 * us; then whatever was not renamed is removed. */
	for (i = 0; i < set->n; i++)
		if (ret == 0 && rename(set->tmp[i], set->path[i]) == -1) {
			report_errno(d, set->path[i], "cannot write");
			ret = -1;
		}
	fileio_discard(set);
	return ret;
}

void
fileio_discard(struct fileio_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		unlink(set->tmp[i]);
		free(set->tmp[i]);
		free(set->path[i]);
	}
	set->n = 0;
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
