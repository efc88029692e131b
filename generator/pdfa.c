#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <qpdf/qpdf-c.h>

#include "fileio.h"
#include "pdfa.h"
#include "xalloc.h"

#define PRODUCER	"hplan " HPLAN_VERSION " (cairo, qpdf)"
#define SUBJECT		"Handlingsplan mot våldsbejakande extremism"
#define LANGUAGE	"sv-SE"

struct pass {
	qpdf_data		 q;
	const struct doc	*doc;
	enum pdfa_level		 level;
	const char		*date;	/* YYYY-MM-DDThh:mm:ssZ */
	struct diag		*d;
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

static qpdf_oh
stream(struct pass *p, const void *data, size_t len)
{
	qpdf_oh s = qpdf_oh_new_stream(p->q);

	qpdf_oh_replace_stream_data(p->q, s, data, len, qpdf_oh_new_null(p->q),
	    qpdf_oh_new_null(p->q));
	return s;
}

static void
catalog(struct pass *p, const char *icc, size_t icclen)
{
	qpdf_data q = p->q;
	qpdf_oh root = qpdf_get_root(q), meta, intent, intents, prefs, mark,
	    profile;
	struct buf x = { 0 };

	xmp(p, &x);
	meta = stream(p, x.data, x.len);
	buf_free(&x);
	qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, meta), "/Type",
	    qpdf_oh_new_name(q, "/Metadata"));
	qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, meta), "/Subtype",
	    qpdf_oh_new_name(q, "/XML"));
	qpdf_oh_replace_key(q, root, "/Metadata", meta);

	profile = stream(p, icc, icclen);
	qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, profile), "/N",
	    qpdf_oh_new_integer(q, 3));
	intent = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, intent, "/Type",
	    qpdf_oh_new_name(q, "/OutputIntent"));
	qpdf_oh_replace_key(q, intent, "/S", qpdf_oh_new_name(q,
	    "/GTS_PDFA1"));
	qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier",
	    qpdf_oh_new_string(q, "sRGB IEC61966-2.1"));
	qpdf_oh_replace_key(q, intent, "/Info",
	    qpdf_oh_new_string(q, "sRGB IEC61966-2.1"));
	qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
	intents = qpdf_oh_new_array(q);
	qpdf_oh_append_item(q, intents, qpdf_make_indirect_object(q, intent));
	qpdf_oh_replace_key(q, root, "/OutputIntents", intents);

	qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_string(q, LANGUAGE));
	prefs = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, prefs, "/DisplayDocTitle",
	    qpdf_oh_new_bool(q, QPDF_TRUE));
	qpdf_oh_replace_key(q, root, "/ViewerPreferences", prefs);
	mark = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, mark, "/Marked", qpdf_oh_new_bool(q, QPDF_TRUE));
	qpdf_oh_replace_key(q, root, "/MarkInfo", mark);
}

/* The Info dictionary, written anew with exactly the XMP's values. */
static void
info(struct pass *p)
{
	const struct doc_meta *m = &p->doc->meta;
	qpdf_data q = p->q;
	qpdf_oh d = qpdf_oh_new_dictionary(q);
	char date[24];

	pdf_date(p->date, date);
	qpdf_oh_replace_key(q, d, "/Title", qpdf_oh_new_unicode_string(q,
	    m->title.s));
	qpdf_oh_replace_key(q, d, "/Author", qpdf_oh_new_unicode_string(q,
	    m->board.s));
	qpdf_oh_replace_key(q, d, "/Subject", qpdf_oh_new_unicode_string(q,
	    SUBJECT));
	if (m->dnr.s != NULL && m->dnr.s[0] != '\0')
		qpdf_oh_replace_key(q, d, "/Keywords",
		    qpdf_oh_new_unicode_string(q, m->dnr.s));
	qpdf_oh_replace_key(q, d, "/Creator", qpdf_oh_new_string(q, "hplan"));
	qpdf_oh_replace_key(q, d, "/Producer", qpdf_oh_new_string(q,
	    PRODUCER));
	qpdf_oh_replace_key(q, d, "/CreationDate", qpdf_oh_new_string(q,
	    date));
	qpdf_oh_replace_key(q, d, "/ModDate", qpdf_oh_new_string(q, date));
	qpdf_oh_replace_key(q, qpdf_get_trailer(q), "/Info",
	    qpdf_make_indirect_object(q, d));
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

/* PDF/A-1 wants a CIDSet naming the glyphs of a subset font. */
static void
cidset(struct pass *p, qpdf_oh descriptor)
{
	qpdf_data q = p->q;
	qpdf_oh file = qpdf_oh_get_key(q, descriptor, "/FontFile2");
	unsigned char *data = NULL, *bits;
	size_t len = 0, nbytes;
	unsigned n, i;

	if (!qpdf_oh_is_stream(q, file) || qpdf_oh_get_stream_data(q, file,
	    qpdf_dl_generalized, NULL, &data, &len) != QPDF_SUCCESS)
		return;
	n = glyph_count(data, len);
	free(data);
	if (n == 0)
		return;
	nbytes = (n + 7) / 8;
	bits = xcalloc(nbytes, 1);
	for (i = 0; i < n; i++)
		bits[i / 8] |= (unsigned char)(0x80 >> (i % 8));
	qpdf_oh_replace_key(q, descriptor, "/CIDSet", stream(p, bits, nbytes));
	free(bits);
}

static void
fonts(struct pass *p, qpdf_oh page)
{
	qpdf_data q = p->q;
	qpdf_oh res = qpdf_oh_get_key(q, page, "/Resources");
	qpdf_oh fonts = qpdf_oh_get_key_if_dict(q, res, "/Font");

	if (!qpdf_oh_is_dictionary(q, fonts))
		return;
	qpdf_oh_begin_dict_key_iter(q, fonts);
	while (qpdf_oh_dict_more_keys(q)) {
		qpdf_oh font = qpdf_oh_get_key(q, fonts,
		    qpdf_oh_dict_next_key(q));
		qpdf_oh desc = qpdf_oh_get_key_if_dict(q, font,
		    "/DescendantFonts");
		int i;

		if (!qpdf_oh_is_array(q, desc))
			continue;
		for (i = 0; i < qpdf_oh_get_array_n_items(q, desc); i++) {
			qpdf_oh cid = qpdf_oh_get_array_item(q, desc, i);

			if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q,
			    cid, "/Subtype"), "/CIDFontType2"))
				continue;
			qpdf_oh_replace_key(q, cid, "/CIDToGIDMap",
			    qpdf_oh_new_name(q, "/Identity"));
			if (p->level == PDFA_1B)
				cidset(p, qpdf_oh_get_key(q, cid,
				    "/FontDescriptor"));
		}
	}
}

static void
pages(struct pass *p)
{
	qpdf_data q = p->q;
	int n = qpdf_get_num_pages(q), i, k;

	for (i = 0; i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");

		/* Tab order follows the structure. */
		qpdf_oh_replace_key(q, page, "/Tabs", qpdf_oh_new_name(q,
		    "/S"));
		if (p->level == PDFA_1B)
			qpdf_oh_remove_key(q, page, "/Group");
		fonts(p, page);
		for (k = 0; qpdf_oh_is_array(q, annots) &&
		    k < qpdf_oh_get_array_n_items(q, annots); k++) {
			qpdf_oh a = qpdf_oh_get_array_item(q, annots, k);
			qpdf_oh action = qpdf_oh_get_key(q, a, "/A");
			qpdf_oh uri = qpdf_oh_get_key_if_dict(q, action, "/URI");

			/* Printable, and described for who cannot see it. */
			qpdf_oh_replace_key(q, a, "/F", qpdf_oh_new_integer(q,
			    4));
			qpdf_oh_replace_key(q, a, "/Contents",
			    qpdf_oh_is_string(q, uri) ? qpdf_oh_new_object(q,
			    uri) : qpdf_oh_new_unicode_string(q,
			    "Länk till avsnittet"));
		}
	}
}

static int
failed(struct pass *p, const char *what)
{
	struct diag_pos pos = { p->doc->file, 0, 0 };

	diag_report(p->d, DIAG_ERROR, &pos, "cannot make the PDF/A (%s): %s",
	    what, qpdf_has_error(p->q) ? qpdf_get_error_full_text(p->q,
	    qpdf_get_error(p->q)) : "unknown error");
	return -1;
}

int
pdfa_convert(struct buf *pdf, const struct doc *doc, enum pdfa_level level,
    const char *date, const char *icc, struct diag *d)
{
	struct pass p = { NULL, doc, level, date, d };
	char *profile;
	size_t len;
	int ret = 0;

	if (level == PDFA_NONE)
		return 0;
	if (fileio_read(icc, 4 << 20, &profile, &len, d) != 0)
		return -1;
	p.q = qpdf_init();
	qpdf_set_suppress_warnings(p.q, QPDF_TRUE);
	if (qpdf_read_memory(p.q, "cairo output", pdf->data, pdf->len, NULL) &
	    QPDF_ERRORS) {
		ret = failed(&p, "reading");
		goto out;
	}
	catalog(&p, profile, len);
	info(&p);
	pages(&p);
	if (qpdf_init_write_memory(p.q) & QPDF_ERRORS) {
		ret = failed(&p, "writing");
		goto out;
	}
	/* The same input gives the same bytes: /ID from the content. */
	qpdf_set_deterministic_ID(p.q, QPDF_TRUE);
	qpdf_set_object_stream_mode(p.q, qpdf_o_disable);
	qpdf_set_stream_data_mode(p.q, qpdf_s_preserve);
	qpdf_set_newline_before_endstream(p.q, QPDF_TRUE);
	if (qpdf_write(p.q) & QPDF_ERRORS) {
		ret = failed(&p, "writing");
		goto out;
	}
	pdf->len = 0;
	buf_add(pdf, (const char *)qpdf_get_buffer(p.q),
	    qpdf_get_buffer_length(p.q));
out:
	free(profile);
	qpdf_cleanup(&p.q);
	return ret;
}
