/*
 * Each plan given on the command line is read, checked for a sound tree,
 * written as XML, read back and written again: both XML texts must be
 * identical, and both trees sound.  A tjänsteutlåtande's XML is read
 * beside its plan's, as render writes them.
 */
#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "doc.h"
#include "fileio.h"
#include "harness.h"
#include "xml_out.h"
#include "plan.h"

/* Writes the XML of doc's plan into dir, where its own XML names it;
 * returns the file written, or NULL when doc has no plan. */
static char *
plan_beside(const struct doc *doc, const char *dir)
{
	struct buf path = { 0 };
	char *xml, *stem;
	size_t len;
	FILE *f;

	if (doc->memo == NULL || doc->memo->plan_doc == NULL)
		return NULL;
	stem = fileio_stem(doc->memo->plan_path);
	buf_printf(&path, "%s/%s.xml", dir, stem);
	free(stem);
	xml = xml_out_write(doc->memo->plan_doc, &len);
	OK((f = fopen(path.data, "wb")) != NULL);
	if (f != NULL) {
		OK(fwrite(xml, 1, len, f) == len);
		fclose(f);
	}
	free(xml);
	return buf_take(&path);
}

int
main(int argc, char *argv[])
{
	char dir[] = "/tmp/hplan-roundtrip-XXXXXX", name[64];
	struct diag d;
	int i;

	diag_init(&d, stderr);
	OK(mkdtemp(dir) != NULL);
	snprintf(name, sizeof(name), "%s/roundtrip.xml", dir);
	for (i = 1; i < argc; i++) {
		enum diag_exit status;
		struct doc *doc = plan_read(argv[i], &d, &status), *again;
		char *xml, *xml2, *plan;
		size_t len, len2;

		OK(doc != NULL);
		if (doc == NULL)
			continue;
		doc_check(doc);
		xml = xml_out_write(doc, &len);
		plan = plan_beside(doc, dir);
		again = plan_parse(name, xml, len, &d);
		OK(again != NULL);
		if (again != NULL) {
			doc_check(again);
			xml2 = xml_out_write(again, &len2);
			INT_EQ(len2, len);
			OK(memcmp(xml, xml2, len) == 0);
			free(xml2);
			doc_free(again);
		}
		free(xml);
		if (plan != NULL) {
			unlink(plan);
			free(plan);
		}
		doc_free(doc);
	}
	rmdir(dir);
	INT_EQ(d.errors, 0);
	INT_EQ(d.warnings, 0);
	return harness_done();
}
