#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xalloc.h"

/* Translated before they are needed: looking a message up when memory
 * has run out could need memory. */
static const char *oom_error = "error";
static const char *oom_format = "out of memory (%zu bytes)";

void
xalloc_words(const char *error, const char *out_of_memory)
{
	oom_error = error;
	oom_format = out_of_memory;
}

void
xalloc_fail(size_t size)
{
	fprintf(stderr, "hplan: %s: ", oom_error);
	fprintf(stderr, oom_format, size);
	fputc('\n', stderr);
	exit(DIAG_EXIT_SYSTEM);
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		xalloc_fail(size);
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (p == NULL)
		xalloc_fail(count * size);
	return p;
}

void *
xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		xalloc_fail(size);
	return p;
}

void *
xgrow(void *ptr, size_t *count, size_t need, size_t size)
{
	size_t n = *count ? *count : 8;

	if (need <= *count)
		return ptr;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			xalloc_fail(SIZE_MAX);
		n *= 2;
	}
	*count = n;
	return xrealloc(ptr, n * size);
}

char *
xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}
