#include <stdint.h>
#include <stdlib.h>
#include <string.h>


#include "fileio.h"
#include "pdfa.h"
#include "pdfobj.h"
#include "pdfua.h"
#include "xalloc.h"

#define PRODUCER	"hplan " HPLAN_VERSION " (cairo)"
#define SUBJECT		"Handlingsplan mot våldsbejakande extremism"
#define LANGUAGE	"sv-SE"
#define PDFUAID		"http://www.aiim.org/pdfua/ns/id/"

struct pass {
	struct pdfobj_file	*f;
	const struct doc	*doc;
	enum pdfa_level		 level;
	const char		*date;	/* YYYY-MM-DDThh:mm:ssZ */
	struct diag		*d;
	struct pdfua		*ua;
	const char		*unread;	/* what could not be read */
	unsigned		 object;	/* where */
};

int
pdfa_level_lookup(const char *name)
{
	if (strcmp(name, "2b") == 0)
		return PDFA_2B;
	if (strcmp(name, "1b") == 0)
		return PDFA_1B;
	if (strcmp(name, "none") == 0)
		return PDFA_NONE;
	return -1;
}

static void
xml_text(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&')
			buf_adds(b, "&amp;");
		else if (*s == '<')
			buf_adds(b, "&lt;");
		else if (*s == '>')
			buf_adds(b, "&gt;");
		else
			buf_addc(b, *s);
	}
}

static void
xmp_alt(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", name);
	xml_text(b, value);
	buf_printf(b, "</rdf:li></rdf:Alt></%s>\n", name);
}

/* The XMP packet; every value in it is also in the Info dictionary. */
static void
xmp(const struct pass *p, struct buf *b)
{
	const struct doc_meta *m = &p->doc->meta;

	buf_adds(b, "<?xpacket begin=\"\xef\xbb\xbf\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "  <rdf:Description rdf:about=\"\" "
	    "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n");
	buf_printf(b, "   <pdfaid:part>%d</pdfaid:part>\n"
	    "   <pdfaid:conformance>B</pdfaid:conformance>\n",
	    p->level == PDFA_1B ? 1 : 2);
	/* The claim of PDF/UA-1 (tests/check_pdfua.py guards it), in a
	 * schema PDF/A does not know: described in PDF/A's extension
	 * schema, which it demands for any other. */
	buf_adds(b, "  </rdf:Description>\n"
	    "  <rdf:Description rdf:about=\"\" "
	    "xmlns:pdfuaid=\"" PDFUAID "\">\n"
	    "   <pdfuaid:part>1</pdfuaid:part>\n"
	    "  </rdf:Description>\n"
	    "  <rdf:Description rdf:about=\"\" "
	    "xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" "
	    "xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" "
	    "xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
	    "   <pdfaExtension:schemas><rdf:Bag>\n"
	    "    <rdf:li rdf:parseType=\"Resource\">\n"
	    "     <pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>\n"
	    "     <pdfaSchema:namespaceURI>" PDFUAID
	    "</pdfaSchema:namespaceURI>\n"
	    "     <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
	    "     <pdfaSchema:property><rdf:Seq>\n"
	    "      <rdf:li rdf:parseType=\"Resource\">\n"
	    "       <pdfaProperty:name>part</pdfaProperty:name>\n"
	    "       <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
	    "       <pdfaProperty:category>internal</pdfaProperty:category>\n"
	    "       <pdfaProperty:description>The part of ISO 14289 (PDF/UA) "
	    "the file conforms to</pdfaProperty:description>\n"
	    "      </rdf:li>\n"
	    "     </rdf:Seq></pdfaSchema:property>\n"
	    "    </rdf:li>\n"
	    "   </rdf:Bag></pdfaExtension:schemas>\n");
	buf_adds(b, "  </rdf:Description>\n"
	    "  <rdf:Description rdf:about=\"\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	    "   <dc:format>application/pdf</dc:format>\n");
	xmp_alt(b, "dc:title", m->title.s);
	buf_adds(b, "   <dc:creator><rdf:Seq><rdf:li>");
	xml_text(b, m->board.s);
	buf_adds(b, "</rdf:li></rdf:Seq></dc:creator>\n");
	xmp_alt(b, "dc:description", SUBJECT);
	buf_adds(b, "   <dc:language><rdf:Bag><rdf:li>" LANGUAGE
	    "</rdf:li></rdf:Bag></dc:language>\n"
	    "  </rdf:Description>\n"
	    "  <rdf:Description rdf:about=\"\" "
	    "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
	    "   <xmp:CreatorTool>hplan</xmp:CreatorTool>\n");
	buf_printf(b, "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
	    "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
	    "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n",
	    p->date, p->date, p->date);
	buf_adds(b, "  </rdf:Description>\n"
	    "  <rdf:Description rdf:about=\"\" "
	    "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
	    "   <pdf:Producer>" PRODUCER "</pdf:Producer>\n");
	if (m->dnr.s != NULL && m->dnr.s[0] != '\0') {
		buf_adds(b, "   <pdf:Keywords>");
		xml_text(b, m->dnr.s);
		buf_adds(b, "</pdf:Keywords>\n");
	}
	buf_adds(b, "  </rdf:Description>\n"
	    " </rdf:RDF>\n"
	    "</x:xmpmeta>\n"
	    "<?xpacket end=\"w\"?>");
}

/* "2017-09-01T00:00:00Z" as a PDF date, "D:20170901000000Z". */
static void
pdf_date(const char *iso, char out[24])
{
	size_t i, n = 2;

	memcpy(out, "D:", 2);
	for (i = 0; iso[i] != '\0' && n < 22; i++)
		if (iso[i] >= '0' && iso[i] <= '9')
			out[n++] = iso[i];
	out[n++] = 'Z';
	out[n] = '\0';
}

/* A stream with the entries dict (besides its length) and data. */
static void
stream(struct buf *b, const char *dict, const void *data, size_t len)
{
	buf_printf(b, "<< %s/Length %zu >>\nstream\n", dict, len);
	buf_add(b, data, len);
	buf_adds(b, "\nendstream");
}

/* Notes what could not be read, the first time; returns -1. */
static int
unread(struct pass *p, const char *what, unsigned object)
{
	if (p->unread == NULL) {
		p->unread = what;
		p->object = object;
	}
	return -1;
}

/* The object the entry key of dict refers to, or 0. */
static unsigned
referred(const struct pdfobj *dict, const char *key)
{
	const struct pdfobj *v = pdfobj_entry(dict, key);

	return v != NULL && v->kind == PDFOBJ_REF ? v->num : 0;
}

/* The catalog replaced, with the metadata and output intent it names. */
static int
catalog(struct pass *p, const char *icc, size_t icclen, unsigned root)
{
	static const char *const replaced[] = { "/Metadata", "/OutputIntents",
	    "/Lang", "/ViewerPreferences", "/MarkInfo", NULL };
	const struct pdfobj *cat = pdfobj_get(p->f, root);
	unsigned meta, profile, intent;
	struct buf x = { 0 }, *b;

	if (cat == NULL || cat->kind != PDFOBJ_DICT)
		return unread(p, "the catalog", root);
	meta = pdfobj_new(p->f);
	profile = pdfobj_new(p->f);
	intent = pdfobj_new(p->f);
	xmp(p, &x);
	/* PDF/A wants the metadata readable as it is: not compressed. */
	stream(pdfobj_begin(p->f, meta), "/Type /Metadata /Subtype /XML ",
	    x.data, x.len);
	buf_free(&x);
	stream(pdfobj_begin(p->f, profile), "/N 3 ", icc, icclen);
	buf_printf(pdfobj_begin(p->f, intent), "<< /Type /OutputIntent "
	    "/S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) "
	    "/Info (sRGB IEC61966-2.1) /DestOutputProfile %u 0 R >>",
	    profile);
	b = pdfobj_begin(p->f, root);
	buf_adds(b, "<<\n");
	pdfobj_entries(b, cat, replaced);
	buf_printf(b, "/Metadata %u 0 R\n/OutputIntents [%u 0 R]\n"
	    "/Lang (" LANGUAGE ")\n/ViewerPreferences << /DisplayDocTitle "
	    "true >>\n/MarkInfo << /Marked true >>\n>>", meta, intent);
	return 0;
}

/* The Info dictionary, written anew with exactly the XMP's values. */
static void
info(struct pass *p, unsigned num)
{
	const struct doc_meta *m = &p->doc->meta;
	struct buf *b = pdfobj_begin(p->f, num);
	char date[24];

	pdf_date(p->date, date);
	buf_adds(b, "<<\n/Title ");
	pdfobj_text(b, m->title.s);
	buf_adds(b, "\n/Author ");
	pdfobj_text(b, m->board.s);
	buf_adds(b, "\n/Subject ");
	pdfobj_text(b, SUBJECT);
	if (m->dnr.s != NULL && m->dnr.s[0] != '\0') {
		buf_adds(b, "\n/Keywords ");
		pdfobj_text(b, m->dnr.s);
	}
	buf_printf(b, "\n/Creator (hplan)\n/Producer (" PRODUCER ")\n"
	    "/CreationDate (%s)\n/ModDate (%s)\n>>", date, date);
}

/* The number of glyphs of a TrueType font program, from its maxp table. */
static unsigned
glyph_count(const unsigned char *f, size_t len)
{
	unsigned tables, i;

	if (len < 12)
		return 0;
	tables = (unsigned)(f[4] << 8 | f[5]);
	for (i = 0; i < tables && 12 + 16 * (size_t)(i + 1) <= len; i++) {
		const unsigned char *t = f + 12 + 16 * i;
		size_t off = (size_t)t[8] << 24 | (size_t)t[9] << 16 |
		    (size_t)t[10] << 8 | t[11];

		if (memcmp(t, "maxp", 4) == 0 && off + 6 <= len)
			return (unsigned)(f[off + 4] << 8 | f[off + 5]);
	}
	return 0;
}

/* PDF/A-1 wants a CIDSet naming the glyphs of a subset font: the
 * descriptor replaced, naming one. */
static int
cidset(struct pass *p, unsigned descriptor)
{
	static const char *const replaced[] = { "/CIDSet", NULL };
	const struct pdfobj *desc = pdfobj_get(p->f, descriptor);
	unsigned file = referred(desc, "/FontFile2"), set, n, i;
	struct buf scratch = { 0 }, *b;
	const char *font;
	size_t fontlen;
	unsigned char *bits;
	size_t nbytes;

	if (desc == NULL || desc->kind != PDFOBJ_DICT)
		return unread(p, "a font descriptor", descriptor);
	if (file == 0)
		return 0;
	if (pdfobj_decoded(p->f, file, &scratch, &font, &fontlen) != 0) {
		buf_free(&scratch);
		return unread(p, "a font program", file);
	}
	n = glyph_count((const unsigned char *)font, fontlen);
	buf_free(&scratch);
	if (n == 0)
		return unread(p, "the glyphs of a font program", file);
	nbytes = (n + 7) / 8;
	bits = xcalloc(nbytes, 1);
	for (i = 0; i < n; i++)
		bits[i / 8] |= (unsigned char)(0x80 >> (i % 8));
	set = pdfobj_new(p->f);
	stream(pdfobj_begin(p->f, set), "", bits, nbytes);
	free(bits);
	b = pdfobj_begin(p->f, descriptor);
	buf_adds(b, "<<\n");
	pdfobj_entries(b, desc, replaced);
	buf_printf(b, "/CIDSet %u 0 R\n>>", set);
	return 0;
}

/* Stream num compressed, if Cairo left it uncompressed (pdf_init()); -1
 * when it cannot be read. */
static int
squeeze(struct pass *p, unsigned num)
{
	const struct pdfobj *dict;
	const char *data;
	size_t len;

	if (num == 0 || pdfobj_written(p->f, num))
		return 0;
	if ((dict = pdfobj_get(p->f, num)) == NULL ||
	    pdfobj_stream(p->f, num, &data, &len) != 0)
		return -1;
	if (pdfobj_key(p->f, dict, "/Filter") == NULL)
		pdfobj_restream(p->f, num, data, len);
	return 0;
}

/* The fonts of a page: their character maps compressed, and for PDF/A
 * their CIDFonts, each replaced once, mapped by identity. */
static int
fonts(struct pass *p, const struct pdfobj *page, unsigned num)
{
	static const char *const replaced[] = { "/CIDToGIDMap", NULL };
	const struct pdfobj *res = pdfobj_key(p->f, page, "/Resources"),
	    *fonts = pdfobj_key(p->f, res, "/Font");
	size_t i, k;

	if (fonts == NULL)
		return 0;
	if (fonts->kind != PDFOBJ_DICT)
		return unread(p, "the fonts of a page", num);
	for (i = 1; i < fonts->n; i += 2) {
		const struct pdfobj *font = pdfobj_resolve(p->f,
		    &fonts->items[i]), *desc = pdfobj_key(p->f, font,
		    "/DescendantFonts");

		if (font == NULL)
			return unread(p, "a font", num);
		if (squeeze(p, referred(font, "/ToUnicode")) != 0)
			return unread(p, "a font's character map", num);
		for (k = 0; p->level != PDFA_NONE && desc != NULL &&
		    k < desc->n; k++) {
			const struct pdfobj *ref = &desc->items[k], *cid;
			struct buf *b;

			if (ref->kind != PDFOBJ_REF ||
			    (cid = pdfobj_get(p->f, ref->num)) == NULL ||
			    cid->kind != PDFOBJ_DICT)
				return unread(p, "a CIDFont", num);
			if (!pdfobj_is_name(pdfobj_key(p->f, cid, "/Subtype"),
			    "/CIDFontType2") || pdfobj_written(p->f, ref->num))
				continue;
			b = pdfobj_begin(p->f, ref->num);
			buf_adds(b, "<<\n");
			pdfobj_entries(b, cid, replaced);
			buf_adds(b, "/CIDToGIDMap /Identity\n>>");
			if (p->level == PDFA_1B && cidset(p, referred(cid,
			    "/FontDescriptor")) != 0)
				return -1;
		}
	}
	return 0;
}

/* A page's links, printable and described for who cannot see them. */
static int
links(struct pass *p, const struct pdfobj *page, unsigned num)
{
	static const char *const replaced[] = { "/F", "/Contents", NULL };
	const struct pdfobj *annots = pdfobj_key(p->f, page, "/Annots");
	size_t k;

	for (k = 0; annots != NULL && k < annots->n; k++) {
		const struct pdfobj *ref = &annots->items[k], *a, *uri;
		struct buf *b;

		if (ref->kind != PDFOBJ_REF ||
		    (a = pdfobj_get(p->f, ref->num)) == NULL ||
		    a->kind != PDFOBJ_DICT)
			return unread(p, "a link", num);
		if (pdfobj_written(p->f, ref->num))
			continue;
		uri = pdfobj_key(p->f, pdfobj_key(p->f, a, "/A"), "/URI");
		b = pdfobj_begin(p->f, ref->num);
		buf_adds(b, "<<\n");
		pdfobj_entries(b, a, replaced);
		buf_adds(b, "/F 4\n/Contents ");
		if (uri != NULL && uri->kind == PDFOBJ_STRING)
			buf_add(b, uri->raw, uri->len);
		else
			pdfobj_text(b, "Länk till avsnittet");
		buf_adds(b, "\n>>");
	}
	return 0;
}

/* Every page below node num of the page tree, replaced. */
static int
pages(struct pass *p, unsigned num, int depth)
{
	const struct pdfobj *node = pdfobj_get(p->f, num), *kids;
	size_t i;

	if (node == NULL || node->kind != PDFOBJ_DICT || depth > 32)
		return unread(p, "the page tree", num);
	if (pdfobj_is_name(pdfobj_key(p->f, node, "/Type"), "/Page")) {
		static const char *const replaced1b[] = { "/Tabs", "/Group",
		    NULL };
		static const char *const replaced[] = { "/Tabs", NULL };
		struct buf *b;

		if (pdfobj_written(p->f, num))
			return 0;
		b = pdfobj_begin(p->f, num);
		buf_adds(b, "<<\n");
		/* PDF/A-1 has no transparency groups. */
		pdfobj_entries(b, node, p->level == PDFA_1B ? replaced1b :
		    replaced);
		/* Tab order follows the structure. */
		buf_adds(b, "/Tabs /S\n>>");
		if (pdfua_page(p->ua, p->f, node, &p->unread) != 0) {
			p->object = num;
			return -1;
		}
		return fonts(p, node, num) != 0 || links(p, node, num) != 0 ?
		    -1 : 0;
	}
	kids = pdfobj_key(p->f, node, "/Kids");
	if (kids == NULL || kids->kind != PDFOBJ_ARRAY)
		return unread(p, "the page tree", num);
	for (i = 0; i < kids->n; i++)
		if (kids->items[i].kind != PDFOBJ_REF ||
		    pages(p, kids->items[i].num, depth + 1) != 0)
			return unread(p, "the page tree", num);
	return 0;
}

int
pdfa_convert(struct buf *pdf, const struct pdfua_record *rec,
    const struct doc *doc, enum pdfa_level level, const char *date,
    const char *icc, struct diag *d)
{
	struct pass p = { NULL, doc, level, date, d, NULL, NULL, 0 };
	struct buf update = { 0 };	/* the file written anew */
	const struct pdfobj *trailer, *cat;
	unsigned root, info_num;
	char *profile = NULL;
	size_t len = 0;
	int ret = -1;

	if (level != PDFA_NONE && fileio_read(icc, 4 << 20, &profile, &len,
	    d) != 0)
		return -1;
	p.ua = pdfua_new();
	if ((p.f = pdfobj_open(pdf->data, pdf->len)) == NULL) {
		unread(&p, "the cross-reference table", 0);
		goto out;
	}
	trailer = pdfobj_trailer(p.f);
	if ((root = referred(trailer, "/Root")) == 0) {
		unread(&p, "the trailer", 0);
		goto out;
	}
	if (level != PDFA_NONE && catalog(&p, profile, len, root) != 0)
		goto out;
	/* Cairo's own Info dictionary gives way to one in step with the XMP. */
	if ((info_num = referred(trailer, "/Info")) == 0)
		info_num = pdfobj_new(p.f);
	info(&p, info_num);
	cat = pdfobj_get(p.f, root);
	if (pages(&p, referred(cat, "/Pages"), 0) != 0 ||
	    pdfua_tree(p.ua, p.f, root, rec, &p.unread, &p.object) != 0)
		goto out;
	pdfobj_finish(p.f, root, info_num, &update);
	ret = 0;
out:
	if (ret != 0) {
		struct diag_pos pos = { doc->file, 0, 0 };

		diag_report(d, DIAG_ERROR, &pos, "cannot make the PDF/A: %s of "
		    "the PDF drawn cannot be read (object %u)", p.unread,
		    p.object);
	}
	pdfobj_close(p.f);
	pdfua_free(p.ua);
	/* Only now: the objects read lie in pdf's data. */
	if (ret == 0) {
		buf_free(pdf);
		*pdf = update;
	} else
		buf_free(&update);
	free(profile);
	return ret;
}
