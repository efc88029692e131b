/* memmem() is a GNU one. */
#define _GNU_SOURCE

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
};

struct pdfua *
pdfua_new(void)
{
	return xcalloc(1, sizeof(struct pdfua));
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
    const char **what)
{
	const struct pdfobj *contents = pdfobj_entry(page, "/Contents");
	struct buf scratch = { 0 }, out = { 0 };
	struct page_mcids pm = { 0 };
	const char *content;
	size_t len;
	int ret = 0;

	if (contents == NULL)
		return 0;
	/* Cairo writes one stream a page. */
	if (contents->kind != PDFOBJ_REF || pdfobj_decoded(f, contents->num,
	    &scratch, &content, &len) != 0) {
		*what = "the content of a page";
		buf_free(&scratch);
		return -1;
	}
	if (remark(content, len, &out, &pm) > 0) {
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
	/* Cairo leaves the content uncompressed (pdf_init()): it was
	 * decoded in place, scratch unused. */
	if (ret == 0 && (pm.n > 0 || scratch.data == NULL))
		pdfobj_restream(f, contents->num, out.data, out.len);
	buf_free(&scratch);
	buf_free(&out);
	return ret;
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

static int
by_key(const void *a, const void *b)
{
	const struct page_mcids *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

/*
 * For each page with decoration, its array in the parent tree (by MCID,
 * of the elements that hold its content) with the decoration's MCIDs
 * pointing nowhere.
 */
static int
parent_tree(struct pdfua *ua, struct pdfobj_file *f, unsigned tree)
{
	const struct pdfobj *nums = pdfobj_key(f, pdfobj_get(f, tree),
	    "/Nums");
	size_t i, m;

	if (nums == NULL || nums->kind != PDFOBJ_ARRAY)
		return -1;
	qsort(ua->pages, ua->npages, sizeof(*ua->pages), by_key);
	for (i = 0; i + 1 < nums->n; i += 2) {
		struct page_mcids key = { pdfobj_integer(&nums->items[i]),
		    NULL, 0, 0 };
		const struct page_mcids *pm = bsearch(&key, ua->pages,
		    ua->npages, sizeof(*ua->pages), by_key);
		const struct pdfobj *v = &nums->items[i + 1], *arr;
		struct buf *b;

		if (pm == NULL)
			continue;
		/* Cairo writes each page's array as an object of its own. */
		if (v->kind != PDFOBJ_REF || (arr = pdfobj_get(f,
		    v->num)) == NULL || arr->kind != PDFOBJ_ARRAY)
			return -1;
		for (m = 0; m < pm->n; m++)
			if ((size_t)pm->mcid[m] >= arr->n)
				return -1;
		b = pdfobj_begin(f, v->num);
		buf_addc(b, '[');
		for (m = 0; m < arr->n; m++) {
			buf_addc(b, ' ');
			if (decoration_mcid(pm, m))
				buf_adds(b, "null");
			else
				buf_add(b, arr->items[m].raw,
				    arr->items[m].len);
		}
		buf_adds(b, " ]");
	}
	return 0;
}

void
pdfua_record_leaf(struct pdfua_record *r, const struct pdfua_elem *chain,
    size_t n, const char *lang, const char *alt)
{
	r->leaves = xgrow(r->leaves, &r->leafcap, r->nleaves + 2,
	    sizeof(*r->leaves));
	if (r->nleaves == 0)
		r->leaves[0].first = 0;
	r->leaves[r->nleaves].lang = lang;
	r->leaves[r->nleaves].alt = alt;
	r->elems = xgrow(r->elems, &r->elemcap, r->nelems + n,
	    sizeof(*r->elems));
	memcpy(r->elems + r->nelems, chain, n * sizeof(*chain));
	r->nelems += n;
	r->leaves[++r->nleaves].first = r->nelems;
}

void
pdfua_record_free(struct pdfua_record *r)
{
	free(r->elems);
	free(r->leaves);
	memset(r, 0, sizeof(*r));
}

/* The elements below one, by object number. */
struct kids {
	unsigned	*num;
	size_t		 n, cap;
};

/* An element the post-pass makes, and the elements below it. */
struct built {
	struct pdfua_elem e;
	unsigned	 num;
	size_t		 up;		/* the parent's index; SIZE_MAX: the
					 * Document */
	struct kids	 kids;
};

static void
add_kid(struct kids *k, unsigned num)
{
	k->num = xgrow(k->num, &k->cap, k->n + 1, sizeof(*k->num));
	k->num[k->n++] = num;
}

/* num below k, right after kid after if k has it, else last. */
static void
add_kid_after(struct kids *k, unsigned num, unsigned after)
{
	size_t i;

	add_kid(k, num);
	for (i = k->n - 1; i-- > 0 && after != 0;)
		if (k->num[i] == after) {
			memmove(k->num + i + 2, k->num + i + 1,
			    (k->n - i - 2) * sizeof(*k->num));
			k->num[i + 1] = num;
			return;
		}
}

static int
same_elem(const struct pdfua_elem *a, const struct pdfua_elem *b)
{
	return strcmp(a->name, b->name) == 0 && a->key == b->key &&
	    a->n == b->n;
}

static void
write_kids(struct buf *b, const struct kids *k)
{
	size_t i;

	buf_adds(b, "/K [");
	for (i = 0; i < k->n; i++) {
		buf_addc(b, ' ');
		buf_addu(b, k->num[i], 0);
		buf_adds(b, " 0 R");
	}
	buf_adds(b, " ]\n");
}

/* Cairo's element num, below parent now, with what the record says of it
 * but Cairo could not: its language, a Figure's alternative text. */
static void
move_leaf(struct pdfobj_file *f, unsigned num, unsigned parent,
    const struct pdfua_leaf *e)
{
	static const char *const replaced[] = { "/P", "/Lang", "/Alt", NULL };
	const char *lang = e->lang;
	const struct pdfobj *o = pdfobj_get(f, num);
	struct buf *b = pdfobj_begin(f, num);

	buf_adds(b, "<<\n");
	pdfobj_entries(b, o, replaced);
	buf_adds(b, "/P ");
	buf_addu(b, parent, 0);
	buf_adds(b, " 0 R\n");
	/* A language tag is letters, digits and '-': nothing to escape. */
	if (lang != NULL) {
		buf_adds(b, "/Lang (");
		buf_adds(b, lang);
		buf_adds(b, ")\n");
	}
	if (e->alt != NULL) {
		buf_adds(b, "/Alt ");
		pdfobj_text(b, e->alt);
		buf_addc(b, '\n');
	}
	buf_adds(b, ">>");
}

/* The built element of object num, or nb: they are numbered one after
 * another, as they are made (pdfobj_new()). */
static size_t
built_index(const struct built *b, size_t nb, unsigned num)
{
	return nb > 0 && num >= b[0].num && num - b[0].num < nb ?
	    num - b[0].num : nb;
}

/* The built element e among kids (the latest first), or nb. */
static size_t
find_kid(const struct built *b, size_t nb, const struct kids *kids,
    const struct pdfua_elem *e)
{
	size_t i, k;

	for (i = kids->n; i-- > 0;)
		if ((k = built_index(b, nb, kids->num[i])) < nb &&
		    same_elem(&b[k].e, e))
			return k;
	return nb;
}

/*
 * Row r's cells in column order, an empty TD made for each column it has
 * no cell in: a screen reader moves through a table by its rows and
 * columns, which must all be as long.
 */
static void
fill_row(struct pdfobj_file *f, struct built *b, size_t nb, size_t r)
{
	size_t group = b[r].up, table = group < nb ? b[group].up : nb, i;
	unsigned *kids;
	int col, ncols;
	struct buf *out;

	if (table >= nb || strcmp(b[table].e.name, "Table") != 0 ||
	    (ncols = b[table].e.n) <= 0 || ncols > 1000)
		return;
	kids = xcalloc((size_t)ncols, sizeof(*kids));
	for (i = 0; i < b[r].kids.n; i++) {
		size_t k = built_index(b, nb, b[r].kids.num[i]);

		if (k < nb && b[k].e.n >= 1 && b[k].e.n <= ncols &&
		    kids[b[k].e.n - 1] == 0)
			kids[b[k].e.n - 1] = b[r].kids.num[i];
		else {
			/* A cell of no known column: the row as drawn. */
			free(kids);
			return;
		}
	}
	for (col = 0; col < ncols; col++) {
		if (kids[col] != 0)
			continue;
		kids[col] = pdfobj_new(f);
		out = pdfobj_begin(f, kids[col]);
		buf_adds(out, "<< /Type /StructElem /S /TD /P ");
		buf_addu(out, b[r].num, 0);
		buf_adds(out, " 0 R >>");
	}
	free(b[r].kids.num);
	b[r].kids.num = kids;
	b[r].kids.n = b[r].kids.cap = (size_t)ncols;
}

/* The ID of the nth note: of one width, so that the IDs' order as
 * strings, which a name tree keeps, is theirs. */
static void
note_id(struct buf *b, size_t n)
{
	buf_adds(b, "(note-");
	buf_addu(b, n, 6);
	buf_addc(b, ')');
}

/* The structure tree's root again, with an IDTree naming the notes. */
static void
id_tree(struct pdfobj_file *f, unsigned tree, const struct built *b,
    size_t nb)
{
	static const char *const replaced[] = { "/IDTree", NULL };
	const struct pdfobj *root = pdfobj_get(f, tree);
	struct buf *out = pdfobj_begin(f, tree);
	size_t j, n = 0;

	buf_adds(out, "<<\n");
	pdfobj_entries(out, root, replaced);
	buf_adds(out, "/IDTree << /Names [");
	for (j = 0; j < nb; j++)
		if (strcmp(b[j].e.name, "Note") == 0) {
			buf_addc(out, ' ');
			note_id(out, ++n);
			buf_addc(out, ' ');
			buf_addu(out, b[j].num, 0);
			buf_adds(out, " 0 R");
		}
	buf_adds(out, " ] >>\n>>");
}

/*
 * The tree of document (Cairo's Document element, its kids the leaves rec
 * names, in order): for each leaf, the elements of its chain that the
 * last leaf's does not share are made (or found again, see below) below
 * the ones it does, and the leaf goes below them.
 */
static int
build(struct pdfobj_file *f, unsigned tree, unsigned document,
    const struct pdfua_record *rec)
{
	static const char *const replaced[] = { "/K", NULL };
	const struct pdfobj *doc = pdfobj_get(f, document), *k;
	struct built *b = NULL;
	struct kids top = { 0 }, *up;
	size_t nb = 0, bcap = 0, depth = 0, i, j, nnotes = 0, stack[64];
	/* By note number: its marker's Reference (0: none yet). */
	unsigned *refs = NULL;
	size_t nrefs = 0, refcap = 0;
	struct buf *out;
	int ret = -1;

	k = pdfobj_entry(doc, "/K");
	if (k == NULL || (k->kind == PDFOBJ_ARRAY ? k->n : 1) != rec->nleaves)
		return -1;
	for (i = 0; i < rec->nleaves; i++) {
		const struct pdfobj *leaf = k->kind == PDFOBJ_ARRAY ?
		    &k->items[i] : k;
		const struct pdfua_elem *chain = rec->elems +
		    rec->leaves[i].first;
		size_t n = rec->leaves[i + 1].first - rec->leaves[i].first,
		    same = 0;

		if (leaf->kind != PDFOBJ_REF || n == 0 || n > 64 ||
		    pdfobj_get(f, leaf->num) == NULL)
			goto out;
		/* Decoration is no element: an artifact (pdfua_page()). */
		if (strcmp(chain[n - 1].name, PDFUA_DECORATION) == 0)
			continue;
		while (same < depth && same < n - 1 &&
		    same_elem(&b[stack[same]].e, &chain[same]))
			same++;
		for (depth = same; depth < n - 1; depth++) {
			size_t found;

			/* A table row over a page break goes on in the cell
			 * it began in, after the other cells' first part:
			 * the element is the one begun. */
			up = depth > 0 ? &b[stack[depth - 1]].kids : &top;
			if ((found = find_kid(b, nb, up, &chain[depth])) < nb) {
				stack[depth] = found;
				continue;
			}
			b = xgrow(b, &bcap, nb + 1, sizeof(*b));
			memset(&b[nb], 0, sizeof(b[nb]));
			b[nb].e = chain[depth];
			b[nb].num = pdfobj_new(f);
			b[nb].up = depth > 0 ? stack[depth - 1] : SIZE_MAX;
			/* A note is read right after its marker. */
			add_kid_after(depth > 0 ? &b[stack[depth - 1]].kids :
			    &top, b[nb].num, strcmp(chain[depth].name,
			    "Note") == 0 && chain[depth].n > 0 &&
			    (size_t)chain[depth].n < nrefs ?
			    refs[chain[depth].n] : 0);
			stack[depth] = nb++;
		}
		if (strcmp(chain[n - 1].name, "Reference") == 0 &&
		    chain[n - 1].n > 0) {
			refs = xgrow(refs, &refcap, (size_t)chain[n - 1].n + 1,
			    sizeof(*refs));
			for (; nrefs <= (size_t)chain[n - 1].n; nrefs++)
				refs[nrefs] = 0;
			refs[chain[n - 1].n] = leaf->num;
		}
		add_kid(depth > 0 ? &b[stack[depth - 1]].kids : &top,
		    leaf->num);
		move_leaf(f, leaf->num, depth > 0 ? b[stack[depth - 1]].num :
		    document, &rec->leaves[i]);
	}
	for (j = 0; j < nb; j++)
		if (strcmp(b[j].e.name, "TR") == 0)
			fill_row(f, b, nb, j);
	for (j = 0; j < nb; j++) {
		out = pdfobj_begin(f, b[j].num);
		buf_adds(out, "<< /Type /StructElem /S /");
		buf_adds(out, b[j].e.name);
		buf_adds(out, " /P ");
		buf_addu(out, b[j].up < nb ? b[b[j].up].num : document, 0);
		buf_adds(out, " 0 R\n");
		/* A header cell heads its column. */
		if (strcmp(b[j].e.name, "TH") == 0)
			buf_adds(out, "/A << /O /Table /Scope /Column >>\n");
		/* PDF/UA wants a note to have an ID (in the tree's IDTree). */
		if (strcmp(b[j].e.name, "Note") == 0) {
			buf_adds(out, "/ID ");
			note_id(out, ++nnotes);
			buf_addc(out, '\n');
		}
		write_kids(out, &b[j].kids);
		buf_adds(out, ">>");
	}
	if (nnotes > 0)
		id_tree(f, tree, b, nb);
	out = pdfobj_begin(f, document);
	buf_adds(out, "<<\n");
	pdfobj_entries(out, doc, replaced);
	write_kids(out, &top);
	buf_adds(out, ">>");
	ret = 0;
out:
	for (j = 0; j < nb; j++)
		free(b[j].kids.num);
	free(b);
	free(top.num);
	free(refs);
	return ret;
}

/* Cairo's Document element: the one kid of the tree's root. */
static unsigned
document_of(struct pdfobj_file *f, unsigned tree)
{
	const struct pdfobj *k = pdfobj_entry(pdfobj_get(f, tree), "/K");

	if (k != NULL && k->kind == PDFOBJ_ARRAY && k->n == 1)
		k = &k->items[0];
	return k != NULL && k->kind == PDFOBJ_REF ? k->num : 0;
}

int
pdfua_tree(struct pdfua *ua, struct pdfobj_file *f, unsigned root,
    const struct pdfua_record *rec, const char **what, unsigned *object)
{
	const struct pdfobj *tree = pdfobj_entry(pdfobj_get(f, root),
	    "/StructTreeRoot"), *parents;
	unsigned document;

	if (ua->npages == 0 && rec == NULL)
		return 0;
	*what = "the structure tree";
	*object = tree != NULL && tree->kind == PDFOBJ_REF ? tree->num : root;
	if (tree == NULL || tree->kind != PDFOBJ_REF ||
	    (parents = pdfobj_entry(pdfobj_get(f, tree->num),
	    "/ParentTree")) == NULL || parents->kind != PDFOBJ_REF ||
	    (ua->npages > 0 && parent_tree(ua, f, parents->num) != 0))
		return -1;
	/* A PDF not drawn by pdf_write() keeps the tree it has. */
	if (rec == NULL)
		return 0;
	if ((document = document_of(f, tree->num)) == 0)
		return -1;
	return build(f, tree->num, document, rec);
}
