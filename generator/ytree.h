/*
 * A YAML file as a small tree of values, each with its place in the file,
 * and the checks every reader of such a file needs: known keys, types,
 * required values, all reported through diag with a hint where one helps.
 * Used by the plan reader (yaml_in) and the style reader (style).
 */
#ifndef HPLAN_YTREE_H
#define HPLAN_YTREE_H

#include <stddef.h>

#include <yaml.h>

#include "diag.h"

enum {
	YTREE_MAX_DEPTH = 32,		/* nested lists and mappings */
	YTREE_MAX_NODES = 1000000	/* values in one file */
};

enum ytype {
	Y_SCALAR,
	Y_SEQ,
	Y_MAP
};

struct ynode {
	enum ytype		 type;
	struct diag_pos		 pos;
	unsigned		 end_line;	/* 1-based */
	unsigned		 end_col;
	yaml_scalar_style_t	 style;
	char			*value;		/* scalars */
	size_t			 len;
	int			 null;		/* an empty plain scalar, ~, null */
	struct ynode		**kids;		/* a mapping: key, value, … */
	size_t			 nkids;
	size_t			 cap;
};

struct ytree {
	const char	*file;
	const char	*src;
	size_t		 srclen;
	size_t		*line_starts;	/* byte offset of each line */
	size_t		 nlines;
	struct diag	*d;
	struct ynode	*root;		/* NULL when the file holds nothing */
	char		*reported;	/* by line - 1: a mistake of the YAML
					 * there was reported (ytree_scan) */
};

/* The keys a mapping may have, and what to call it in messages. */
struct keyset {
	const char		*what;	/* "an action" */
	const char *const	*keys;	/* NULL-terminated */
};

/*
 * Loads src (of file) into t.  Returns 0, or -1 when the file is not
 * valid UTF-8 or not valid YAML (reported).  t->root is NULL for a file
 * without a value.  ytree_free() releases t either way.
 */
int		 ytree_load(struct ytree *t, const char *file, const char *src,
		    size_t len, struct diag *d);
void		 ytree_free(struct ytree *t);

void		 ytree_error(struct ytree *t, const struct diag_pos *pos,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void		 ytree_warning(struct ytree *t, const struct diag_pos *pos,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void		 ytree_note(struct ytree *t, const struct diag_pos *pos,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* "a text", "a list" or "a mapping (keys with values)". */
const char	*ytree_kind(const struct ynode *n);
/* Notes which of keys the unknown word was probably meant to be. */
void		 ytree_suggest(struct ytree *t, const struct diag_pos *pos,
		    const char *word, const char *const *keys);
/*
 * Checks that n is a mapping whose keys are words from set, each once.
 * Returns 0 when n is a mapping (bad keys reported), -1 otherwise.
 */
int		 ytree_check_map(struct ytree *t, const struct ynode *n,
		    const struct keyset *set, const char *name);
/* The value of key in mapping n, or NULL; ytree_key gives the key. */
const struct ynode *ytree_get(const struct ynode *n, const char *key);
const struct ynode *ytree_key(const struct ynode *n, const char *key);
/* The value of key, or NULL with an error: "what has no 'key'". */
const struct ynode *ytree_need(struct ytree *t, const struct ynode *n,
		    const char *key, const char *what);
/* 0 when v is a text (or a list), else -1 with an error naming key. */
int		 ytree_need_scalar(struct ytree *t, const struct ynode *v,
		    const char *key);
int		 ytree_need_seq(struct ytree *t, const struct ynode *v,
		    const char *key, const char *of);
/* A scalar on one line: white space runs become one space, none at the
 * ends. */
char		*ytree_one_line(const struct ynode *v);

#endif
