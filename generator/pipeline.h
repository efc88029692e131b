/*
 * The pipeline, hplan's stages in order: a plan is read and checked
 * (plan_read(), plan.h), laid out, drawn, made PDF/A and written as one
 * set of files.  The command
 * line (main.c), the tests, the fuzzers and a server call these functions;
 * each step is also a function of its own.
 */
#ifndef HPLAN_PIPELINE_H
#define HPLAN_PIPELINE_H

#include <stdio.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "layout.h"
#include "pdfa.h"
#include "render.h"

/* What is made of each plan. */
enum pipeline_output {
	PIPELINE_FILES,		/* DIR/NAME.pdf, .xml and .erms.xml */
	PIPELINE_XML,		/* the archival XML, printed */
	PIPELINE_TREE,		/* the document tree, printed */
	PIPELINE_YAML,		/* the plan in the plan format, printed */
	PIPELINE_LAYOUT,	/* the pages and their boxes, printed */
	PIPELINE_PACKAGE,	/* an E-ARK SIP in DIR */
	PIPELINE_REVISE		/* the plan's next version in DIR */
};

struct pipeline {
	enum pipeline_output	 out;
	const char		*dir;		/* see out */
	const char		*png_dir;	/* page previews, or NULL */
	enum pdfa_level		 pdfa;
	const char		*style_path;
	const char		*for_label;	/* revise: "T1 2018" */
	int			 force;		/* revise: overwrite dir */
	int			 strict;	/* only complete plans */
	int			 time_limit;	/* a batch's plan, seconds */
	int			 quiet;		/* say nothing of what was
						 * written */
	FILE			*print;		/* what is printed */
	struct render		*render;	/* opened for the first plan */
	struct diag		 d;
};

/* A pipeline with the defaults: files into "output", PDF/A-2b, printing
 * to standard output and reporting to standard error. */
void		 pipeline_init(struct pipeline *p, const char *style_path);
void		 pipeline_free(struct pipeline *p);

/* The style and fonts, opened when the first plan needs them; 0 or -1
 * (reported). */
int		 pipeline_open_render(struct pipeline *p);

/* Lays out doc (flags: LAY_APPENDIX, LAY_DRAFT) after checking that the
 * fonts can draw it. */
enum diag_exit	 pipeline_layout(struct pipeline *p, const struct doc *doc,
		    unsigned flags, struct lay_doc **ld);

/* Draws ld, the layout of doc, as a PDF at the pipeline's PDF/A level:
 * pipeline_draw, then pipeline_pdfa.  Drawing spends ld's pages (see
 * pdf_write): what else is made of them is made first. */
enum diag_exit	 pipeline_pdf(struct pipeline *p, struct lay_doc *ld,
		    const struct doc *doc, struct buf *pdf);
/* The structure drawn is recorded in rec, for pipeline_pdfa. */
enum diag_exit	 pipeline_draw(struct pipeline *p, struct lay_doc *ld,
		    const struct doc *doc, struct buf *pdf,
		    struct pdfua_record *rec);
/* The post-pass (PDF/A, and the structure tree from rec) over the PDF
 * drawn of doc. */
enum diag_exit	 pipeline_pdfa(struct pipeline *p, const struct doc *doc,
		    struct buf *pdf, const struct pdfua_record *rec);

/* One plan, made into what p->out asks for. */
enum diag_exit	 pipeline_plan(struct pipeline *p, const char *path);

/*
 * The plans, each into what p->out asks for; several plans to files are
 * rendered in parallel by jobs worker processes (0: one per processor).
 * Returns the worst exit status.
 */
enum diag_exit	 pipeline_plans(struct pipeline *p, char *const *paths,
		    size_t npaths, int jobs);

/* hplan check: prints the findings for the plan at path, as JSON or text. */
enum diag_exit	 pipeline_check(const char *path, int json, FILE *print,
		    struct diag *d);

/* hplan diff: prints what changed, and writes it as an appendix PDF at
 * pdf_path unless that is NULL. */
enum diag_exit	 pipeline_diff(const char *old_path, const char *new_path,
		    const char *pdf_path, const char *style_path, FILE *print,
		    struct diag *d);

/* hplan new: writes the skeleton of a new plan to path. */
enum diag_exit	 pipeline_new(const char *name, enum doc_board_kind kind,
		    int year, const char *path, int force, struct diag *d);

/*
 * hplan import: reads the Word document at docx and writes it as a plan to
 * path (an existing file only with force), then prints what was imported
 * unless quiet.  What could not be mapped is reported to d.
 */
enum diag_exit	 pipeline_import(const char *docx, const char *path, int force,
		    int quiet, FILE *print, struct diag *d);

/* The default directory of the package of the plan at path,
 * output/NAME-sip. */
char		*pipeline_package_dir(const char *path);

/* A file of hplan's data directory: the bundled example, the style. */
char		*pipeline_data_file(const char *name);

#endif
