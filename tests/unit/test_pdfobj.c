/* Reading a PDF's objects where they lie, and the file written anew. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pdfobj.h"

/* A PDF with objects 1.. as given, a correct table and trailer extra. */
static void
make_pdf(struct buf *b, const char *const *objs, size_t n, const char *extra)
{
	size_t off[16], i, xref;

	b->len = 0;
	buf_adds(b, "%PDF-1.5\n%\xb5\xed\xae\xfb\n");
	for (i = 0; i < n; i++) {
		off[i] = b->len;
		buf_printf(b, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	xref = b->len;
	buf_printf(b, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
	for (i = 0; i < n; i++)
		buf_printf(b, "%010zu 00000 n \n", off[i]);
	buf_printf(b, "trailer\n<< /Size %zu /Root 1 0 R %s>>\nstartxref\n"
	    "%zu\n%%%%EOF\n", n + 1, extra, xref);
}

/* The PDF of make_pdf(), opened; NULL (a failure) when it cannot be. */
static struct pdfobj_file *
opened(struct buf *b, const char *const *objs, size_t n)
{
	struct pdfobj_file *f;

	make_pdf(b, objs, n, "");
	f = pdfobj_open(b->data, b->len);
	OK(f != NULL);
	return f;
}

static int
raw_is(const struct pdfobj *v, const char *want)
{
	return v != NULL && v->len == strlen(want) &&
	    memcmp(v->raw, want, v->len) == 0;
}

static void
test_values(void)
{
	static const char *const objs[] = {
		"<< /Type /Catalog % a comment, as Cairo writes after /Page\n"
		"   /Pages 2 0 R /Nested << /A [ 1 -2.5 .5 (a (nested) \\) "
		"string) <48656C6C6F> /N true false null ] >> >>",
		"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
		"<< /Length 4 0 R >>\nstream\nabcdef\nendstream",
		"6",
	};
	struct buf pdf = { 0 };
	struct pdfobj_file *f;
	const struct pdfobj *cat, *nested, *a, *kids;
	const char *data;
	size_t len;

	if ((f = opened(&pdf, objs, 4)) == NULL)
		return;
	cat = pdfobj_get(f, 1);
	OK(cat != NULL && cat->kind == PDFOBJ_DICT);
	OK(pdfobj_is_name(pdfobj_key(f, cat, "/Type"), "/Catalog"));
	OK(pdfobj_entry(cat, "/Pages")->kind == PDFOBJ_REF);
	INT_EQ(pdfobj_entry(cat, "/Pages")->num, 2);
	nested = pdfobj_key(f, cat, "/Nested");
	a = pdfobj_key(f, nested, "/A");
	OK(a != NULL && a->kind == PDFOBJ_ARRAY);
	INT_EQ(a != NULL ? a->n : 0, 9);
	if (a != NULL && a->n == 9) {
		/* "1 -2.5" is two numbers, not the start of a reference. */
		OK(a->items[0].kind == PDFOBJ_NUMBER);
		OK(raw_is(&a->items[1], "-2.5"));
		OK(raw_is(&a->items[3], "(a (nested) \\) string)"));
		OK(a->items[4].kind == PDFOBJ_STRING);
		OK(a->items[6].kind == PDFOBJ_BOOL);
		OK(a->items[8].kind == PDFOBJ_NULL);
	}
	kids = pdfobj_key(f, pdfobj_get(f, 2), "/Kids");
	OK(kids != NULL && kids->n == 1 && kids->items[0].kind == PDFOBJ_REF);
	/* A stream whose length is an indirect object. */
	OK(pdfobj_stream(f, 3, &data, &len) == 0 && len == 6 &&
	    memcmp(data, "abcdef", 6) == 0);
	OK(pdfobj_stream(f, 2, &data, &len) != 0);
	OK(pdfobj_get(f, 5) == NULL);
	OK(pdfobj_get(f, 99) == NULL);
	pdfobj_close(f);
	buf_free(&pdf);
}

/* Broken files are refused or their broken objects not read: never a
 * crash, a loop or a read outside the data. */
static void
test_broken(void)
{
	static const char *const self[] = { "<< /Length 1 0 R >>\nstream\n"
	    "x\nendstream" };
	static const char *const unclosed[] = { "<< /A [ 1 2 " };
	static const char *const badkey[] = { "<< 1 2 >>" };
	static const char *const deep[] = {
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ ]]]]]]]]]]]]]]]]]]]]]]]]"
	    "]]]]]]]]]]]]]]]]" };
	const char *const *bad[] = { self, unclosed, badkey, deep };
	struct buf pdf = { 0 };
	struct pdfobj_file *f;
	size_t cut, i;

	/* The file is read, its one object not. */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_pdf(&pdf, bad[i], 1, "");
		f = pdfobj_open(pdf.data, pdf.len);
		OK(f != NULL && pdfobj_get(f, 1) == NULL);
		pdfobj_close(f);
	}
	/* Every truncation of a good file. */
	make_pdf(&pdf, self, 1, "");
	for (cut = 0; cut < pdf.len; cut++) {
		f = pdfobj_open(pdf.data, cut);
		if (f != NULL)
			pdfobj_get(f, 1);
		pdfobj_close(f);
	}
	OK(pdfobj_open("", 0) == NULL);
	/* A trailer that breaks off after some entries (freed once). */
	make_pdf(&pdf, self, 1, "");
	memcpy(strstr(pdf.data, ">>\nstartxref"), "]]", 2);
	OK(pdfobj_open(pdf.data, pdf.len) == NULL);
	/* Streams whose lengths are streams, each the next: read up to a
	 * few, not down to the stack's end. */
	{
		static char chain[15][64];
		const char *objs[16];

		for (i = 0; i < 15; i++) {
			snprintf(chain[i], sizeof(chain[i]), "<< /Length %zu 0 R "
			    ">>\nstream\nx\nendstream", i + 2);
			objs[i] = chain[i];
		}
		objs[15] = "1";
		make_pdf(&pdf, objs, 16, "");
		f = pdfobj_open(pdf.data, pdf.len);
		OK(f != NULL && pdfobj_get(f, 1) == NULL &&
		    pdfobj_get(f, 15) != NULL);
		pdfobj_close(f);
	}
	/* A /Prev that is no table, and one that is its own table. */
	make_pdf(&pdf, self, 1, "/Prev 0 ");
	OK(pdfobj_open(pdf.data, pdf.len) == NULL);
	{
		char prev[32];

		snprintf(prev, sizeof(prev), "/Prev %zu ",
		    (size_t)(strstr(pdf.data, "xref\n") - pdf.data));
		make_pdf(&pdf, self, 1, prev);
		OK(pdfobj_open(pdf.data, pdf.len) == NULL);
	}
	buf_free(&pdf);
}

/* pdf with its catalog replaced (its /Old gone, an /Info and a /Lang
 * added) and an object added: the file written anew. */
static void
updated(struct buf *pdf)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R /Old (x) >>",
		"<< /Type /Pages /Kids [] /Count 0 >>",
	};
	static const char *const drop[] = { "/Old", NULL };
	struct buf update = { 0 }, *b;
	struct pdfobj_file *f;
	unsigned added;

	if ((f = opened(pdf, objs, 2)) == NULL)
		return;
	added = pdfobj_new(f);
	INT_EQ(added, 3);
	b = pdfobj_begin(f, 1);
	buf_adds(b, "<<\n");
	pdfobj_entries(b, pdfobj_get(f, 1), drop);
	buf_printf(b, "/Info %u 0 R\n/Lang ", added);
	pdfobj_text(b, "sv (SE)");
	buf_adds(b, "\n>>");
	OK(pdfobj_written(f, 1) && !pdfobj_written(f, 2));
	b = pdfobj_begin(f, added);
	pdfobj_text(b, "Länk");
	pdfobj_finish(f, 1, added, &update);
	pdfobj_close(f);
	buf_free(pdf);
	*pdf = update;
}

/* Replacing and adding objects, then reading the result back. */
static void
test_update(void)
{
	struct buf pdf = { 0 }, again = { 0 };
	struct pdfobj_file *g;
	const struct pdfobj *cat;

	updated(&pdf);
	OK(strstr(pdf.data, "(sv \\(SE\\))") != NULL);
	OK(strstr(pdf.data, "<FEFF004C00E4006E006B>") != NULL);
	{
		/* Broken UTF-8 is not read past its end. */
		char *broken = strdup("abc\xe2");
		struct buf b = { 0 };

		pdfobj_text(&b, broken);
		OK(b.data != NULL && strncmp(b.data, "<FEFF006100620063", 17) ==
		    0);
		buf_free(&b);
		free(broken);
	}
	g = pdfobj_open(pdf.data, pdf.len);
	OK(g != NULL);
	if (g != NULL) {
		cat = pdfobj_get(g, 1);
		OK(pdfobj_key(g, cat, "/Old") == NULL);
		OK(pdfobj_is_name(pdfobj_key(g, cat, "/Type"), "/Catalog"));
		OK(pdfobj_key(g, cat, "/Info")->kind == PDFOBJ_STRING);
		/* The unchanged object is copied as it was. */
		OK(pdfobj_is_name(pdfobj_key(g, pdfobj_get(g, 2), "/Type"),
		    "/Pages"));
		OK(pdfobj_entry(pdfobj_trailer(g), "/ID") != NULL);
		/* One table, the replaced catalog's old version gone. */
		OK(pdfobj_entry(pdfobj_trailer(g), "/Prev") == NULL);
		OK(strstr(pdf.data, "/Old") == NULL);
		OK(strncmp(pdf.data, "%PDF-", 5) == 0);
		pdfobj_close(g);
	}
	/* The same input gives the same bytes. */
	updated(&again);
	OK(pdf.len == again.len && memcmp(pdf.data, again.data, pdf.len) == 0);
	buf_free(&again);
	buf_free(&pdf);
}

int
main(void)
{
	test_values();
	test_broken();
	test_update();
	return harness_done();
}
