/*
 * hplan serve's builder: the plan read, checked and laid out again as
 * render would; of its pages only those whose drawing changed are drawn
 * again.  A plan with errors leaves the last good rendering in place, and
 * the view shows it with the errors above it.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "fileio.h"
#include "intl.h"
#include "pdf.h"
#include "plan.h"
#include "serve_int.h"
#include "xalloc.h"
#include "yaml_in.h"

enum {
	/* A page drawn for a screen of 1.25 pixels to the CSS pixel (a
	 * laptop's), shown at 96 CSS pixels to the inch. */
	PAGE_DPI = 120,
	SCREEN_DPI = 96,
	/* The bytes of a source line shown with its finding. */
	SOURCE_MAX = 300,
	ENCODERS = 16,		/* threads making PNG, at the most */
	/* Pages that, left to draw, are worth a view without them first
	 * (each takes some 0.02 s). */
	EARLY_LEFT = 8
};

/* A message of the reading, the validation and the layout, or a
 * finding of check. */
struct finding {
	enum diag_level	 level;
	char		*file;		/* NULL: of hplan itself */
	unsigned	 line, col;
	char		*message;
};

/* The files the findings point into, read once for their lines. */
struct sources {
	struct {
		char	*name;
		char	*data;		/* NULL: cannot be read */
		size_t	 len;
		size_t	*lines;		/* where each line starts */
		size_t	 nlines, linescap;
	}		*s;
	size_t		 n, cap;
};

/* In the order shown: the messages as diag prints them (a note after
 * the message it explains), then check's. */
struct findings {
	struct finding	*f;
	size_t		 n, cap;
	struct buf	 text;		/* the messages as the terminal
					 * shows them */
	struct sources	 sources;
};

static const char *const level_keys[] = {
	[DIAG_NOTE] = "note",
	[DIAG_WARNING] = "warning",
	[DIAG_ERROR] = "error",
};

static void
add_finding(struct findings *fs, enum diag_level level,
    const struct diag_pos *pos, const char *message)
{
	struct finding *f;

	fs->f = xgrow(fs->f, &fs->cap, fs->n + 1, sizeof(*fs->f));
	f = &fs->f[fs->n++];
	memset(f, 0, sizeof(*f));
	f->level = level;
	f->message = xstrdup(message);
	if (pos != NULL && pos->file != NULL) {
		f->file = xstrdup(pos->file);
		f->line = pos->line;
		f->col = pos->col;
	}
}

/* diag's sink: each message of the reading and the layout. */
static void
collect(void *arg, enum diag_level level, const struct diag_pos *pos,
    const char *message)
{
	struct findings *fs = arg;

	add_finding(fs, level, pos, message);
	diag_where(&fs->text, pos);
	buf_printf(&fs->text, ": %s: %s\n", diag_level_word(level), message);
}

static void
add_check(struct findings *fs, const struct check_report *r)
{
	struct buf text = { 0 };
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct check_finding *c = &r->f[i];

		if (c->status == CHECK_MET)
			continue;
		buf_printf(&text, "[%s] %s", c->rule, c->message);
		add_finding(fs, c->status == CHECK_PROBLEM ? DIAG_WARNING :
		    DIAG_ERROR, &c->pos, text.data);
		text.len = 0;
	}
	buf_free(&text);
}

static void
sources_free(struct sources *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		free(src->s[i].name);
		free(src->s[i].data);
		free(src->s[i].lines);
	}
	free(src->s);
}

static void
findings_free(struct findings *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->f[i].file);
		free(fs->f[i].message);
	}
	free(fs->f);
	buf_free(&fs->text);
	sources_free(&fs->sources);
}

/* Line line of file, at most SOURCE_MAX bytes of it, into out; 0, or
 * -1 when there is no such line. */
static int
source_line(struct sources *src, const char *file, unsigned line,
    struct buf *out)
{
	const char *p, *end, *eol;
	size_t i, len;

	for (i = 0; i < src->n; i++)
		if (strcmp(src->s[i].name, file) == 0)
			break;
	if (i == src->n) {
		src->s = xgrow(src->s, &src->cap, src->n + 1, sizeof(*src->s));
		memset(&src->s[i], 0, sizeof(src->s[i]));
		src->s[i].name = xstrdup(file);
		src->s[i].data = fileio_slurp(file, YAML_IN_MAX_BYTES,
		    &src->s[i].len);
		src->n++;
		/* Each line's start, once: a plan may have many findings. */
		p = src->s[i].data;
		end = p != NULL ? p + src->s[i].len : NULL;
		for (; p != NULL && p < end; p = eol + 1) {
			src->s[i].lines = xgrow(src->s[i].lines,
			    &src->s[i].linescap, src->s[i].nlines + 1,
			    sizeof(*src->s[i].lines));
			src->s[i].lines[src->s[i].nlines++] =
			    (size_t)(p - src->s[i].data);
			if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
				break;
		}
	}
	if (line == 0 || line > src->s[i].nlines)
		return -1;
	p = src->s[i].data + src->s[i].lines[line - 1];
	end = src->s[i].data + src->s[i].len;
	eol = memchr(p, '\n', (size_t)(end - p));
	len = (size_t)((eol != NULL ? eol : end) - p);
	if (len > 0 && p[len - 1] == '\r')
		len--;
	if (len > SOURCE_MAX) {
		/* Cut between characters. */
		len = SOURCE_MAX;
		while (len > 0 && ((unsigned char)p[len] & 0xc0) == 0x80)
			len--;
		buf_add(out, p, len);
		buf_adds(out, "…");
	} else
		buf_add(out, p, len);
	return 0;
}


void
serve_build_init(struct serve_build *b, const char *path, struct pipeline *p)
{
	struct timespec now;

	memset(b, 0, sizeof(*b));
	b->path = path;
	b->p = p;
	clock_gettime(CLOCK_REALTIME, &now);
	/* Unlike a generation, never the same for two runs of serve. */
	b->boot = (unsigned long)now.tv_sec * 1000000000ul +
	    (unsigned long)now.tv_nsec;
}

static void
pages_free(struct serve_page *pages, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		serve_blob_unref(pages[i].png);
		serve_blob_unref(pages[i].text);
	}
	free(pages);
}

static void
files_free(struct serve_files *files)
{
	size_t i;

	for (i = 0; i < files->n; i++)
		free(files->f[i]);
	free(files->f);
	memset(files, 0, sizeof(*files));
}

void
serve_build_free(struct serve_build *b)
{
	pages_free(b->pages, b->npages);
	serve_blob_unref(b->pdf);
	files_free(&b->files);
	free(b->summary);
	buf_free(&b->messages);
}

static void
add_file(void *arg, const char *file)
{
	struct serve_files *files = arg;
	size_t i;

	for (i = 0; i < files->n; i++)
		if (strcmp(files->f[i], file) == 0)
			return;
	files->f = xgrow(files->f, &files->cap, files->n + 1,
	    sizeof(*files->f));
	files->f[files->n++] = xstrdup(file);
}

/* plan_files()'s order of arguments. */
static void
add_plan_file(const char *file, void *arg)
{
	add_file(arg, file);
}

/* Pages drawn, to be made PNG by the threads that share them. */
struct encoding {
	cairo_surface_t	*images[ENCODERS];
	struct buf	 pngs[ENCODERS];
	size_t		 page[ENCODERS];	/* of each, from 0 */
	atomic_int	 failed;
	size_t		 n;
	atomic_size_t	 next;
};

static void *
encode(void *arg)
{
	struct encoding *e = arg;
	size_t i;

	while ((i = atomic_fetch_add(&e->next, 1)) < e->n)
		if (pdf_png(e->images[i], &e->pngs[i]) != 0)
			e->failed = 1;
	return NULL;
}

/* The images made PNG, on every processor, and let go; each PNG is its
 * page's. */
static void
encode_all(struct encoding *e, struct serve_page *pages)
{
	pthread_t threads[ENCODERS];
	size_t i, started = 0;

	atomic_init(&e->next, 0);
	for (i = 1; i < e->n; i++)
		if (pthread_create(&threads[started], NULL, encode, e) == 0)
			started++;
	encode(e);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	for (i = 0; i < e->n; i++) {
		cairo_surface_destroy(e->images[i]);
		pages[e->page[i]].png = serve_blob_take(&e->pngs[i]);
	}
	e->n = 0;
}

/* Whether a tjänsteutlåtande's plan is unfinished, which makes the
 * tjänsteutlåtande a draft as render would. */
static int
plan_unfinished(const struct doc *doc)
{
	struct check_report r;
	int unfinished;

	if (doc->memo == NULL || doc->memo->plan_doc == NULL)
		return 0;
	check_unfinished(doc->memo->plan_doc, doc->memo->plan_path, &r);
	unfinished = r.unfinished > 0;
	check_report_free(&r);
	return unfinished;
}

/* The time now, "hh:mm:ss". */
static void
clock_time(char out[16])
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(out, 16, "%H:%M:%S", &tm);
}

/* The line that says what the page shows. */
static char *
summary(const struct serve_build *b, int draft)
{
	struct buf s = { 0 };

	if (b->generation == 0) {
		buf_adds(&s, _("The plan is being laid out …"));
		return buf_take(&s);
	}
	if (b->ok)
		buf_printf(&s, dngettext(INTL_DOMAIN, "%zu page, laid out at "
		    "%s.", "%zu pages, laid out at %s.", b->npages), b->npages,
		    b->good_time);
	else if (b->npages > 0)
		buf_printf(&s, _("The plan has errors, so it was not laid "
		    "out again; the pages are from %s."), b->good_time);
	else
		buf_adds(&s, _("The plan has errors, so it could not be laid "
		    "out."));
	if (b->ok && draft)
		buf_printf(&s, " %s", _("It is a draft: it is not finished."));
	buf_addc(&s, ' ');
	buf_printf(&s, dngettext(INTL_DOMAIN, "%u error", "%u errors",
	    b->errors), b->errors);
	buf_adds(&s, ", ");
	buf_printf(&s, dngettext(INTL_DOMAIN, "%u warning", "%u warnings",
	    b->warnings), b->warnings);
	buf_addc(&s, '.');
	return buf_take(&s);
}

static void
write_where(struct buf *out, const struct finding *f)
{
	struct diag_pos pos = { f->file, f->line, f->col };
	struct buf where = { 0 };

	diag_where(&where, &pos);
	buf_json_string(out, where.data);
	buf_free(&where);
}

static void
write_findings(struct buf *out, struct findings *fs)
{
	struct buf line = { 0 };
	size_t i;

	buf_adds(out, "\"findings\":[");
	for (i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->f[i];

		buf_adds(out, i > 0 ? ",\n{\"level\":" : "\n{\"level\":");
		buf_json_string(out, level_keys[f->level]);
		buf_adds(out, ",\"levelText\":");
		buf_json_string(out, diag_level_word(f->level));
		buf_adds(out, ",\"where\":");
		write_where(out, f);
		buf_printf(out, ",\"line\":%u,\"col\":%u,\"message\":",
		    f->line, f->col);
		buf_json_string(out, f->message);
		line.len = 0;
		if (f->file != NULL && f->line > 0 &&
		    source_line(&fs->sources, f->file, f->line, &line) == 0) {
			buf_adds(out, ",\"source\":");
			buf_json_string(out, line.data != NULL ? line.data :
			    "");
		}
		buf_addc(out, '}');
	}
	buf_adds(out, "]");
	buf_free(&line);
}

/* The view of the last good rendering, with what this one found;
 * complete unless pages are still being drawn. */
static struct serve_view *
make_view(struct serve_build *b, struct findings *fs, int draft,
    int complete)
{
	struct serve_view *v = xcalloc(1, sizeof(*v));
	struct buf json = { 0 };
	size_t i;

	atomic_init(&v->refs, 1);
	v->generation = b->views;
	v->npages = b->npages;
	v->pages = xcalloc(b->npages + 1, sizeof(*v->pages));
	v->pdf = serve_blob_ref(b->pdf);
	buf_printf(&json, "{\"run\":\"%lu\",\"generation\":%u,"
	    "\"rendering\":%u,\"complete\":%s,\"ok\":%s,\"draft\":%s,"
	    "\"changed\":%zu,\"status\":", b->boot, b->views, b->generation,
	    complete ? "true" : "false", b->ok ? "true" : "false",
	    b->ok && draft ? "true" : "false", b->ok ? b->changed : 0);
	buf_json_string(&json, b->summary);
	if (b->pdf != NULL)
		buf_printf(&json, ",\"pdf\":\"/plan.pdf?v=%lu-%u\"", b->boot,
		    b->pdf_version);
	else
		buf_adds(&json, ",\"pdf\":null");
	buf_adds(&json, ",\"pages\":[");
	for (i = 0; i < b->npages; i++) {
		const struct serve_page *pg = &b->pages[i];
		struct buf label = { 0 };

		v->pages[i] = *pg;
		serve_blob_ref(pg->png);
		serve_blob_ref(pg->text);
		buf_printf(&label, _("Page %zu of %zu"), i + 1, b->npages);
		buf_adds(&json, i > 0 ? ",\n{" : "\n{");
		/* A page not drawn yet in a new place has no image. */
		if (pg->png != NULL)
			buf_printf(&json, "\"png\":\"/page/%zu.png?v=%lu-%u\","
			    "\"text\":\"/page/%zu.txt?v=%lu-%u\",", i + 1,
			    b->boot, pg->version, i + 1, b->boot, pg->version);
		else
			buf_adds(&json, "\"png\":null,\"text\":null,");
		buf_printf(&json, "\"width\":%d,\"height\":%d,\"changed\":%s,"
		    "\"pending\":%s,\"label\":", b->width, b->height,
		    b->ok && pg->version == b->generation && !pg->pending ?
		    "true" : "false", pg->pending ? "true" : "false");
		buf_json_string(&json, label.data);
		buf_addc(&json, '}');
		buf_free(&label);
	}
	buf_adds(&json, "],");
	write_findings(&json, fs);
	buf_adds(&json, "}\n");
	v->state = serve_blob_take(&json);
	return v;
}

/* The pages of the new rendering replace the last's. */
static void
keep_layout(struct serve_build *b, const struct lay_doc *ld,
    struct serve_page *pages)
{
	size_t i;

	b->changed = 0;
	for (i = 0; i < ld->npages && b->changed == 0; i++)
		if (pages[i].version == b->generation)
			b->changed = i + 1;
	/* Pages gone from the end: the end is what changed. */
	if (b->changed == 0 && ld->npages < b->npages)
		b->changed = ld->npages;
	pages_free(b->pages, b->npages);
	b->pages = pages;
	b->npages = ld->npages;
	b->width = (int)(ld->width / 72 * SCREEN_DPI + 0.5);
	b->height = (int)(ld->height / 72 * SCREEN_DPI + 0.5);
}

/* The new rendering is the good one. */
static void
keep(struct serve_build *b, const struct lay_doc *ld, struct serve_page *pages,
    struct buf *pdf)
{
	keep_layout(b, ld, pages);
	serve_blob_unref(b->pdf);
	b->pdf = serve_blob_take(pdf);
	b->pdf_version = b->generation;
	clock_time(b->good_time);
}

/* What a rendering publishes besides its pages. */
struct publishing {
	struct findings		*fs;
	int			 draft;
	serve_publish_fn	*publish;
	void			*arg;
};

/*
 * The pages drawn so far, from the first that changed, published before
 * the rest: the pages still to be drawn show their last images, pending.
 */
static void
publish_early(struct serve_build *b, const struct lay_doc *ld,
    const struct serve_page *pages, size_t drawn, struct publishing *pub)
{
	struct serve_build shadow = *b;
	struct serve_page *early = xcalloc(ld->npages, sizeof(*early));
	size_t i;

	for (i = 0; i < ld->npages; i++) {
		early[i] = pages[i];
		if (i >= drawn && pages[i].png == NULL) {
			early[i].pending = 1;
			early[i].png = i < b->npages ? b->pages[i].png : NULL;
			early[i].text = i < b->npages ? b->pages[i].text : NULL;
			early[i].version = i < b->npages ? b->pages[i].version :
			    0;
		}
		serve_blob_ref(early[i].png);
		serve_blob_ref(early[i].text);
	}
	shadow.ok = 1;
	shadow.pages = NULL;
	shadow.npages = 0;
	keep_layout(&shadow, ld, early);
	clock_time(shadow.good_time);
	shadow.summary = summary(&shadow, pub->draft);
	b->views++;
	shadow.views = b->views;
	pub->publish(pub->arg, make_view(&shadow, pub->fs, pub->draft, 0));
	free(shadow.summary);
	pages_free(early, ld->npages);
}

/*
 * The pages of ld: those drawn as the last good rendering's pages were
 * kept, the rest drawn and made PNG, as many at a time as there are
 * processors (compressing costs several times the drawing; drawing stays
 * in this thread, with Pango).  When many pages changed, those from the
 * first are published before the rest are drawn.  Returns 0, or -1 when
 * Cairo fails (reported).
 */
static int
make_pages(struct serve_build *b, const struct lay_doc *ld,
    struct serve_page **out, struct publishing *pub)
{
	struct serve_page *pages = xcalloc(ld->npages, sizeof(*pages));
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t i, batch = cpus > 1 ? (size_t)cpus : 1, left = 0;
	struct buf text = { 0 };
	struct encoding e = { 0 };
	int failed = 0, early = 0;

	*out = pages;
	if (batch > ENCODERS)
		batch = ENCODERS;
	for (i = 0; i < ld->npages; i++) {
		lay_page_digest(&ld->pages[i], pages[i].digest);
		if (i < b->npages && memcmp(pages[i].digest,
		    b->pages[i].digest, LAY_DIGEST) == 0) {
			pages[i].png = serve_blob_ref(b->pages[i].png);
			pages[i].text = serve_blob_ref(b->pages[i].text);
			pages[i].version = b->pages[i].version;
		} else
			left++;
	}
	for (i = 0; i < ld->npages && !failed; i++) {
		if (pages[i].png != NULL)
			continue;
		lay_page_text(&ld->pages[i], &text);
		pages[i].text = serve_blob_take(&text);
		pages[i].version = b->generation;
		if ((e.images[e.n] = pdf_page_image(ld, i, PAGE_DPI)) == NULL) {
			failed = 1;
			break;
		}
		e.page[e.n++] = i;
		left--;
		if (e.n == batch || left == 0)
			encode_all(&e, pages);
		/* Enough left to keep the page waiting: what there is
		 * first. */
		if (e.n == 0 && !early && left >= EARLY_LEFT && !e.failed) {
			publish_early(b, ld, pages, i + 1, pub);
			early = 1;
		}
	}
	if (e.n > 0)
		encode_all(&e, pages);
	if (failed || e.failed)
		diag_report(&b->p->d, DIAG_ERROR, NULL, "cannot draw the "
		    "pages of the preview");
	return failed || e.failed ? -1 : 0;
}

struct serve_view *
serve_build_waiting(struct serve_build *b)
{
	struct findings none = { 0 };

	free(b->summary);
	b->summary = summary(b, 0);
	return make_view(b, &none, 0, 1);
}

/* The errors and warnings of the rendering and of check. */
static void
count(struct serve_build *b, const struct check_report *r)
{
	size_t i;

	b->errors = b->p->d.errors;
	b->warnings = b->p->d.warnings;
	for (i = 0; i < r->n; i++)
		if (r->f[i].status == CHECK_PROBLEM)
			b->warnings++;
		else if (r->f[i].status != CHECK_MET)
			b->errors++;
}

void
serve_build_run(struct serve_build *b, serve_publish_fn *publish, void *arg)
{
	struct pipeline *p = b->p;
	struct findings fs = { 0 };
	struct check_report r = { 0 };
	struct serve_page *pages = NULL;
	struct buf pdf = { 0 };
	struct lay_doc *ld = NULL;
	enum diag_exit status;
	struct serve_files seen = { 0 };
	struct publishing pub = { &fs, 0, publish, arg };
	struct doc *doc;
	size_t i;
	int draft = 0;

	b->generation++;
	diag_init(&p->d, NULL);
	p->d.sink = collect;
	p->d.sink_arg = &fs;
	p->d.file_seen = add_file;
	p->d.file_arg = &seen;
	if ((doc = plan_read(b->path, &p->d, &status)) != NULL) {
		plan_files(doc, b->path, add_plan_file, &seen);
		check_plan(doc, b->path, &r);
		/* What check finds unfinished makes a draft, as in render. */
		draft = r.unfinished > 0 || plan_unfinished(doc);
		status = pipeline_layout(p, doc, draft ? LAY_DRAFT : 0, &ld);
	}
	add_check(&fs, &r);
	count(b, &r);
	pub.draft = draft;
	if (status == DIAG_EXIT_OK && make_pages(b, ld, &pages, &pub) != 0)
		status = DIAG_EXIT_SYSTEM;
	if (status == DIAG_EXIT_OK)
		status = pipeline_pdf(p, ld, doc, &pdf);
	if ((b->ok = status == DIAG_EXIT_OK)) {
		keep(b, ld, pages, &pdf);
		pages = NULL;
	}
	if (pages != NULL)
		pages_free(pages, ld->npages);
	/* What a plan with errors looks for is watched beside what its last
	 * good rendering was made of: either may be what is mended. */
	if (b->ok)
		files_free(&b->files);
	for (i = 0; i < seen.n; i++)
		add_file(&b->files, seen.f[i]);
	files_free(&seen);
	count(b, &r);
	free(b->summary);
	b->summary = summary(b, draft);
	buf_free(&b->messages);
	b->messages = fs.text;
	fs.text = (struct buf){ 0 };
	b->views++;
	publish(arg, make_view(b, &fs, draft, 1));
	check_report_free(&r);
	findings_free(&fs);
	buf_free(&pdf);
	lay_free(ld);
	doc_free(doc);
	diag_init(&p->d, NULL);
}
