/*
 * libFuzzer harness: any bytes as a plan, in YAML or (when they start
 * with '<') archival XML, through the library's pipeline: read, checked,
 * laid out and drawn as a PDF, so the layout's loops and Pango's line
 * breaking meet hostile text.  The layout's invariants are the oracle: a
 * plan that is accepted must lay out without losing, repeating or
 * misplacing text (lay_verify), and must draw.
 */
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "doc.h"
#include "pipeline.h"
#include "plan.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fonts and style are read once: they are the same for every plan. */
static struct pipeline pipeline;

static void
close_pipeline(void)
{
	pipeline_free(&pipeline);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf pdf = { 0 };
	enum diag_exit status;
	struct lay_doc *ld;
	struct doc *doc;

	if (pipeline.render == NULL) {
		pipeline_init(&pipeline, HPLAN_SOURCE_DIR
		    "/styles/stockholm.yaml");
		pipeline.pdfa = PDFA_NONE;
		if (pipeline_open_render(&pipeline) != 0 ||
		    atexit(close_pipeline) != 0)
			abort();
	}
	diag_init(&pipeline.d, NULL);
	doc = plan_parse(size > 0 && data[0] == '<' ? "fuzz.xml" : "fuzz.yaml",
	    (const char *)data, size, &pipeline.d);
	if (doc == NULL)
		return 0;
	status = pipeline_layout(&pipeline, doc, 0, &ld);
	if (status == DIAG_EXIT_LAYOUT)
		abort();	/* the layout lost or misplaced text */
	if (status == DIAG_EXIT_OK) {
		if (pipeline_pdf(&pipeline, ld, doc, &pdf) != DIAG_EXIT_OK)
			abort();	/* a laid-out plan must draw */
		lay_free(ld);
	}
	buf_free(&pdf);
	doc_free(doc);
	return 0;
}
