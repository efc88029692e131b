/*
 * The style: every size, margin, font and colour of the PDF, read from a
 * YAML file in styles/.  hplan has no style values of its own.
 */
#ifndef HPLAN_STYLE_H
#define HPLAN_STYLE_H

#include <stdint.h>

#include "diag.h"
#include "doc.h"

enum style_face {
	STYLE_SANS,
	STYLE_SERIF
};

/* How a run of text looks; lengths are in PDF points. */
struct style_text {
	enum style_face	 face;
	double		 size;
	double		 leading;	/* baseline to baseline */
	int		 bold;
	int		 italic;
};

struct style_heading {
	struct style_text	 text;
	double			 space_before;
	double			 space_after;
};

struct style {
	char			*file;
	double			 page_width, page_height;
	double			 margin_top, margin_bottom;
	double			 margin_left, margin_right;
	char			*font_dir;	/* resolved against the file */
	char			*sans, *serif;	/* family names */
	uint32_t		 color_text, color_rule, color_table_header;
	uint32_t		 color_link;
	char			*hyph_dict;
	char			*hyph_compounds;	/* Hunspell's, without
						 * .aff and .dic; "": none */
	int			 hyph_left, hyph_right, hyph_min_word;
	int			 hyph_min_capitalized;
	struct style_text	 header;
	double			 header_top, header_title_width;
	char			*draft_mark;	/* "UTKAST" */
	struct style_text	 draft_text;
	uint32_t		 draft_color;
	double			 draft_top;
	struct style_text	 body;
	/* What straight quotes typed in a plan print as; "": as typed. */
	char			*double_quote, *single_quote;
	double			 paragraph_space;
	struct style_heading	 headings[DOC_MAX_LEVEL];
	double			 list_indent, item_space;
	char			*bullet;
	struct style_text	 quote;
	double			 quote_indent;
	struct style_text	 footnote;
	double			 fn_space_above, fn_rule_width, fn_rule_thickness;
	double			 fn_marker_scale, fn_marker_rise, fn_note_indent;
	struct style_text	 table_text, table_header, table_caption;
	double			 table_padding, table_border;
	double			 table_space_before, table_space_after;
	struct style_text	 figure_caption;
	char			*figure_label;	/* "Figur": "Figur 1: …" */
	double			 figure_space_before, figure_space_after;
	double			 figure_caption_space;	/* image to caption */
	char			*toc_title;
	struct style_text	 toc_title_text;
	double			 toc_title_space;
	int			 toc_depth;
	struct style_text	 toc_levels[DOC_MAX_LEVEL];
	double			 toc_indent, toc_number_width, toc_leader_spacing;
	char			*toc_leader;
	struct style_text	 cover_title, cover_site_text;
	double			 cover_title_top, cover_title_width;
	double			 cover_site_bottom;
	char			*cover_site;
	char			*cover_logo;	/* a PNG file, or NULL */
	double			 cover_logo_top, cover_logo_width;
	struct style_text	 tp_title, tp_date, tp_labels;
	double			 tp_title_top, tp_labels_top, tp_label_width;
	/* A tjänsteutlåtande's first page and header. */
	char			*memo_kind;	/* "Tjänsteutlåtande" */
	struct style_text	 memo_header_kind, memo_labels, memo_values;
	double			 memo_top, memo_to_offset;
	struct style_text	 memo_title;
	double			 memo_title_space, memo_title_after;
	double			 memo_signature_space, memo_signature_width;
	struct style_text	 memo_footer;
	double			 memo_footer_bottom, memo_footer_column;
	double			 memo_footer_space;
	char			*icc_profile;
};

/* Reads the style at path; NULL when it has errors (reported to d). */
struct style	*style_read(const char *path, struct diag *d);
void		 style_free(struct style *s);

/* Every text style of s, in the order of the style file: *out gets at
 * most max, and the count is returned. */
size_t		 style_texts(const struct style *s,
		    const struct style_text **out, size_t max);

/* The family name of a face. */
const char	*style_family(const struct style *s, enum style_face face);

#endif
