/* memmem() is a GNU one. */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>
#include <zlib.h>

#include "img.h"
#include "intl.h"
#include "xalloc.h"

/* Pixels to the inch of an SVG drawn as an image (PDF/A-1). */
#define SVG_RASTER_DPI	300.0

static const unsigned char png_signature[8] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
};

enum img_type
img_type(const unsigned char *data, size_t len)
{
	size_t i = 0, look;

	if (len >= 24 && memcmp(data, png_signature, 8) == 0)
		return IMG_PNG;
	if (len >= 4 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
		return IMG_JPEG;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
	    data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i >= len || data[i] != '<')
		return IMG_NONE;
	/* An XML declaration, comments or a doctype may come first. */
	look = len - i < 4096 ? len - i : 4096;
	return memmem(data + i, look, "<svg", 4) != NULL ? IMG_SVG : IMG_NONE;
}

const char *
img_mime(enum img_type type)
{
	switch (type) {
	case IMG_PNG:
		return "image/png";
	case IMG_JPEG:
		return "image/jpeg";
	case IMG_SVG:
		return "image/svg+xml";
	case IMG_NONE:
		break;
	}
	return NULL;
}

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

/*
 * A raster image's size and components from its header, before anything
 * is decoded: so that an image of a billion pixels is refused, not
 * decoded.  Returns 0, or -1 where the header is not there.
 */
static int
header(enum img_type type, const unsigned char *d, size_t len,
    unsigned long *w, unsigned long *h, int *components)
{
	size_t i;

	if (type == IMG_PNG) {
		if (memcmp(d + 12, "IHDR", 4) != 0)
			return -1;
		*w = be32(d + 16);
		*h = be32(d + 20);
		*components = 3;
		return 0;
	}
	/* JPEG: the segments up to a frame header (SOF0 … SOF15 but the
	 * tables and arithmetic coding's markers). */
	for (i = 2; i + 4 <= len;) {
		unsigned marker;

		if (d[i] != 0xff)
			return -1;
		while (i < len && d[i] == 0xff)
			i++;
		if (i + 3 > len)
			return -1;
		marker = d[i++];
		if (marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) ||
		    marker == 0x01)
			continue;
		if (marker == 0xd9 || marker == 0xda)
			return -1;
		if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 &&
		    marker != 0xc8 && marker != 0xcc) {
			if (i + 8 > len)
				return -1;
			*h = be16(d + i + 3);
			*w = be16(d + i + 5);
			*components = d[i + 7];
			return 0;
		}
		i += be16(d + i);
	}
	return -1;
}

/*
 * Whether the file is whole: a decoder would show a cut-off image as far
 * as it goes without a word.  A PNG's chunks, each with its checksum, up to
 * its last (IEND); a JPEG's end marker.
 */
static int
whole(enum img_type type, const unsigned char *d, size_t len)
{
	size_t i;

	if (type == IMG_JPEG) {
		for (i = len; i-- > 2;)
			if (d[i - 1] == 0xff && d[i] == 0xd9)
				return 1;
		return 0;
	}
	for (i = 8; len - i >= 12;) {
		unsigned long n = be32(d + i);

		if (n > len - i - 12 || crc32(0, d + i + 4, (uInt)n + 4) !=
		    be32(d + i + 8 + n))
			return 0;
		if (memcmp(d + i + 4, "IEND", 4) == 0)
			return 1;
		i += 12 + n;
	}
	return 0;
}

static GdkPixbuf *
decode(const unsigned char *data, size_t len)
{
	GdkPixbufLoader *loader = gdk_pixbuf_loader_new();
	GdkPixbuf *pb = NULL;
	int ok;

	ok = gdk_pixbuf_loader_write(loader, data, len, NULL);
	/* Closed in any case, or the loader complains as it goes. */
	ok = gdk_pixbuf_loader_close(loader, NULL) && ok;
	if (ok && (pb = gdk_pixbuf_loader_get_pixbuf(loader)) != NULL)
		g_object_ref(pb);
	g_object_unref(loader);
	return pb;
}

static RsvgHandle *
svg_open(const unsigned char *data, size_t len)
{
	/* Without a base file, an SVG can load nothing beside it. */
	return rsvg_handle_new_from_data(data, len, NULL);
}

/* An SVG's size: its own width and height, or its view box's. */
static int
svg_size(RsvgHandle *svg, double *w, double *h)
{
	gboolean has_w, has_h, has_box;
	RsvgLength lw, lh;
	RsvgRectangle box;

	if (rsvg_handle_get_intrinsic_size_in_pixels(svg, w, h) &&
	    *w > 0 && *h > 0)
		return 0;
	rsvg_handle_get_intrinsic_dimensions(svg, &has_w, &lw, &has_h, &lh,
	    &has_box, &box);
	if (has_box && box.width > 0 && box.height > 0) {
		*w = box.width;
		*h = box.height;
		return 0;
	}
	return -1;
}

int
img_size(const unsigned char *data, size_t len, double *w, double *h,
    const char **why)
{
	enum img_type type = img_type(data, len);
	unsigned long pw, ph;
	int components, ret = -1;
	RsvgHandle *svg;

	switch (type) {
	case IMG_NONE:
		*why = N_("the file is no PNG, JPEG or SVG image");
		return -1;
	case IMG_SVG:
		if (len > IMG_MAX_SVG_BYTES) {
			*why = N_("the SVG image is larger than 4 MiB; simplify "
			    "it, or save it as PNG");
			return -1;
		}
		if ((svg = svg_open(data, len)) == NULL) {
			*why = N_("the SVG image cannot be read");
			return -1;
		}
		if ((ret = svg_size(svg, w, h)) != 0)
			*why = N_("the SVG image has neither width and height nor "
			    "a viewBox");
		g_object_unref(svg);
		return ret;
	case IMG_PNG:
	case IMG_JPEG:
		break;
	}
	if (header(type, data, len, &pw, &ph, &components) != 0 ||
	    pw == 0 || ph == 0) {
		*why = type == IMG_PNG ? N_("the PNG image cannot be read") :
		    N_("the JPEG image cannot be read");
		return -1;
	}
	if ((double)pw * (double)ph > IMG_MAX_PIXELS) {
		*why = N_("the image has more than 40 million pixels; save it "
		    "smaller");
		return -1;
	}
	/* Cairo's images are no larger. */
	if (pw > IMG_MAX_SIDE || ph > IMG_MAX_SIDE) {
		*why = N_("the image is more than 32 000 pixels wide or tall; "
		    "save it smaller");
		return -1;
	}
	if (!whole(type, data, len)) {
		*why = N_("the file ends before the image does; save it again");
		return -1;
	}
	*w = (double)pw;
	*h = (double)ph;
	return 0;
}

int
img_check(const unsigned char *data, size_t len, const char **why)
{
	GdkPixbuf *pb;
	double w, h;

	if (img_size(data, len, &w, &h, why) != 0)
		return -1;
	if (img_type(data, len) == IMG_SVG)
		return 0;
	if ((pb = decode(data, len)) == NULL) {
		*why = img_type(data, len) == IMG_PNG ?
		    N_("the PNG image cannot be read") :
		    N_("the JPEG image cannot be read");
		return -1;
	}
	g_object_unref(pb);
	return 0;
}

/* The pixbuf as a Cairo image: premultiplied, or laid on white. */
static cairo_surface_t *
surface_of(GdkPixbuf *pb, int opaque)
{
	int w = gdk_pixbuf_get_width(pb), h = gdk_pixbuf_get_height(pb);
	int n = gdk_pixbuf_get_n_channels(pb), alpha = gdk_pixbuf_get_has_alpha(pb);
	int stride = gdk_pixbuf_get_rowstride(pb), x, y, ostride;
	const guint8 *pixels = gdk_pixbuf_read_pixels(pb);
	cairo_surface_t *s = cairo_image_surface_create(opaque || !alpha ?
	    CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32, w, h);
	unsigned char *out;

	/* A decoder may make another size than the header says. */
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return NULL;
	}
	cairo_surface_flush(s);
	out = cairo_image_surface_get_data(s);
	ostride = cairo_image_surface_get_stride(s);
	for (y = 0; y < h; y++) {
		const guint8 *p = pixels + (size_t)y * (size_t)stride;
		uint32_t *o = (uint32_t *)(void *)(out + (size_t)y *
		    (size_t)ostride);

		for (x = 0; x < w; x++, p += n) {
			unsigned a = alpha ? p[3] : 255, r = p[0], g = p[1],
			    b = p[2];

			if (opaque) {
				/* Over white: c·a + 255·(1 − a). */
				r = (r * a + 255 * (255 - a) + 127) / 255;
				g = (g * a + 255 * (255 - a) + 127) / 255;
				b = (b * a + 255 * (255 - a) + 127) / 255;
				a = 255;
			} else {
				r = (r * a + 127) / 255;
				g = (g * a + 127) / 255;
				b = (b * a + 127) / 255;
			}
			o[x] = (uint32_t)a << 24 | r << 16 | g << 8 | b;
		}
	}
	cairo_surface_mark_dirty(s);
	return s;
}

/*
 * Fills the box at x, y of w by h points with s, which is sw by sh: a
 * fill, not a paint, which Cairo 1.16 cannot mark as content when it is
 * the first thing drawn in a structure element.
 */
static void
paint(cairo_t *cr, cairo_surface_t *s, double sw, double sh, double x,
    double y, double w, double h)
{
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, w / sw, h / sh);
	cairo_set_source_surface(cr, s, 0, 0);
	/* PDF/A allows no /Interpolate true, which Cairo writes for an
	 * image smoothed when scaled; a preview is smoothed. */
	if (cairo_surface_get_type(cairo_get_target(cr)) ==
	    CAIRO_SURFACE_TYPE_PDF)
		cairo_pattern_set_filter(cairo_get_source(cr),
		    CAIRO_FILTER_NEAREST);
	cairo_rectangle(cr, 0, 0, sw, sh);
	cairo_fill(cr);
	cairo_restore(cr);
}

static void
paint_image(cairo_t *cr, cairo_surface_t *s, double x, double y, double w,
    double h)
{
	paint(cr, s, cairo_image_surface_get_width(s),
	    cairo_image_surface_get_height(s), x, y, w, h);
}

static void
draw_raster(cairo_t *cr, enum img_type type, const unsigned char *data,
    size_t len, double x, double y, double w, double h, int opaque)
{
	unsigned long pw, ph;
	int components;
	GdkPixbuf *pb;
	cairo_surface_t *s;

	if (header(type, data, len, &pw, &ph, &components) != 0 ||
	    (double)pw * (double)ph > IMG_MAX_PIXELS ||
	    (pb = decode(data, len)) == NULL)
		return;
	s = surface_of(pb, opaque);
	g_object_unref(pb);
	if (s == NULL)
		return;
	/* A JPEG goes into the PDF as it is, not decoded and compressed
	 * again: but for CMYK, whose colours PDF/A's sRGB intent cannot
	 * carry. */
	if (type == IMG_JPEG && (components == 1 || components == 3)) {
		unsigned char *copy = xmalloc(len);

		memcpy(copy, data, len);
		cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, copy, len,
		    free, copy);
	}
	paint_image(cr, s, x, y, w, h);
	cairo_surface_destroy(s);
}

static void
draw_svg(cairo_t *cr, const unsigned char *data, size_t len, double x,
    double y, double w, double h, int opaque)
{
	RsvgHandle *svg = svg_open(data, len);
	RsvgRectangle box = { x, y, w, h };
	cairo_surface_t *s;
	cairo_t *sc;

	if (svg == NULL)
		return;
	/* Drawn into a recording, which the PDF keeps as vectors, and
	 * filled from it (see paint()). */
	if (!opaque) {
		cairo_rectangle_t r = { 0, 0, w, h };

		s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &r);
		sc = cairo_create(s);
		box.x = box.y = 0;
		rsvg_handle_render_document(svg, sc, &box, NULL);
		cairo_destroy(sc);
		g_object_unref(svg);
		paint(cr, s, w, h, x, y, w, h);
		cairo_surface_destroy(s);
		return;
	}
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)ceil(w / 72 * SVG_RASTER_DPI),
	    (int)ceil(h / 72 * SVG_RASTER_DPI));
	sc = cairo_create(s);
	cairo_set_source_rgb(sc, 1, 1, 1);
	cairo_paint(sc);
	box.x = box.y = 0;
	box.width = cairo_image_surface_get_width(s);
	box.height = cairo_image_surface_get_height(s);
	rsvg_handle_render_document(svg, sc, &box, NULL);
	cairo_destroy(sc);
	g_object_unref(svg);
	paint_image(cr, s, x, y, w, h);
	cairo_surface_destroy(s);
}

void
img_draw(cairo_t *cr, const unsigned char *data, size_t len, double x,
    double y, double w, double h, int opaque)
{
	enum img_type type = img_type(data, len);

	if (type == IMG_SVG)
		draw_svg(cr, data, len, x, y, w, h, opaque);
	else if (type != IMG_NONE)
		draw_raster(cr, type, data, len, x, y, w, h, opaque);
}
