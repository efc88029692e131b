/*
 * libFuzzer harness: any bytes as a figure's image, checked as validation
 * checks it and, where it passes, drawn as the PDF and PDF/A-1b draw it.
 */
#include <stdint.h>
#include <stdlib.h>

#include <cairo.h>

#include "img.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cairo_surface_t *s;
	const char *why;
	double w, h;
	cairo_t *cr;
	int opaque;

	if (img_check(data, size, &why) != 0)
		return 0;
	if (img_size(data, size, &w, &h, &why) != 0 || !(w > 0 && h > 0))
		abort();
	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 64, 64);
	cr = cairo_create(s);
	for (opaque = 0; opaque < 2; opaque++)
		img_draw(cr, data, size, 2, 2, 60, 60 * h / w > 60 ? 60 :
		    60 * h / w, opaque);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return 0;
}
