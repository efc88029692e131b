#include <stdarg.h>

#include "diag.h"

static const char *const level_names[] = {
	[DIAG_NOTE] = "note",
	[DIAG_WARNING] = "warning",
	[DIAG_ERROR] = "error",
};

void
diag_init(struct diag *d, FILE *out)
{
	d->out = out;
	d->errors = 0;
	d->warnings = 0;
}

void
diag_report(struct diag *d, enum diag_level level, const struct diag_pos *pos,
    const char *fmt, ...)
{
	va_list ap;

	if (level == DIAG_ERROR)
		d->errors++;
	else if (level == DIAG_WARNING)
		d->warnings++;
	if (d->out == NULL)
		return;
	if (pos == NULL || pos->file == NULL)
		fputs("hplan:", d->out);
	else if (pos->line == 0)
		fprintf(d->out, "%s:", pos->file);
	else if (pos->col == 0)
		fprintf(d->out, "%s:%u:", pos->file, pos->line);
	else
		fprintf(d->out, "%s:%u:%u:", pos->file, pos->line, pos->col);
	fprintf(d->out, " %s: ", level_names[level]);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}
