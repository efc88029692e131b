/*
 * The encoding of a plan file: hplan reads UTF-8 only, and says what to
 * do with the UTF-16 and Windows-1252 files that editors and old
 * documents produce, whatever the file's format.
 */
#ifndef HPLAN_ENCODING_H
#define HPLAN_ENCODING_H

#include <stddef.h>

#include "diag.h"

/* Reports every byte of data that is not UTF-8 (the first twenty, then
 * their number), or that the file is UTF-16.  Returns 0, or -1. */
int	encoding_check(const char *file, const char *data, size_t len,
	    struct diag *d);

#endif
