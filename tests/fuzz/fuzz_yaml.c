/*
 * libFuzzer harness: any bytes as a plan in YAML.  A plan that reads is
 * also checked, written as XML and YAML, and the XML read back.
 */
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "doc.h"
#include "plan.h"
#include "xml_out.h"
#include "yaml_out.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct check_report report;
	struct buf yaml = { 0 };
	struct doc *doc, *again;
	struct diag d;
	size_t len;
	char *xml;

	diag_init(&d, NULL);
	doc = plan_parse("fuzz.yaml", (const char *)data, size, &d);
	if (doc == NULL)
		return 0;
	doc_check(doc);
	check_plan(doc, NULL, &report);
	check_report_free(&report);
	yaml_out_write(doc, &yaml);
	xml = xml_out_write(doc, &len);
	again = plan_parse("fuzz.xml", xml, len, &d);
	if (again == NULL)
		abort();	/* hplan's own XML must read back */
	doc_check(again);
	doc_free(again);
	free(xml);
	buf_free(&yaml);
	doc_free(doc);
	return 0;
}
