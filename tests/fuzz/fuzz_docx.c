/* libFuzzer harness: any bytes as a Word file to import, and the plan
 * made of it written as YAML.  Bytes that are not a zip archive are the
 * document's body, word/document.xml, packed here, so that the fuzzer
 * reaches the reading of Word's XML past the archive's checksums. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "doc.h"
#include "docx_in.h"
#include "xalloc.h"
#include "yaml_out.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data as word/document.xml of a new archive, in *out; 0 or -1. */
static int
pack(const uint8_t *data, size_t size, char **out, size_t *len)
{
	zip_source_t *mem, *body;
	zip_error_t ze;
	zip_stat_t st;
	zip_t *z;
	int ret = -1;

	zip_error_init(&ze);
	if ((mem = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		return -1;
	zip_source_keep(mem);
	if ((z = zip_open_from_source(mem, ZIP_TRUNCATE, &ze)) == NULL)
		goto out;
	if ((body = zip_source_buffer(z, data, size, 0)) == NULL ||
	    zip_file_add(z, "word/document.xml", body, ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(body);
		zip_discard(z);
		goto out;
	}
	if (zip_close(z) != 0) {
		zip_discard(z);
		goto out;
	}
	if (zip_source_stat(mem, &st) == 0 && zip_source_open(mem) == 0) {
		*out = xmalloc(st.size + 1);
		*len = (size_t)zip_source_read(mem, *out, st.size);
		zip_source_close(mem);
		ret = 0;
	}
out:
	zip_source_free(mem);
	zip_error_fini(&ze);
	return ret;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct docx_summary sum;
	struct buf out = { 0 };
	struct doc *doc;
	struct diag d;
	char *packed = NULL;
	size_t len = size;

	if (size < 2 || memcmp(data, "PK", 2) != 0) {
		if (pack(data, size, &packed, &len) != 0)
			return 0;
		data = (const uint8_t *)packed;
	}
	diag_init(&d, NULL);
	doc = docx_in_parse("fuzz.docx", (const char *)data, len, &sum, &d);
	free(packed);
	if (doc == NULL)
		return 0;
	doc_check(doc);
	yaml_out_write(doc, &out);
	buf_free(&out);
	doc_free(doc);
	return 0;
}
