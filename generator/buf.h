/* A growable byte buffer, always NUL-terminated. */
#ifndef HPLAN_BUF_H
#define HPLAN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	 buf_add(struct buf *b, const char *s, size_t len);
void	 buf_adds(struct buf *b, const char *s);
void	 buf_addc(struct buf *b, char c);
void	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* v in decimal; width digits at least, zeros before it: printf's cost is
 * felt where a PDF's every object number is written. */
void	 buf_addu(struct buf *b, unsigned long long v, int width);
/* Room for more bytes (and the NUL) after the contents. */
void	 buf_reserve(struct buf *b, size_t more);
/* s as a JSON string, quoted; a byte that is not part of a character
 * in UTF-8 as U+FFFD. */
void	 buf_json_string(struct buf *b, const char *s);
/* Hands the contents to the caller and leaves the buffer empty. */
char	*buf_take(struct buf *b);
void	 buf_free(struct buf *b);

#endif
