#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "font.h"
#include "pdf.h"
#include "render.h"
#include "xalloc.h"

struct render *
render_open(const char *style_path, struct diag *d)
{
	struct render *r = xcalloc(1, sizeof(*r));

	/* Before any thread: it sets the environment. */
	pdf_init();
#ifdef __GLIBC__
	/* Pango matches fonts on short-lived threads of its own, and glibc
	 * gives a thread that meets another in malloc an arena of its own,
	 * 64 MiB of address space each: under a limit on address space
	 * (ulimit -v) a run could fail by when its threads met. */
	mallopt(M_ARENA_MAX, 2);
#endif
	if ((r->style = style_read(style_path, d)) == NULL ||
	    (r->fonts = font_config_new(r->style, &r->coverage, d)) == NULL ||
	    (r->hyph = hyph_open(r->style, d)) == NULL) {
		render_close(r);
		return NULL;
	}
	return r;
}

void
render_start(struct render *r)
{
	if (r->ctx == NULL)
		font_preload(render_context(r), r->style);
	hyph_load(r->hyph);
}

void
render_close(struct render *r)
{
	if (r == NULL)
		return;
	hyph_close(r->hyph);
	if (r->ctx != NULL)
		g_object_unref(r->ctx);
	if (r->fonts != NULL)
		FcConfigDestroy(r->fonts);
	if (r->coverage != NULL)
		FcCharSetDestroy(r->coverage);
	style_free(r->style);
	free(r);
}

PangoContext *
render_context(struct render *r)
{
	if (r->ctx == NULL)
		r->ctx = font_context_new(r->fonts);
	return r->ctx;
}

struct lay_doc *
render_layout(struct render *r, const struct doc *doc, unsigned flags,
    struct diag *d, enum diag_exit *status)
{
	return lay_build(doc, r->style, render_context(r), r->hyph, flags, d,
	    status);
}
