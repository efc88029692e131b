/*
 * hplan: produces a nämnd's handlingsplan mot våldsbejakande extremism from
 * its plan data.  This file only reads the command line and runs the
 * library's steps in order; see hplan.1 for the interface.
 */
/* realpath() is an X/Open extension. */
#define _XOPEN_SOURCE 700

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "buf.h"
#include "check.h"
#include "diag.h"
#include "diff.h"
#include "doc.h"
#include "dump.h"
#include "erms.h"
#include "followup.h"
#include "fileio.h"
#include "mets.h"
#include "layout.h"
#include "pdf.h"
#include "pdfa.h"
#include "plan.h"
#include "render.h"
#include "revise.h"
#include "skeleton.h"
#include "xalloc.h"
#include "xml_out.h"
#include "yaml_out.h"

enum output {
	OUT_FILES,	/* write DIR/<name>.xml and .pdf */
	OUT_XML,	/* print the archival XML */
	OUT_TREE,	/* print the document tree */
	OUT_YAML,	/* print the plan as YAML */
	OUT_LAYOUT,	/* print the pages and their boxes */
	OUT_PACKAGE,	/* write an E-ARK SIP into DIR */
	OUT_REVISE	/* write the plan's next version */
};

enum {
	PREVIEW_DPI = 80
};

/* The schemas the program carries (built in by CMake). */
extern const char	xml_in_schema[], erms_schema[];
extern const size_t	xml_in_schema_len, erms_schema_len;

struct run {
	const char	*dir;
	const char	*png_dir;	/* page previews, or NULL */
	enum pdfa_level	 pdfa;
	const char	*revise_to;	/* revise: the new plan's file */
	const char	*for_label;	/* revise: "T1 2018" */
	int		 force;		/* revise: overwrite revise_to */
	int		 strict;	/* render only complete plans */
	enum output	 out;
	char		*style_path;
	struct render	*render;	/* opened for the first plan */
	struct diag	 d;
};

static const char usage_text[] =
"Usage: hplan [render] [-o DIR] [-T FORMAT] [--style FILE] [PLAN ...]\n"
"       hplan package PLAN [-o DIR]\n"
"       hplan revise PLAN -o NEXT.yaml [--för LABEL] [--force]\n"
"       hplan diff OLD NEW [--pdf FILE]\n"
"       hplan check PLAN [--format json] | hplan check --rules\n"
"       hplan new --nämnd NAME --typ stadsdelsnämnd|facknämnd --år YEAR\n"
"                 -o FILE [--force]\n"
"\n"
"Reads each plan, written in YAML (see docs/format.md) or as hplan's\n"
"archival XML, and writes DIR/NAME.pdf, the plan typeset in the\n"
"Stockholm style, and DIR/NAME.xml, its archival XML.\n"
"With a dnr, also DIR/NAME.erms.xml, the diarium's metadata in CITS ERMS.\n"
"Without PLAN, renders the bundled example input/norrmalm-2017.yaml.\n"
"'hplan package' writes an E-ARK SIP for the e-archive into DIR (default\n"
"output/NAME-sip), which must not exist yet. 'hplan revise' writes the\n"
"plan's next version, with every action in a follow-up table to fill in;\n"
"it overwrites an existing NEXT.yaml only with --force. 'hplan diff'\n"
"prints what changed between two versions (YAML or archival XML), and\n"
"with --pdf writes it as an appendix, \"Ändringar jämfört med version N\".\n"
"'hplan check' tells whether the plan contains what kommunstyrelsen\n"
"demands of every plan (exit 1 when something is missing). 'hplan new'\n"
"writes the skeleton of a new plan with every required section.\n"
"Nothing is written for a plan that has errors, and an earlier output\n"
"is replaced only by a complete new one.\n"
"\n"
"Options:\n"
"  -o, --output DIR   write into DIR (default: output); DIR is created\n"
"                     if its parent exists\n"
"  -T, --to FORMAT    print to standard output instead of writing files:\n"
"                     'xml' (the archival XML), 'yaml' (the plan in the\n"
"                     plan format), 'tree' (the document tree with source\n"
"                     positions) or 'layout' (the pages and the position\n"
"                     of everything on them)\n"
"  -s, --style FILE   the style (default: styles/stockholm.yaml)\n"
"      --png DIR      also write a preview of every page, DIR/NAME-N.png\n"
"      --för LABEL    revise: the report it is for, e.g. \"T1 2018\"\n"
"      --force        revise: overwrite NEXT.yaml\n"
"      --strict       render only a plan that 'hplan check' finds complete\n"
"  -j, --jobs N       render N plans at a time (default: one per processor);\n"
"                     with several plans, a progress line and a summary\n"
"      --pdfa LEVEL   the PDF's archival level: 2b (PDF/A-2b, the\n"
"                     default), 1b (PDF/A-1b) or none\n"
"  -h, --help         print this help and exit\n"
"  -V, --version      print the version and exit\n"
"\n"
"Exit status:\n"
"  0  done (warnings may have been printed)\n"
"  1  a plan has errors; nothing was written for it\n"
"  2  the command line is wrong\n"
"  3  a file could not be read or written, the style is wrong, or memory\n"
"     ran out\n";

static void
usage_error(const char *fmt, const char *arg)
{
	fputs("hplan: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'hplan --help' for more information.\n", stderr);
	exit(DIAG_EXIT_USAGE);
}

/* DIR/NAME.xml for a plan at path. */
static char *
output_path(const char *dir, const char *path, const char *ext)
{
	const char *base = strrchr(path, '/'), *dot;
	struct buf b = { 0 };

	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	buf_printf(&b, "%s/%.*s%s", dir, (int)(dot != NULL && dot != base ?
	    dot - base : (long)strlen(base)), base, ext);
	return buf_take(&b);
}

/* Opens the style and fonts when the first plan needs them. */
static int
need_render(struct run *run)
{
	if (run->render == NULL)
		run->render = render_open(run->style_path, &run->d);
	return run->render != NULL ? 0 : -1;
}

/* Writes PNG previews of the pages of ld for the plan at path. */
static int
write_previews(struct run *run, const char *path, const struct lay_doc *ld)
{
	struct buf png = { 0 }, name = { 0 };
	char *base = output_path(run->png_dir, path, "");
	size_t p;
	int ret = fileio_ensure_dir(run->png_dir, &run->d);

	for (p = 0; p < ld->npages && ret == 0; p++) {
		buf_printf(&name, "%s-%02zu.png", base, p + 1);
		if (pdf_write_png(ld, p, PREVIEW_DPI, &png) != 0 ||
		    fileio_write(name.data, png.data, png.len, &run->d) != 0)
			ret = -1;
		buf_free(&png);
		buf_free(&name);
	}
	free(base);
	return ret;
}

/* The PDF of doc in out, and the previews when asked for. */
static enum diag_exit
make_pdf(struct run *run, const char *path, const struct doc *doc,
    struct buf *out)
{
	struct lay_doc *ld;
	int ret;

	if (need_render(run) != 0)
		return DIAG_EXIT_SYSTEM;
	/* A character the fonts lack is refused, not printed as a box. */
	if (render_check_text(run->render, doc, &run->d) > 0)
		return DIAG_EXIT_INPUT;
	if ((ld = render_layout(run->render, doc, 0, &run->d)) == NULL)
		return DIAG_EXIT_SYSTEM;
	ret = pdf_write(ld, doc, run->render->style, run->pdfa, out,
	    &run->d);
	if (ret == 0 && run->png_dir != NULL)
		ret = write_previews(run, path, ld);
	lay_free(ld);
	return ret == 0 ? DIAG_EXIT_OK : DIAG_EXIT_SYSTEM;
}

static const char *
pdf_format(enum pdfa_level level)
{
	return level == PDFA_2B ? "PDF/A-2b" : level == PDFA_1B ? "PDF/A-1b" :
	    "PDF";
}

/* What hplan makes of a plan, in memory until it is all made. */
struct outputs {
	struct buf	 pdf, xml, erms;	/* erms empty without a dnr */
	char		*pdf_name, *xml_name, *erms_name;
};

static void
outputs_free(struct outputs *o)
{
	buf_free(&o->pdf);
	buf_free(&o->xml);
	buf_free(&o->erms);
	free(o->pdf_name);
	free(o->xml_name);
	free(o->erms_name);
}

static enum diag_exit
make_outputs(struct run *run, const char *path, const struct doc *doc,
    struct outputs *o)
{
	enum diag_exit status;
	char date[32];

	memset(o, 0, sizeof(*o));
	if ((status = make_pdf(run, path, doc, &o->pdf)) != DIAG_EXIT_OK)
		return status;
	o->xml.data = xml_out_write(doc, &o->xml.len);
	o->pdf_name = output_path("", path, ".pdf");
	o->xml_name = output_path("", path, ".xml");
	if (erms_possible(doc)) {
		struct erms_file files[] = {
			{ o->pdf_name + 1, pdf_format(run->pdfa),
			    "Handlingsplanen", o->pdf.data, o->pdf.len },
			{ o->xml_name + 1, "XML (" XML_NAMESPACE ")",
			    "Handlingsplanens innehåll", o->xml.data,
			    o->xml.len },
		};

		pdf_file_date(doc, date);
		o->erms.data = erms_write(doc, files, 2, date, &o->erms.len);
		o->erms_name = output_path("", path, ".erms.xml");
	}
	return DIAG_EXIT_OK;
}

static void
no_dnr(struct run *run, const struct doc *doc, enum diag_level level,
    const char *what)
{
	struct diag_pos pos = doc->meta.dnr.s != NULL ? doc->meta.dnr.pos :
	    doc->root->pos;

	diag_report(&run->d, level, &pos, "the plan has no dnr, so %s", what);
}

/* Stages name (which starts with '/') in dir. */
static int
stage_into(struct run *run, struct fileio_set *set, const char *dir,
    const char *name, const struct buf *data)
{
	struct buf path = { 0 };
	int ret;

	buf_printf(&path, "%s%s", dir, name);
	ret = fileio_stage(set, path.data, data->data, data->len, &run->d);
	buf_free(&path);
	return ret;
}

/* Writes name (which starts with '/') into dir. */
static int
write_into(struct run *run, const char *dir, const char *name,
    const struct buf *data)
{
	struct fileio_set set = { 0 };

	if (stage_into(run, &set, dir, name, data) != 0)
		return -1;
	return fileio_commit(&set, &run->d);
}

static enum diag_exit
write_files(struct run *run, const char *path, const struct doc *doc)
{
	struct fileio_set set = { 0 };
	struct outputs o;
	enum diag_exit status;

	/* Everything is made before anything is written. */
	if ((status = make_outputs(run, path, doc, &o)) != DIAG_EXIT_OK)
		goto out;
	if (o.erms_name == NULL)
		no_dnr(run, doc, DIAG_WARNING, "no ERMS file for the diarium "
		    "is written");
	if (fileio_ensure_dir(run->dir, &run->d) != 0 ||
	    stage_into(run, &set, run->dir, o.pdf_name, &o.pdf) != 0 ||
	    stage_into(run, &set, run->dir, o.xml_name, &o.xml) != 0 ||
	    (o.erms_name != NULL && stage_into(run, &set, run->dir,
	    o.erms_name, &o.erms) != 0) || fileio_commit(&set, &run->d) != 0)
		status = DIAG_EXIT_SYSTEM;
out:
	outputs_free(&o);
	return status;
}

/* Writes the package's folders and files into the empty directory top. */
static int
fill_package(struct run *run, const char *top, const struct buf *mets,
    const struct mets_file *files, size_t nfiles)
{
	static const char *const dirs[] = { "/representations",
	    "/representations/rep1", "/representations/rep1/data",
	    "/schemas" };
	struct buf p = { 0 };
	size_t i;
	int ret = write_into(run, top, "/METS.xml", mets);

	for (i = 0; ret == 0 && i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		buf_printf(&p, "%s%s", top, dirs[i]);
		ret = fileio_ensure_dir(p.data, &run->d);
		buf_free(&p);
	}
	for (i = 0; ret == 0 && i < nfiles; i++) {
		struct buf data = { (char *)files[i].data, files[i].len, 0 };

		buf_printf(&p, "/%s", files[i].path);
		ret = write_into(run, top, p.data, &data);
		buf_free(&p);
	}
	return ret;
}

/*
 * An E-ARK SIP in the directory run->dir: built under a temporary name
 * beside it and renamed into place when complete; an existing directory
 * is never written into.
 */
static enum diag_exit
write_package(struct run *run, const char *path, const struct doc *doc)
{
	struct diag_pos pos = { run->dir, 0, 0 };
	struct buf tmp = { 0 }, mets = { 0 }, id = { 0 };
	struct mets_file files[5];
	enum diag_exit status;
	struct outputs o;
	char *data_paths[3], uuid[37], date[32];
	struct stat st;
	size_t i;
	int made;

	if (stat(run->dir, &st) == 0) {
		diag_report(&run->d, DIAG_ERROR, &pos, "the package directory "
		    "exists already; choose another with -o");
		return DIAG_EXIT_SYSTEM;
	}
	if (!erms_possible(doc)) {
		no_dnr(run, doc, DIAG_ERROR, "it cannot be packaged for the "
		    "e-archive");
		return DIAG_EXIT_INPUT;
	}
	if ((status = make_outputs(run, path, doc, &o)) != DIAG_EXIT_OK) {
		outputs_free(&o);
		return status;
	}
	data_paths[0] = output_path("representations/rep1/data", path, ".pdf");
	data_paths[1] = output_path("representations/rep1/data", path, ".xml");
	data_paths[2] = output_path("representations/rep1/data", path,
	    ".erms.xml");
	files[0] = (struct mets_file){ data_paths[0], "application/pdf",
	    o.pdf.data, o.pdf.len };
	files[1] = (struct mets_file){ data_paths[1], "application/xml",
	    o.xml.data, o.xml.len };
	files[2] = (struct mets_file){ data_paths[2], "application/xml",
	    o.erms.data, o.erms.len };
	files[3] = (struct mets_file){ "schemas/handlingsplan.xsd",
	    "application/xml", xml_in_schema, xml_in_schema_len };
	files[4] = (struct mets_file){ "schemas/ERMS_v3.xsd",
	    "application/xml", erms_schema, erms_schema_len };
	buf_printf(&id, "package:dnr:%s:version:%u", doc->meta.dnr.s,
	    doc->meta.version);
	erms_uuid(id.data, uuid);
	buf_free(&id);
	buf_printf(&id, "uuid-%s", uuid);
	pdf_file_date(doc, date);
	mets.data = mets_write(doc, id.data, files, 5, date, &mets.len);

	buf_printf(&tmp, "%s.tmp-XXXXXX", run->dir);
	if ((made = mkdtemp(tmp.data) != NULL) == 0) {
		diag_report(&run->d, DIAG_ERROR, &pos, "cannot create the "
		    "package: %s", strerror(errno));
		status = DIAG_EXIT_SYSTEM;
	} else if (fill_package(run, tmp.data, &mets, files, 5) != 0) {
		status = DIAG_EXIT_SYSTEM;
	} else if (rename(tmp.data, run->dir) != 0) {
		diag_report(&run->d, DIAG_ERROR, &pos, "cannot create the "
		    "package: %s", strerror(errno));
		status = DIAG_EXIT_SYSTEM;
	}
	if (status != DIAG_EXIT_OK && made)
		fileio_remove_tree(tmp.data);
	for (i = 0; i < 3; i++)
		free(data_paths[i]);
	buf_free(&tmp);
	buf_free(&mets);
	buf_free(&id);
	outputs_free(&o);
	return status;
}

/* Whether check finds nothing missing; reports what is. */
static int
complete(const struct doc *doc, struct diag *d)
{
	struct check_report r;
	size_t i;
	int ok;

	check_plan(doc, &r);
	for (i = 0; i < r.n; i++)
		if (r.f[i].status == CHECK_MISSING)
			diag_report(d, DIAG_ERROR, &r.f[i].pos, "[%s] %s",
			    r.f[i].rule, r.f[i].message);
	ok = r.errors == 0;
	if (!ok)
		diag_report(d, DIAG_NOTE, NULL, "--strict renders only a plan "
		    "that 'hplan check' finds complete");
	check_report_free(&r);
	return ok;
}

/* hplan check PLAN [--format json] | hplan check --rules */
static int
check_command(int argc, char *argv[])
{
	enum diag_exit status;
	struct check_report r;
	const char *plan = NULL;
	struct buf out = { 0 };
	struct doc *doc;
	struct diag d;
	int i, json = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rules") == 0) {
			check_write_rules(&out);
			fwrite(out.data, 1, out.len, stdout);
			buf_free(&out);
			return DIAG_EXIT_OK;
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if (strcmp(argv[++i], "json") == 0)
				json = 1;
			else if (strcmp(argv[i], "text") != 0)
				usage_error("check: unknown format '%s' (use "
				    "text or json)", argv[i]);
		} else if (argv[i][0] == '-' || plan != NULL)
			usage_error("check: unexpected '%s'", argv[i]);
		else
			plan = argv[i];
	}
	if (plan == NULL)
		usage_error("%s: give a plan to check", "check");
	diag_init(&d, stderr);
	if ((doc = plan_read(plan, &d, &status)) == NULL)
		return (int)status;
	check_plan(doc, &r);
	if (json)
		check_write_json(&r, &out);
	else
		check_write_text(&r, &out);
	fwrite(out.data, 1, out.len, stdout);
	status = r.errors > 0 ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
	buf_free(&out);
	check_report_free(&r);
	doc_free(doc);
	if (fflush(stdout) != 0)
		status = DIAG_EXIT_SYSTEM;
	return (int)status;
}

/* hplan new --nämnd NAME --typ KIND --år YEAR -o FILE [--force] */
static int
new_command(int argc, char *argv[])
{
	const char *name = NULL, *kind = NULL, *file = NULL;
	struct buf out = { 0 };
	struct diag_pos pos = { NULL, 0, 0 };
	enum doc_board_kind k;
	struct stat st;
	struct diag d;
	int i, year = 0, force = 0, ret;
	char *end;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--force") == 0)
			force = 1;
		else if (i + 1 >= argc)
			usage_error("new: '%s' needs a value", a);
		else if (strcmp(a, "--nämnd") == 0 || strcmp(a, "--namnd") == 0)
			name = argv[++i];
		else if (strcmp(a, "--typ") == 0)
			kind = argv[++i];
		else if (strcmp(a, "--år") == 0 || strcmp(a, "--ar") == 0) {
			year = (int)strtol(argv[++i], &end, 10);
			if (*end != '\0' || year < 1900 || year > 2999)
				usage_error("new: '%s' is not a year",
				    argv[i]);
		} else if (strcmp(a, "-o") == 0)
			file = argv[++i];
		else
			usage_error("new: unexpected '%s'", a);
	}
	if (name == NULL || kind == NULL || year == 0 || file == NULL)
		usage_error("%s: give --nämnd, --typ, --år and -o", "new");
	if (strcmp(kind, "stadsdelsnämnd") == 0)
		k = DOC_BOARD_DISTRICT;
	else if (strcmp(kind, "facknämnd") == 0)
		k = DOC_BOARD_SPECIALIST;
	else
		usage_error("new: --typ is stadsdelsnämnd or facknämnd, not "
		    "'%s'", kind);
	diag_init(&d, stderr);
	pos.file = file;
	if (!force && stat(file, &st) == 0) {
		diag_report(&d, DIAG_ERROR, &pos, "the file exists already; "
		    "hplan new overwrites it only with --force");
		return DIAG_EXIT_SYSTEM;
	}
	skeleton_write(name, k, year, &out);
	ret = fileio_write(file, out.data, out.len, &d);
	buf_free(&out);
	return ret == 0 ? DIAG_EXIT_OK : DIAG_EXIT_SYSTEM;
}

/* The path of file as seen from the directory of from, or NULL. */
static char *
relative_path(const char *from, const char *file)
{
	struct buf dir = { 0 }, rel = { 0 };
	const char *slash = strrchr(from, '/');
	char *base, *target;
	size_t common = 0, i;

	buf_add(&dir, from, slash != NULL ? (size_t)(slash - from) : 0);
	if (dir.len == 0)
		buf_addc(&dir, '.');
	base = realpath(dir.data, NULL);
	target = realpath(file, NULL);
	buf_free(&dir);
	if (base == NULL || target == NULL) {
		free(base);
		free(target);
		return NULL;
	}
	/* The longest common leading run of whole path components. */
	for (i = 0; base[i] != '\0' && base[i] == target[i]; i++)
		if (base[i] == '/')
			common = i;
	if (base[i] == '\0' && target[i] == '/')
		common = i;
	for (i = common; base[i] != '\0'; i++)
		if (base[i] == '/')
			buf_adds(&rel, "../");
	buf_adds(&rel, target + common + 1);
	free(base);
	free(target);
	return buf_take(&rel);
}

static enum diag_exit
write_revision(struct run *run, const char *path, const struct doc *doc)
{
	struct diag_pos pos = { run->revise_to, 0, 0 };
	struct buf yaml = { 0 };
	struct doc *next;
	struct stat st;
	char *prev_file;
	int ret;

	if (!run->force && stat(run->revise_to, &st) == 0) {
		diag_report(&run->d, DIAG_ERROR, &pos, "the file exists "
		    "already; hplan revise overwrites it only with --force");
		return DIAG_EXIT_SYSTEM;
	}
	if ((prev_file = relative_path(run->revise_to, path)) == NULL) {
		diag_report(&run->d, DIAG_ERROR, &pos, "cannot write here: "
		    "%s", strerror(errno));
		return DIAG_EXIT_SYSTEM;
	}
	next = revise_make(doc, run->for_label, prev_file, run->revise_to);
	free(prev_file);
	yaml_out_write(next, &yaml);
	doc_free(next);
	ret = fileio_write(run->revise_to, yaml.data, yaml.len, &run->d);
	buf_free(&yaml);
	return ret == 0 ? DIAG_EXIT_OK : DIAG_EXIT_SYSTEM;
}

static enum diag_exit
process(struct run *run, const char *path)
{
	enum diag_exit status = DIAG_EXIT_OK;
	struct buf text = { 0 };
	struct lay_doc *ld;
	struct doc *doc;

	if ((doc = plan_read(path, &run->d, &status)) == NULL)
		return status;
	switch (run->out) {
	case OUT_TREE:
		dump_tree(doc, &text);
		break;
	case OUT_XML:
		text.data = xml_out_write(doc, &text.len);
		break;
	case OUT_YAML:
		yaml_out_write(doc, &text);
		break;
	case OUT_LAYOUT:
		if (need_render(run) != 0 ||
		    (ld = render_layout(run->render, doc, 0, &run->d)) == NULL) {
			status = DIAG_EXIT_SYSTEM;
			break;
		}
		lay_dump(ld, &text);
		lay_free(ld);
		break;
	case OUT_FILES:
		followup_check(doc, path, &run->d);
		if (run->strict && !complete(doc, &run->d)) {
			status = DIAG_EXIT_INPUT;
			break;
		}
		status = write_files(run, path, doc);
		break;
	case OUT_PACKAGE:
		followup_check(doc, path, &run->d);
		status = write_package(run, path, doc);
		break;
	case OUT_REVISE:
		status = write_revision(run, path, doc);
		break;
	}
	if (text.len > 0)
		fwrite(text.data, 1, text.len, stdout);
	buf_free(&text);
	doc_free(doc);
	return status;
}

/* A file of the data directory: the bundled example, the style. */
static char *
data_file(const char *name)
{
	const char *dir = getenv("HPLAN_DATA_DIR");
	struct buf b = { 0 };

	buf_printf(&b, "%s/%s", dir != NULL && dir[0] != '\0' ? dir :
	    HPLAN_DATA_DIR, name);
	return buf_take(&b);
}

/* The appendix "Ändringar jämfört med version N" as a PDF at path. */
static enum diag_exit
diff_pdf(const struct doc *old, const struct doc *new_, const char *path,
    struct diag *d)
{
	struct doc *changes = diff_doc(old, new_);
	char *style = data_file("styles/stockholm.yaml");
	struct render *r = render_open(style, d);
	enum diag_exit status = DIAG_EXIT_SYSTEM;
	struct lay_doc *ld = NULL;
	struct buf pdf = { 0 };

	if (r != NULL && (ld = render_layout(r, changes, 1, d)) != NULL &&
	    pdf_write(ld, changes, r->style, PDFA_2B, &pdf, d) == 0 &&
	    fileio_write(path, pdf.data, pdf.len, d) == 0)
		status = DIAG_EXIT_OK;
	buf_free(&pdf);
	lay_free(ld);
	render_close(r);
	free(style);
	doc_free(changes);
	return status;
}

/* hplan diff OLD NEW [--pdf FILE] */
static int
diff_command(int argc, char *argv[])
{
	enum diag_exit status = DIAG_EXIT_OK, s;
	const char *plans[2], *pdf = NULL;
	struct doc *old, *new_;
	struct buf out = { 0 };
	struct diag d;
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			fputs(usage_text, stdout);
			return DIAG_EXIT_OK;
		} else if (strcmp(argv[i], "--pdf") == 0 && i + 1 < argc)
			pdf = argv[++i];
		else if (argv[i][0] == '-' || n == 2)
			usage_error("diff: unexpected '%s'", argv[i]);
		else
			plans[n++] = argv[i];
	}
	if (n != 2)
		usage_error("%s: give the old and the new plan", "diff");
	diag_init(&d, stderr);
	old = plan_read(plans[0], &d, &status);
	new_ = plan_read(plans[1], &d, &s);
	if (s > status)
		status = s;
	if (old != NULL && new_ != NULL) {
		diff_write(old, new_, &out);
		fwrite(out.data, 1, out.len, stdout);
		buf_free(&out);
		if (pdf != NULL && (s = diff_pdf(old, new_, pdf, &d)) > status)
			status = s;
	}
	doc_free(old);
	doc_free(new_);
	if (fflush(stdout) != 0)
		status = DIAG_EXIT_SYSTEM;
	return (int)status;
}

/* One plan of a batch, in a worker process of its own. */
static int
batch_plan(const char *plan, FILE *messages, void *arg)
{
	struct run *run = arg;

	diag_init(&run->d, messages);
	return (int)process(run, plan);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "to", required_argument, NULL, 'T' },
		{ "style", required_argument, NULL, 's' },
		{ "png", required_argument, NULL, 'P' },
		{ "pdfa", required_argument, NULL, 'A' },
		{ "för", required_argument, NULL, 'F' },
		{ "for", required_argument, NULL, 'F' },
		{ "force", no_argument, NULL, 'f' },
		{ "strict", no_argument, NULL, 'S' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	enum diag_exit status = DIAG_EXIT_OK, s;
	struct run run;
	char *plan, *package_dir = NULL, *end;
	int c, i, level, dir_given = 0, jobs = 0;

	memset(&run, 0, sizeof(run));
	run.dir = "output";
	run.pdfa = PDFA_2B;
	if (argc > 1 && strcmp(argv[1], "diff") == 0)
		return diff_command(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "check") == 0)
		return check_command(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "new") == 0)
		return new_command(argc - 1, argv + 1);
	if (argc > 1 && (strcmp(argv[1], "render") == 0 ||
	    strcmp(argv[1], "package") == 0 ||
	    strcmp(argv[1], "revise") == 0)) {
		if (strcmp(argv[1], "package") == 0)
			run.out = OUT_PACKAGE;
		if (strcmp(argv[1], "revise") == 0)
			run.out = OUT_REVISE;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	while ((c = getopt_long(argc, argv, "o:T:s:j:hV", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case 'o':
			run.dir = optarg;
			dir_given = 1;
			break;
		case 'T':
			if (run.out == OUT_PACKAGE)
				usage_error("%s: a package is written to "
				    "files, not printed", "-T");
			if (strcmp(optarg, "xml") == 0)
				run.out = OUT_XML;
			else if (strcmp(optarg, "tree") == 0)
				run.out = OUT_TREE;
			else if (strcmp(optarg, "layout") == 0)
				run.out = OUT_LAYOUT;
			else if (strcmp(optarg, "yaml") == 0)
				run.out = OUT_YAML;
			else
				usage_error("unknown output format '%s' "
				    "(use xml, yaml, tree or layout)", optarg);
			break;
		case 'P':
			run.png_dir = optarg;
			break;
		case 'F':
			run.for_label = optarg;
			break;
		case 'f':
			run.force = 1;
			break;
		case 'S':
			run.strict = 1;
			break;
		case 'j':
			jobs = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || jobs < 1 || jobs > 256)
				usage_error("-j: '%s' is not a number of jobs "
				    "(1 to 256)", optarg);
			break;
		case 'A':
			if ((level = pdfa_level_lookup(optarg)) < 0)
				usage_error("unknown PDF/A level '%s' (use 2b, "
				    "1b or none)", optarg);
			run.pdfa = (enum pdfa_level)level;
			break;
		case 's':
			free(run.style_path);
			run.style_path = xstrdup(optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return DIAG_EXIT_OK;
		case 'V':
			printf("hplan %s\n", HPLAN_VERSION);
			return DIAG_EXIT_OK;
		default:
			fputs("Try 'hplan --help' for more information.\n",
			    stderr);
			return DIAG_EXIT_USAGE;
		}
	}
	if (run.style_path == NULL)
		run.style_path = data_file("styles/stockholm.yaml");
	if (run.out == OUT_PACKAGE && argc - optind != 1)
		usage_error("%s: give exactly one plan to package", "package");
	if (run.out == OUT_REVISE) {
		if (argc - optind != 1 || !dir_given)
			usage_error("%s: give one plan and the new plan's file "
			    "with -o", "revise");
		run.revise_to = run.dir;
	}
	if (run.out == OUT_PACKAGE && !dir_given) {
		char *name = output_path("output", argv[optind], "-sip");

		run.dir = package_dir = name;
	}
	diag_init(&run.d, stderr);
	if (optind == argc) {
		plan = data_file("input/norrmalm-2017.yaml");
		status = process(&run, plan);
		free(plan);
	}
	if (run.out == OUT_FILES && argc - optind > 1) {
		/* Many plans: in parallel, the style and fonts opened once,
		 * before the workers start. */
		if (need_render(&run) != 0)
			status = DIAG_EXIT_SYSTEM;
		else
			status = batch_run(argv + optind, (size_t)(argc -
			    optind), jobs > 0 ? jobs : batch_default_jobs(),
			    batch_plan, &run, stderr);
	} else
		for (i = optind; i < argc; i++)
			if ((s = process(&run, argv[i])) > status)
				status = s;
	render_close(run.render);
	free(run.style_path);
	free(package_dir);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("hplan: error: cannot write to standard output\n",
		    stderr);
		status = DIAG_EXIT_SYSTEM;
	}
	return (int)status;
}
