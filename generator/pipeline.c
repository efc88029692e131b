/* realpath() is an X/Open extension. */
#define _XOPEN_SOURCE 700

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "check.h"
#include "diff.h"
#include "docx_in.h"
#include "dump.h"
#include "erms.h"
#include "fileio.h"
#include "followup.h"
#include "intl.h"
#include "lay_verify.h"
#include "pdf.h"
#include "pipeline.h"
#include "plan.h"
#include "revise.h"
#include "sip.h"
#include "validate.h"
#include "skeleton.h"
#include "xalloc.h"
#include "xml_out.h"
#include "yaml_out.h"

enum {
	PREVIEW_DPI = 80,
	DEFAULT_TIME_LIMIT = 300
};

/* What is made of a plan, in memory until it is all made. */
struct made {
	char		*name;		/* of the plan's file, without suffix */
	struct buf	 pdf, xml;
	struct buf	 erms;		/* empty without a dnr */
	struct buf	*pngs;		/* page previews */
	size_t		 npngs;
	size_t		 npages;
	/* A tjänsteutlåtande's plan, made with it, and the plan's changes
	 * since its earlier version, Bilaga 2 (empty: none). */
	struct made	*plan;
	struct buf	 changes;
	/* The plan's earlier version as archival XML, which the plan's
	 * names, so that the set can be made again from its XML. */
	char		*earlier_name;
	struct buf	 earlier_xml;
	int		 memo;		/* whose Bilaga 2 it may have */
};

/* The name of a tjänsteutlåtande's Bilaga 2 beside NAME.pdf. */
#define CHANGES_SUFFIX	"-bilaga-2.pdf"
/* The files of a set for the diarium: a plan's PDF and XML, and a
 * tjänsteutlåtande's with its Bilaga 2. */
#define SET_FILES	5

void
pipeline_init(struct pipeline *p, const char *style_path)
{
	memset(p, 0, sizeof(*p));
	p->out = PIPELINE_FILES;
	p->dir = "output";
	p->pdfa = PDFA_2B;
	p->style_path = style_path;
	p->time_limit = DEFAULT_TIME_LIMIT;
	p->print = stdout;
	diag_init(&p->d, stderr);
}

void
pipeline_free(struct pipeline *p)
{
	render_close(p->render);
	p->render = NULL;
}

char *
pipeline_data_file(const char *name)
{
	const char *dir = getenv("HPLAN_DATA_DIR");
	struct buf b = { 0 };
	char *installed;

	if (dir != NULL && dir[0] != '\0') {
		buf_printf(&b, "%s/%s", dir, name);
		return buf_take(&b);
	}
	/* An installed hplan's data lie beside it, in ../share/hplan; the
	 * build tree's in the source directory. */
	if ((installed = fileio_beside_program("share/hplan")) != NULL) {
		buf_printf(&b, "%s/%s", installed, name);
		free(installed);
		return buf_take(&b);
	}
	buf_printf(&b, "%s/%s", HPLAN_DATA_DIR, name);
	return buf_take(&b);
}

int
pipeline_open_render(struct pipeline *p)
{
	if (p->render == NULL)
		p->render = render_open(p->style_path, &p->d);
	return p->render != NULL ? 0 : -1;
}

enum diag_exit
pipeline_layout(struct pipeline *p, const struct doc *doc, unsigned flags,
    struct lay_doc **ld)
{
	enum diag_exit status;
	unsigned errors;

	*ld = NULL;
	if (pipeline_open_render(p) != 0)
		return DIAG_EXIT_SYSTEM;
	render_start(p->render);
	/* A character the fonts lack is refused, not printed as a box; a
	 * column too narrow for its text, not let out over its neighbour. */
	diag_hold(&p->d);
	errors = validate_print(doc, p->render, &p->d);
	diag_release(&p->d);
	if (errors > 0)
		return DIAG_EXIT_INPUT;
	if ((*ld = render_layout(p->render, doc, flags, &p->d, &status)) ==
	    NULL)
		return status;
	/* Nothing is drawn from a layout that lost or misplaced text. */
	if (lay_verify(*ld, doc, p->render->style, flags, &p->d) > 0) {
		lay_free(*ld);
		*ld = NULL;
		return DIAG_EXIT_LAYOUT;
	}
	return DIAG_EXIT_OK;
}

enum diag_exit
pipeline_draw(struct pipeline *p, struct lay_doc *ld,
    const struct doc *doc, struct buf *pdf, struct pdfua_record *rec)
{
	char date[32];

	pdf_file_date(doc, date);
	return pdf_write(ld, doc, p->pdfa, date, pdf, rec, &p->d) != 0 ?
	    DIAG_EXIT_SYSTEM : DIAG_EXIT_OK;
}

enum diag_exit
pipeline_pdfa(struct pipeline *p, const struct doc *doc, struct buf *pdf,
    const struct pdfua_record *rec)
{
	char date[32];

	pdf_file_date(doc, date);
	return pdfa_convert(pdf, rec, doc, p->pdfa, date,
	    p->render->style->icc_profile, &p->d) != 0 ? DIAG_EXIT_SYSTEM :
	    DIAG_EXIT_OK;
}

enum diag_exit
pipeline_pdf(struct pipeline *p, struct lay_doc *ld,
    const struct doc *doc, struct buf *pdf)
{
	struct pdfua_record rec = { 0 };
	enum diag_exit status = pipeline_draw(p, ld, doc, pdf, &rec);

	if (status == DIAG_EXIT_OK)
		status = pipeline_pdfa(p, doc, pdf, &rec);
	pdfua_record_free(&rec);
	return status;
}

static char *
join(const char *dir, const char *name, const char *ext)
{
	struct buf b = { 0 };

	buf_printf(&b, "%s/%s%s", dir, name, ext);
	return buf_take(&b);
}

char *
pipeline_package_dir(const char *path)
{
	char *name = fileio_stem(path), *dir = join("output", name, "-sip");

	free(name);
	return dir;
}

static const char *
pdf_format(enum pdfa_level level)
{
	return level == PDFA_2B ? "PDF/A-2b" : level == PDFA_1B ? "PDF/A-1b" :
	    "PDF";
}

static void
no_dnr(struct diag *d, const struct doc *doc, enum diag_level level,
    const char *what)
{
	struct diag_pos pos = doc->meta.dnr.s != NULL ? doc->meta.dnr.pos :
	    doc->root->pos;

	if (doc->kind == DOC_KIND_MEMO)
		diag_report(d, level, &pos, "the tjänsteutlåtande has no dnr, "
		    "so %s", _(what));
	else
		diag_report(d, level, &pos, "the plan has no dnr, so %s",
		    _(what));
}

static void
made_free(struct made *o)
{
	size_t i;

	if (o->plan != NULL) {
		made_free(o->plan);
		free(o->plan);
	}
	buf_free(&o->changes);
	free(o->earlier_name);
	buf_free(&o->earlier_xml);
	buf_free(&o->pdf);
	buf_free(&o->xml);
	buf_free(&o->erms);
	for (i = 0; i < o->npngs; i++)
		buf_free(&o->pngs[i]);
	free(o->pngs);
	free(o->name);
	memset(o, 0, sizeof(*o));
}

/* The previews of ld's pages, when asked for. */
static enum diag_exit
make_previews(struct pipeline *p, const struct lay_doc *ld,
    struct made *o)
{
	size_t i;

	if (p->png_dir == NULL)
		return DIAG_EXIT_OK;
	o->pngs = xcalloc(ld->npages, sizeof(*o->pngs));
	for (i = 0; i < ld->npages; i++) {
		/* Counted first, so that a failing page's bytes are freed. */
		o->npngs++;
		if (pdf_write_png(ld, i, PREVIEW_DPI, &o->pngs[i]) != 0) {
			struct diag_pos pos = { p->png_dir, 0, 0 };

			diag_report(&p->d, DIAG_ERROR, &pos, "cannot draw the "
			    "preview of page %zu", i + 1);
			return DIAG_EXIT_SYSTEM;
		}
	}
	return DIAG_EXIT_OK;
}

/* A file of the set, named NAME and suffix, for the diarium. */
static void
set_file(struct erms_file *files, size_t *n, const char *name,
    const char *suffix, const struct buf *data, const char *format,
    const char *description)
{
	struct buf b = { 0 };

	buf_printf(&b, "%s%s", name, suffix);
	files[(*n)++] = (struct erms_file){ buf_take(&b), format, description,
	    data->data, data->len };
}

/*
 * The files made of doc that the diarium gets, their names new: a
 * tjänsteutlåtande's plan's PDF and XML first (*nplan of them, its
 * record), then doc's PDF and XML and its Bilaga 2.  Returns how many.
 */
static size_t
set_files(struct pipeline *p, const struct doc *doc, const struct made *o,
    struct erms_file files[SET_FILES], size_t *nplan)
{
	static const char *const xml = "XML (" XML_NAMESPACE ")";
	const char *pdf = pdf_format(p->pdfa);
	int memo = doc->kind == DOC_KIND_MEMO;
	size_t n = 0;

	if (o->plan != NULL) {
		set_file(files, &n, o->plan->name, ".pdf", &o->plan->pdf, pdf,
		    "Bilaga 1. Handlingsplanen");
		set_file(files, &n, o->plan->name, ".xml", &o->plan->xml, xml,
		    "Handlingsplanens innehåll");
	}
	*nplan = n;
	set_file(files, &n, o->name, ".pdf", &o->pdf, pdf, memo ?
	    "Tjänsteutlåtandet" : "Handlingsplanen");
	set_file(files, &n, o->name, ".xml", &o->xml, xml, memo ?
	    "Tjänsteutlåtandets innehåll" : "Handlingsplanens innehåll");
	if (o->changes.data != NULL)
		set_file(files, &n, o->name, CHANGES_SUFFIX, &o->changes, pdf,
		    "Bilaga 2. Ändringar i handlingsplanen");
	return n;
}

static void
set_files_free(struct erms_file *files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free((char *)files[i].name);
}

/* The ERMS file: one case, with the tjänsteutlåtande's plan as its first
 * record when it has one. */
static void
make_erms(struct pipeline *p, const struct doc *doc, struct made *o)
{
	struct erms_file files[SET_FILES];
	struct erms_record records[2];
	size_t nrecords = 0, nplan, n = set_files(p, doc, o, files, &nplan);
	char date[32];

	if (nplan > 0)
		records[nrecords++] = (struct erms_record){
		    doc->memo->plan_doc, files, nplan };
	records[nrecords++] = (struct erms_record){ doc, files + nplan,
	    n - nplan };
	pdf_file_date(doc, date);
	o->erms.data = erms_write(records, nrecords, date, &o->erms.len);
	set_files_free(files, n);
}

static enum diag_exit make_files(struct pipeline *p, const char *path,
		    const struct doc *doc, int draft, int plan_draft,
		    struct made *o);

/* A tjänsteutlåtande's plan, and its changes as Bilaga 2 (a draft when
 * the tjänsteutlåtande is). */
static enum diag_exit
make_plan(struct pipeline *p, const struct doc *doc, int draft,
    int plan_draft, struct made *o)
{
	const struct doc_memo *memo = doc->memo;
	const struct doc_version *h = plan_earlier(memo->plan_doc);
	enum diag_exit status;
	struct doc *earlier, *changes;
	struct lay_doc *ld;

	o->plan = xcalloc(1, sizeof(*o->plan));
	if ((status = make_files(p, memo->plan_path, memo->plan_doc,
	    plan_draft, 0, o->plan)) != DIAG_EXIT_OK || h == NULL)
		return status;
	if ((earlier = plan_read_earlier(memo->plan_doc, memo->plan_path,
	    &p->d)) == NULL) {
		diag_report(&p->d, DIAG_ERROR, &h->file.pos, "cannot read "
		    "version %u of the plan, whose changes are the "
		    "tjänsteutlåtande's Bilaga 2", h->version);
		return DIAG_EXIT_INPUT;
	}
	o->earlier_name = fileio_stem(h->file.s);
	o->earlier_xml.data = xml_out_write(earlier, &o->earlier_xml.len);
	changes = diff_doc(earlier, memo->plan_doc);
	doc_free(earlier);
	if ((status = pipeline_layout(p, changes, LAY_APPENDIX |
	    (draft ? LAY_DRAFT : 0), &ld)) == DIAG_EXIT_OK)
		status = pipeline_pdf(p, ld, changes, &o->changes);
	lay_free(ld);
	doc_free(changes);
	return status;
}

/* Everything made of the plan at path, in memory until it is all made;
 * a tjänsteutlåtande's plan with it, a draft when plan_draft. */
static enum diag_exit
make_files(struct pipeline *p, const char *path, const struct doc *doc,
    int draft, int plan_draft, struct made *o)
{
	enum diag_exit status;
	struct pdfua_record rec = { 0 };
	struct lay_doc *ld;

	memset(o, 0, sizeof(*o));
	o->name = fileio_stem(path);
	o->memo = doc->kind == DOC_KIND_MEMO;
	/* The previews first: drawing the PDF lets each page go. */
	if ((status = pipeline_layout(p, doc, draft ? LAY_DRAFT : 0, &ld)) ==
	    DIAG_EXIT_OK && (o->npages = ld->npages) > 0 &&
	    (status = make_previews(p, ld, o)) == DIAG_EXIT_OK)
		status = pipeline_draw(p, ld, doc, &o->pdf, &rec);
	lay_free(ld);
#ifdef __GLIBC__
	/* The layout's memory, freed in small pieces, would stay with the
	 * process while the PDF/A pass and the XML take more of their own. */
	malloc_trim(0);
#endif
	if (status == DIAG_EXIT_OK)
		status = pipeline_pdfa(p, doc, &o->pdf, &rec);
	pdfua_record_free(&rec);
	if (status != DIAG_EXIT_OK)
		return status;
	o->xml.data = xml_out_write(doc, &o->xml.len);
	if (doc->memo != NULL && doc->memo->plan_doc != NULL &&
	    (status = make_plan(p, doc, draft, plan_draft, o)) !=
	    DIAG_EXIT_OK)
		return status;
	/* A draft is not for the diarium. */
	if (erms_possible(doc) && !draft)
		make_erms(p, doc, o);
	return DIAG_EXIT_OK;
}

/* Whether s is "NAME-" followed by digits and ".png"; the number. */
static long
preview_number(const char *s, const char *name)
{
	size_t n = strlen(name);
	char *end;
	long k;

	if (strncmp(s, name, n) != 0 || s[n] != '-' || s[n + 1] < '0' ||
	    s[n + 1] > '9')
		return 0;
	k = strtol(s + n + 1, &end, 10);
	return strcmp(end, ".png") == 0 ? k : 0;
}

/* An earlier version's previews beyond the new last page go with it. */
static void
stale_previews(struct fileio_set *set, const char *dir, const char *name,
    size_t npages)
{
	struct dirent *e;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		long k = preview_number(e->d_name, name);

		if (k > 0 && (size_t)k > npages) {
			char *path = join(dir, e->d_name, "");

			fileio_stale(set, path);
			free(path);
		}
	}
	closedir(dp);
}

static int
stage(struct pipeline *p, struct fileio_set *set, const char *dir,
    const char *name, const char *ext, const struct buf *data)
{
	char *path = join(dir, name, ext);
	int ret = fileio_stage(set, path, data->data, data->len, &p->d);

	free(path);
	return ret;
}

/*
 * Takes the locks of the output directories; -1 when one fails.  Two
 * directories are locked in one order (by device and inode), so that
 * runs writing into them crosswise cannot wait for each other for ever.
 */
static int
lock_outputs(struct pipeline *p, int fd[2])
{
	const char *first = p->dir, *second = p->png_dir;

	fd[0] = fd[1] = -1;
	if (second != NULL && fileio_same_file(first, second))
		second = NULL;
	if (second != NULL && fileio_before(second, first)) {
		second = p->dir;
		first = p->png_dir;
	}
	if ((fd[0] = fileio_lock(first, &p->d)) == -1)
		return -1;
	if (second != NULL && (fd[1] = fileio_lock(second, &p->d)) == -1)
		return -1;
	return 0;
}

/* What was written of a plan (and of a tjänsteutlåtande's plan). */
static void
list_written(struct pipeline *p, const struct made *o, struct buf *what)
{
	char *path;

	path = join(p->dir, o->name, ".pdf");
	buf_adds(what, path);
	free(path);
	buf_adds(what, " (");
	buf_printf(what, dngettext(INTL_DOMAIN, "%zu page", "%zu pages",
	    o->npages), o->npages);
	buf_adds(what, "), ");
	path = join(p->dir, o->name, ".xml");
	buf_adds(what, path);
	free(path);
	if (o->erms.data != NULL) {
		path = join(p->dir, o->name, ".erms.xml");
		buf_adds(what, ", ");
		buf_adds(what, path);
		free(path);
	}
	if (o->changes.data != NULL) {
		path = join(p->dir, o->name, CHANGES_SUFFIX);
		buf_adds(what, ", ");
		buf_adds(what, path);
		free(path);
	}
	if (o->earlier_name != NULL) {
		path = join(p->dir, o->earlier_name, ".xml");
		buf_adds(what, ", ");
		buf_adds(what, path);
		free(path);
	}
	if (o->npngs > 0) {
		buf_adds(what, ", ");
		buf_printf(what, dngettext(INTL_DOMAIN, "%zu preview in %s",
		    "%zu previews in %s", o->npngs), o->npngs, p->png_dir);
	}
	if (o->plan != NULL) {
		buf_adds(what, ", ");
		list_written(p, o->plan, what);
	}
}

/* Says, on one line, what was written of a plan (unless quiet). */
static void
written(struct pipeline *p, const struct made *o)
{
	struct buf what = { 0 };

	if (p->quiet || p->d.out == NULL)
		return;
	list_written(p, o, &what);
	fprintf(p->d.out, _("wrote %s\n"), what.data);
	buf_free(&what);
}

/* A file of the set when made, else one that an earlier set's left
 * behind. */
static int
stage_or_stale(struct pipeline *p, struct fileio_set *set, const char *name,
    const char *ext, const struct buf *data)
{
	char *path;

	if (data->data != NULL)
		return stage(p, set, p->dir, name, ext, data);
	path = join(p->dir, name, ext);
	fileio_stale(set, path);
	free(path);
	return 0;
}

/* Stages the files made of a plan, and of a tjänsteutlåtande's plan. */
static int
stage_made(struct pipeline *p, struct fileio_set *set, const struct made *o)
{
	size_t i;

	if (stage(p, set, p->dir, o->name, ".pdf", &o->pdf) != 0 ||
	    stage(p, set, p->dir, o->name, ".xml", &o->xml) != 0 ||
	    stage_or_stale(p, set, o->name, ".erms.xml", &o->erms) != 0 ||
	    (o->memo && stage_or_stale(p, set, o->name, CHANGES_SUFFIX,
	    &o->changes) != 0) || (o->earlier_name != NULL && stage(p, set,
	    p->dir, o->earlier_name, ".xml", &o->earlier_xml) != 0))
		return -1;
	for (i = 0; i < o->npngs; i++) {
		char ext[32];

		snprintf(ext, sizeof(ext), "-%02zu.png", i + 1);
		if (stage(p, set, p->png_dir, o->name, ext, &o->pngs[i]) != 0)
			return -1;
	}
	if (p->png_dir != NULL)
		stale_previews(set, p->png_dir, o->name, o->npngs);
	return o->plan != NULL ? stage_made(p, set, o->plan) : 0;
}

/*
 * Writes the set of files made of a plan: the PDF, the XML, the ERMS file
 * and the previews, all or none, under the output lock; files of the
 * plan's earlier set that this one lacks are removed with it.
 */
static enum diag_exit
write_files(struct pipeline *p, const struct made *o)
{
	struct fileio_set set = { 0 };
	enum diag_exit status = DIAG_EXIT_SYSTEM;
	int lock[2] = { -1, -1 };

	if (fileio_ensure_dir(p->dir, &p->d) != 0 || (p->png_dir != NULL &&
	    fileio_ensure_dir(p->png_dir, &p->d) != 0) ||
	    lock_outputs(p, lock) != 0)
		goto out;
	if (stage_made(p, &set, o) != 0)
		goto out;
	if (fileio_commit(&set, &p->d) == 0) {
		status = DIAG_EXIT_OK;
		written(p, o);
	}
out:
	fileio_discard(&set);
	fileio_unlock(lock[1]);
	fileio_unlock(lock[0]);
	return status;
}

/* Whether check finds nothing missing or unfinished; reports what is. */
static int
complete(const struct check_report *r, struct diag *d)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->f[i].status == CHECK_MISSING ||
		    r->f[i].status == CHECK_UNFINISHED)
			diag_report(d, DIAG_ERROR, &r->f[i].pos, "[%s] %s",
			    r->f[i].rule, r->f[i].message);
	if (r->errors > 0)
		diag_report(d, DIAG_NOTE, NULL, "--strict renders only a plan "
		    "that 'hplan check' finds complete");
	return r->errors == 0;
}

/* Why doc is rendered as a draft. */
static void
draft_notes(struct pipeline *p, const struct doc *doc,
    const struct check_report *r)
{
	struct diag_pos at = { doc->file, 0, 0 };

	diag_report(&p->d, DIAG_WARNING, &at, "%s", doc->kind ==
	    DOC_KIND_MEMO ? _("the tjänsteutlåtande is not finished, so it "
	    "is rendered as a draft, marked as one on every page, without an "
	    "ERMS file:") : _("the plan is not finished, so it is rendered "
	    "as a draft, marked as one on every page, without an ERMS "
	    "file:"));
	check_report_diag(r, CHECK_UNFINISHED, NULL, DIAG_NOTE, &p->d);
}

/* What check finds of doc, and of a tjänsteutlåtande's plan: all of it
 * with --strict, else what is unfinished. */
static void
render_check(struct pipeline *p, const char *path, const struct doc *doc,
    struct check_report *r)
{
	if (p->strict)
		check_plan(doc, path, r);
	else
		check_unfinished(doc, path, r);
}

/* Whether a file of the tjänsteutlåtande's set would be one of its
 * plan's (the two named alike, or one NAME-bilaga-2 or NAME.erms beside
 * the other NAME); reported. */
static int
names_collide(struct pipeline *p, const char *path, const struct doc *doc)
{
	static const char *const exts[] = { ".pdf", ".xml", ".erms.xml",
	    CHANGES_SUFFIX };
	const struct doc_version *h = plan_earlier(doc->memo->plan_doc);
	char *own = fileio_stem(path), *plan = fileio_stem(doc->memo->plan_path);
	char *earlier = h != NULL ? fileio_stem(h->file.s) : NULL;
	struct buf a = { 0 }, b = { 0 };
	size_t i, k;
	int same = 0;

	/* The earlier version's XML beside them. */
	for (i = 0; earlier != NULL && i < 2 && !same; i++) {
		buf_printf(&a, "%s%s", i == 0 ? own : plan, ".xml");
		buf_printf(&b, "%s.xml", earlier);
		if ((same = strcmp(a.data, b.data) == 0))
			diag_report(&p->d, DIAG_ERROR, &h->file.pos, "%s: %s",
			    a.data, i == 0 ? _("the plan's earlier version "
			    "and the tjänsteutlåtande would both be written "
			    "as this; rename one of the files") : _("the "
			    "plan's earlier version and the plan would both "
			    "be written as this; rename one of the files"));
		buf_free(&a);
		buf_free(&b);
	}
	for (i = 0; i < 4 && !same; i++)
		for (k = 0; k < 4 && !same; k++) {
			buf_printf(&a, "%s%s", own, exts[i]);
			buf_printf(&b, "%s%s", plan, exts[k]);
			if ((same = strcmp(a.data, b.data) == 0))
				diag_report(&p->d, DIAG_ERROR,
				    &doc->memo->plan.pos, "the tjänsteutlåtande "
				    "and its plan would both be written as %s; "
				    "rename one of the files", a.data);
			buf_free(&a);
			buf_free(&b);
		}
	free(own);
	free(plan);
	free(earlier);
	return same;
}

static enum diag_exit
render_files(struct pipeline *p, const char *path, const struct doc *doc)
{
	struct diag_pos at = { doc->file, 0, 0 };
	const struct doc *plan = doc->memo != NULL ? doc->memo->plan_doc :
	    NULL;
	enum diag_exit status;
	struct check_report r[2] = { { 0 } };
	struct made o;
	int draft = 0, plan_draft = 0, ok;

	if (plan != NULL && names_collide(p, path, doc))
		return DIAG_EXIT_INPUT;
	render_check(p, path, doc, &r[0]);
	if (plan != NULL)
		render_check(p, doc->memo->plan_path, plan, &r[1]);
	ok = 1;
	if (p->strict) {
		/* Both are reported whole. */
		ok = complete(&r[0], &p->d);
		if (!complete(&r[1], &p->d))
			ok = 0;
	}
	/* What check finds unfinished makes a draft: marked as one on every
	 * page, and not for the diarium.  A tjänsteutlåtande proposing an
	 * unfinished plan is one too; the plan is made as it is alone. */
	if (ok && r[1].unfinished > 0) {
		draft_notes(p, plan, &r[1]);
		plan_draft = 1;
	}
	if (ok && r[0].unfinished > 0)
		draft_notes(p, doc, &r[0]);
	else if (ok && plan_draft)
		diag_report(&p->d, DIAG_WARNING, &at, "its plan is not "
		    "finished, so the tjänsteutlåtande is rendered as a draft "
		    "too");
	draft = r[0].unfinished > 0 || plan_draft;
	/* An earlier version that cannot be read to check the follow-up. */
	check_report_diag(&r[0], CHECK_PROBLEM, "plan-uppfoljning",
	    DIAG_WARNING, &p->d);
	check_report_diag(&r[1], CHECK_PROBLEM, "plan-uppfoljning",
	    DIAG_WARNING, &p->d);
	check_report_free(&r[0]);
	check_report_free(&r[1]);
	if (!ok)
		return DIAG_EXIT_INPUT;
	if ((status = make_files(p, path, doc, draft, plan_draft, &o)) ==
	    DIAG_EXIT_OK) {
		if (o.erms.data == NULL && !draft)
			no_dnr(&p->d, doc, DIAG_WARNING, "no ERMS file for the "
			    "diarium is written");
		status = write_files(p, &o);
	}
	made_free(&o);
	return status;
}

/* Whether doc, and a tjänsteutlåtande's plan, are finished; reports what
 * is not. */
static int
finished(struct pipeline *p, const char *path, const struct doc *doc)
{
	struct diag_pos at = { doc->file, 0, 0 };
	struct check_report r;
	int done;

	check_unfinished(doc, path, &r);
	if (!(done = r.unfinished == 0)) {
		diag_report(&p->d, DIAG_ERROR, &at, "%s", doc->kind ==
		    DOC_KIND_MEMO ? _("the tjänsteutlåtande is not finished, "
		    "and a draft is not packaged for the e-archive:") :
		    _("the plan is not finished, and a draft is not packaged "
		    "for the e-archive:"));
		check_report_diag(&r, CHECK_UNFINISHED, NULL, DIAG_NOTE, &p->d);
	}
	check_report_free(&r);
	if (doc->memo != NULL && doc->memo->plan_doc != NULL &&
	    !finished(p, doc->memo->plan_path, doc->memo->plan_doc))
		done = 0;
	return done;
}

static enum diag_exit
package(struct pipeline *p, const char *path, const struct doc *doc)
{
	struct erms_file files[SET_FILES + 1];
	enum diag_exit status;
	struct made o;
	size_t n, nplan;

	if ((doc->memo != NULL && doc->memo->plan_doc != NULL &&
	    names_collide(p, path, doc)) || !finished(p, path, doc))
		return DIAG_EXIT_INPUT;
	if (!erms_possible(doc)) {
		no_dnr(&p->d, doc, DIAG_ERROR, "it cannot be packaged for the "
		    "e-archive");
		return DIAG_EXIT_INPUT;
	}
	if (sip_exists(p->dir, &p->d))
		return DIAG_EXIT_SYSTEM;
	if ((status = make_files(p, path, doc, 0, 0, &o)) == DIAG_EXIT_OK) {
		/* The set and its ERMS file, the case. */
		n = set_files(p, doc, &o, files, &nplan);
		set_file(files, &n, o.name, ".erms.xml", &o.erms,
		    "XML (" ERMS_NAMESPACE ")", "Ärendet");
		status = sip_write(p->dir, doc, files, n, &p->d);
		set_files_free(files, n);
	}
	if (status == DIAG_EXIT_OK && !p->quiet && p->d.out != NULL)
		fprintf(p->d.out, _("wrote the package %s\n"), p->dir);
	made_free(&o);
	return status;
}

/* Whether doc is a plan, which alone has versions to revise and
 * compare; a tjänsteutlåtande is reported, with why (a whole message). */
static int
a_plan(struct diag *d, const struct doc *doc, const char *why)
{
	struct diag_pos at = { doc->file, 0, 0 };

	if (doc->kind == DOC_KIND_PLAN)
		return 1;
	diag_report(d, DIAG_ERROR, &at, "%s", _(why));
	return 0;
}

/* What is printed of a plan rather than written to files. */
static enum diag_exit
print_plan(struct pipeline *p, const struct doc *doc)
{
	enum diag_exit status = DIAG_EXIT_OK;
	struct buf text = { 0 };
	struct lay_doc *ld;

	switch (p->out) {
	case PIPELINE_TREE:
		dump_tree(doc, &text);
		break;
	case PIPELINE_XML:
		text.data = xml_out_write(doc, &text.len);
		break;
	case PIPELINE_YAML:
		yaml_out_write(doc, &text);
		break;
	case PIPELINE_LAYOUT:
		if ((status = pipeline_layout(p, doc, 0, &ld)) == DIAG_EXIT_OK)
			lay_dump(ld, &text);
		lay_free(ld);
		break;
	default:
		break;
	}
	if (text.len > 0)
		fwrite(text.data, 1, text.len, p->print);
	buf_free(&text);
	return status;
}

enum diag_exit
pipeline_plan(struct pipeline *p, const char *path)
{
	enum diag_exit status;
	struct doc *doc;

	/* A plan to be laid out: its fonts are matched and the dictionaries
	 * read (render_start) while the plan is read. */
	if (p->out == PIPELINE_FILES || p->out == PIPELINE_PACKAGE) {
		if (pipeline_open_render(p) != 0)
			return DIAG_EXIT_SYSTEM;
		render_start(p->render);
	}
	if ((doc = plan_read(path, &p->d, &status)) == NULL)
		return status;
	switch (p->out) {
	case PIPELINE_FILES:
		status = render_files(p, path, doc);
		break;
	case PIPELINE_PACKAGE:
		status = package(p, path, doc);
		break;
	case PIPELINE_REVISE:
		if (!a_plan(&p->d, doc, N_("this is a tjänsteutlåtande; "
		    "only a plan has versions to be revised"))) {
			status = DIAG_EXIT_INPUT;
			break;
		}
		status = revise_write(doc, path, p->for_label, p->dir, p->force,
		    &p->d) == 0 ? DIAG_EXIT_OK : DIAG_EXIT_SYSTEM;
		if (status == DIAG_EXIT_OK && !p->quiet && p->d.out != NULL)
			fprintf(p->d.out, _("wrote %s\n"), p->dir);
		break;
	default:
		status = print_plan(p, doc);
		break;
	}
	doc_free(doc);
	return status;
}

/* One plan of a batch, in a worker process of its own. */
static int
batch_plan(const char *path, FILE *messages, void *arg)
{
	struct pipeline *p = arg;

	diag_init(&p->d, messages);
	return (int)pipeline_plan(p, path);
}

struct named {
	const char	*path;
	char		*name;
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name,
	    ((const struct named *)b)->name);
}

struct file_id {
	dev_t	 dev;
	ino_t	 ino;
	size_t	 plan;
};

static int
by_id(const void *a, const void *b)
{
	const struct file_id *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/*
 * Refuses, before anything is rendered, outputs that would collide: two
 * plans of one name, whose second set would replace the first; a plan
 * named NAME.erms, whose XML would be taken for the ERMS file of plan
 * NAME; an output that is one of the plans being read.  Returns the
 * number of problems, each reported.
 */
static unsigned
outputs_collide(struct pipeline *p, char *const *paths, size_t n)
{
	static const char *const exts[] = { ".pdf", ".xml", ".erms.xml" };
	struct named *names = xcalloc(n, sizeof(*names));
	struct file_id *ids = xcalloc(n, sizeof(*ids)), key, *hit;
	size_t i, k, nids = 0;
	unsigned found = 0;
	struct stat st;

	for (i = 0; i < n; i++) {
		struct diag_pos pos = { paths[i], 0, 0 };
		size_t len;

		names[i].path = paths[i];
		names[i].name = fileio_stem(paths[i]);
		len = strlen(names[i].name);
		if (len > 5 && strcmp(names[i].name + len - 5, ".erms") == 0) {
			diag_report(&p->d, DIAG_ERROR, &pos, "a plan's file "
			    "name cannot end in '.erms': its XML would be "
			    "taken for the ERMS file of a plan named '%.*s'; "
			    "rename the file", (int)(len - 5), names[i].name);
			found++;
		}
		if (stat(paths[i], &st) == 0)
			ids[nids++] = (struct file_id){ st.st_dev, st.st_ino,
			    i };
	}
	qsort(ids, nids, sizeof(*ids), by_id);
	for (i = 0; i < n; i++)
		for (k = 0; k < sizeof(exts) / sizeof(exts[0]); k++) {
			char *out = join(p->dir, names[i].name, exts[k]);

			if (stat(out, &st) == 0) {
				key.dev = st.st_dev;
				key.ino = st.st_ino;
				hit = bsearch(&key, ids, nids, sizeof(*ids),
				    by_id);
			} else
				hit = NULL;
			if (hit != NULL) {
				struct diag_pos pos = { paths[hit->plan], 0,
				    0 };

				if (hit->plan == i)
					diag_report(&p->d, DIAG_ERROR, &pos,
					    "the plan would be written over by "
					    "its own output; write into "
					    "another directory with -o");
				else
					diag_report(&p->d, DIAG_ERROR, &pos,
					    "the plan would be written over by "
					    "the output %s of %s; write into "
					    "another directory with -o", out,
					    paths[i]);
				found++;
			}
			free(out);
		}
	qsort(names, n, sizeof(*names), by_name);
	for (i = 1; i < n; i++)
		if (strcmp(names[i - 1].name, names[i].name) == 0) {
			struct diag_pos pos = { names[i].path, 0, 0 };

			diag_report(&p->d, DIAG_ERROR, &pos, "its outputs "
			    "would replace those of %s, as both are named "
			    "'%s'; render them into different directories "
			    "with -o", names[i - 1].path, names[i].name);
			found++;
		}
	for (i = 0; i < n; i++)
		free(names[i].name);
	free(names);
	free(ids);
	return found;
}

enum diag_exit
pipeline_plans(struct pipeline *p, char *const *paths, size_t npaths,
    int jobs)
{
	enum diag_exit status = DIAG_EXIT_OK, s;
	size_t i;

	if (p->out == PIPELINE_FILES && outputs_collide(p, paths, npaths) > 0)
		return DIAG_EXIT_USAGE;
	if (p->out != PIPELINE_FILES || npaths < 2) {
		for (i = 0; i < npaths; i++)
			if ((s = pipeline_plan(p, paths[i])) > status)
				status = s;
		return status;
	}
	/* The style, fonts and dictionaries are read once, before the
	 * workers start, which share them. */
	if (pipeline_open_render(p) != 0)
		return DIAG_EXIT_SYSTEM;
	hyph_preload(p->render->hyph);
	return (enum diag_exit)batch_run(paths, npaths, jobs > 0 ? jobs :
	    batch_default_jobs(), p->time_limit, batch_plan, p, p->d.out);
}

enum diag_exit
pipeline_check(const char *path, int json, FILE *print, struct diag *d)
{
	enum diag_exit status;
	struct check_report r;
	struct buf out = { 0 };
	struct doc *doc;

	if ((doc = plan_read(path, d, &status)) == NULL)
		return status;
	check_plan(doc, path, &r);
	if (json)
		check_write_json(&r, &out);
	else
		check_write_text(&r, &out);
	fwrite(out.data, 1, out.len, print);
	status = r.errors > 0 ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
	buf_free(&out);
	check_report_free(&r);
	doc_free(doc);
	return status;
}

/* The appendix "Ändringar jämfört med version N" as a PDF at path. */
static enum diag_exit
diff_pdf(const struct doc *old, const struct doc *new_, const char *path,
    const char *style_path, struct diag *d)
{
	struct doc *changes = diff_doc(old, new_);
	enum diag_exit status;
	struct lay_doc *ld;
	struct buf pdf = { 0 };
	struct pipeline p;

	pipeline_init(&p, style_path);
	p.d = *d;
	if ((status = pipeline_layout(&p, changes, LAY_APPENDIX, &ld)) ==
	    DIAG_EXIT_OK &&
	    (status = pipeline_pdf(&p, ld, changes, &pdf)) == DIAG_EXIT_OK &&
	    fileio_write(path, pdf.data, pdf.len, &p.d) != 0)
		status = DIAG_EXIT_SYSTEM;
	*d = p.d;
	buf_free(&pdf);
	lay_free(ld);
	pipeline_free(&p);
	doc_free(changes);
	return status;
}

enum diag_exit
pipeline_diff(const char *old_path, const char *new_path,
    const char *pdf_path, const char *style_path, FILE *print,
    struct diag *d)
{
	enum diag_exit status, s;
	struct doc *old, *new_;
	struct buf out = { 0 };
	const char *compared = N_("this is a tjänsteutlåtande; only a plan "
	    "has versions to be compared");
	int plans = 0;

	if (pdf_path != NULL && (fileio_same_file(pdf_path, old_path) ||
	    fileio_same_file(pdf_path, new_path))) {
		struct diag_pos pos = { pdf_path, 0, 0 };

		diag_report(d, DIAG_ERROR, &pos, "this is one of the plans "
		    "compared; write the appendix to another file");
		return DIAG_EXIT_SYSTEM;
	}
	old = plan_read(old_path, d, &status);
	new_ = plan_read(new_path, d, &s);
	if (s > status)
		status = s;
	if (old != NULL && new_ != NULL) {
		/* Both are told of, when both are tjänsteutlåtanden. */
		plans = a_plan(d, old, compared);
		plans += a_plan(d, new_, compared);
		if (plans < 2)
			status = DIAG_EXIT_INPUT;
	}
	if (old != NULL && new_ != NULL && plans == 2) {
		diff_write(old, new_, &out);
		fwrite(out.data, 1, out.len, print);
		buf_free(&out);
		if (pdf_path != NULL && (s = diff_pdf(old, new_, pdf_path,
		    style_path, d)) > status)
			status = s;
	}
	doc_free(old);
	doc_free(new_);
	return status;
}

/* Whether path may be written: it does not exist, or force. */
static int
may_write(const char *path, int force, const char *command, struct diag *d)
{
	struct diag_pos pos = { path, 0, 0 };
	struct stat st;

	if (force || stat(path, &st) != 0)
		return 1;
	diag_report(d, DIAG_ERROR, &pos, "the file exists already; hplan %s "
	    "overwrites it only with --force", command);
	return 0;
}

enum diag_exit
pipeline_import(const char *docx, const char *path, int force, int quiet,
    FILE *print, struct diag *d)
{
	struct docx_summary sum;
	struct buf out = { 0 };
	struct doc *doc, *again;
	char *data;
	size_t len;
	enum diag_exit status = DIAG_EXIT_OK;

	if (!may_write(path, force, "import", d))
		return DIAG_EXIT_SYSTEM;
	if (fileio_read(docx, DOCX_IN_MAX_BYTES, &data, &len, d) != 0)
		return DIAG_EXIT_SYSTEM;
	doc = docx_in_parse(docx, data, len, &sum, d);
	free(data);
	if (doc == NULL)
		return DIAG_EXIT_INPUT;
	yaml_out_write(doc, &out);
	/* What is written must read as a plan: a paragraph or word beyond
	 * the plan's limits does not. */
	if ((again = plan_parse(path, out.data, out.len, d)) == NULL) {
		struct diag_pos pos = { docx, 0, 0 };

		diag_report(d, DIAG_ERROR, &pos, "the plan made of it would not "
		    "read as a plan (the places above are in the YAML it would "
		    "be); nothing was written");
		status = DIAG_EXIT_INPUT;
	} else if (fileio_write(path, out.data, out.len, d) != 0)
		status = DIAG_EXIT_SYSTEM;
	else if (!quiet)
		fprintf(print, _("imported %s into %s: %u sections, %u "
		    "paragraphs, %u lists, %u footnotes, %u tables, %u action "
		    "tables with %u actions; %u things to look at (above)\n"),
		    docx, path, sum.sections, sum.paragraphs, sum.lists,
		    sum.footnotes, sum.tables, sum.action_tables, sum.actions,
		    sum.unmapped);
	doc_free(again);
	doc_free(doc);
	buf_free(&out);
	return status;
}

enum diag_exit
pipeline_new(const char *name, enum doc_board_kind kind, int year,
    const char *path, int force, struct diag *d)
{
	struct buf out = { 0 };
	char *schema;
	int ret;

	if (!may_write(path, force, "new", d))
		return DIAG_EXIT_SYSTEM;
	schema = pipeline_data_file("input/schema/handlingsplan.schema.json");
	skeleton_write(name, kind, year, schema, &out);
	free(schema);
	ret = fileio_write(path, out.data, out.len, d);
	buf_free(&out);
	return ret == 0 ? DIAG_EXIT_OK : DIAG_EXIT_SYSTEM;
}
