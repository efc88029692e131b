#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "intl.h"
#include "xalloc.h"

static const char *const level_names[] = {
	[DIAG_NOTE] = N_("note"),
	[DIAG_WARNING] = N_("warning"),
	[DIAG_ERROR] = N_("error"),
};

void
diag_file(struct diag *d, const char *path)
{
	if (d->file_seen != NULL)
		d->file_seen(d->file_arg, path);
}

const char *
diag_level_word(enum diag_level level)
{
	return _(level_names[level]);
}

void
diag_where(struct buf *out, const struct diag_pos *pos)
{
	if (pos == NULL || pos->file == NULL)
		buf_adds(out, "hplan");
	else if (pos->line == 0)
		buf_adds(out, pos->file);
	else if (pos->col == 0)
		buf_printf(out, "%s:%u", pos->file, pos->line);
	else
		buf_printf(out, "%s:%u:%u", pos->file, pos->line, pos->col);
}

void
diag_init(struct diag *d, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
}

void
diag_hold(struct diag *d)
{
	d->holding = 1;
}

static int
by_place(const void *a, const void *b)
{
	const struct diag_held *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A message to the sink and to out. */
static void
tell(struct diag *d, enum diag_level level, const struct diag_pos *pos,
    const char *message)
{
	struct buf b = { 0 };

	if (d->sink != NULL)
		d->sink(d->sink_arg, level, pos, message);
	if (d->out == NULL)
		return;
	diag_where(&b, pos);
	buf_printf(&b, ": %s: %s\n", diag_level_word(level), message);
	fputs(b.data, d->out);
	buf_free(&b);
}

void
diag_release(struct diag *d)
{
	size_t i;

	if (d->nheld > 0)
		qsort(d->held, d->nheld, sizeof(*d->held), by_place);
	for (i = 0; i < d->nheld; i++) {
		tell(d, d->held[i].level, &d->held[i].pos, d->held[i].message);
		free((char *)d->held[i].pos.file);
		free(d->held[i].message);
	}
	free(d->held);
	d->held = NULL;
	d->nheld = d->heldcap = 0;
	d->holding = 0;
}

void
diag_report(struct diag *d, enum diag_level level, const struct diag_pos *pos,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vreport(d, level, pos, _(fmt), ap);
	va_end(ap);
}

void
diag_vreport(struct diag *d, enum diag_level level, const struct diag_pos *pos,
    const char *fmt, va_list ap)
{
	struct buf b = { 0 };
	struct diag_held *h;

	if (level == DIAG_ERROR)
		d->errors++;
	else if (level == DIAG_WARNING)
		d->warnings++;
	if (d->out == NULL && d->sink == NULL)
		return;
	buf_vprintf(&b, fmt, ap);
	if (b.data == NULL)
		buf_adds(&b, "");
	if (!d->holding) {
		tell(d, level, pos, b.data);
		buf_free(&b);
		return;
	}
	d->held = xgrow(d->held, &d->heldcap, d->nheld + 1, sizeof(*d->held));
	h = &d->held[d->nheld];
	h->seq = d->nheld;
	h->level = level;
	h->message = buf_take(&b);
	h->pos = pos != NULL ? *pos : (struct diag_pos){ NULL, 0, 0 };
	if (h->pos.file != NULL)
		h->pos.file = xstrdup(h->pos.file);
	if (level == DIAG_NOTE && d->nheld > 0) {
		/* A note goes with the message before it. */
		h->line = h[-1].line;
		h->col = h[-1].col;
	} else {
		h->line = pos != NULL && pos->line > 0 ? pos->line : UINT_MAX;
		h->col = pos != NULL ? pos->col : 0;
	}
	d->nheld++;
}
