/*
 * libFuzzer harness: any bytes as a plan in YAML, typeset.  A plan that
 * reads and passes the text checks is laid out and drawn as a PDF, so
 * the layout's loops and Pango's line breaking meet hostile text.
 */
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "doc.h"
#include "layout.h"
#include "pdf.h"
#include "render.h"
#include "yaml_in.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fonts and style are read once: they are the same for every plan. */
static struct render *render;

static void
close_render(void)
{
	render_close(render);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf pdf = { 0 };
	struct lay_doc *ld;
	struct doc *doc;
	struct diag d;

	diag_init(&d, NULL);
	if (render == NULL) {
		render = render_open(HPLAN_SOURCE_DIR "/styles/stockholm.yaml",
		    &d);
		if (render == NULL || atexit(close_render) != 0)
			abort();
	}
	doc = yaml_in_parse("fuzz.yaml", (const char *)data, size, &d);
	if (doc == NULL)
		return 0;
	if (render_check_text(render, doc, &d) == 0 &&
	    (ld = render_layout(render, doc, 0, &d)) != NULL) {
		if (pdf_write(ld, doc, PDFA_NONE, "2017-01-01T00:00:00Z", &pdf, &d) != 0)
			abort();	/* a laid-out plan must draw */
		lay_free(ld);
	}
	buf_free(&pdf);
	doc_free(doc);
	return 0;
}
