/*
 * The images a plan's figures hold: PNG and JPEG (decoded with
 * gdk-pixbuf) and SVG (drawn with librsvg, as vectors).  The image's
 * bytes are the plan's, kept in the document tree and the archival XML,
 * so that every output is made from the same bytes.
 */
#ifndef HPLAN_IMG_H
#define HPLAN_IMG_H

#include <stddef.h>

#include <cairo.h>

enum img_type {
	IMG_NONE,
	IMG_PNG,
	IMG_JPEG,
	IMG_SVG
};

enum {
	IMG_MAX_BYTES = 16 << 20,	/* an image file */
	IMG_MAX_SVG_BYTES = 4 << 20,	/* an SVG's: each of its elements
					 * costs, read and drawn */
	IMG_MAX_PIXELS = 40000000,	/* a raster image, decoded */
	IMG_MAX_SIDE = 32000		/* its width or height */
};

/* The kind of image data holds, by its first bytes. */
enum img_type	 img_type(const unsigned char *data, size_t len);
/* Its media type ("image/png"), or NULL for IMG_NONE. */
const char	*img_mime(enum img_type type);

/*
 * The image's width and height (pixels, or an SVG's own units) in *w and
 * *h: 0, or -1 with the reason in *why (a message for the plan's author).
 * A raster image's are read from its header, once the file is found whole
 * and not too large.
 */
int		 img_size(const unsigned char *data, size_t len, double *w,
		    double *h, const char **why);
/* img_size(), and the image decoded as a drawing would: 0 or -1. */
int		 img_check(const unsigned char *data, size_t len,
		    const char **why);

/*
 * Draws the image scaled into the box at x, y of w by h points.  With
 * opaque, it is laid on white first and has no transparency left (PDF/A-1
 * allows none): a PNG's alpha is flattened, an SVG drawn as an image of
 * 300 pixels to the inch.  An image img_size() refuses draws nothing.
 */
void		 img_draw(cairo_t *cr, const unsigned char *data, size_t len,
		    double x, double y, double w, double h, int opaque);

#endif
