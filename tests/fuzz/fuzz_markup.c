/*
 * libFuzzer harness: any bytes as a text block in the markup, then written
 * back and parsed again, which must give the same tree.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "dump.h"
#include "markup.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
parse(const char *text, size_t len, int *ok)
{
	struct markup_anchor a = { 0, 1, 1 };
	struct markup_origin o = { "fuzz", &a, 1, 0 };
	struct diag_pos pos = { "fuzz", 1, 1 };
	struct doc *doc = doc_new("fuzz");
	struct doc_node *s = doc_node_new(DOC_SECTION, &pos);
	struct buf out = { 0 }, tree = { 0 };
	struct diag d;
	const char *p, *e;

	s->as.section.title = strdup("s");
	s->as.section.level = 1;
	doc_append(doc->root, s);
	diag_init(&d, NULL);
	*ok = markup_blocks(s, text, len, &o, &d) == 0 && d.warnings == 0;
	doc_check(doc);
	dump_tree(doc, &tree);
	/* The tree without positions, which the round trip changes. */
	for (p = tree.data; p != NULL && *p != '\0'; p = e + 1) {
		const char *at;

		e = strchr(p, '\n');
		at = strstr(p, " @");
		buf_add(&out, p, (size_t)((at != NULL && at < e ? at : e) - p));
		buf_addc(&out, '\n');
	}
	buf_free(&tree);
	doc_free(doc);
	return buf_take(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct markup_anchor a = { 0, 1, 1 };
	struct markup_origin o = { "fuzz", &a, 1, 0 };
	struct diag_pos pos = { "fuzz", 1, 1 };
	struct doc_node *s;
	struct buf text = { 0 };
	struct diag d;
	char *first, *second;
	int ok, ok2;

	if (memchr(data, '\0', size) != NULL || size > 4096)
		return 0;
	first = parse((const char *)data, size, &ok);
	if (ok) {
		/* What parses cleanly is written back, and reads the same. */
		s = doc_node_new(DOC_SECTION, &pos);
		diag_init(&d, NULL);
		markup_blocks(s, (const char *)data, size, &o, &d);
		markup_write(s, &text);
		doc_node_free(s);
		second = parse(text.data != NULL ? text.data : "", text.len,
		    &ok2);
		if (strcmp(first, second) != 0) {
			fprintf(stderr, "-- read:\n%s-- written back:\n%.*s\n"
			    "-- reads as:\n%s", first, (int)text.len,
			    text.data != NULL ? text.data : "", second);
			abort();
		}
		free(second);
		buf_free(&text);
	}
	free(first);
	return 0;
}
