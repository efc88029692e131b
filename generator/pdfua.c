/* memmem() is a GNU one. */
#define _GNU_SOURCE

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "pdfua.h"
#include "xalloc.h"

/* How Cairo opens an element's marked content (cairo-pdf-operators.c). */
#define DECORATION_BDC	"/" PDFUA_DECORATION " << /MCID "

/* The MCIDs of a page's decoration: the page's key in the parent tree and
 * the MCIDs, which become artifacts. */
struct page_mcids {
	long long	 key;
	int		*mcid;
	size_t		 n, cap;
};

struct pdfua {
	struct page_mcids *pages;
	size_t		 npages, pagecap;
	/* The elements taken out: element to its parent, and the parents
	 * in the order first met. */
	GHashTable	*taken;
	unsigned	*parents;
	size_t		 nparents, parentcap;
};

struct pdfua *
pdfua_new(void)
{
	struct pdfua *ua = xcalloc(1, sizeof(*ua));

	ua->taken = g_hash_table_new(NULL, NULL);
	return ua;
}

void
pdfua_free(struct pdfua *ua)
{
	size_t i;

	if (ua == NULL)
		return;
	for (i = 0; i < ua->npages; i++)
		free(ua->pages[i].mcid);
	free(ua->pages);
	g_hash_table_unref(ua->taken);
	free(ua->parents);
	free(ua);
}

/*
 * Copies content to out with each decoration's "/Private << /MCID n >>
 * BDC" made "/Artifact BMC", noting n in pm.  Cairo writes text as glyph
 * numbers in hex strings, so the plan's own words cannot look like such an
 * operator.  Returns how many were re-marked.
 */
static size_t
remark(const char *content, size_t len, struct buf *out,
    struct page_mcids *pm)
{
	const char *s = content, *end = content + len, *at;
	size_t count = 0, k = strlen(DECORATION_BDC);

	while ((at = memmem(s, (size_t)(end - s), DECORATION_BDC, k)) !=
	    NULL) {
		const char *p = at + k, *close;
		long mcid = 0;

		while (p < end && *p >= '0' && *p <= '9' && mcid < 1000000)
			mcid = mcid * 10 + (*p++ - '0');
		close = " >> BDC";
		if ((size_t)(end - p) < strlen(close) || p == at + k ||
		    memcmp(p, close, strlen(close)) != 0) {
			buf_add(out, s, (size_t)(p - s));
			s = p;
			continue;
		}
		buf_add(out, s, (size_t)(at - s));
		buf_adds(out, "/Artifact BMC");
		s = p + strlen(close);
		pm->mcid = xgrow(pm->mcid, &pm->cap, pm->n + 1,
		    sizeof(*pm->mcid));
		pm->mcid[pm->n++] = (int)mcid;
		count++;
	}
	buf_add(out, s, (size_t)(end - s));
	return count;
}

int
pdfua_page(struct pdfua *ua, struct pdfobj_file *f, const struct pdfobj *page,
    unsigned num, const char **what)
{
	const struct pdfobj *contents = pdfobj_entry(page, "/Contents");
	struct buf content = { 0 }, out = { 0 };
	struct page_mcids pm = { 0 };
	int ret = 0;

	(void)num;
	if (contents == NULL)
		return 0;
	/* Cairo writes one stream a page. */
	if (contents->kind != PDFOBJ_REF ||
	    pdfobj_decoded(f, contents->num, &content) != 0) {
		*what = "the content of a page";
		buf_free(&content);
		return -1;
	}
	if (remark(content.data, content.len, &out, &pm) > 0) {
		pm.key = pdfobj_integer(pdfobj_key(f, page, "/StructParents"));
		if (pm.key < 0) {
			*what = "the structure of a page";
			free(pm.mcid);
			ret = -1;
		} else {
			ua->pages = xgrow(ua->pages, &ua->pagecap,
			    ua->npages + 1, sizeof(*ua->pages));
			ua->pages[ua->npages++] = pm;
		}
	}
	/* Cairo leaves the content uncompressed (pdf_init()). */
	if (ret == 0 && (pm.n > 0 || pdfobj_key(f, pdfobj_get(f,
	    contents->num), "/Filter") == NULL))
		pdfobj_flate(f, pdfobj_begin(f, contents->num), "", out.data,
		    out.len);
	buf_free(&content);
	buf_free(&out);
	return ret;
}

/* Whether element child of parent is one taken out. */
static int
taken(const struct pdfua *ua, unsigned parent, unsigned child)
{
	gpointer p = g_hash_table_lookup(ua->taken, GUINT_TO_POINTER(child));

	return p != NULL && GPOINTER_TO_UINT(p) == parent;
}

/* Element num written again without the kids taken out. */
static void
rewrite_parent(struct pdfua *ua, struct pdfobj_file *f, unsigned num)
{
	static const char *const replaced[] = { "/K", NULL };
	const struct pdfobj *e = pdfobj_get(f, num), *k = pdfobj_entry(e,
	    "/K");
	struct buf *b = pdfobj_begin(f, num);
	size_t i;

	buf_adds(b, "<<\n");
	pdfobj_entries(b, e, replaced);
	buf_adds(b, "/K [");
	if (k->kind == PDFOBJ_ARRAY) {
		for (i = 0; i < k->n; i++)
			if (k->items[i].kind != PDFOBJ_REF ||
			    !taken(ua, num, k->items[i].num)) {
				buf_addc(b, ' ');
				buf_add(b, k->items[i].raw, k->items[i].len);
			}
	} else if (k->kind != PDFOBJ_REF || !taken(ua, num, k->num)) {
		buf_addc(b, ' ');
		buf_add(b, k->raw, k->len);
	}
	buf_adds(b, " ]\n>>");
}

/* Whether page pm's MCID mcid is decoration. */
static int
decoration_mcid(const struct page_mcids *pm, size_t mcid)
{
	size_t i;

	for (i = 0; i < pm->n; i++)
		if ((size_t)pm->mcid[i] == mcid)
			return 1;
	return 0;
}

/* Notes decoration element child, held in the parent tree, by its parent
 * (its /P). */
static int
take(struct pdfua *ua, struct pdfobj_file *f, const struct pdfobj *child)
{
	const struct pdfobj *e, *parent, *p;

	if (child->kind != PDFOBJ_REF || (e = pdfobj_get(f, child->num)) ==
	    NULL || !pdfobj_is_name(pdfobj_entry(e, "/S"), "/"
	    PDFUA_DECORATION) || (parent = pdfobj_entry(e, "/P")) == NULL ||
	    parent->kind != PDFOBJ_REF || (p = pdfobj_get(f,
	    parent->num)) == NULL || pdfobj_entry(p, "/K") == NULL)
		return -1;
	/* An element over a page break is in two pages' arrays. */
	if (g_hash_table_contains(ua->taken, GUINT_TO_POINTER(child->num)))
		return 0;
	g_hash_table_insert(ua->taken, GUINT_TO_POINTER(child->num),
	    GUINT_TO_POINTER(parent->num));
	ua->parents = xgrow(ua->parents, &ua->parentcap, ua->nparents + 1,
	    sizeof(*ua->parents));
	ua->parents[ua->nparents++] = parent->num;
	return 0;
}

/*
 * For each page with decoration, the parent tree's array (by MCID) of the
 * elements that hold its content, the decoration's elements noted and their
 * MCIDs pointing nowhere.  The parent tree names the decoration's elements:
 * the structure tree need not be read.
 */
static int
parent_tree(struct pdfua *ua, struct pdfobj_file *f, unsigned tree)
{
	const struct pdfobj *nums = pdfobj_key(f, pdfobj_get(f, tree),
	    "/Nums");
	size_t i, k, m;

	if (nums == NULL || nums->kind != PDFOBJ_ARRAY)
		return -1;
	for (i = 0; i + 1 < nums->n; i += 2) {
		long long key = pdfobj_integer(&nums->items[i]);
		const struct pdfobj *v = &nums->items[i + 1], *arr;
		struct buf *b;

		for (k = 0; k < ua->npages && ua->pages[k].key != key; k++)
			continue;
		if (k == ua->npages)
			continue;
		/* Cairo writes each page's array as an object of its own. */
		if (v->kind != PDFOBJ_REF || (arr = pdfobj_get(f,
		    v->num)) == NULL || arr->kind != PDFOBJ_ARRAY)
			return -1;
		for (m = 0; m < ua->pages[k].n; m++)
			if ((size_t)ua->pages[k].mcid[m] >= arr->n ||
			    take(ua, f, &arr->items[ua->pages[k].mcid[m]]) !=
			    0)
				return -1;
		b = pdfobj_begin(f, v->num);
		buf_addc(b, '[');
		for (m = 0; m < arr->n; m++) {
			buf_addc(b, ' ');
			if (decoration_mcid(&ua->pages[k], m))
				buf_adds(b, "null");
			else
				buf_add(b, arr->items[m].raw,
				    arr->items[m].len);
		}
		buf_adds(b, " ]");
	}
	return 0;
}

int
pdfua_tree(struct pdfua *ua, struct pdfobj_file *f, unsigned root,
    const char **what, unsigned *object)
{
	const struct pdfobj *tree = pdfobj_entry(pdfobj_get(f, root),
	    "/StructTreeRoot"), *parents;
	size_t i;

	if (ua->npages == 0)
		return 0;
	if (tree == NULL || tree->kind != PDFOBJ_REF ||
	    (parents = pdfobj_entry(pdfobj_get(f, tree->num),
	    "/ParentTree")) == NULL || parents->kind != PDFOBJ_REF ||
	    parent_tree(ua, f, parents->num) != 0) {
		*what = "the structure tree";
		*object = tree != NULL && tree->kind == PDFOBJ_REF ? tree->num :
		    root;
		return -1;
	}
	for (i = 0; i < ua->nparents; i++)
		if (!pdfobj_written(f, ua->parents[i]))
			rewrite_parent(ua, f, ua->parents[i]);
	return 0;
}
