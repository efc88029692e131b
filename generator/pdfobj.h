/*
 * The objects of a finished PDF with a classic cross-reference table (as
 * Cairo writes it), read where they lie, and the file written anew with
 * some replaced and others added: the objects not read are copied as
 * they are, never parsed, so the post-pass costs what it changes and a
 * copy of the bytes.
 */
#ifndef HPLAN_PDFOBJ_H
#define HPLAN_PDFOBJ_H

#include <stddef.h>

#include "buf.h"

enum pdfobj_kind {
	PDFOBJ_NULL,
	PDFOBJ_BOOL,
	PDFOBJ_NUMBER,
	PDFOBJ_STRING,
	PDFOBJ_NAME,
	PDFOBJ_ARRAY,
	PDFOBJ_DICT,
	PDFOBJ_REF
};

struct pdfobj {
	enum pdfobj_kind kind;
	const char	*raw;	/* its bytes in the file, written back as they are */
	size_t		 len;
	unsigned	 num;	/* PDFOBJ_REF: the object it refers to */
	struct pdfobj	*items;	/* an array's items; a dictionary's keys and
				 * values, alternating */
	size_t		 n;
};

struct pdfobj_file;

/* The PDF in data (which must outlive the result), or NULL when its
 * cross-reference table and trailer cannot be read. */
struct pdfobj_file	*pdfobj_open(const char *data, size_t len);
void			 pdfobj_close(struct pdfobj_file *f);

const struct pdfobj	*pdfobj_trailer(const struct pdfobj_file *f);

/* Object num (a stream's dictionary for a stream), or NULL when it is
 * missing or cannot be read. */
const struct pdfobj	*pdfobj_get(struct pdfobj_file *f, unsigned num);

/* What v refers to, or v itself; NULL stays NULL. */
const struct pdfobj	*pdfobj_resolve(struct pdfobj_file *f,
			    const struct pdfobj *v);

/* The value of key ("/Type") in dict as it is written (maybe a
 * reference); NULL when dict is not a dictionary or has no such key. */
const struct pdfobj	*pdfobj_entry(const struct pdfobj *dict,
			    const char *key);

/* The value of key in dict, references followed; NULL when dict
 * is not a dictionary or has no such key. */
const struct pdfobj	*pdfobj_key(struct pdfobj_file *f,
			    const struct pdfobj *dict, const char *key);

/* The integer v is, or -1 (also for a negative one). */
long long		 pdfobj_integer(const struct pdfobj *v);

/* Whether v is the name ("/Page"). */
int			 pdfobj_is_name(const struct pdfobj *v,
			    const char *name);

/* The data of stream object num, as it lies in the file (filters not
 * undone); -1 when num is not a readable stream. */
int			 pdfobj_stream(struct pdfobj_file *f, unsigned num,
			    const char **data, size_t *len);

/* The data of stream object num decoded (none or Flate): *data lies in
 * the file where it is not compressed, else in scratch; -1 when it cannot
 * be decoded. */
int			 pdfobj_decoded(struct pdfobj_file *f, unsigned num,
			    struct buf *scratch, const char **data, size_t *len);

/*
 * Writes dict's entries but those whose keys are in drop (NULL-ended,
 * may be NULL) to b, without the enclosing "<<" and ">>", so that the
 * caller can add its own.
 */
void			 pdfobj_entries(struct buf *b, const struct pdfobj *dict,
			    const char *const *drop);


/* A text string: ASCII as it is, anything else as UTF-16BE. */
void			 pdfobj_text(struct buf *b, const char *utf8);

/*
 * The update.  pdfobj_new() numbers an object to be added; pdfobj_begin()
 * starts writing object num (replacing it when it is in the file) and
 * returns the buffer for its value, to be written whole before the next
 * pdfobj_begin() or pdfobj_finish().
 */
unsigned		 pdfobj_new(struct pdfobj_file *f);
/* Stream object num written with data, compressed (Flate, at Cairo's
 * level), the other entries of its dictionary kept. */
void			 pdfobj_restream(struct pdfobj_file *f, unsigned num,
			    const char *data, size_t len);
/* Whether object num of the file has been written in the update. */
int			 pdfobj_written(const struct pdfobj_file *f,
			    unsigned num);
struct buf		*pdfobj_begin(struct pdfobj_file *f, unsigned num);

/*
 * The file written anew onto out: its objects as they lie in it, but those
 * written, which replace them, and those added; one cross-reference
 * table; a trailer with root, info and an /ID made from the bytes before
 * it, so that the same input gives the same output.  No object of the
 * file is left behind as an incremental update would leave it, replaced
 * but still there.
 */
void			 pdfobj_finish(struct pdfobj_file *f, unsigned root,
			    unsigned info, struct buf *out);

#endif
