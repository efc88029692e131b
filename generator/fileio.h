/*
 * Whole-file input and crash-safe output: a file is written under a
 * temporary name beside its target and renamed over it only when complete,
 * so an earlier good output survives any failure, and no temporary file
 * outlives the program, even one ended by a signal.
 */
#ifndef HPLAN_FILEIO_H
#define HPLAN_FILEIO_H

#include <sys/stat.h>

#include <stddef.h>

#include "diag.h"

/*
 * Reads path into a NUL-terminated buffer of at most max bytes.
 * Returns 0, or reports an error and returns -1.
 */
int	fileio_read(const char *path, size_t max, char **data, size_t *len,
	    struct diag *d);
/* The same without a message: a dictionary that cannot be read is done
 * without.  NULL when it cannot be read. */
char	*fileio_slurp(const char *path, size_t max, size_t *len);

/* path mapped read-only, at most max bytes, or NULL (without a message)
 * when it cannot be; *len is its size, and *st (unless NULL) the file's
 * status.  Unmapped with fileio_unmap. */
const char *fileio_map(const char *path, size_t max, size_t *len,
	    struct stat *st);
void	fileio_unmap(const char *data, size_t len);

/* Writes data to path atomically. Returns 0, or reports and returns -1. */
int	fileio_write(const char *path, const void *data, size_t len,
	    struct diag *d);

/*
 * Files written together, a plan's output set: each is staged complete
 * under a temporary name, and only when all are staged are they renamed
 * into place; a rename that fails puts back what the earlier ones
 * replaced, so a failure never leaves a new PDF beside an old XML.  Files
 * of an earlier set that the new one lacks (an ERMS file once the plan
 * has lost its dnr, page previews beyond its last page) are removed with
 * the commit.
 */
struct fileio_member {
	char	*path;
	char	*tmp;		/* the staged data, until renamed */
	int	 stale;		/* a file to remove instead */
	char	*backup;	/* the replaced file, until the commit ends */
};

struct fileio_set {
	struct fileio_member	*m;
	size_t			 n, cap;
};

/* Stages data for path.  On failure reports, discards the whole set and
 * returns -1. */
int	fileio_stage(struct fileio_set *set, const char *path,
	    const void *data, size_t len, struct diag *d);

/* Removes path, if it exists, when the set is committed. */
void	fileio_stale(struct fileio_set *set, const char *path);

/* Renames the staged files into place and removes the stale ones.
 * Returns 0, or -1 with everything as it was before (reported). */
int	fileio_commit(struct fileio_set *set, struct diag *d);

/* Removes the staged files. */
void	fileio_discard(struct fileio_set *set);

/*
 * Takes the output lock of the directory dir (flock on the directory
 * itself, so nothing is left in it), waiting while another hplan holds it,
 * so that writers of the same outputs take turns.
 * Returns the lock's descriptor for fileio_unlock(), or -1 (reported).
 */
int	fileio_lock(const char *dir, struct diag *d);
void	fileio_unlock(int fd);

/*
 * Temporary files and directories are removed when SIGINT, SIGTERM or
 * SIGHUP ends the program: call once before writing anything.  A commit
 * is not interrupted half-way; the signal ends the program after it.
 */
void	fileio_clean_up_on_signals(void);

/* Paths to remove should a signal end the program (a package being
 * built), and paths no longer to remove. */
void	fileio_track(const char *path, int is_dir);
void	fileio_untrack(const char *path);

/*
 * The path of name in hplan's cache ($XDG_CACHE_HOME/hplan, else
 * $HOME/.cache/hplan), its directories made if missing; NULL where there is
 * none.  What the cache holds only saves time: any of it may go.
 */
char	*fileio_cache_path(const char *name);
/* Creates dir if it is missing (its parent must exist). Returns 0 or -1. */
int	fileio_ensure_dir(const char *dir, struct diag *d);

/* Whether existing file a comes before b in an order of all files (by
 * device and inode). */
int	fileio_before(const char *a, const char *b);

/* Whether two paths name one existing file or directory. */
int	fileio_same_file(const char *a, const char *b);
/*
 * The directory dir (such as "share/hplan") beside the running program's
 * own directory, as an installed program has it (bin/../dir), or NULL
 * when there is none: the program runs from its build tree.
 */
char	*fileio_beside_program(const char *dir);

/* A file that file names: name itself when absolute, else name in
 * file's directory. */
char	*fileio_relative(const char *file, const char *name);
/* A path's file name without its directory and suffix: "plan" of
 * "input/plan.yaml", which names what is made of it. */
char	*fileio_stem(const char *path);

/* Removes a directory and everything in it; for cleaning up after a
 * failure, so errors are ignored. */
void	fileio_remove_tree(const char *dir);

#endif
