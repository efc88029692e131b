/*
 * The document tree: one handlingsplan, whatever it was read from.  Every
 * output (archival XML, text dump, PDF layout) is a walk over this tree.
 */
#ifndef HPLAN_DOC_H
#define HPLAN_DOC_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

enum doc_type {
	DOC_PLAN,		/* root; its children are level-1 sections */
	DOC_SECTION,
	DOC_PARAGRAPH,
	DOC_LIST,
	DOC_ITEM,
	DOC_QUOTE,
	DOC_TABLE,		/* plain table: DOC_ROW children */
	DOC_ROW,		/* DOC_CELL children */
	DOC_CELL,		/* block children */
	DOC_ACTIONS,		/* action table: DOC_ACTION children */
	DOC_ACTION,		/* DOC_FIELD children */
	DOC_FIELD,		/* block children */
	DOC_FIGURE,		/* an image in a section's text: as.figure */
	DOC_TEXT,
	DOC_EMPH,
	DOC_STRONG,
	DOC_LINK,
	DOC_LANG,		/* a passage in another language than the plan's */
	DOC_FOOTNOTE,		/* written in place; numbered in document order */
	DOC_LINEBREAK
};

/* The fields an action can have; a table shows some of them as columns. */
enum doc_field {
	DOC_FIELD_ACTION,	/* åtgärd / aktivitet */
	DOC_FIELD_PURPOSE,	/* syfte */
	DOC_FIELD_RESPONSIBLE,	/* ansvarig */
	DOC_FIELD_OTHERS,	/* andra berörda */
	DOC_FIELD_DEADLINE,	/* senast klart / tidplan */
	DOC_FIELD_FOLLOWUP,	/* uppföljning */
	DOC_FIELD_STATUS,
	DOC_FIELD__MAX
};

/*
 * The names a column can have in a plan.  Two names may denote one field
 * ("aktivitet" is "åtgärd" in the 2020 plans); the name chooses the header.
 */
enum doc_colkey {
	DOC_COL_ATGARD,
	DOC_COL_AKTIVITET,
	DOC_COL_SYFTE,
	DOC_COL_ANSVARIG,
	DOC_COL_ANDRA_BERORDA,
	DOC_COL_SENAST_KLART,
	DOC_COL_TIDPLAN,
	DOC_COL_UPPFOLJNING,
	DOC_COL_STATUS,
	DOC_COL__MAX,
	DOC_COL_NONE = DOC_COL__MAX	/* a plain table's column */
};

enum doc_board_kind {
	DOC_BOARD_DISTRICT,	/* stadsdelsnämnd */
	DOC_BOARD_SPECIALIST	/* facknämnd */
};

/* From byte off of a text on, it was written at line:col. */
struct doc_anchor {
	size_t		 off;
	unsigned	 line, col;
};

/* A string with the place it was written; s == NULL means absent. */
struct doc_str {
	char		*s;
	struct diag_pos	 pos;
	int		 exact;	/* pos is its first character's, and it is
				 * written on one line as it reads */
};

/* A date of 2020, 2017-09 or 2017-09-28; year 0 means empty. */
struct doc_date {
	int		 year;
	int		 month;	/* 0 when only the year is given */
	int		 day;	/* 0 when not given */
	int		 present; /* the key was written, perhaps empty */
	struct diag_pos	 pos;
};

struct doc_label {
	struct doc_str	 label;
	struct doc_str	 value;
};

/* An earlier version of the plan, which this one revises or follows. */
struct doc_version {
	unsigned	 version;
	struct doc_date	 date;
	struct doc_str	 dnr;		/* when it had another dnr */
	struct doc_str	 note;		/* "reviderad till T1 2018" */
	struct doc_str	 file;		/* its plan file, for follow-up checks */
	struct diag_pos	 pos;
};

/* The nämnd's decision on the plan, when it has been taken. */
struct doc_decision {
	int		 present;
	struct diag_pos	 pos;
	struct doc_str	 body;		/* organ; NULL: the nämnd itself */
	struct doc_date	 date;		/* the meeting's, a whole date */
	struct doc_str	 paragraph;	/* "12" of "§ 12" */
	struct doc_str	 minutes;	/* protokoll, e.g. "2017:9" */
};

struct doc_meta {
	struct doc_str		 board;		/* nämnd */
	enum doc_board_kind	 board_kind;
	struct doc_str		 administration; /* förvaltning */
	struct doc_str		 title;
	struct doc_str		 title_page_title;
	struct doc_date		 date;
	struct doc_str		 dnr;
	struct doc_date		 published;	/* utgivningsdatum */
	struct doc_str		 contact;	/* kontaktperson */
	unsigned		 version;
	struct doc_decision	 decision;	/* beslut */
	struct doc_label	*labels;	/* extra title-page lines */
	size_t			 nlabels;
	struct doc_version	*history;	/* earlier versions, newest
						 * first: this one revises
						 * history[0] */
	size_t			 nhistory;
};

/* A signature under the proposal: a name and its title. */
struct doc_signature {
	struct doc_str	 name;
	struct doc_str	 title;
};

/*
 * What a tjänsteutlåtande has beside a plan's metadata.  Its proposal,
 * summary and the rest are sections of the tree, whose ids say which
 * (DOC_MEMO_PROPOSAL …).
 */
struct doc_memo {
	struct doc_str		 plan;		/* the plan it proposes */
	struct doc_str		 unit;		/* avdelning */
	struct doc_str		 officer;	/* handläggare */
	struct doc_str		 phone;
	struct doc_str		 email;
	struct doc_str		 to;		/* till: the nämnd */
	struct doc_signature	*signatures;
	size_t			 nsignatures;
	struct doc_str		*address;	/* postal address, by line */
	size_t			 naddress;
	struct doc_str		 switchboard;	/* växel */
	/* Found when the file is read (plan.h): the plan it proposes. */
	struct doc		*plan_doc;
	char			*plan_path;	/* plan_doc's file */
	/* The attachments the plan adds, the first items of the list: not
	 * written back, as they are found again from the plan. */
	size_t			 nlinked;
};

/* The ids of a tjänsteutlåtande's sections. */
#define DOC_MEMO_PROPOSAL	"förslag"
#define DOC_MEMO_ATTACHMENTS	"bilagor"
#define DOC_MEMO_ATTACHMENTS_HEADING	"Bilagor"

/* The no-break space, between a number and what it counts. */
#define NBSP	"\xc2\xa0"

/* The parts of a tjänsteutlåtande between its proposal and its
 * attachments, in seed 001's order and words: the YAML key, the section's
 * id and its heading. */
struct doc_memo_part {
	const char	*key;
	const char	*id;
	const char	*heading;
};
#define DOC_MEMO_PARTS	5
extern const struct doc_memo_part doc_memo_parts[DOC_MEMO_PARTS];

struct doc_column {
	enum doc_colkey	 key;		/* DOC_COL_NONE in a plain table */
	char		*header;	/* NULL: the key's default header */
	double		 width;		/* percent of the table; 0 = share */
	struct diag_pos	 pos;
};

struct doc_node {
	enum doc_type		 type;
	struct doc_node		*parent;
	struct doc_node		*first;
	struct doc_node		*last;
	struct doc_node		*prev;
	struct doc_node		*next;
	struct diag_pos		 pos;
	union {
		struct {
			char	*title;
			char	*id;	/* NULL when not given */
			int	 level;	/* 1..DOC_MAX_LEVEL */
			/* The requirements (hplan check's rule ids) the
			 * section answers, space-separated; NULL: none. */
			char	*krav;
			struct diag_pos	 title_pos, id_pos;
		} section;
		struct {
			int	 ordered;
			int	 start;
		} list;
		struct {
			char			*caption; /* may be NULL */
			struct doc_column	*cols;
			size_t			 ncols;
			struct diag_pos		 cols_pos;
			/* The reader found the columns wrong and said so:
			 * what depends on them is not checked. */
			int			 columns_reported;
		} table;		/* DOC_TABLE and DOC_ACTIONS */
		struct {
			char		*id;
			struct diag_pos	 id_pos;
		} action;
		struct {
			enum doc_field	 field;
			enum doc_colkey	 key;	/* the name it was given */
			struct diag_pos	 key_pos;
		} field;
		struct {
			char		 *s;
			/* Where its parts were written, when the reader
			 * knows: ascending, the first at offset 0. */
			struct doc_anchor *anchors;
			size_t		  nanchors;
		} text;
		struct {
			char	*url;
		} link;
		struct {
			char	*tag;	/* BCP 47: "en", "ar", "fa-AF" */
		} lang;
		struct {
			char		*src;	/* its file's name, as given */
			unsigned char	*data;	/* the file (NULL: unread) */
			size_t		 len;
			char		*alt;	/* what it shows, in words */
			char		*caption; /* NULL: none */
			double		 width;	/* percent of the text's; 0:
						 * all of it */
			struct diag_pos	 src_pos, alt_pos;
		} figure;
	} as;
};

enum doc_kind {
	DOC_KIND_PLAN,		/* a handlingsplan */
	DOC_KIND_MEMO		/* a tjänsteutlåtande */
};

struct doc {
	char		*file;	/* the source's name; positions point here */
	enum doc_kind	 kind;
	struct doc_meta	 meta;
	struct doc_memo	*memo;	/* DOC_KIND_MEMO's, else NULL */
	struct doc_node	*root;
};

enum {
	DOC_MAX_LEVEL = 3,	/* heading levels */
	DOC_MAX_COLUMNS = 12
};

struct doc	*doc_new(const char *file);
void		 doc_free(struct doc *doc);
/* Makes doc a tjänsteutlåtande, with empty memo data. */
void		 doc_make_memo(struct doc *doc);
/* The one-line texts a tjänsteutlåtande prints beside its sections
 * (handläggare, signatures, address …), in a new array of *n. */
const struct doc_str **doc_memo_lines(const struct doc_memo *memo,
		    size_t *n);
/* Whether n is what a tjänsteutlåtande's plan added to it (plan.h): the
 * plan and its changes as attachments, or the list made for them alone;
 * the writers leave them out, as reading finds them again. */
int		 doc_memo_linked(const struct doc *doc, const struct doc_node *n);
/* The section of doc's top level with the id, or NULL. */
struct doc_node	*doc_section_by_id(const struct doc *doc, const char *id);

struct doc_node	*doc_node_new(enum doc_type type, const struct diag_pos *pos);
/* A section of level with title and id (NULL: none), written at pos,
 * appended to parent. */
struct doc_node	*doc_section_new(struct doc_node *parent, int level,
		    const char *title, const char *id,
		    const struct diag_pos *pos);
/* Appends s in lower case: ASCII and the Latin-1 letters (Å, Ä, Ö, É). */
void		 doc_lower(const char *s, struct buf *out);

/*
 * Where byte off of text node n was written: exact where its reader left
 * anchors, else the node's own place.
 */
void		 doc_text_locate(const struct doc_node *n, size_t off,
		    struct diag_pos *pos);
void		 doc_append(struct doc_node *parent, struct doc_node *child);
/* Puts child into parent before its child next (NULL: last). */
void		 doc_insert_before(struct doc_node *parent,
		    struct doc_node *next, struct doc_node *child);
/* A copy of node and its subtree, not in any tree. */
struct doc_node	*doc_node_clone(const struct doc_node *node);
/* Takes node (and its subtree) out of its tree. */
void		 doc_unlink(struct doc_node *node);
/* Frees a node that is not (or no longer) in a tree, with its subtree. */
void		 doc_node_free(struct doc_node *node);

/* The tree's nodes in document order: each node is entered, then exited. */
enum doc_event {
	DOC_ENTER,
	DOC_EXIT,
	DOC_DONE
};
struct doc_iter {
	struct doc_node	*root;
	struct doc_node	*cur;
	enum doc_event	 ev;
};
void		 doc_iter_init(struct doc_iter *it, struct doc_node *root);
enum doc_event	 doc_iter_next(struct doc_iter *it, struct doc_node **node);
/* Leaves the node just entered without entering what it holds: the next
 * node is the one after it, and its exit is not told. */
void		 doc_iter_skip(struct doc_iter *it);

/* Whether a node of this type holds inline content (text, emphasis …). */
int		 doc_is_inline(enum doc_type type);
/* Whether a node of this type has no children by nature. */
int		 doc_is_leaf(enum doc_type type);

const char	*doc_type_name(enum doc_type type);
/* The plan's key of a column name ("andra_berörda"). */
const char	*doc_colkey_name(enum doc_colkey key);
/* The column name for a plan key, or DOC_COL_NONE. */
enum doc_colkey	 doc_colkey_lookup(const char *name);
enum doc_field	 doc_colkey_field(enum doc_colkey key);
const char	*doc_colkey_header(enum doc_colkey key);
/* The canonical key of a field ("åtgärd", "senast_klart"). */
const char	*doc_field_name(enum doc_field field);
const char	*doc_board_kind_name(enum doc_board_kind kind);

/*
 * Parses "2020", "2017-09" or "2017-09-28" into date.  Returns 0, or -1
 * with a reason in *why when the text is not such a date.
 */
int		 doc_date_parse(const char *s, struct doc_date *date,
		    const char **why);
/* Formats a date as written in the plan ("2017-09"); "" when empty. */
void		 doc_date_format(const struct doc_date *date, char out[11]);

/*
 * Appends a date in Swedish words, "september 2017" or "28 september
 * 2017" (month and year joined by a no-break space); with capital,
 * "September 2017", for the start of a line.
 */
void		 doc_date_words(const struct doc_date *date, int capital,
		    struct buf *out);

/*
 * Appends the decision in words, "Antagen av Norrmalms stadsdelsnämnd den
 * 21 september 2017 § 12, protokoll 2017:9"; nothing when there is none.
 */
void		 doc_decision_words(const struct doc_meta *meta,
		    struct buf *out);

/* Whether s is a valid id: a lower-case letter, then letters, digits, '-'. */
int		 doc_id_valid(const char *s);
/* Whether len bytes at s are a language tag as hplan takes them: a
 * language of two or three letters, then subtags of up to eight letters
 * or digits after '-' ("en", "ar", "fa-AF", "sr-Latn"). */
int		 doc_lang_valid(const char *s, size_t len);

/* The column of an action table that shows field, or NULL. */
const struct doc_column *doc_table_column(const struct doc_node *table,
		    enum doc_field field);

/*
 * Reports what is wrong with a table's columns: two columns for one field,
 * no 'åtgärd' column in an action table, widths that do not add up.  pos
 * is where the column list was written.  Returns 0 or -1.
 */
int		 doc_table_check(const struct doc_node *table,
		    const struct diag_pos *pos, struct diag *d);

/*
 * Checks the tree's links and invariants; aborts with a message on a
 * broken tree.  For tests and debug builds.
 */
void		 doc_check(const struct doc *doc);

#endif
