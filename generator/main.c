/*
 * hplan: produces a nämnd's handlingsplan mot våldsbejakande extremism from
 * its plan data.  This file only reads the command line and runs the
 * library's steps in order; see hplan.1 for the interface.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "dump.h"
#include "fileio.h"
#include "plan.h"
#include "xml_out.h"

enum output {
	OUT_FILES,	/* write DIR/<name>.xml */
	OUT_XML,	/* print the archival XML */
	OUT_TREE	/* print the document tree */
};

static const char usage_text[] =
"Usage: hplan [render] [-o DIR] [-T FORMAT] [PLAN ...]\n"
"\n"
"Reads each plan, written in YAML (see docs/format.md) or as hplan's\n"
"archival XML, and writes DIR/NAME.xml, the archival XML of the plan.\n"
"Without PLAN, renders the bundled example input/norrmalm-2017.yaml.\n"
"Nothing is written for a plan that has errors, and an earlier output\n"
"is replaced only by a complete new one.\n"
"\n"
"Options:\n"
"  -o, --output DIR   write into DIR (default: output); DIR is created\n"
"                     if its parent exists\n"
"  -T, --to FORMAT    print to standard output instead of writing files:\n"
"                     'xml' (the archival XML) or 'tree' (the document\n"
"                     tree with source positions)\n"
"  -h, --help         print this help and exit\n"
"  -V, --version      print the version and exit\n"
"\n"
"Exit status:\n"
"  0  done (warnings may have been printed)\n"
"  1  a plan has errors; nothing was written for it\n"
"  2  the command line is wrong\n"
"  3  a file could not be read or written, or memory ran out\n";

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

static enum diag_exit
process(const char *path, const char *dir, enum output out, struct diag *d)
{
	enum diag_exit status = DIAG_EXIT_OK;
	struct buf text = { 0 };
	struct doc *doc;
	char *target;

	if ((doc = plan_read(path, d, &status)) == NULL)
		return status;
	switch (out) {
	case OUT_TREE:
		dump_tree(doc, &text);
		fwrite(text.data, 1, text.len, stdout);
		break;
	case OUT_XML:
		text.data = xml_out_write(doc, &text.len);
		fwrite(text.data, 1, text.len, stdout);
		break;
	case OUT_FILES:
		text.data = xml_out_write(doc, &text.len);
		target = output_path(dir, path, ".xml");
		if (fileio_ensure_dir(dir, d) != 0 ||
		    fileio_write(target, text.data, text.len, d) != 0)
			status = DIAG_EXIT_SYSTEM;
		free(target);
		break;
	}
	buf_free(&text);
	doc_free(doc);
	return status;
}

static char *
default_plan(void)
{
	const char *dir = getenv("HPLAN_DATA_DIR");
	struct buf b = { 0 };

	buf_printf(&b, "%s/input/norrmalm-2017.yaml",
	    dir != NULL && dir[0] != '\0' ? dir : HPLAN_DATA_DIR);
	return buf_take(&b);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "to", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	enum diag_exit status = DIAG_EXIT_OK, s;
	enum output out = OUT_FILES;
	const char *dir = "output";
	struct diag d;
	char *plan;
	int c, i;

	if (argc > 1 && strcmp(argv[1], "render") == 0) {
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	while ((c = getopt_long(argc, argv, "o:T:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case 'T':
			if (strcmp(optarg, "xml") == 0)
				out = OUT_XML;
			else if (strcmp(optarg, "tree") == 0)
				out = OUT_TREE;
			else
				usage_error("unknown output format '%s' "
				    "(use xml or tree)", optarg);
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
	diag_init(&d, stderr);
	if (optind == argc) {
		plan = default_plan();
		status = process(plan, dir, out, &d);
		free(plan);
	}
	for (i = optind; i < argc; i++)
		if ((s = process(argv[i], dir, out, &d)) > status)
			status = s;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("hplan: error: cannot write to standard output\n",
		    stderr);
		status = DIAG_EXIT_SYSTEM;
	}
	return (int)status;
}
