/*
 * Whole-file input and crash-safe output: a file is written under a
 * temporary name beside its target and renamed over it only when complete,
 * so an earlier good output survives any failure.
 */
#ifndef HPLAN_FILEIO_H
#define HPLAN_FILEIO_H

#include <stddef.h>

#include "diag.h"

/*
 * Reads path into a NUL-terminated buffer of at most max bytes.
 * Returns 0, or reports an error and returns -1.
 */
int	fileio_read(const char *path, size_t max, char **data, size_t *len,
	    struct diag *d);

/* Writes data to path atomically. Returns 0, or reports and returns -1. */
int	fileio_write(const char *path, const void *data, size_t len,
	    struct diag *d);

/*
 * Files written together: each is staged complete under a temporary name,
 * and only when all are staged are they renamed into place, so a failure
 * never leaves a new PDF beside an old XML.
 */
enum {
	FILEIO_SET_MAX = 8
};

struct fileio_set {
	char	*tmp[FILEIO_SET_MAX];
	char	*path[FILEIO_SET_MAX];
	size_t	 n;
};

/* Stages data for path.  On failure reports, discards the whole set and
 * returns -1. */
int	fileio_stage(struct fileio_set *set, const char *path,
	    const void *data, size_t len, struct diag *d);

/* Renames the staged files into place.  Returns 0 or -1 (reported). */
int	fileio_commit(struct fileio_set *set, struct diag *d);

/* Removes the staged files. */
void	fileio_discard(struct fileio_set *set);

/* Creates dir if it is missing (its parent must exist). Returns 0 or -1. */
int	fileio_ensure_dir(const char *dir, struct diag *d);

/* Removes a directory and everything in it; for cleaning up after a
 * failure, so errors are ignored. */
void	fileio_remove_tree(const char *dir);

#endif
