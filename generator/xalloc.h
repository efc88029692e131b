/*
 * Allocation wrappers: running out of memory is fatal in one place, so no
 * other code checks for NULL after allocating.
 */
#ifndef HPLAN_XALLOC_H
#define HPLAN_XALLOC_H

#include <stddef.h>

void	*xmalloc(size_t size);
void	*xcalloc(size_t count, size_t size);
void	*xrealloc(void *ptr, size_t size);
/* Grows an array of count elements of size bytes to at least need. */
void	*xgrow(void *ptr, size_t *count, size_t need, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t len);
/* The words the report of xalloc_fail() uses, translated (intl.c): the
 * level and a format of one %zu, the size. */
void	 xalloc_words(const char *error, const char *out_of_memory);
/* Reports that size bytes could not be had and exits. */
void	 xalloc_fail(size_t size) __attribute__((noreturn));

#endif
