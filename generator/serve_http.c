/*
 * hplan serve's server: libmicrohttpd, a thread for each connection, a
 * fixed set of paths answered from memory.  The latest view is swapped in
 * under a lock; /events tells each page of a new one as it comes.
 */
#define _GNU_SOURCE	/* strcasecmp, and accept4 in libmicrohttpd's */

#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "fileio.h"
#include "intl.h"
#include "serve.h"
#include "serve_int.h"
#include "xalloc.h"

/* The page and its script and style (generator/web/), built in. */
extern const char serve_index_html[], serve_script_js[], serve_style_css[];
extern const size_t serve_index_html_len, serve_script_js_len,
    serve_style_css_len;

enum {
	MAX_CONNECTIONS = 64,
	/* Each holds a connection and its thread for as long as its page is
	 * open: more are refused (503), so that they cannot take every
	 * connection. */
	MAX_EVENT_STREAMS = 8,
	/* What a request may bring: its line and headers (a larger one is
	 * refused with 431 or 414).  No request has a body. */
	REQUEST_MEMORY = 32 << 10,
	IDLE_SECONDS = 30,
	/* A page's /events is sent a comment this often, so that neither
	 * end takes the quiet connection for a dead one. */
	KEEP_ALIVE_SECONDS = 10
};

struct serve_http {
	struct MHD_Daemon	*daemon;
	int			 fd;		/* the listening socket */
	int			 port;
	pthread_mutex_t		 lock;
	pthread_cond_t		 changed;
	struct serve_view	*view;
	int			 stopping;
	unsigned		 streams;	/* /events open */
	struct serve_blob	*page;		/* index.html, translated */
	struct serve_blob	*script, *style;
	char			*disposition;	/* the PDF's, with its name */
	char			 host[2][32];	/* the Host headers a page
						 * of ours sends */
};

/* The headers of every answer: no caching, no guessing of types, and
 * nothing of ours in another site's page (not even as an image, which a
 * Host check cannot tell). */
static const char *const headers[][2] = {
	{ "Cache-Control", "no-store" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "no-referrer" },
	{ "Cross-Origin-Resource-Policy", "same-origin" },
	{ "X-Frame-Options", "SAMEORIGIN" },
};
/* And of every answer but the PDF, which the browser's own viewer
 * shows: nothing but our own page's files. */
static const char *const page_policy = "default-src 'none'; "
    "script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'";

struct serve_blob *
serve_blob_take(struct buf *b)
{
	struct serve_blob *blob = xcalloc(1, sizeof(*blob));

	atomic_init(&blob->refs, 1);
	blob->len = b->len;
	blob->data = buf_take(b);
	return blob;
}

struct serve_blob *
serve_blob_ref(struct serve_blob *blob)
{
	if (blob != NULL)
		atomic_fetch_add(&blob->refs, 1);
	return blob;
}

void
serve_blob_unref(struct serve_blob *blob)
{
	if (blob == NULL || atomic_fetch_sub(&blob->refs, 1) != 1)
		return;
	free(blob->data);
	free(blob);
}

struct serve_view *
serve_view_ref(struct serve_view *v)
{
	if (v != NULL)
		atomic_fetch_add(&v->refs, 1);
	return v;
}

void
serve_view_unref(struct serve_view *v)
{
	size_t i;

	if (v == NULL || atomic_fetch_sub(&v->refs, 1) != 1)
		return;
	for (i = 0; i < v->npages; i++) {
		serve_blob_unref(v->pages[i].png);
		serve_blob_unref(v->pages[i].text);
	}
	free(v->pages);
	serve_blob_unref(v->pdf);
	serve_blob_unref(v->state);
	free(v);
}

int
serve_address(const char *address)
{
	struct in_addr a;

	if (strcmp(address, "localhost") == 0)
		return 1;
	return inet_pton(AF_INET, address, &a) == 1 &&
	    ntohl(a.s_addr) == INADDR_LOOPBACK;
}

/* The page's words in the user's language, each for @KEY@ of
 * index.html; HTML-escaped. */
static void
html_escaped(struct buf *out, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			buf_adds(out, "&amp;");
			break;
		case '<':
			buf_adds(out, "&lt;");
			break;
		case '>':
			buf_adds(out, "&gt;");
			break;
		case '"':
			buf_adds(out, "&quot;");
			break;
		default:
			buf_addc(out, *s);
			break;
		}
}

static struct serve_blob *
make_page(const char *title)
{
	const struct {
		const char	*key, *text;
	} words[] = {
		/* TRANSLATORS: the page's language, as HTML's lang. */
		{ "@LANG@", N_("en") },
		{ "@TITLE@", NULL },
		{ "@PREVIEW@", N_("preview") },
		{ "@WAITING@", N_("The plan is being laid out …") },
		{ "@OPEN_PDF@", N_("Open the PDF") },
		{ "@FINDINGS@", N_("Findings") },
		{ "@PAGES@", N_("The plan's pages") },
		{ "@LOST@", N_("hplan serve does not answer: the page shows "
		    "the last rendering it got. Start hplan serve again.") },
	};
	const char *s = serve_index_html, *end = s + serve_index_html_len;
	struct buf b = { 0 };
	size_t i, n;

	while (s < end) {
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			n = strlen(words[i].key);
			if ((size_t)(end - s) >= n &&
			    memcmp(s, words[i].key, n) == 0)
				break;
		}
		if (i == sizeof(words) / sizeof(words[0])) {
			buf_addc(&b, *s++);
			continue;
		}
		html_escaped(&b, words[i].text != NULL ? _(words[i].text) :
		    title);
		s += n;
	}
	return serve_blob_take(&b);
}

/* A file of the page's, built in. */
static struct serve_blob *
built_in(const char *data, size_t len)
{
	struct buf b = { 0 };

	buf_add(&b, data, len);
	return serve_blob_take(&b);
}

static void
add_headers(struct MHD_Response *r, const char *type, int safe)
{
	size_t i;

	MHD_add_response_header(r, "Content-Type", type);
	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		MHD_add_response_header(r, headers[i][0], headers[i][1]);
	if (safe)
		MHD_add_response_header(r, "Content-Security-Policy",
		    page_policy);
}

static enum MHD_Result
answer_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text),
	    (void *)text, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ok;

	add_headers(r, "text/plain; charset=utf-8", 1);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

static void
blob_done(void *arg)
{
	serve_blob_unref(arg);
}

/* Sends blob (a reference, handed over) as type. */
static enum MHD_Result
answer_blob(struct MHD_Connection *c, struct serve_blob *blob,
    const char *type, int safe, const char *disposition)
{
	struct MHD_Response *r;
	enum MHD_Result ok;

	if (blob == NULL)
		return answer_text(c, MHD_HTTP_NOT_FOUND, _("Not found\n"));
	r = MHD_create_response_from_buffer_with_free_callback_cls(blob->len,
	    blob->data, blob_done, blob);
	add_headers(r, type, safe);
	if (disposition != NULL)
		MHD_add_response_header(r, "Content-Disposition", disposition);
	ok = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ok;
}

/* A page of /events: the generation it last told. */
struct stream {
	struct serve_http	*h;
	int			 fd;		/* its connection's */
	unsigned		 told;
};

/* Whether the page has gone: its end of the connection closed (a
 * browser never closes only its sending half). */
static int
stream_gone(const struct stream *s)
{
	struct pollfd p = { s->fd, POLLRDHUP, 0 };

	return s->fd >= 0 && poll(&p, 1, 0) > 0 &&
	    (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

static void
stream_end(void *arg)
{
	struct stream *s = arg;

	pthread_mutex_lock(&s->h->lock);
	s->h->streams--;
	pthread_mutex_unlock(&s->h->lock);
	free(s);
}

/*
 * The events of a page, in its connection's own thread: a message with
 * each new generation, a comment when there has been none for a while,
 * and the end when the server stops or the page has gone (looked for
 * each second, so that a closed page frees its connection soon).
 */
static ssize_t
next_event(void *arg, uint64_t pos, char *out, size_t max)
{
	struct stream *s = arg;
	struct serve_http *h = s->h;
	struct timespec until;
	unsigned now;
	int n, seconds = 0, gone = 0;

	(void)pos;
	pthread_mutex_lock(&h->lock);
	while (!h->stopping && !gone && h->view->generation == s->told &&
	    seconds < KEEP_ALIVE_SECONDS) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec++;
		if (pthread_cond_timedwait(&h->changed, &h->lock, &until) !=
		    0) {
			seconds++;
			gone = stream_gone(s);
		}
	}
	if (h->stopping || gone) {
		pthread_mutex_unlock(&h->lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	now = h->view->generation;
	pthread_mutex_unlock(&h->lock);
	if (now == s->told)
		n = snprintf(out, max, ":\n\n");
	else
		n = snprintf(out, max, "retry: 1000\ndata: %u\n\n",
		    s->told = now);
	return n > 0 && (size_t)n < max ? n : MHD_CONTENT_READER_END_WITH_ERROR;
}

static enum MHD_Result
answer_events(struct MHD_Connection *c, struct serve_http *h)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CONNECTION_FD);
	struct MHD_Response *r;
	struct stream *s;
	enum MHD_Result ok;

	pthread_mutex_lock(&h->lock);
	if (h->streams == MAX_EVENT_STREAMS) {
		pthread_mutex_unlock(&h->lock);
		return answer_text(c, MHD_HTTP_SERVICE_UNAVAILABLE,
		    _("Too many pages are open; close one\n"));
	}
	h->streams++;
	pthread_mutex_unlock(&h->lock);
	s = xcalloc(1, sizeof(*s));
	s->h = h;
	s->fd = info != NULL ? info->connect_fd : -1;
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 256,
	    next_event, s, stream_end);
	add_headers(r, "text/event-stream; charset=utf-8", 1);
	ok = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ok;
}

/* The number of /page/N.png or /page/N.txt: 1 to max, or 0. */
static size_t
page_number(const char *path, const char *suffix, size_t max)
{
	size_t n = 0;

	if (strncmp(path, "/page/", 6) != 0)
		return 0;
	path += 6;
	if (*path < '1' || *path > '9')
		return 0;
	for (; *path >= '0' && *path <= '9'; path++)
		if ((n = n * 10 + (size_t)(*path - '0')) > max)
			return 0;
	return strcmp(path, suffix) == 0 ? n : 0;
}

/* Whether the request came from a page of ours: a name that resolves to
 * 127.0.0.1 elsewhere (DNS rebinding) would let another site read the
 * plan. */
static int
host_ours(struct serve_http *h, struct MHD_Connection *c)
{
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST);

	return host != NULL && (strcasecmp(host, h->host[0]) == 0 ||
	    strcasecmp(host, h->host[1]) == 0);
}

static enum MHD_Result
answer(void *arg, struct MHD_Connection *c, const char *path,
    const char *method, const char *version, const char *upload,
    size_t *upload_len, void **state)
{
	struct serve_http *h = arg;
	struct serve_view *v;
	struct serve_blob *blob = NULL;
	const char *type = NULL;
	size_t n;

	(void)version;
	(void)upload;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return answer_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    _("Only GET and HEAD are answered\n"));
	/* Answered once the request has come whole (its body, if any,
	 * passed over), so that the connection can be kept for the next. */
	if (*state == NULL) {
		*state = h;
		return MHD_YES;
	}
	if (*upload_len > 0) {
		*upload_len = 0;
		return MHD_YES;
	}
	if (!host_ours(h, c))
		return answer_text(c, MHD_HTTP_FORBIDDEN, _("Ask for this "
		    "page as 127.0.0.1 or localhost\n"));
	if (strcmp(path, "/") == 0)
		return answer_blob(c, serve_blob_ref(h->page),
		    "text/html; charset=utf-8", 1, NULL);
	if (strcmp(path, "/hplan.js") == 0)
		return answer_blob(c, serve_blob_ref(h->script),
		    "text/javascript; charset=utf-8", 1, NULL);
	if (strcmp(path, "/hplan.css") == 0)
		return answer_blob(c, serve_blob_ref(h->style),
		    "text/css; charset=utf-8", 1, NULL);
	if (strcmp(path, "/events") == 0)
		return answer_events(c, h);
	pthread_mutex_lock(&h->lock);
	v = serve_view_ref(h->view);
	pthread_mutex_unlock(&h->lock);
	if (strcmp(path, "/state.json") == 0) {
		blob = serve_blob_ref(v->state);
		type = "application/json";
	} else if (strcmp(path, "/plan.pdf") == 0) {
		blob = serve_blob_ref(v->pdf);
		type = "application/pdf";
	} else if ((n = page_number(path, ".png", v->npages)) > 0) {
		blob = serve_blob_ref(v->pages[n - 1].png);
		type = "image/png";
	} else if ((n = page_number(path, ".txt", v->npages)) > 0) {
		blob = serve_blob_ref(v->pages[n - 1].text);
		type = "text/plain; charset=utf-8";
	}
	serve_view_unref(v);
	if (type == NULL)
		return answer_text(c, MHD_HTTP_NOT_FOUND, _("Not found\n"));
	/* The PDF is shown by the browser's own viewer, which our page's
	 * policy would hinder, and saved under the plan's name. */
	if (strcmp(type, "application/pdf") == 0)
		return answer_blob(c, blob, type, 0, h->disposition);
	return answer_blob(c, blob, type, 1, NULL);
}

/* "inline" with the PDF's name, NAME.pdf, as RFC 6266 writes a name that
 * may not be ASCII. */
static char *
disposition(const char *plan)
{
	char *name = fileio_stem(plan);
	struct buf b = { 0 };
	const unsigned char *s;

	buf_adds(&b, "inline; filename*=UTF-8''");
	for (s = (const unsigned char *)name; *s != '\0'; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("-._", *s) != NULL)
			buf_addc(&b, (char)*s);
		else
			buf_printf(&b, "%%%02X", *s);
	buf_adds(&b, ".pdf");
	free(name);
	return buf_take(&b);
}

static int
listen_on(const char *address, int port, struct diag *d)
{
	struct sockaddr_in at;
	socklen_t len = sizeof(at);
	int fd, one = 1;

	memset(&at, 0, sizeof(at));
	at.sin_family = AF_INET;
	at.sin_port = htons((uint16_t)port);
	at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&at, sizeof(at)) != 0 ||
	    listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&at, &len) != 0) {
		diag_report(d, DIAG_ERROR, NULL, "cannot listen on %s, port "
		    "%d: %s (give another port with --port)", address, port,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

struct serve_http *
serve_http_start(const char *address, int port, const char *plan,
    struct serve_view *view, struct diag *d)
{
	struct serve_http *h;
	struct sockaddr_in at;
	socklen_t len = sizeof(at);
	int fd;

	if ((fd = listen_on(address, port, d)) < 0) {
		serve_view_unref(view);
		return NULL;
	}
	getsockname(fd, (struct sockaddr *)&at, &len);
	h = xcalloc(1, sizeof(*h));
	h->fd = fd;
	h->port = ntohs(at.sin_port);
	snprintf(h->host[0], sizeof(h->host[0]), "127.0.0.1:%d", h->port);
	snprintf(h->host[1], sizeof(h->host[1]), "localhost:%d", h->port);
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->changed, NULL);
	h->view = view;
	h->page = make_page(plan);
	h->script = built_in(serve_script_js, serve_script_js_len);
	h->style = built_in(serve_style_css, serve_style_css_len);
	h->disposition = disposition(plan);
	h->daemon = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, 0, NULL, NULL,
	    answer, h,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)REQUEST_MEMORY,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_SECONDS,
	    MHD_OPTION_END);
	if (h->daemon == NULL) {
		diag_report(d, DIAG_ERROR, NULL, "cannot start the server on "
		    "%s, port %d", address, h->port);
		serve_http_stop(h);
		return NULL;
	}
	/* The daemon closes it when it stops. */
	h->fd = -1;
	return h;
}

int
serve_http_port(const struct serve_http *h)
{
	return h->port;
}

void
serve_http_publish(struct serve_http *h, struct serve_view *view)
{
	struct serve_view *old;

	pthread_mutex_lock(&h->lock);
	old = h->view;
	h->view = view;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
	serve_view_unref(old);
}

void
serve_http_stop(struct serve_http *h)
{
	if (h == NULL)
		return;
	pthread_mutex_lock(&h->lock);
	h->stopping = 1;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
	if (h->daemon != NULL)
		MHD_stop_daemon(h->daemon);
	if (h->fd >= 0)
		close(h->fd);
	serve_view_unref(h->view);
	serve_blob_unref(h->page);
	serve_blob_unref(h->script);
	serve_blob_unref(h->style);
	free(h->disposition);
	pthread_cond_destroy(&h->changed);
	pthread_mutex_destroy(&h->lock);
	free(h);
}
