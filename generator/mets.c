#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libxml/tree.h>

#include "mets.h"
#include "xalloc.h"
#include "xml_out.h"

#define X(s)		((const xmlChar *)(s))
#define METS_NS		"http://www.loc.gov/METS/"
#define XLINK_NS	"http://www.w3.org/1999/xlink"
#define CSIP_NS		"https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
#define SIP_NS		"https://DILCIS.eu/XML/METS/SIPExtensionMETS"

struct ctx {
	xmlDocPtr	 x;
	xmlNsPtr	 mets, xlink, csip;
};

static xmlNodePtr
element(struct ctx *c, xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr n = xmlNewDocNode(c->x, c->mets, X(name), NULL);

	if (n == NULL)
		xalloc_fail(0);
	if (text != NULL)
		xmlAddChild(n, xmlNewDocText(c->x, X(text)));
	if (parent != NULL)
		xmlAddChild(parent, n);
	return n;
}

static void
attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlNewProp(n, X(name), X(value));
}

static int
is_schema(const struct mets_file *f)
{
	return strncmp(f->path, "schemas/", 8) == 0;
}

static void
header(struct ctx *c, xmlNodePtr mets, const struct doc *doc,
    const char *date)
{
	xmlNodePtr h = element(c, mets, "metsHdr", NULL), a;

	attr(h, "CREATEDATE", date);
	attr(h, "RECORDSTATUS", "NEW");
	xmlNewNsProp(h, c->csip, X("OAISPACKAGETYPE"), X("SIP"));
	a = element(c, h, "agent", NULL);
	attr(a, "ROLE", "CREATOR");
	attr(a, "TYPE", "OTHER");
	attr(a, "OTHERTYPE", "SOFTWARE");
	element(c, a, "name", "hplan");
	xmlNewNsProp(element(c, a, "note", HPLAN_VERSION), c->csip,
	    X("NOTETYPE"), X("SOFTWARE VERSION"));
	a = element(c, h, "agent", NULL);
	attr(a, "ROLE", "CREATOR");
	attr(a, "TYPE", "ORGANIZATION");
	element(c, a, "name", doc->meta.board.s);
}

static void
file_group(struct ctx *c, xmlNodePtr sec, const char *id, const char *use,
    const struct mets_file *files, size_t n, int schemas, const char *date)
{
	xmlNodePtr g = element(c, sec, "fileGrp", NULL);
	size_t i;

	attr(g, "ID", id);
	attr(g, "USE", use);
	for (i = 0; i < n; i++) {
		xmlNodePtr f, loc;
		char fid[32], size[32];
		gchar *sum;

		if (is_schema(&files[i]) != schemas)
			continue;
		snprintf(fid, sizeof(fid), "file-%zu", i + 1);
		snprintf(size, sizeof(size), "%zu", files[i].len);
		sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
		    (const guchar *)files[i].data, files[i].len);
		f = element(c, g, "file", NULL);
		attr(f, "ID", fid);
		attr(f, "MIMETYPE", files[i].mimetype);
		attr(f, "SIZE", size);
		attr(f, "CREATED", date);
		attr(f, "CHECKSUM", sum);
		attr(f, "CHECKSUMTYPE", "SHA-256");
		g_free(sum);
		loc = element(c, f, "FLocat", NULL);
		attr(loc, "LOCTYPE", "URL");
		xmlNewNsProp(loc, c->xlink, X("type"), X("simple"));
		xmlNewNsProp(loc, c->xlink, X("href"), X(files[i].path));
	}
}

static void
struct_div(struct ctx *c, xmlNodePtr parent, const char *id,
    const char *label, const struct mets_file *files, size_t n, int schemas)
{
	xmlNodePtr d = element(c, parent, "div", NULL);
	size_t i;

	attr(d, "ID", id);
	attr(d, "LABEL", label);
	for (i = 0; i < n; i++) {
		char fid[32];

		if (is_schema(&files[i]) != schemas)
			continue;
		snprintf(fid, sizeof(fid), "file-%zu", i + 1);
		attr(element(c, d, "fptr", NULL), "FILEID", fid);
	}
}

char *
mets_write(const struct doc *doc, const char *objid,
    const struct mets_file *files, size_t nfiles, const char *date,
    size_t *len)
{
	struct ctx c;
	xmlNodePtr mets, sec, map, root;

	c.x = xmlNewDoc(X("1.0"));
	mets = xmlNewDocNode(c.x, NULL, X("mets"), NULL);
	xmlDocSetRootElement(c.x, mets);
	c.mets = xmlNewNs(mets, X(METS_NS), X("mets"));
	xmlSetNs(mets, c.mets);
	c.xlink = xmlNewNs(mets, X(XLINK_NS), X("xlink"));
	c.csip = xmlNewNs(mets, X(CSIP_NS), X("csip"));
	xmlNewNs(mets, X(SIP_NS), X("sip"));
	attr(mets, "OBJID", objid);
	attr(mets, "LABEL", doc->meta.title.s);
	attr(mets, "TYPE", "Dataset");
	xmlNewNsProp(mets, c.csip, X("CONTENTINFORMATIONTYPE"),
	    X("citserms_v3_0"));
	attr(mets, "PROFILE", "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml");
	header(&c, mets, doc, date);
	sec = element(&c, mets, "fileSec", NULL);
	attr(sec, "ID", "fileSec");
	file_group(&c, sec, "schemas", "Schemas", files, nfiles, 1, date);
	file_group(&c, sec, "rep1", "Representations/rep1", files, nfiles, 0,
	    date);
	map = element(&c, mets, "structMap", NULL);
	attr(map, "ID", "structMap");
	attr(map, "TYPE", "PHYSICAL");
	attr(map, "LABEL", "CSIP StructMap");
	root = element(&c, map, "div", NULL);
	attr(root, "ID", "div-root");
	attr(root, "LABEL", objid);
	struct_div(&c, root, "div-schemas", "Schemas", files, nfiles, 1);
	struct_div(&c, root, "div-rep1", "Representations/rep1", files, nfiles,
	    0);

	return xml_out_serialize(c.x, len);
}
