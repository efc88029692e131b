/*
 * hplan: produces a nämnd's handlingsplan mot våldsbejakande extremism from
 * its plan data.  This file only reads the command line; the library's
 * pipeline (pipeline.h) does the work.  See hplan.1 for the interface.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "fileio.h"
#include "intl.h"
#include "pipeline.h"
#include "serve.h"
#include "xalloc.h"

static const char *const usage_text = N_(
"Usage: hplan [render] [-o DIR] [-T FORMAT] [--style FILE] [PLAN ...]\n"
"       hplan package PLAN [-o DIR]\n"
"       hplan revise PLAN -o NEXT.yaml [--för LABEL] [--force]\n"
"       hplan diff OLD NEW [--pdf FILE]\n"
"       hplan check PLAN [--format json] | hplan check --rules\n"
"       hplan new --nämnd NAME --typ stadsdelsnämnd|facknämnd --år YEAR\n"
"                 -o FILE [--force]\n"
"       hplan import PLAN.docx -o PLAN.yaml [--force] [-q]\n"
"       hplan serve PLAN [--port N] [--skriv [-o DIR]]\n"
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
"'hplan import' reads a plan written in Word and writes it as YAML,\n"
"reporting what it could not bring over.\n"
"'hplan serve' shows the plan on a page in the browser and lays it out\n"
"again each time it is saved.\n"
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
"  -q, --quiet        say nothing of what was written (by default a line\n"
"                     for each plan: its files and the PDF's pages)\n"
"  -j, --jobs N       render N plans at a time (default: one per processor);\n"
"                     with several plans, a progress line and a summary\n"
"      --time-limit S stop a plan of several still running after S\n"
"                     seconds (default: 300) and report it as failed\n"
"      --pdfa LEVEL   the PDF's archival level: 2b (PDF/A-2b, the\n"
"                     default), 1b (PDF/A-1b) or none\n"
"  -h, --help         print this help and exit ('hplan COMMAND --help' or\n"
"                     'hplan help COMMAND': a command's own)\n"
"  -V, --version      print the version and exit\n"
"\n"
"Exit status:\n"
"  0  done (warnings may have been printed)\n"
"  1  a plan has errors; nothing was written for it\n"
"  2  the command line is wrong\n"
"  3  a file could not be read or written, the style is wrong, or memory\n"
"     ran out\n"
"  4  the layout would have lost, overprinted or misplaced text (a fault\n"
"     in hplan, reported with its place in the plan); nothing was written\n"
"\n"
"Messages are in Swedish when LC_ALL, LC_MESSAGES or LANG is Swedish\n"
"(sv_SE.UTF-8), in English otherwise.\n");

/* Each command's own help, 'hplan CMD --help' and 'hplan help CMD'. */
static const char *const render_usage = N_(
"Usage: hplan [render] [OPTION ...] [PLAN ...]\n"
"\n"
"Writes DIR/NAME.pdf, DIR/NAME.xml and, with a dnr, DIR/NAME.erms.xml for\n"
"each plan (YAML or archival XML); without PLAN, the bundled example.\n"
"\n"
"  -o, --output DIR   write into DIR (default: output)\n"
"  -T, --to FORMAT    print xml, yaml, tree or layout instead of writing\n"
"  -s, --style FILE   the style (default: styles/stockholm.yaml)\n"
"      --png DIR      also write a preview of every page\n"
"      --pdfa LEVEL   2b (default), 1b or none\n"
"      --strict       render only a plan that 'hplan check' finds complete\n"
"  -j, --jobs N       render N plans at a time\n"
"      --time-limit S stop a plan of several after S seconds (default 300)\n"
"  -q, --quiet        say nothing of what was written\n"
"  -h, --help         print this help\n");
static const char *const package_usage = N_(
"Usage: hplan package PLAN [-o DIR] [-s FILE] [--pdfa LEVEL] [-q]\n"
"\n"
"Writes an E-ARK SIP (FGS Paketstruktur) of the plan's PDF, XML and ERMS\n"
"file into DIR (default: output/NAME-sip), which must not exist yet; the\n"
"plan must have a dnr.\n");
static const char *const revise_usage = N_(
"Usage: hplan revise PLAN -o NEXT.yaml [--för LABEL] [--force] [-q]\n"
"\n"
"Writes the plan's next version: the version raised, the date left\n"
"empty, every action in a follow-up table with an empty status.\n"
"\n"
"  -o FILE            the next version's file\n"
"      --för LABEL    the report it is for, e.g. \"T1 2018\"\n"
"      --force        overwrite FILE\n");
static const char *const diff_usage = N_(
"Usage: hplan diff OLD NEW [--pdf FILE] [-s FILE]\n"
"\n"
"Prints what changed between two versions of a plan (YAML or archival\n"
"XML); with --pdf, writes it as an appendix.\n");
static const char *const check_usage = N_(
"Usage: hplan check PLAN [--format text|json]\n"
"       hplan check --rules\n"
"\n"
"Tells whether the plan contains what kommunstyrelsen demands of every\n"
"plan (exit status 1 when something is missing); --rules lists the\n"
"demands.\n");
static const char *const new_usage = N_(
"Usage: hplan new --nämnd NAME --typ stadsdelsnämnd|facknämnd --år YEAR\n"
"                 -o FILE [--force]\n"
"\n"
"Writes the skeleton of a new plan, with a section for every demand.\n");
static const char *const import_usage = N_(
"Usage: hplan import PLAN.docx -o PLAN.yaml [--force] [-q]\n"
"\n"
"Reads a plan written in Word and writes it as a plan in YAML: headings,\n"
"paragraphs, lists, footnotes and tables (with the known column names,\n"
"action tables), the cover's title and date, the title page's Dnr,\n"
"Utgivningsdatum and Kontaktperson.  Each thing it cannot bring over\n"
"(images, text boxes, tracked changes, comments, fields, merged cells) is\n"
"reported with its paragraph; a summary follows.\n"
"\n"
"  -o FILE            the plan's file\n"
"      --force        overwrite FILE\n"
"  -q, --quiet        print no summary\n");
static const char *const serve_usage = N_(
"Usage: hplan serve PLAN [--port N] [--bind ADDRESS] [--skriv [-o DIR]]\n"
"                  [-s FILE] [--pdfa LEVEL] [-q]\n"
"\n"
"Shows the plan at http://127.0.0.1:N/ in the browser: its pages, what\n"
"'hplan check' and the layout find in it, each with its line and column,\n"
"and its PDF.  Each time the plan, or a file it names (a figure, an\n"
"earlier version, a tjänsteutlåtande's plan), is saved, it is laid out\n"
"again and the page follows; while the plan has errors, the page shows\n"
"them above its last good rendering.  Only this computer can see the\n"
"page.  Nothing is written unless --skriv is given.  Ctrl-C stops it.\n"
"\n"
"  -p, --port N       the port (default 8040; 0: any free port)\n"
"      --bind ADDRESS only 127.0.0.1 (or localhost), the default\n"
"      --skriv        after each good rendering, also write the files as\n"
"                     'hplan PLAN' does\n"
"  -o, --output DIR   with --skriv, write into DIR (default: output)\n"
"  -s, --style FILE   the style (default: styles/stockholm.yaml)\n"
"      --pdfa LEVEL   2b (default), 1b or none\n"
"  -q, --quiet        no line for each rendering\n");
static const char *const help_usage = N_(
"Usage: hplan help [COMMAND]\n"
"\n"
"Prints hplan's help, or a command's: render, package, revise, diff,\n"
"check, new, import, serve.\n");

static void	usage_error(const char *, const char *, const char *)
		    __attribute__((noreturn));
static void	try_help(const char *) __attribute__((noreturn));

/* Points to the help of command (NULL: hplan's own) and exits. */
static void
try_help(const char *command)
{
	if (command != NULL)
		fprintf(stderr, _("Try 'hplan %s --help' for more "
		    "information.\n"), command);
	else
		fputs(_("Try 'hplan --help' for more information.\n"), stderr);
	exit(DIAG_EXIT_USAGE);
}

/* Reports a wrong command line of command (NULL: hplan's own) and
 * exits. */
static void
usage_error(const char *command, const char *fmt, const char *arg)
{
	fputs("hplan: ", stderr);
	fprintf(stderr, _(fmt), arg);
	fputc('\n', stderr);
	try_help(command);
}

/* Standard output written and closed without error, or exit status 3. */
static int
finish(enum diag_exit status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "hplan: %s: %s\n", _("error"),
		    _("cannot write to standard output"));
		status = DIAG_EXIT_SYSTEM;
	}
	return (int)status;
}

static int
help(const char *text)
{
	fputs(_(text), stdout);
	return finish(DIAG_EXIT_OK);
}

/*
 * Reads the options of command with getopt_long; each is handed to
 * option(), which returns 0, or -1 for one the command does not take.
 * -h and --help print usage and exit.  Returns optind.
 */
static int
options(const char *command, const char *usage, int argc, char *argv[],
    const char *shorts, const struct option *longs,
    int (*option)(int, const char *, void *), void *arg)
{
	int c;

	opterr = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (c == 'h')
			exit(help(usage));
		if (c == '?' || option(c, optarg, arg) != 0)
			try_help(command);
	}
	return optind;
}

static int
number(const char *command, const char *arg, int min, int max,
    const char *what)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*end != '\0' || end == arg || n < min || n > max)
		usage_error(command, what, arg);
	return (int)n;
}

/* hplan check PLAN [--format text|json] | hplan check --rules */

struct check_args {
	int	 json, rules;
};

static int
check_option(int c, const char *arg, void *data)
{
	struct check_args *a = data;

	if (c == 'r')
		a->rules = 1;
	else if (c == 'F' && strcmp(arg, "json") == 0)
		a->json = 1;
	else if (c == 'F' && strcmp(arg, "text") != 0)
		usage_error("check", "check: unknown format '%s' (use text or "
		    "json)", arg);
	return 0;
}

static int
check_command(int argc, char *argv[])
{
	static const struct option longs[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "rules", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct check_args a = { 0, 0 };
	struct buf out = { 0 };
	struct diag d;
	int i = options("check", check_usage, argc, argv, "h", longs,
	    check_option, &a);

	if (a.rules) {
		check_write_rules(&out);
		fwrite(out.data, 1, out.len, stdout);
		buf_free(&out);
		return finish(DIAG_EXIT_OK);
	}
	if (argc - i > 1)
		usage_error("check", "check: unexpected '%s'", argv[i + 1]);
	if (argc - i != 1)
		usage_error("check", "%s: give a plan to check", "check");
	diag_init(&d, stderr);
	return finish(pipeline_check(argv[i], a.json, stdout, &d));
}

/* hplan new --nämnd NAME --typ KIND --år YEAR -o FILE [--force] */

struct new_args {
	const char	*name, *kind, *file;
	int		 year, force;
};

static int
new_option(int c, const char *arg, void *data)
{
	struct new_args *a = data;

	switch (c) {
	case 'n':
		a->name = arg;
		break;
	case 't':
		a->kind = arg;
		break;
	case 'y':
		a->year = number("new", arg, 1900, 2999, "new: '%s' is not a "
		    "year");
		break;
	case 'o':
		a->file = arg;
		break;
	case 'f':
		a->force = 1;
		break;
	default:
		return -1;
	}
	return 0;
}

static int
new_command(int argc, char *argv[])
{
	static const struct option longs[] = {
		{ "nämnd", required_argument, NULL, 'n' },
		{ "namnd", required_argument, NULL, 'n' },
		{ "typ", required_argument, NULL, 't' },
		{ "år", required_argument, NULL, 'y' },
		{ "ar", required_argument, NULL, 'y' },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct new_args a = { NULL, NULL, NULL, 0, 0 };
	enum doc_board_kind k;
	struct diag d;
	int i = options("new", new_usage, argc, argv, "o:h", longs, new_option,
	    &a);

	if (i < argc)
		usage_error("new", "new: unexpected '%s'", argv[i]);
	if (a.name == NULL || a.kind == NULL || a.year == 0 || a.file == NULL)
		usage_error("new", "%s: give --nämnd, --typ, --år and -o",
		    "new");
	if (strcmp(a.kind, "stadsdelsnämnd") == 0)
		k = DOC_BOARD_DISTRICT;
	else if (strcmp(a.kind, "facknämnd") == 0)
		k = DOC_BOARD_SPECIALIST;
	else
		usage_error("new", "new: --typ is stadsdelsnämnd or facknämnd, "
		    "not '%s'", a.kind);
	diag_init(&d, stderr);
	return (int)pipeline_new(a.name, k, a.year, a.file, a.force, &d);
}

/* hplan import PLAN.docx -o PLAN.yaml [--force] [-q] */

struct import_args {
	const char	*file;
	int		 force, quiet;
};

static int
import_option(int c, const char *arg, void *data)
{
	struct import_args *a = data;

	if (c == 'o')
		a->file = arg;
	else if (c == 'f')
		a->force = 1;
	else if (c == 'q')
		a->quiet = 1;
	else
		return -1;
	return 0;
}

static int
import_command(int argc, char *argv[])
{
	static const struct option longs[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct import_args a = { NULL, 0, 0 };
	struct diag d;
	int i = options("import", import_usage, argc, argv, "o:qh", longs,
	    import_option, &a);

	if (argc - i > 1)
		usage_error("import", "import: unexpected '%s'", argv[i + 1]);
	if (argc - i != 1 || a.file == NULL)
		usage_error("import", "%s: give the Word file and -o PLAN.yaml",
		    "import");
	diag_init(&d, stderr);
	return finish(pipeline_import(argv[i], a.file, a.force, a.quiet,
	    stdout, &d));
}

/* hplan diff OLD NEW [--pdf FILE] [-s FILE] */

struct diff_args {
	const char	*pdf, *style;
};

static int
diff_option(int c, const char *arg, void *data)
{
	struct diff_args *a = data;

	if (c == 'p')
		a->pdf = arg;
	else if (c == 's')
		a->style = arg;
	else
		return -1;
	return 0;
}

static int
diff_command(int argc, char *argv[])
{
	static const struct option longs[] = {
		{ "pdf", required_argument, NULL, 'p' },
		{ "style", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct diff_args a = { NULL, NULL };
	enum diag_exit status;
	struct diag d;
	char *style = NULL;
	int i = options("diff", diff_usage, argc, argv, "s:h", longs,
	    diff_option, &a);

	if (argc - i > 2)
		usage_error("diff", "diff: unexpected '%s'", argv[i + 2]);
	if (argc - i != 2)
		usage_error("diff", "%s: give the old and the new plan", "diff");
	diag_init(&d, stderr);
	if (a.style == NULL)
		a.style = style = pipeline_data_file("styles/stockholm.yaml");
	status = pipeline_diff(argv[i], argv[i + 1], a.pdf, a.style, stdout,
	    &d);
	free(style);
	return finish(status);
}

/* hplan serve PLAN [--port N] [--bind ADDRESS] [--skriv [-o DIR]] */

struct serve_args {
	struct serve_options	 o;
	int			 dir_given;
};

static int
serve_option(int c, const char *arg, void *data)
{
	struct serve_args *a = data;
	int level;

	switch (c) {
	case 'p':
		a->o.port = number("serve", arg, 0, 65535, "serve: '%s' is not "
		    "a port (0 to 65535)");
		break;
	case 'b':
		if (!serve_address(arg))
			usage_error("serve", "serve: will not listen on '%s': "
			    "the page is only for this computer, on 127.0.0.1, "
			    "since a plan is not public until it is adopted",
			    arg);
		a->o.address = arg;
		break;
	case 'w':
		a->o.write = 1;
		break;
	case 'o':
		a->o.p->dir = arg;
		a->dir_given = 1;
		break;
	case 's':
		a->o.p->style_path = arg;
		break;
	case 'A':
		if ((level = pdfa_level_lookup(arg)) < 0)
			usage_error("serve", "unknown PDF/A level '%s' (use "
			    "2b, 1b or none)", arg);
		a->o.p->pdfa = (enum pdfa_level)level;
		break;
	case 'q':
		a->o.quiet = 1;
		break;
	default:
		return -1;
	}
	return 0;
}

static int
serve_command(int argc, char *argv[])
{
	static const struct option longs[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "bind", required_argument, NULL, 'b' },
		{ "skriv", no_argument, NULL, 'w' },
		{ "output", required_argument, NULL, 'o' },
		{ "style", required_argument, NULL, 's' },
		{ "pdfa", required_argument, NULL, 'A' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct serve_args a;
	struct pipeline p;
	enum diag_exit status;
	char *style = NULL;
	int i;

	pipeline_init(&p, NULL);
	memset(&a, 0, sizeof(a));
	a.o.address = "127.0.0.1";
	a.o.port = SERVE_DEFAULT_PORT;
	a.o.p = &p;
	i = options("serve", serve_usage, argc, argv, "p:o:s:qh", longs,
	    serve_option, &a);
	if (argc - i > 1)
		usage_error("serve", "serve: unexpected '%s'", argv[i + 1]);
	if (argc - i != 1)
		usage_error("serve", "%s: give the plan to show", "serve");
	if (a.dir_given && !a.o.write)
		usage_error("serve", "%s: -o is where --skriv writes; give "
		    "--skriv too", "serve");
	a.o.plan = argv[i];
	if (p.style_path == NULL)
		p.style_path = style = pipeline_data_file(
		    "styles/stockholm.yaml");
	status = serve_run(&a.o);
	pipeline_free(&p);
	free(style);
	return finish(status);
}

/* hplan [render|package|revise] [OPTION ...] [PLAN ...] */

struct render_args {
	struct pipeline	*p;
	const char	*command;	/* "render", "package", "revise" */
	int		 jobs, dir_given;
};

static int
render_option(int c, const char *arg, void *data)
{
	struct render_args *a = data;
	struct pipeline *p = a->p;
	int level;

	switch (c) {
	case 'o':
		p->dir = arg;
		a->dir_given = 1;
		break;
	case 'T':
		if (strcmp(a->command, "render") != 0)
			usage_error(a->command, "-T: %s writes files, it does "
			    "not print", a->command);
		if (strcmp(arg, "xml") == 0)
			p->out = PIPELINE_XML;
		else if (strcmp(arg, "tree") == 0)
			p->out = PIPELINE_TREE;
		else if (strcmp(arg, "layout") == 0)
			p->out = PIPELINE_LAYOUT;
		else if (strcmp(arg, "yaml") == 0)
			p->out = PIPELINE_YAML;
		else
			usage_error(a->command, "unknown output format '%s' "
			    "(use xml, yaml, tree or layout)", arg);
		break;
	case 'P':
		p->png_dir = arg;
		break;
	case 'F':
		p->for_label = arg;
		break;
	case 'f':
		p->force = 1;
		break;
	case 'S':
		p->strict = 1;
		break;
	case 'q':
		p->quiet = 1;
		break;
	case 'j':
		a->jobs = number(a->command, arg, 1, 256, "-j: '%s' is not a "
		    "number of jobs (1 to 256)");
		break;
	case 'L':
		p->time_limit = number(a->command, arg, 1, 86400,
		    "--time-limit: '%s' is not a number of seconds (1 to "
		    "86400)");
		break;
	case 'A':
		if ((level = pdfa_level_lookup(arg)) < 0)
			usage_error(a->command, "unknown PDF/A level '%s' (use "
			    "2b, 1b or none)", arg);
		p->pdfa = (enum pdfa_level)level;
		break;
	case 's':
		p->style_path = arg;
		break;
	case 'V':
		printf("hplan %s\n", HPLAN_VERSION);
		exit(finish(DIAG_EXIT_OK));
	default:
		return -1;
	}
	return 0;
}

static int
render_command(const char *command, enum pipeline_output out,
    const char *usage, int argc, char *argv[])
{
	static const struct option longs[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "to", required_argument, NULL, 'T' },
		{ "style", required_argument, NULL, 's' },
		{ "png", required_argument, NULL, 'P' },
		{ "pdfa", required_argument, NULL, 'A' },
		{ "för", required_argument, NULL, 'F' },
		{ "for", required_argument, NULL, 'F' },
		{ "force", no_argument, NULL, 'f' },
		{ "strict", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "time-limit", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct render_args a;
	enum diag_exit status;
	struct pipeline p;
	char *style = NULL, *example = NULL, *package_dir = NULL;
	int i;

	pipeline_init(&p, NULL);
	p.out = out;
	a.p = &p;
	a.command = command;
	a.jobs = 0;
	a.dir_given = 0;
	i = options(strcmp(command, "render") == 0 && usage == usage_text ?
	    NULL : command, usage, argc, argv, "o:T:s:j:qhV", longs,
	    render_option, &a);
	if (p.style_path == NULL)
		p.style_path = style = pipeline_data_file(
		    "styles/stockholm.yaml");
	if (out == PIPELINE_PACKAGE && argc - i != 1)
		usage_error(command, "%s: give exactly one plan to package",
		    "package");
	if (out == PIPELINE_REVISE && (argc - i != 1 || !a.dir_given))
		usage_error(command, "%s: give one plan and the new plan's "
		    "file with -o", "revise");
	if (out == PIPELINE_PACKAGE && !a.dir_given)
		p.dir = package_dir = pipeline_package_dir(argv[i]);
	fileio_clean_up_on_signals();
	if (i == argc) {
		example = pipeline_data_file("input/norrmalm-2017.yaml");
		status = pipeline_plans(&p, &example, 1, a.jobs);
	} else
		status = pipeline_plans(&p, argv + i, (size_t)(argc - i),
		    a.jobs);
	pipeline_free(&p);
	free(style);
	free(example);
	free(package_dir);
	return finish(status);
}

/* The commands: each with its own options and help. */
static int	help_command(int, char *[]);

static const struct command {
	const char		*name;
	const char *const	*usage;
	int			(*run)(int, char *[]);	/* NULL: renders */
	enum pipeline_output	 out;			/* what it renders */
} commands[] = {
	{ "render", &render_usage, NULL, PIPELINE_FILES },
	{ "package", &package_usage, NULL, PIPELINE_PACKAGE },
	{ "revise", &revise_usage, NULL, PIPELINE_REVISE },
	{ "diff", &diff_usage, diff_command, PIPELINE_FILES },
	{ "check", &check_usage, check_command, PIPELINE_FILES },
	{ "new", &new_usage, new_command, PIPELINE_FILES },
	{ "import", &import_usage, import_command, PIPELINE_FILES },
	{ "serve", &serve_usage, serve_command, PIPELINE_FILES },
	{ "help", &help_usage, help_command, PIPELINE_FILES },
};
#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

static const struct command *
command_named(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* The edit distance of a and b (each at most 31 bytes), or 99. */
static unsigned
distance(const char *a, const char *b)
{
	unsigned d[32][32];
	size_t i, j, n = strlen(a), m = strlen(b);

	if (n > 31 || m > 31)
		return 99;
	for (i = 0; i <= n; i++)
		d[i][0] = (unsigned)i;
	for (j = 0; j <= m; j++)
		d[0][j] = (unsigned)j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++) {
			unsigned sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			unsigned del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;

			d[i][j] = sub < del ? (sub < ins ? sub : ins) :
			    (del < ins ? del : ins);
		}
	return d[n][m];
}

/*
 * A first argument that is no file and no option but a misspelt command
 * ("chek") is refused, not taken for a plan that cannot be opened.
 */
static void
misspelt(const char *arg)
{
	struct stat st;
	size_t i;

	if (arg[0] == '-' || strchr(arg, '/') != NULL || strchr(arg, '.') !=
	    NULL || stat(arg, &st) == 0)
		return;
	for (i = 0; i < NCOMMANDS; i++)
		if (distance(arg, commands[i].name) <= 2) {
			fprintf(stderr, "hplan: ");
			fprintf(stderr, _("unknown command '%s'; did you mean "
			    "'%s'?\n"), arg, commands[i].name);
			try_help(NULL);
		}
}

/* hplan help [COMMAND] */
static int
help_command(int argc, char *argv[])
{
	const struct command *c;

	if (argc < 2)
		return help(usage_text);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return help(help_usage);
	if ((c = command_named(argv[1])) == NULL)
		usage_error(NULL, "help: unknown command '%s'", argv[1]);
	return help(*c->usage);
}

int
main(int argc, char *argv[])
{
	const struct command *c;

	intl_init();
	if (argc > 1 && (c = command_named(argv[1])) != NULL)
		return c->run != NULL ? c->run(argc - 1, argv + 1) :
		    render_command(c->name, c->out, *c->usage, argc - 1,
		    argv + 1);
	if (argc > 1)
		misspelt(argv[1]);
	return render_command("render", PIPELINE_FILES, usage_text, argc,
	    argv);
}
