/*
 * hplan: produces a nämnd's handlingsplan mot våldsbejakande extremism from
 * its plan data.  This file only reads the command line; the library's
 * pipeline (pipeline.h) does the work.  See hplan.1 for the interface.
 */
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
#include "xalloc.h"

static const char *const usage_text = N_(
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
"      --time-limit S stop a plan of several still running after S\n"
"                     seconds (default: 300) and report it as failed\n"
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
"     ran out\n"
"  4  the layout would have lost, overprinted or misplaced text (a fault\n"
"     in hplan, reported with its place in the plan); nothing was written\n"
"\n"
"Messages are in Swedish when LC_ALL, LC_MESSAGES or LANG is Swedish\n"
"(sv_SE.UTF-8), in English otherwise.\n");

static void	usage_error(const char *, const char *)
		    __attribute__((noreturn));

static void
usage_error(const char *fmt, const char *arg)
{
	fputs("hplan: ", stderr);
	fprintf(stderr, _(fmt), arg);
	fputc('\n', stderr);
	fputs(_("Try 'hplan --help' for more information.\n"), stderr);
	exit(DIAG_EXIT_USAGE);
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

/* hplan check PLAN [--format json] | hplan check --rules */
static int
check_command(int argc, char *argv[])
{
	const char *plan = NULL;
	struct buf out = { 0 };
	struct diag d;
	int i, json = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rules") == 0) {
			check_write_rules(&out);
			fwrite(out.data, 1, out.len, stdout);
			buf_free(&out);
			return finish(DIAG_EXIT_OK);
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
	return finish(pipeline_check(plan, json, stdout, &d));
}

/* hplan new --nämnd NAME --typ KIND --år YEAR -o FILE [--force] */
static int
new_command(int argc, char *argv[])
{
	const char *name = NULL, *kind = NULL, *file = NULL;
	enum doc_board_kind k;
	struct diag d;
	int i, year = 0, force = 0;
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
	return (int)pipeline_new(name, k, year, file, force, &d);
}

/* hplan diff OLD NEW [--pdf FILE] */
static int
diff_command(int argc, char *argv[])
{
	const char *plans[2], *pdf = NULL;
	enum diag_exit status;
	struct diag d;
	char *style;
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			fputs(_(usage_text), stdout);
			return finish(DIAG_EXIT_OK);
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
	style = pipeline_data_file("styles/stockholm.yaml");
	status = pipeline_diff(plans[0], plans[1], pdf, style, stdout, &d);
	free(style);
	return finish(status);
}

static int
number(const char *arg, int min, int max, const char *what)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*end != '\0' || end == arg || n < min || n > max)
		usage_error(what, arg);
	return (int)n;
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
		{ "time-limit", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	enum pipeline_output command = PIPELINE_FILES;
	enum diag_exit status;
	struct pipeline p;
	char *style = NULL, *example = NULL, *package_dir = NULL;
	const char *command_name = NULL;
	int c, level, dir_given = 0, jobs = 0;

	intl_init();
	if (argc > 1 && strcmp(argv[1], "diff") == 0)
		return diff_command(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "check") == 0)
		return check_command(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "new") == 0)
		return new_command(argc - 1, argv + 1);
	pipeline_init(&p, NULL);
	if (argc > 1 && (strcmp(argv[1], "render") == 0 ||
	    strcmp(argv[1], "package") == 0 ||
	    strcmp(argv[1], "revise") == 0)) {
		command_name = argv[1];
		if (strcmp(argv[1], "package") == 0)
			command = PIPELINE_PACKAGE;
		if (strcmp(argv[1], "revise") == 0)
			command = PIPELINE_REVISE;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	p.out = command;
	while ((c = getopt_long(argc, argv, "o:T:s:j:hV", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case 'o':
			p.dir = optarg;
			dir_given = 1;
			break;
		case 'T':
			if (command != PIPELINE_FILES)
				usage_error("-T: %s writes files, it does not "
				    "print", command_name);
			if (strcmp(optarg, "xml") == 0)
				p.out = PIPELINE_XML;
			else if (strcmp(optarg, "tree") == 0)
				p.out = PIPELINE_TREE;
			else if (strcmp(optarg, "layout") == 0)
				p.out = PIPELINE_LAYOUT;
			else if (strcmp(optarg, "yaml") == 0)
				p.out = PIPELINE_YAML;
			else
				usage_error("unknown output format '%s' "
				    "(use xml, yaml, tree or layout)", optarg);
			break;
		case 'P':
			p.png_dir = optarg;
			break;
		case 'F':
			p.for_label = optarg;
			break;
		case 'f':
			p.force = 1;
			break;
		case 'S':
			p.strict = 1;
			break;
		case 'j':
			jobs = number(optarg, 1, 256, "-j: '%s' is not a "
			    "number of jobs (1 to 256)");
			break;
		case 'L':
			p.time_limit = number(optarg, 1, 86400, "--time-limit: "
			    "'%s' is not a number of seconds (1 to 86400)");
			break;
		case 'A':
			if ((level = pdfa_level_lookup(optarg)) < 0)
				usage_error("unknown PDF/A level '%s' (use 2b, "
				    "1b or none)", optarg);
			p.pdfa = (enum pdfa_level)level;
			break;
		case 's':
			p.style_path = optarg;
			break;
		case 'h':
			fputs(_(usage_text), stdout);
			return finish(DIAG_EXIT_OK);
		case 'V':
			printf("hplan %s\n", HPLAN_VERSION);
			return finish(DIAG_EXIT_OK);
		default:
			fputs(_("Try 'hplan --help' for more information.\n"),
			    stderr);
			return DIAG_EXIT_USAGE;
		}
	}
	if (p.style_path == NULL)
		p.style_path = style = pipeline_data_file(
		    "styles/stockholm.yaml");
	if (command == PIPELINE_PACKAGE && argc - optind != 1)
		usage_error("%s: give exactly one plan to package", "package");
	if (command == PIPELINE_REVISE && (argc - optind != 1 || !dir_given))
		usage_error("%s: give one plan and the new plan's file with -o",
		    "revise");
	if (command == PIPELINE_PACKAGE && !dir_given)
		p.dir = package_dir = pipeline_package_dir(argv[optind]);
	fileio_clean_up_on_signals();
	if (optind == argc) {
		example = pipeline_data_file("input/norrmalm-2017.yaml");
		status = pipeline_plans(&p, &example, 1, jobs);
	} else
		status = pipeline_plans(&p, argv + optind,
		    (size_t)(argc - optind), jobs);
	pipeline_free(&p);
	free(style);
	free(example);
	free(package_dir);
	return finish(status);
}
