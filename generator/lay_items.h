/*
 * Items of plain text as Pango's itemiser makes them (pango_itemize): the
 * same runs, fonts (the first of a fontset's fonts that has a character,
 * spaces going with the font around them), script, language and
 * attributes, found without the script, bidirectional, emoji and width
 * analysis that plain text has no use for.  Plain: the characters
 * lay_plain_char() takes, which are Latin, common or inherited and set no
 * direction.
 */
#ifndef HPLAN_LAY_ITEMS_H
#define HPLAN_LAY_ITEMS_H

#include <pango/pango.h>

/*
 * The items of text's len bytes from start, plain text of script (Latin,
 * or Common where it has no Latin letter), set left to right, with the
 * font and language attributes at iter (moved on to them, as
 * pango_itemize does a cached iterator).
 */
GList	*lay_plain_items(PangoContext *ctx, const char *text, int start,
	    int len, PangoScript script, PangoAttrIterator *iter);

#endif
