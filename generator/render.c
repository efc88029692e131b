#include <stdlib.h>

#include "font.h"
#include "render.h"
#include "xalloc.h"

struct render *
render_open(const char *style_path, struct diag *d)
{
	struct render *r = xcalloc(1, sizeof(*r));

	if ((r->style = style_read(style_path, d)) == NULL ||
	    (r->ctx = font_context_new(r->style, &r->coverage, d)) == NULL ||
	    (r->hyph = hyph_open(r->style, d)) == NULL) {
		render_close(r);
		return NULL;
	}
	return r;
}

void
render_close(struct render *r)
{
	if (r == NULL)
		return;
	hyph_close(r->hyph);
	if (r->ctx != NULL)
		g_object_unref(r->ctx);
	if (r->coverage != NULL)
		FcCharSetDestroy(r->coverage);
	style_free(r->style);
	free(r);
}

struct lay_doc *
render_layout(struct render *r, const struct doc *doc, int appendix,
    struct diag *d)
{
	return lay_build(doc, r->style, r->ctx, r->hyph, appendix, d);
}

/* Characters that are never drawn, so need no glyph. */
static int
invisible(gunichar c)
{
	return c < 0x20 || c == 0xad || (c >= 0x200b && c <= 0x200f) ||
	    c == 0x2028 || c == 0x2029 || c == 0x2060 || c == 0xfeff;
}

/* Where a line may break between words, for the length of a word. */
static int
word_break(gunichar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '-' || c == '/' ||
	    c == 0x200b || c == 0x2010 || c == 0x2013 || c == 0x2014;
}

/*
 * A text being checked: the length of the word running to its end, carried
 * over inline nodes (a word may be half emphasis).
 */
struct check {
	struct render	*render;
	struct diag	*d;
	size_t		 word;
	unsigned	 found;
};

/* Reports each kind of problem once per text, so a pasted run of emoji
 * gives one message, not thousands. */
static void
check_text(struct check *ck, const char *text, const struct diag_pos *pos)
{
	const char *p, *missing = NULL, *them;
	unsigned nmissing = 0, nlong = 0;

	for (p = text; p != NULL && *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (word_break(c))
			ck->word = 0;
		else if (++ck->word == RENDER_MAX_WORD + 1)
			nlong++;
		if (invisible(c) || FcCharSetHasChar(ck->render->coverage, c))
			continue;
		if (nmissing++ == 0)
			missing = p;
	}
	them = nmissing == 1 ? "it" : "them";
	if (nlong > 0)
		diag_report(ck->d, DIAG_ERROR, pos, "%s longer than %d "
		    "characters without a space or hyphen; break %s up",
		    nlong == 1 ? "a word is" : "words are", RENDER_MAX_WORD,
		    nlong == 1 ? "it" : "them");
	if (nmissing > 0)
		diag_report(ck->d, DIAG_ERROR, pos, "the character U+%04X "
		    "(%.*s)%s not in the plan's fonts and would print as an "
		    "empty box; remove %s or write %s out in words",
		    (unsigned)g_utf8_get_char(missing),
		    (int)(g_utf8_next_char(missing) - missing), missing,
		    nmissing == 1 ? " is" : " and others in the text are",
		    them, them);
	ck->found += nlong + nmissing;
}

/* A text on its own: a title, a heading, a caption. */
static void
check_line(struct check *ck, const char *text, const struct diag_pos *pos)
{
	ck->word = 0;
	check_text(ck, text, pos);
	ck->word = 0;
}

unsigned
render_check_text(struct render *r, const struct doc *doc, struct diag *d)
{
	const struct doc_meta *m = &doc->meta;
	struct check ck = { r, d, 0, 0 };
	struct doc_iter it;
	struct doc_node *n;
	size_t i;

	check_line(&ck, m->title.s, &m->title.pos);
	check_line(&ck, m->title_page_title.s, &m->title_page_title.pos);
	check_line(&ck, m->board.s, &m->board.pos);
	check_line(&ck, m->dnr.s, &m->dnr.pos);
	check_line(&ck, m->contact.s, &m->contact.pos);
	for (i = 0; i < m->nlabels; i++) {
		check_line(&ck, m->labels[i].label.s, &m->labels[i].label.pos);
		check_line(&ck, m->labels[i].value.s, &m->labels[i].value.pos);
	}
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n) != DOC_DONE) {
		if (n->type == DOC_TEXT) {
			if (it.ev == DOC_ENTER)
				check_text(&ck, n->as.text.s, &n->pos);
		} else if (n->type == DOC_LINEBREAK ||
		    n->type == DOC_FOOTNOTE || n->type < DOC_TEXT)
			/* A word ends with its paragraph or line. */
			ck.word = 0;
		if (it.ev != DOC_ENTER)
			continue;
		if (n->type == DOC_SECTION)
			check_line(&ck, n->as.section.title, &n->pos);
		else if (n->type == DOC_TABLE || n->type == DOC_ACTIONS) {
			check_line(&ck, n->as.table.caption, &n->pos);
			for (i = 0; i < n->as.table.ncols; i++)
				check_line(&ck, n->as.table.cols[i].header,
				    &n->as.table.cols[i].pos);
		}
	}
	return ck.found;
}
