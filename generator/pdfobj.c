#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <zlib.h>

#include "pdfobj.h"
#include "xalloc.h"

enum {
	/* Cairo nests a few levels deep; a deeper value is not its. */
	MAX_DEPTH = 32,
	/* Previous cross-reference sections followed at most. */
	MAX_SECTIONS = 64,
	/* Objects read to read one (a stream's indirect /Length). */
	MAX_CHAIN = 4,
	XREF_ENTRY = 20
};

struct cached {
	struct pdfobj	*value;		/* NULL: not read (yet) */
	const char	*stream;	/* its data, for a stream */
	size_t		 stream_len;
	int		 state;		/* 0 unread, 1 reading, 2 read, -1 bad */
	int		 written;	/* replaced in the update */
};

struct written {
	unsigned	 num;
	size_t		 off, len;	/* in body */
};

struct pdfobj_file {
	const char	*data;
	size_t		 len;
	size_t		 xref;		/* the newest section's offset */
	unsigned	 size;		/* object numbers below this */
	size_t		*offsets;	/* by number; 0: not in the file */
	struct cached	*objs;
	struct pdfobj	 trailer;
	size_t		 sections[MAX_SECTIONS];	/* their offsets */
	size_t		 nsections;
	unsigned	 next;		/* the number pdfobj_new() gives */
	struct buf	 body;		/* the objects written */
	z_stream	 z;		/* pdfobj_restream()'s */
	int		 deflating;
	struct buf	 flated;
	struct written	*written;
	size_t		 nwritten, writtencap;
	int		 open;		/* an object's value is being written */
	int		 depth;		/* objects being read, one for another */
};

struct lex {
	const char	*p, *end;
};

static int
is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' ||
	    c == '\0';
}

static int
is_delim(char c)
{
	return strchr("()<>[]{}/%", c) != NULL;
}

static int
is_regular(char c)
{
	return !is_space(c) && !is_delim(c);
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void
skip_space(struct lex *x)
{
	while (x->p < x->end) {
		if (*x->p == '%') {
			while (x->p < x->end && *x->p != '\n' && *x->p != '\r')
				x->p++;
		} else if (is_space(*x->p))
			x->p++;
		else
			break;
	}
}

/* Whether the next token is the keyword word. */
static int
keyword(struct lex *x, const char *word)
{
	size_t n = strlen(word);

	skip_space(x);
	if ((size_t)(x->end - x->p) < n || memcmp(x->p, word, n) != 0 ||
	    (x->p + n < x->end && is_regular(x->p[n])))
		return 0;
	x->p += n;
	return 1;
}

/* An unsigned integer, or -1. */
static long long
integer(struct lex *x)
{
	long long v = 0;

	skip_space(x);
	if (x->p >= x->end || !is_digit(*x->p))
		return -1;
	while (x->p < x->end && is_digit(*x->p)) {
		if (v > 1000000000000LL)
			return -1;
		v = v * 10 + (*x->p++ - '0');
	}
	return x->p < x->end && is_regular(*x->p) ? -1 : v;
}

static void
free_value(struct pdfobj *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free_value(&v->items[i]);
	free(v->items);
	v->items = NULL;
	v->n = 0;
}

static int	value(struct lex *, struct pdfobj *, int);

/* The items of an array or dictionary, up to close. */
static int
items(struct lex *x, struct pdfobj *v, char close, int depth)
{
	size_t cap = 0;

	for (;;) {
		skip_space(x);
		if (x->p >= x->end)
			return -1;
		if (*x->p == close) {
			if (close == '>' && (x->p + 1 >= x->end ||
			    x->p[1] != '>'))
				return -1;
			x->p += close == '>' ? 2 : 1;
			break;
		}
		if (v->n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			v->items = xrealloc(v->items, cap * sizeof(*v->items));
		}
		if (value(x, &v->items[v->n], depth + 1) != 0) {
			free_value(&v->items[v->n]);
			return -1;
		}
		v->n++;
		/* A dictionary's keys are names. */
		if (close == '>' && v->n % 2 == 1 &&
		    v->items[v->n - 1].kind != PDFOBJ_NAME)
			return -1;
	}
	return close == '>' && v->n % 2 != 0 ? -1 : 0;
}

static int
string(struct lex *x)
{
	int nesting = 1;

	for (x->p++; x->p < x->end; x->p++)
		if (*x->p == '\\') {
			if (x->p + 1 >= x->end)
				return -1;
			x->p++;
		} else if (*x->p == '(')
			nesting++;
		else if (*x->p == ')' && --nesting == 0) {
			x->p++;
			return 0;
		}
	return -1;
}

/* A number, or a reference "num gen R" where one begins. */
static int
number(struct lex *x, struct pdfobj *v)
{
	const char *start = x->p;
	struct lex ahead;
	long long num, gen;

	if (*x->p == '+' || *x->p == '-')
		x->p++;
	while (x->p < x->end && (is_digit(*x->p) || *x->p == '.'))
		x->p++;
	if (x->p == start || (x->p < x->end && is_regular(*x->p)))
		return -1;
	v->kind = PDFOBJ_NUMBER;
	ahead.p = start;
	ahead.end = x->end;
	if ((num = integer(&ahead)) >= 0 && num <= UINT32_MAX &&
	    (gen = integer(&ahead)) >= 0 && keyword(&ahead, "R")) {
		v->kind = PDFOBJ_REF;
		v->num = (unsigned)num;
		x->p = ahead.p;
	}
	return 0;
}

static int
value(struct lex *x, struct pdfobj *v, int depth)
{
	memset(v, 0, sizeof(*v));
	skip_space(x);
	if (x->p >= x->end || depth > MAX_DEPTH)
		return -1;
	v->raw = x->p;
	if (x->p + 1 < x->end && x->p[0] == '<' && x->p[1] == '<') {
		v->kind = PDFOBJ_DICT;
		x->p += 2;
		if (items(x, v, '>', depth) != 0)
			return -1;
	} else if (*x->p == '[') {
		v->kind = PDFOBJ_ARRAY;
		x->p++;
		if (items(x, v, ']', depth) != 0)
			return -1;
	} else if (*x->p == '(') {
		v->kind = PDFOBJ_STRING;
		if (string(x) != 0)
			return -1;
	} else if (*x->p == '<') {
		v->kind = PDFOBJ_STRING;
		while (x->p < x->end && *x->p != '>')
			x->p++;
		if (x->p >= x->end)
			return -1;
		x->p++;
	} else if (*x->p == '/') {
		v->kind = PDFOBJ_NAME;
		for (x->p++; x->p < x->end && is_regular(*x->p); x->p++)
			continue;
	} else if (is_digit(*x->p) || strchr("+-.", *x->p) != NULL) {
		if (number(x, v) != 0)
			return -1;
	} else if (keyword(x, "true") || keyword(x, "false"))
		v->kind = PDFOBJ_BOOL;
	else if (keyword(x, "null"))
		v->kind = PDFOBJ_NULL;
	else
		return -1;
	v->len = (size_t)(x->p - v->raw);
	return 0;
}

/* One cross-reference section at off, its entries noted unless f has
 * no table yet; its trailer into *trailer. */
static int
section(struct pdfobj_file *f, size_t off, struct pdfobj *trailer)
{
	struct lex x = { f->data + off, f->data + f->len };
	long long first, count, i;

	if (off >= f->len || !keyword(&x, "xref"))
		return -1;
	while ((first = integer(&x)) >= 0) {
		if ((count = integer(&x)) < 0)
			return -1;
		skip_space(&x);
		if (count > (x.end - x.p) / XREF_ENTRY)
			return -1;
		for (i = 0; i < count; i++, x.p += XREF_ENTRY) {
			unsigned long long at = 0;
			int d;

			/* Ten digits, a space: read no further. */
			for (d = 0; d < 10 && is_digit(x.p[d]); d++)
				at = at * 10 + (unsigned long long)(x.p[d] - '0');
			if (d < 10 || x.p[10] != ' ')
				return -1;
			if (f->offsets != NULL && first + i < f->size &&
			    x.p[17] == 'n' &&
			    f->offsets[first + i] == 0 && at < f->len)
				f->offsets[first + i] = (size_t)at;
		}
	}
	memset(trailer, 0, sizeof(*trailer));
	if (!keyword(&x, "trailer") || value(&x, trailer, 0) != 0 ||
	    trailer->kind != PDFOBJ_DICT) {
		free_value(trailer);
		return -1;
	}
	return 0;
}

long long
pdfobj_integer(const struct pdfobj *v)
{
	struct lex x;

	if (v == NULL || v->kind != PDFOBJ_NUMBER)
		return -1;
	x.p = v->raw;
	x.end = v->raw + v->len;
	return integer(&x);
}

const struct pdfobj *
pdfobj_entry(const struct pdfobj *dict, const char *key)
{
	size_t i, n = strlen(key);

	if (dict == NULL || dict->kind != PDFOBJ_DICT)
		return NULL;
	for (i = 0; i + 1 < dict->n; i += 2)
		if (dict->items[i].len == n && memcmp(dict->items[i].raw, key,
		    n) == 0)
			return &dict->items[i + 1];
	return NULL;
}

static int
read_xref(struct pdfobj_file *f)
{
	static const char key[] = "startxref";
	const size_t n = sizeof(key) - 1;
	struct lex x = { NULL, f->data + f->len };
	long long off, size, sections = 0;
	size_t at;

	/* The last "startxref", within the file's last kilobyte. */
	for (at = f->len >= n ? f->len - n + 1 : 0; at-- > 0 &&
	    f->len - at <= 1024;)
		if (memcmp(f->data + at, key, n) == 0) {
			x.p = f->data + at + n;
			break;
		}
	if (x.p == NULL || (off = integer(&x)) < 0 || (size_t)off >= f->len)
		return -1;
	f->xref = (size_t)off;
	/* The newest trailer says how many objects there are. */
	if (section(f, f->xref, &f->trailer) != 0)
		return -1;
	size = pdfobj_integer(pdfobj_entry(&f->trailer, "/Size"));
	if (size <= 0 || size > (long long)(f->len / 8 + 1))
		return -1;
	f->size = (unsigned)size;
	f->next = f->size;
	f->offsets = xcalloc(f->size, sizeof(*f->offsets));
	f->objs = xcalloc(f->size, sizeof(*f->objs));
	while (off >= 0) {
		struct pdfobj trailer;

		if (++sections > MAX_SECTIONS ||
		    section(f, (size_t)off, &trailer) != 0)
			return -1;
		f->sections[f->nsections++] = (size_t)off;
		off = pdfobj_integer(pdfobj_entry(&trailer, "/Prev"));
		free_value(&trailer);
		if (off >= (long long)f->len)
			return -1;
	}
	return 0;
}

struct pdfobj_file *
pdfobj_open(const char *data, size_t len)
{
	struct pdfobj_file *f = xcalloc(1, sizeof(*f));

	f->data = data;
	f->len = len;
	if (read_xref(f) != 0) {
		pdfobj_close(f);
		return NULL;
	}
	return f;
}

void
pdfobj_close(struct pdfobj_file *f)
{
	unsigned i;

	if (f == NULL)
		return;
	for (i = 0; f->objs != NULL && i < f->size; i++)
		if (f->objs[i].value != NULL) {
			free_value(f->objs[i].value);
			free(f->objs[i].value);
		}
	free(f->objs);
	free(f->offsets);
	free_value(&f->trailer);
	buf_free(&f->body);
	if (f->deflating)
		deflateEnd(&f->z);
	buf_free(&f->flated);
	free(f->written);
	free(f);
}

const struct pdfobj *
pdfobj_trailer(const struct pdfobj_file *f)
{
	return &f->trailer;
}

/* Object num's value, and where its stream's data begins. */
static int
read_object(struct pdfobj_file *f, unsigned num, struct cached *c)
{
	struct lex x = { f->data + f->offsets[num], f->data + f->len };
	long long length;

	if (f->offsets[num] == 0 || integer(&x) != num || integer(&x) < 0 ||
	    !keyword(&x, "obj"))
		return -1;
	c->value = xmalloc(sizeof(*c->value));
	if (value(&x, c->value, 0) != 0)
		return -1;
	if (c->value->kind != PDFOBJ_DICT || !keyword(&x, "stream"))
		return 0;
	if (x.p < x.end && *x.p == '\r')
		x.p++;
	if (x.p >= x.end || *x.p++ != '\n')
		return -1;
	length = pdfobj_integer(pdfobj_key(f, c->value, "/Length"));
	if (length < 0 || length > x.end - x.p)
		return -1;
	c->stream = x.p;
	c->stream_len = (size_t)length;
	return 0;
}

const struct pdfobj *
pdfobj_get(struct pdfobj_file *f, unsigned num)
{
	struct cached *c;

	if (num >= f->size)
		return NULL;
	c = &f->objs[num];
	/* An object whose /Length refers to itself is bad, not a loop; one
	 * whose length is a stream with a length of its own, and so on, is
	 * bad too, not a stack's end. */
	if (c->state == 0) {
		c->state = 1;
		f->depth++;
		c->state = f->depth <= MAX_CHAIN && read_object(f, num, c) ==
		    0 ? 2 : -1;
		f->depth--;
	}
	return c->state == 2 ? c->value : NULL;
}

const struct pdfobj *
pdfobj_resolve(struct pdfobj_file *f, const struct pdfobj *v)
{
	return v != NULL && v->kind == PDFOBJ_REF ? pdfobj_get(f, v->num) : v;
}

const struct pdfobj *
pdfobj_key(struct pdfobj_file *f, const struct pdfobj *dict, const char *key)
{
	return pdfobj_resolve(f, pdfobj_entry(dict, key));
}

int
pdfobj_written(const struct pdfobj_file *f, unsigned num)
{
	return num < f->size && f->objs[num].written;
}

int
pdfobj_is_name(const struct pdfobj *v, const char *name)
{
	return v != NULL && v->kind == PDFOBJ_NAME && v->len == strlen(name) &&
	    memcmp(v->raw, name, v->len) == 0;
}

int
pdfobj_stream(struct pdfobj_file *f, unsigned num, const char **data,
    size_t *len)
{
	if (pdfobj_get(f, num) == NULL || f->objs[num].stream == NULL)
		return -1;
	*data = f->objs[num].stream;
	*len = f->objs[num].stream_len;
	return 0;
}

int
pdfobj_decoded(struct pdfobj_file *f, unsigned num, struct buf *scratch,
    const char **data, size_t *len)
{
	const struct pdfobj *dict = pdfobj_get(f, num), *filter;
	const char *raw;
	size_t rawlen;
	z_stream z;
	char chunk[16384];
	int ret;

	if (dict == NULL || pdfobj_stream(f, num, &raw, &rawlen) != 0)
		return -1;
	if ((filter = pdfobj_key(f, dict, "/Filter")) == NULL) {
		*data = raw;
		*len = rawlen;
		return 0;
	}
	if (!pdfobj_is_name(filter, "/FlateDecode"))
		return -1;
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		xalloc_fail(0);
	z.next_in = (Bytef *)(uintptr_t)raw;
	z.avail_in = (uInt)rawlen;
	do {
		z.next_out = (Bytef *)chunk;
		z.avail_out = sizeof(chunk);
		ret = inflate(&z, Z_NO_FLUSH);
		if (ret == Z_MEM_ERROR)
			xalloc_fail(0);
		buf_add(scratch, chunk, sizeof(chunk) - z.avail_out);
	} while (ret == Z_OK);
	inflateEnd(&z);
	*data = scratch->data != NULL ? scratch->data : "";
	*len = scratch->len;
	return ret == Z_STREAM_END ? 0 : -1;
}

void
pdfobj_entries(struct buf *b, const struct pdfobj *dict,
    const char *const *drop)
{
	size_t i, k;

	for (i = 0; i + 1 < dict->n; i += 2) {
		const struct pdfobj *key = &dict->items[i];
		int dropped = 0;

		for (k = 0; drop != NULL && drop[k] != NULL; k++)
			dropped |= pdfobj_is_name(key, drop[k]);
		if (dropped)
			continue;
		buf_add(b, key->raw, key->len);
		buf_addc(b, ' ');
		buf_add(b, dict->items[i + 1].raw, dict->items[i + 1].len);
		buf_addc(b, '\n');
	}
}

void
pdfobj_text(struct buf *b, const char *text)
{
	/* Broken UTF-8 would be read past its end. */
	char *utf8 = g_utf8_make_valid(text, -1);
	const char *s;

	for (s = utf8; *s != '\0' && *s >= 0x20 && *s < 0x7f; s++)
		continue;
	if (*s == '\0') {
		buf_addc(b, '(');
		for (s = utf8; *s != '\0'; s++) {
			if (*s == '(' || *s == ')' || *s == '\\')
				buf_addc(b, '\\');
			buf_addc(b, *s);
		}
		buf_addc(b, ')');
		g_free(utf8);
		return;
	}
	buf_adds(b, "<FEFF");
	for (s = utf8; *s != '\0'; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);

		if (c > 0xffff) {
			c -= 0x10000;
			buf_printf(b, "%04X%04X", 0xd800 + (unsigned)(c >> 10),
			    0xdc00 + (unsigned)(c & 0x3ff));
		} else
			buf_printf(b, "%04X", (unsigned)c);
	}
	buf_addc(b, '>');
	g_free(utf8);
}

unsigned
pdfobj_new(struct pdfobj_file *f)
{
	return f->next++;
}

static void
close_object(struct pdfobj_file *f)
{
	if (!f->open)
		return;
	buf_adds(&f->body, "\nendobj\n");
	f->written[f->nwritten - 1].len = f->body.len -
	    f->written[f->nwritten - 1].off;
	f->open = 0;
}

struct buf *
pdfobj_begin(struct pdfobj_file *f, unsigned num)
{
	struct written *w;

	close_object(f);
	if (f->nwritten == f->writtencap) {
		f->writtencap = f->writtencap == 0 ? 64 : f->writtencap * 2;
		f->written = xrealloc(f->written, f->writtencap *
		    sizeof(*f->written));
	}
	if (num < f->size)
		f->objs[num].written = 1;
	w = &f->written[f->nwritten++];
	w->num = num;
	w->off = f->body.len;
	buf_addu(&f->body, num, 0);
	buf_adds(&f->body, " 0 obj\n");
	f->open = 1;
	return &f->body;
}

void
pdfobj_restream(struct pdfobj_file *f, unsigned num, const char *data,
    size_t len)
{
	static const char *const replaced[] = { "/Length", "/Filter",
	    "/DecodeParms", NULL };
	const struct pdfobj *dict = pdfobj_get(f, num);
	struct buf *b;
	size_t bound;

	/* One state for all the streams: each new one would allocate and
	 * clear a quarter of a megabyte. */
	if (!f->deflating) {
		/* At Cairo's own level of compression. */
		if (deflateInit(&f->z, Z_DEFAULT_COMPRESSION) != Z_OK)
			xalloc_fail(sizeof(f->z));
		f->deflating = 1;
	} else if (deflateReset(&f->z) != Z_OK)
		xalloc_fail(sizeof(f->z));
	bound = deflateBound(&f->z, (uLong)len);
	buf_reserve(&f->flated, bound);
	f->z.next_in = (Bytef *)(uintptr_t)data;
	f->z.avail_in = (uInt)len;
	f->z.next_out = (Bytef *)f->flated.data;
	f->z.avail_out = (uInt)bound;
	if (deflate(&f->z, Z_FINISH) != Z_STREAM_END)
		xalloc_fail(bound);
	b = pdfobj_begin(f, num);
	buf_adds(b, "<< ");
	if (dict != NULL)
		pdfobj_entries(b, dict, replaced);
	buf_printf(b, "/Filter /FlateDecode /Length %lu >>\nstream\n",
	    (unsigned long)f->z.total_out);
	buf_add(b, f->flated.data, f->z.total_out);
	buf_adds(b, "\nendstream");
}

/* By number; of one written twice, the later last. */
static int
by_number(const void *a, const void *b)
{
	const struct written *x = a, *y = b;

	if (x->num != y->num)
		return x->num < y->num ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static int
by_offset(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/*
 * Where the object at off ends: where the next object or cross-reference
 * section begins (bounds, n of them, sorted), so that an object is copied
 * whole however its strings read.
 */
static size_t
object_end(const size_t *bounds, size_t n, size_t off)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (bounds[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return bounds[lo];
}

void
pdfobj_finish(struct pdfobj_file *f, unsigned root, unsigned info,
    struct buf *out)
{
	size_t *at = xcalloc(f->next, sizeof(*at)), *bounds, nbounds = 0,
	    head = f->len, xref, i, w = 0;
	GChecksum *md5 = g_checksum_new(G_CHECKSUM_MD5);
	const char *id;
	unsigned num, free_next;

	close_object(f);
	qsort(f->written, f->nwritten, sizeof(*f->written), by_number);
	bounds = xcalloc(f->size + f->nsections + 1, sizeof(*bounds));
	for (num = 0; num < f->size; num++)
		if (f->offsets[num] != 0) {
			bounds[nbounds++] = f->offsets[num];
			head = head < f->offsets[num] ? head : f->offsets[num];
		}
	for (i = 0; i < f->nsections; i++) {
		bounds[nbounds++] = f->sections[i];
		head = head < f->sections[i] ? head : f->sections[i];
	}
	bounds[nbounds++] = f->len;
	qsort(bounds, nbounds, sizeof(*bounds), by_offset);
	/* The header line and the binary comment, as Cairo wrote them. */
	buf_add(out, f->data, head);
	for (num = 1; num < f->next; num++) {
		const struct written *last = NULL;

		while (w < f->nwritten && f->written[w].num == num)
			last = &f->written[w++];
		if (last != NULL) {
			at[num] = out->len;
			buf_add(out, f->body.data + last->off, last->len);
		} else if (num < f->size && f->offsets[num] != 0) {
			size_t off = f->offsets[num];

			at[num] = out->len;
			buf_add(out, f->data + off, object_end(bounds, nbounds,
			    off) - off);
			if (out->data[out->len - 1] != '\n')
				buf_addc(out, '\n');
		}
	}
	xref = out->len;
	/* The free entries chained from the first, each to the next. */
	buf_printf(out, "xref\n0 %u\n", f->next);
	for (num = 0; num < f->next; num++) {
		if (num > 0 && at[num] != 0) {
			buf_addu(out, at[num], 10);
			buf_adds(out, " 00000 n \n");
			continue;
		}
		for (free_next = num + 1; free_next < f->next &&
		    at[free_next] != 0; free_next++)
			continue;
		buf_printf(out, "%010u %05u f \n", free_next < f->next ?
		    free_next : 0, num == 0 ? 65535 : 1);
	}
	g_checksum_update(md5, (const guchar *)out->data, (gssize)out->len);
	id = g_checksum_get_string(md5);
	buf_printf(out, "trailer\n<< /Size %u\n/Root %u 0 R\n/Info %u 0 R\n"
	    "/ID [<%s> <%s>]\n>>\nstartxref\n%zu\n%%%%EOF\n", f->next, root,
	    info, id, id, xref);
	g_checksum_free(md5);
	free(bounds);
	free(at);
}
