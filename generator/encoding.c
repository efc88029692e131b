#include <stdint.h>

#include "encoding.h"

/* The length of the UTF-8 sequence at s, or 0 when it is not valid. */
static size_t
utf8_valid(const unsigned char *s, size_t len)
{
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 ||
	    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

/* Where byte off is: its line, and its column counted in characters. */
static void
place(const char *file, const unsigned char *s, size_t off,
    struct diag_pos *pos)
{
	size_t i, line_start = 0;
	unsigned line = 1, col = 1;

	for (i = 0; i < off; i++)
		if (s[i] == '\n') {
			line++;
			line_start = i + 1;
		}
	for (i = line_start; i < off; i++)
		if ((s[i] & 0xc0) != 0x80)
			col++;
	pos->file = file;
	pos->line = line;
	pos->col = col;
}

/* What a byte of Windows-1252 is, where a Swedish text has it. */
static const char *
windows_1252(unsigned char b)
{
	return b == 0xe5 ? "å" : b == 0xe4 ? "ä" : b == 0xf6 ? "ö" :
	    b == 0xc5 ? "Å" : b == 0xc4 ? "Ä" : b == 0xd6 ? "Ö" :
	    b == 0x96 ? "–" : b == 0x93 || b == 0x94 ? "”" : b == 0x92 ? "’" :
	    "another character";
}

/*
 * A reader stops at the first bad byte; checking the encoding first
 * reports every one, which helps with text pasted from old documents.
 */
int
encoding_check(const char *file, const char *data, size_t len,
    struct diag *d)
{
	const unsigned char *s = (const unsigned char *)data;
	struct diag_pos pos = { file, 0, 0 };
	size_t i = 0, n, bad = 0;

	if (len >= 2 && ((s[0] == 0xff && s[1] == 0xfe) ||
	    (s[0] == 0xfe && s[1] == 0xff))) {
		diag_report(d, DIAG_ERROR, &pos, "the file is in UTF-16; save "
		    "it as UTF-8");
		return -1;
	}
	while (i < len) {
		if ((n = utf8_valid(s + i, len - i)) != 0) {
			i += n;
			continue;
		}
		if (++bad <= 20) {
			place(file, s, i, &pos);
			diag_report(d, DIAG_ERROR, &pos, "byte 0x%02X is not "
			    "valid UTF-8", s[i]);
			if (bad == 1)
				diag_report(d, DIAG_NOTE, &pos, "save the file "
				    "as UTF-8; in Windows-1252 this byte is "
				    "'%s'", windows_1252(s[i]));
		}
		i++;
	}
	if (bad > 20) {
		pos.line = pos.col = 0;
		diag_report(d, DIAG_ERROR, &pos, "%zu more bytes are not valid "
		    "UTF-8", bad - 20);
	}
	return bad ? -1 : 0;
}
