/*
 * libFuzzer harness: any bytes as the PDF Cairo drew, through the PDF/A
 * pass (at level 1b, which also reads the font programs).  It must refuse
 * what it cannot read with a message, and what it accepts must read back:
 * the file it wrote anew has a table and a trailer with an /ID.
 */
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "pdfa.h"
#include "pdfobj.h"
#include "plan.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The plan whose metadata every PDF gets, read once. */
static struct doc *plan;

static void
close_plan(void)
{
	doc_free(plan);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf pdf = { 0 };
	struct pdfobj_file *f;
	enum diag_exit status;
	struct diag d;

	diag_init(&d, NULL);
	if (plan == NULL) {
		plan = plan_read(HPLAN_SOURCE_DIR "/input/norrmalm-2017.yaml",
		    &d, &status);
		if (plan == NULL || atexit(close_plan) != 0)
			abort();
	}
	buf_add(&pdf, (const char *)data, size);
	if (pdfa_convert(&pdf, NULL, plan, PDFA_1B, "2017-09-01T00:00:00Z",
	    "/usr/share/color/icc/sRGB.icc", &d) == 0) {
		if ((f = pdfobj_open(pdf.data, pdf.len)) == NULL ||
		    pdfobj_entry(pdfobj_trailer(f), "/ID") == NULL)
			abort();	/* accepted, but unreadable */
		pdfobj_close(f);
	}
	buf_free(&pdf);
	return 0;
}
