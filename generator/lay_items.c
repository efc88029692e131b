#include <string.h>

#include "lay_items.h"
#include "lay_shape.h"
#include "xalloc.h"

#define NO_FONT		0xffff	/* Pango's position of no font */
#define TABLED		0x250	/* characters kept in an array */

/*
 * The font a fontset gives each character, as Pango's itemiser finds it
 * (the first of its fonts that has it, else the description's own), kept
 * with the fontset: fonts are the fontset's, the description's own is
 * referenced here.
 */
struct choice {
	PangoFont	*font;
	int		 position;
	int		 known;
};

struct choices {
	struct choice	 first[TABLED];
	GHashTable	*others;	/* character to struct choice */
	GPtrArray	*own;		/* fonts referenced */
};

static void
choices_free(gpointer p)
{
	struct choices *c = p;

	if (c->others != NULL)
		g_hash_table_destroy(c->others);
	g_ptr_array_free(c->own, TRUE);
	free(c);
}

struct search {
	gunichar	 c;
	PangoFont	*font;
	int		 position;
};

static gboolean
has_char(PangoFontset *fontset, PangoFont *font, gpointer data)
{
	struct search *s = data;

	(void)fontset;
	if (font == NULL)
		return FALSE;
	if (pango_font_has_char(font, s->c)) {
		s->font = font;
		return TRUE;
	}
	s->position++;
	return FALSE;
}

/* The choices kept with fontset. */
static struct choices *
choices_of(PangoFontset *fontset)
{
	GQuark q = g_quark_from_static_string("hplan-choices");
	struct choices *cs = g_object_get_qdata(G_OBJECT(fontset), q);

	if (cs == NULL) {
		cs = xcalloc(1, sizeof(*cs));
		cs->own = g_ptr_array_new_with_free_func(g_object_unref);
		g_object_set_qdata_full(G_OBJECT(fontset), q, cs, choices_free);
	}
	return cs;
}

static struct choice
choose(PangoContext *ctx, PangoFontset *fontset, struct choices *cs,
    const PangoFontDescription *desc, gunichar c)
{
	struct choice *ch, found;
	struct search s = { c, NULL, 0 };

	if (c < TABLED && cs->first[c].known)
		return cs->first[c];
	if (c >= TABLED && cs->others != NULL &&
	    (ch = g_hash_table_lookup(cs->others, GUINT_TO_POINTER(c))) != NULL)
		return *ch;
	pango_fontset_foreach(fontset, has_char, &s);
	if (s.font == NULL) {
		s.font = pango_font_map_load_font(pango_context_get_font_map(ctx),
		    ctx, desc);
		if (s.font != NULL)
			g_ptr_array_add(cs->own, s.font);
	}
	found.font = s.font;
	found.position = s.position;
	found.known = 1;
	if (c < TABLED)
		cs->first[c] = found;
	else {
		if (cs->others == NULL)
			cs->others = g_hash_table_new_full(NULL, NULL, NULL, free);
		ch = xmalloc(sizeof(*ch));
		*ch = found;
		g_hash_table_insert(cs->others, GUINT_TO_POINTER(c), ch);
	}
	return found;
}

/* What Pango's itemiser takes for a space: no font is chosen for it. */
static int
as_space(gunichar c)
{
	GUnicodeType t = g_unichar_type(c);

	return t == G_UNICODE_CONTROL || t == G_UNICODE_FORMAT ||
	    t == G_UNICODE_LINE_SEPARATOR || t == G_UNICODE_PARAGRAPH_SEPARATOR ||
	    t == G_UNICODE_SPACE_SEPARATOR;
}

/* The itemiser's state over a paragraph, as Pango keeps it. */
struct itemiser {
	const char	*text;
	GList		*items;		/* the last first */
	PangoItem	*item;
	int		 position;	/* of the item's font */
	const char	*first_space;	/* of the spaces just seen */
};

/* Gives the items before the current one that have no font yet font. */
static void
fill_font(struct itemiser *it, PangoFont *font)
{
	GList *l;

	for (l = it->items; l != NULL; l = l->next) {
		PangoItem *item = l->data;

		if (item->analysis.font != NULL)
			break;
		if (font != NULL)
			item->analysis.font = g_object_ref(font);
	}
}

static void
add_char(struct itemiser *it, PangoFont *font, int position,
    const char *pos, int is_space, const PangoAnalysis *run, GSList **extra)
{
	const char *first_space = it->first_space;
	int n_spaces = 0;
	guint8 flags;

	if (is_space) {
		if (it->first_space == NULL)
			it->first_space = pos;
	} else
		it->first_space = NULL;
	if (it->item != NULL) {
		if (it->item->analysis.font == NULL && font != NULL) {
			fill_font(it, font);
			it->position = position;
		} else if (it->item->analysis.font != NULL && font == NULL) {
			font = it->item->analysis.font;
			position = it->position;
		}
		if (it->item->analysis.font == font) {
			it->item->num_chars++;
			return;
		}
		/* Spaces ending an item go with the next if its font is
		 * less of a fallback. */
		if (it->text + it->item->offset < first_space &&
		    position < it->position) {
			n_spaces = (int)g_utf8_strlen(first_space, pos -
			    first_space);
			it->item->num_chars -= n_spaces;
			pos = first_space;
		}
		it->item->length = (int)(pos - it->text) - it->item->offset;
	}
	it->item = pango_item_new();
	it->item->offset = (int)(pos - it->text);
	it->item->num_chars = n_spaces + 1;
	/* Keeping the flags pango_item_new sets (its private part). */
	flags = it->item->analysis.flags;
	it->item->analysis = *run;
	it->item->analysis.flags |= flags;
	it->item->analysis.font = font != NULL ? g_object_ref(font) : NULL;
	it->position = position;
	/* The run's first item takes its attributes, the others copies. */
	if (*extra != NULL) {
		it->item->analysis.extra_attrs = *extra;
		*extra = NULL;
	} else
		it->item->analysis.extra_attrs = g_slist_copy_deep(
		    run->extra_attrs, (GCopyFunc)(void (*)(void))
		    pango_attribute_copy, NULL);
	it->items = g_list_prepend(it->items, it->item);
}

GList *
lay_plain_items(PangoContext *ctx, const char *text, int start, int len,
    PangoScript script, PangoAttrIterator *iter)
{
	struct itemiser it = { text, NULL, NULL, NO_FONT, NULL };
	const PangoFontDescription *base = pango_context_get_font_description(
	    ctx);
	PangoFontMap *map = pango_context_get_font_map(ctx);
	const char *p = text + start, *end = p + len;
	int rs, re;

	if (len == 0)
		return NULL;
	for (pango_attr_iterator_range(iter, &rs, &re); re <= start &&
	    pango_attr_iterator_next(iter);)
		pango_attr_iterator_range(iter, &rs, &re);
	while (p < end) {
		PangoFontDescription *desc = pango_font_description_copy_static(
		    base);
		PangoLanguage *lang = NULL;
		PangoAnalysis run;
		PangoFontset *fontset;
		struct choices *cs;
		/* Taken by the run's first item: every run has a character. */
		GSList *extra = NULL;
		const char *run_end;

		pango_attr_iterator_range(iter, &rs, &re);
		run_end = re < (int)(end - text) ? text + re : end;
		pango_attr_iterator_get_font(iter, desc, &lang, &extra);
		if (lang == NULL && (lang = pango_context_get_language(ctx)) ==
		    NULL)
			lang = pango_language_get_default();
		if (!(pango_font_description_get_set_fields(desc) &
		    PANGO_FONT_MASK_GRAVITY))
			pango_font_description_set_gravity(desc,
			    pango_gravity_get_for_script_and_width(script, FALSE,
			    pango_context_get_gravity(ctx),
			    pango_context_get_gravity_hint(ctx)));
		memset(&run, 0, sizeof(run));
		run.gravity = pango_font_description_get_gravity(desc);
		run.script = (guint8)script;
		run.language = pango_language_includes_script(lang, script) ?
		    lang : pango_script_get_sample_language(script);
		if (run.language == NULL)
			run.language = pango_language_from_string("xx");
		run.extra_attrs = extra;
		fontset = pango_font_map_load_fontset(map, ctx, desc,
		    run.language);
		cs = choices_of(fontset);
		it.item = NULL;
		for (; p < run_end; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);

			if (as_space(c))
				add_char(&it, NULL, NO_FONT, p, 1, &run, &extra);
			else {
				struct choice ch = choose(ctx, fontset, cs, desc,
				    c);

				add_char(&it, ch.font, ch.position, p, 0, &run,
				    &extra);
			}
		}
		it.item->length = (int)(p - text) - it.item->offset;
		if (it.item->analysis.font == NULL)
			fill_font(&it, choose(ctx, fontset, cs, desc,
			    ' ').font);
		g_object_unref(fontset);
		pango_font_description_free(desc);
		if (p < end)
			pango_attr_iterator_next(iter);
	}
	/* Pango's post-processing changes only items with small-caps or
	 * font-scale attributes, which lay_shape leaves to Pango. */
	return g_list_reverse(it.items);
}
