/*
 * The PDF of a plan as Cairo draws it, before the post-pass (pdfa.c): the
 * seeds of the pdfa harness, which must see what the post-pass is given.
 * Usage: cairo_pdf PLAN OUT
 */
#include <stdio.h>

#include "fileio.h"
#include "layout.h"
#include "pipeline.h"
#include "plan.h"

int
main(int argc, char *argv[])
{
	struct pipeline p;
	struct lay_doc *ld = NULL;
	struct buf pdf = { 0 };
	struct pdfua_record rec = { 0 };
	enum diag_exit status;
	struct doc *doc;
	int ret = 1;

	if (argc != 3)
		return 2;
	pipeline_init(&p, HPLAN_SOURCE_DIR "/styles/stockholm.yaml");
	if ((doc = plan_read(argv[1], &p.d, &status)) != NULL &&
	    pipeline_layout(&p, doc, 0, &ld) == DIAG_EXIT_OK &&
	    pipeline_draw(&p, ld, doc, &pdf, &rec) == DIAG_EXIT_OK &&
	    fileio_write(argv[2], pdf.data, pdf.len, &p.d) == 0)
		ret = 0;
	lay_free(ld);
	buf_free(&pdf);
	pdfua_record_free(&rec);
	doc_free(doc);
	pipeline_free(&p);
	return ret;
}
