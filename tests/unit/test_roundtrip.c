/*
 * Each plan given on the command line is read, checked for a sound tree,
 * written as XML, read back and written again: both XML texts must be
 * identical, and both trees sound.
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "harness.h"
#include "xml_out.h"
#include "plan.h"

int
main(int argc, char *argv[])
{
	struct diag d;
	int i;

	diag_init(&d, stderr);
	for (i = 1; i < argc; i++) {
		enum diag_exit status;
		struct doc *doc = plan_read(argv[i], &d, &status), *again;
		char *xml, *xml2;
		size_t len, len2;

		OK(doc != NULL);
		if (doc == NULL)
			continue;
		doc_check(doc);
		xml = xml_out_write(doc, &len);
		again = plan_parse("roundtrip.xml", xml, len, &d);
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
		doc_free(doc);
	}
	INT_EQ(d.errors, 0);
	INT_EQ(d.warnings, 0);
	return harness_done();
}
