#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libxml/tree.h>

#include "buf.h"
#include "erms.h"
#include "xalloc.h"
#include "xml_out.h"

#define X(s)	((const xmlChar *)(s))

/* The namespace of hplan's name-based identifiers (a v4 UUID of its own). */
static const unsigned char uuid_namespace[16] = {
	0x5b, 0x1e, 0x0c, 0x3a, 0x6f, 0x2d, 0x4e, 0x91,
	0x9a, 0x47, 0x0d, 0x21, 0x8c, 0x53, 0xe7, 0x40
};

int
erms_possible(const struct doc *doc)
{
	return doc->meta.dnr.s != NULL && doc->meta.dnr.s[0] != '\0';
}

int
erms_classification(const char *dnr, char *out, size_t size)
{
	size_t i = 0;

	/* {processkod}-{löpnummer}/{år}: digits and dots before the dash. */
	while ((dnr[i] >= '0' && dnr[i] <= '9') || (dnr[i] == '.' && i > 0))
		i++;
	if (i == 0 || dnr[i] != '-' || dnr[i - 1] == '.' || i >= size)
		return -1;
	memcpy(out, dnr, i);
	out[i] = '\0';
	return 0;
}

void
erms_uuid(const char *text, char out[37])
{
	GChecksum *sha = g_checksum_new(G_CHECKSUM_SHA1);
	guint8 digest[20];
	gsize len = sizeof(digest);

	g_checksum_update(sha, uuid_namespace, sizeof(uuid_namespace));
	g_checksum_update(sha, (const guchar *)text, (gssize)strlen(text));
	g_checksum_get_digest(sha, digest, &len);
	g_checksum_free(sha);
	digest[6] = (guint8)((digest[6] & 0x0f) | 0x50);	/* version 5 */
	digest[8] = (guint8)((digest[8] & 0x3f) | 0x80);	/* RFC 4122 */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", digest[0], digest[1], digest[2],
	    digest[3], digest[4], digest[5], digest[6], digest[7], digest[8],
	    digest[9], digest[10], digest[11], digest[12], digest[13],
	    digest[14], digest[15]);
}

static xmlNodePtr
valued(xmlNodePtr parent, const char *name, const char *value)
{
	xmlNodePtr n = xml_out_element(parent, name, NULL);

	xmlNewProp(n, X("value"), X(value));
	return n;
}

static void
control(xmlNodePtr erms, const struct doc *doc, const char *date)
{
	xmlNodePtr c = xml_out_element(erms, "control", NULL), m, h, e, a;

	xmlNewProp(xml_out_element(c, "identification", doc->meta.dnr.s),
	    X("identificationType"), X("dnr"));
	m = xml_out_element(c, "maintenanceInformation", NULL);
	valued(m, "maintenanceStatus", "new");
	xml_out_element(xml_out_element(m, "maintenanceAgency", NULL),
	    "agencyName", doc->meta.board.s);
	h = xml_out_element(m, "maintenanceHistory", NULL);
	e = xml_out_element(h, "maintenanceEvent", NULL);
	valued(e, "eventType", "created");
	xml_out_element(e, "eventDateTime", date);
	a = xml_out_element(e, "agent", NULL);
	xmlNewProp(a, X("agentType"), X("creator"));
	xml_out_element(a, "name", "hplan " HPLAN_VERSION);
}

static void
appendices(xmlNodePtr record, const struct erms_file *files, size_t n)
{
	xmlNodePtr info, own;
	size_t i;

	info = xml_out_element(record, "additionalInformation", NULL);
	for (i = 0; i < n; i++) {
		xmlNodePtr a = xml_out_element(info, "appendix", NULL);

		xmlNewProp(a, X("name"), X(files[i].name));
		xmlNewProp(a, X("description"), X(files[i].description));
		xmlNewProp(a, X("fileFormat"), X(files[i].format));
		xmlNewProp(a, X("path"), X(files[i].name));
	}
	/* ERMS has no checksum of its own for an appendix: they are given
	 * as the schema's own extension, a named value per file. */
	own = xml_out_element(info, "ownElement", NULL);
	xml_out_element(own, "ownElementDescription", "checksums: the SHA-256 "
	    "of each appendix, in lower-case hexadecimal");
	for (i = 0; i < n; i++) {
		xmlNodePtr c = xml_out_element(own, "ownElement", NULL);
		gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
		    (const guchar *)files[i].data, files[i].len);

		xmlNewProp(c, X("name"), X(files[i].name));
		xmlNewProp(c, X("dataType"), X("SHA-256"));
		xml_out_element(c, "value", sum);
		g_free(sum);
	}
}

/* The nämnd's decision, as the case's: its date and an action. */
static void
decision(xmlNodePtr agg, const struct doc_meta *m)
{
	const struct doc_decision *dec = &m->decision;
	xmlNodePtr action, agent;
	struct buf words = { 0 };
	char day[11], when[32];

	doc_date_format(&dec->date, day);
	snprintf(when, sizeof(when), "%sT00:00:00", day);
	xmlNewProp(xml_out_element(xml_out_element(agg, "dates", NULL), "date",
	    when), X("dateType"), X("decision"));
	action = xml_out_element(agg, "action", NULL);
	doc_decision_words(m, &words);
	xml_out_element(action, "actionText", words.data);
	buf_free(&words);
	xml_out_element(action, "actionType", "beslut");
	xmlNewProp(xml_out_element(xml_out_element(action, "dates", NULL),
	    "actionDate", when), X("dateType"), X("decision"));
	agent = xml_out_element(xml_out_element(action, "agents", NULL),
	    "agent", NULL);
	xmlNewProp(agent, X("agentType"), X("other"));
	xmlNewProp(agent, X("otherAgentType"), X("beslutande organ"));
	xml_out_element(agent, "name", dec->body.s != NULL ? dec->body.s :
	    m->board.s);
}

/* A record: the plan, or the tjänsteutlåtande proposing it. */
static void
record(xmlNodePtr agg, const struct erms_record *rec, const char *date)
{
	const struct doc_meta *m = &rec->doc->meta;
	int memo = rec->doc->kind == DOC_KIND_MEMO;
	xmlNodePtr r, dates, d;
	struct buf id = { 0 };
	char uuid[37];

	r = xml_out_element(agg, "record", NULL);
	buf_printf(&id, "dnr:%s:version:%u%s", m->dnr.s, m->version,
	    memo ? ":tjänsteutlåtande" : "");
	erms_uuid(id.data, uuid);
	buf_free(&id);
	xmlNewProp(r, X("systemIdentifier"), X(uuid));
	xmlNewProp(r, X("recordType"), X(memo ? "tjänsteutlåtande" :
	    "handlingsplan"));
	buf_printf(&id, "%s:%u%s", m->dnr.s, m->version, memo ?
	    ":tjänsteutlåtande" : "");
	xml_out_element(r, "objectId", id.data);
	buf_free(&id);
	xml_out_element(r, "title", m->title.s);
	valued(r, "status", "prepared");
	xmlNewProp(xml_out_element(r, "direction", NULL),
	    X("directionDefinition"), X("internal_memo_for_follow-up"));
	d = xml_out_element(xml_out_element(r, "agents", NULL), "agent",
	    NULL);
	xmlNewProp(d, X("agentType"), X("creator"));
	xml_out_element(d, "name", m->administration.s != NULL &&
	    m->administration.s[0] != '\0' ? m->administration.s : m->board.s);
	dates = xml_out_element(r, "dates", NULL);
	xmlNewProp(xml_out_element(dates, "date", date), X("dateType"),
	    X("created"));
	appendices(r, rec->files, rec->nfiles);
}

char *
erms_write(const struct erms_record *records, size_t nrecords,
    const char *date, size_t *len)
{
	const struct doc *doc = records[0].doc;
	const struct doc_meta *m = &doc->meta;
	xmlDocPtr x = xmlNewDoc(X("1.0"));
	xmlNodePtr erms, agg, d;
	struct buf id = { 0 };
	char uuid[37], code[64];
	size_t i;

	erms = xmlNewDocNode(x, NULL, X("erms"), NULL);
	xmlDocSetRootElement(x, erms);
	xmlSetNs(erms, xmlNewNs(erms, X(ERMS_NAMESPACE), NULL));
	control(erms, doc, date);
	agg = xml_out_element(xml_out_element(erms, "aggregations", NULL),
	    "aggregation", NULL);
	buf_printf(&id, "dnr:%s", m->dnr.s);
	erms_uuid(id.data, uuid);
	buf_free(&id);
	xmlNewProp(agg, X("systemIdentifier"), X(uuid));
	xmlNewProp(agg, X("aggregationType"), X("caseFile"));
	xml_out_element(agg, "objectId", m->dnr.s);
	if (erms_classification(m->dnr.s, code, sizeof(code)) == 0)
		xmlNewProp(xml_out_element(agg, "classification", NULL),
		    X("classificationCode"), X(code));
	xml_out_element(agg, "title", m->title.s);
	valued(agg, "status", "open");
	d = xml_out_element(xml_out_element(agg, "agents", NULL), "agent",
	    NULL);
	xmlNewProp(d, X("agentType"), X("owner"));
	xml_out_element(d, "name", m->board.s);
	if (m->decision.present)
		decision(agg, m);
	for (i = 0; i < nrecords; i++)
		record(agg, &records[i], date);
	return xml_out_serialize(x, len);
}
