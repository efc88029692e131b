/* libFuzzer harness: any bytes as archival XML. */
#include <stdint.h>
#include <stdlib.h>

#include "doc.h"
#include "plan.h"
#include "xml_out.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc *doc;
	struct diag d;
	size_t len;

	diag_init(&d, NULL);
	doc = plan_parse("fuzz.xml", (const char *)data, size, &d);
	if (doc == NULL)
		return 0;
	doc_check(doc);
	free(xml_out_write(doc, &len));
	doc_free(doc);
	return 0;
}
