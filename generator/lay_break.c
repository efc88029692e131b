#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lay_break.h"
#include "lay_shape.h"
#include "layout.h"
#include "xalloc.h"

/*
 * Costs, in units of a line 10 % short (1).  A break where the words of
 * a compound meet costs as much as a line 63 % short, a syllable break as
 * much as a line 100 % short: in a body column of 80 characters no line
 * comes near either; in a table column of 20, the joint of a long
 * compound is taken before a line is left two-thirds empty.  Measured
 * on the three example plans, these costs keep hyphenated line ends under
 * 5 % of all lines and 10 % of the tables' (tests/typo/measure).
 */
#define COST_LINE	 5.0	/* every line: fewer lines where it is a tie */
#define COST_SHORT	 100.0	/* times the square of the shortfall */
#define COST_HYPHEN	 100.0	/* a syllable break of the dictionary */
#define COST_COMPOUND	 40.0	/* where the words of a compound meet */
#define COST_AUTHOR	 10.0	/* at a soft hyphen the author typed */
#define COST_RUN	 30.0	/* a second hyphenated line in a row */
#define COST_JOINT	 2.0	/* after a hyphen or dash of the text */
#define COST_ADDRESS	 20.0	/* after the punctuation of an address */
#define COST_PIECES	 300.0	/* a word broken twice */
#define COST_LAST	 1e3	/* a paragraph's last word broken */
#define COST_RUNS	 1e3	/* a third hyphenated line in a row */
#define COST_CHAR	 1e4	/* between two characters: nothing else fits */
#define COST_OVERFULL	 1e8	/* a character wider than the column */
#define MAX_RUN		 2	/* hyphenated lines in a row, at most */

/* Points left free for what shaping across a break may change. */
#define SAFETY		 0.25

#define NEWLINE		 "\n"
#define NO_SPACE_BREAK	 "\xe2\x80\xa9"	/* U+2029, a break without a space */
#define ADDED_HYPHEN	 "-" NO_SPACE_BREAK

enum kind {
	K_START,
	K_SPACE,	/* after spaces, which go */
	K_FORCED,	/* a line break of the plan */
	K_AUTHOR,	/* at a soft hyphen of the plan */
	K_DICT,		/* at a hyphenation point */
	K_COMPOUND,	/* where two words of a compound meet */
	K_JOINT,	/* after a hyphen, dash or slash */
	K_ADDRESS,	/* after an address's '/', '.' or '-' */
	K_CHAR,		/* between characters, where nothing else fits */
	K_END
};

/* A place a line may end: the line's text ends before character end, the
 * next line's starts at character at. */
struct cand {
	int		 at, end;
	enum kind	 kind;
	int		 hyphen;	/* a hyphen is added at the line's end */
	int		 last;		/* what follows fits on one line */
	int		 chosen;
	double		 cost[MAX_RUN + 1];
	int		 from[MAX_RUN + 1];
	signed char	 from_run[MAX_RUN + 1];
};

struct para {
	const char	*text;
	int		 n;		/* characters */
	gunichar	*ch;
	size_t		*off;		/* byte offset of each, n + 1 */
	double		*x;		/* x[i]: width of characters 0..i-1 */
	int		*spaces;	/* spaces[i]: spaces among them */
	char		*dict;		/* before each: 1 a hyphenation point,
					 * 2 the joint of a compound */
	int		 use_dict;	/* 0: set without hyphenation */
	char		*address;	/* each is in an address */
	char		*foreign;	/* each is in a passage in another
					 * language, which the dictionary
					 * cannot hyphenate (NULL: none) */
	const PangoLogAttr *attrs;
	double		 width, hyphen;
	struct cand	*c;
	size_t		 nc, cap;
};

static int
space(gunichar c)
{
	return c == ' ' || c == '\t';
}

static int
separator(gunichar c)
{
	return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

/* The index of the character at byte offset off. */
static int
char_at(const struct para *p, size_t off)
{
	int lo = 0, hi = p->n;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (p->off[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Widths of the characters from the runs of the unbroken paragraph. */
static void
measure(struct para *p, PangoGlyphItem *const *runs, size_t nruns)
{
	double *w = xcalloc((size_t)p->n + 1, sizeof(*w));
	/* Pango's widths of a run's characters; no run has more than the
	 * text. */
	int *lw = xcalloc((size_t)p->n + 1, sizeof(*lw)), i;
	size_t r;

	for (r = 0; r < nruns; r++) {
		const PangoItem *item = runs[r]->item;
		int first = char_at(p, (size_t)item->offset), k;

		pango_glyph_string_get_logical_widths(runs[r]->glyphs,
		    p->text + item->offset, item->length, item->analysis.level,
		    lw);
		for (k = 0; k < item->num_chars && first + k < p->n; k++)
			w[first + k] += lw[k] / (double)PANGO_SCALE;
	}
	free(lw);
	p->x[0] = 0;
	for (i = 0; i < p->n; i++)
		p->x[i + 1] = p->x[i] + w[i];
	free(w);
}

/*
 * The next token (a run of characters without spaces or line breaks) at
 * or after *i: its characters are [*start, *i).  0 at the text's end.
 */
static int
next_token(const struct para *p, int *start, int *i)
{
	while (*i < p->n && (space(p->ch[*i]) || separator(p->ch[*i])))
		(*i)++;
	for (*start = *i; *i < p->n && !space(p->ch[*i]) &&
	    !separator(p->ch[*i]); (*i)++)
		continue;
	return *i > *start;
}

/* Marks the characters of the passages in another language than the
 * plan's (whose dictionary is the only one hplan has). */
static void
foreign(struct para *p, PangoAttrList *attrs)
{
	struct lay_passage *ps;
	size_t n = lay_passages(attrs, &ps), i;
	int k;

	for (i = 0; i < n; i++) {
		if (strncmp(ps[i].tag, "sv", 2) == 0)
			continue;
		if (p->foreign == NULL)
			p->foreign = xcalloc((size_t)p->n + 1, 1);
		for (k = char_at(p, ps[i].start); k < p->n &&
		    p->off[k] < ps[i].end; k++)
			p->foreign[k] = 1;
	}
	free(ps);
}

/* Marks the characters of the addresses among the text's tokens. */
static void
addresses(struct para *p)
{
	int i = 0, start;

	while (next_token(p, &start, &i))
		if (hyph_is_address(p->text + p->off[start], p->off[i] -
		    p->off[start]))
			memset(p->address + start, 1, (size_t)(i - start));
}

/* Whether the line from break from to break to begins and ends inside
 * one word: a word broken twice. */
static int
twice_broken(const struct para *p, const struct cand *from,
    const struct cand *to)
{
	return to->hyphen && from->hyphen && p->spaces[to->end] ==
	    p->spaces[from->at];
}

static double
span(const struct para *p, int from, int to)
{
	return to > from ? p->x[to] - p->x[from] : 0;
}

static void
add(struct para *p, int at, int end, enum kind kind, int hyphen)
{
	struct cand *c;
	int k;

	p->c = xgrow(p->c, &p->cap, p->nc + 1, sizeof(*p->c));
	c = &p->c[p->nc++];
	memset(c, 0, sizeof(*c));
	/* A line of spaces alone ends where it starts. */
	if (p->nc > 1 && end < p->c[p->nc - 2].at)
		end = p->c[p->nc - 2].at;
	c->at = at;
	c->end = end;
	c->kind = kind;
	c->hyphen = hyphen;
	for (k = 0; k <= MAX_RUN; k++)
		c->cost[k] = DBL_MAX;
}

static int
letter(gunichar c)
{
	return g_unichar_isalpha(c);
}

/*
 * Before a break at character at ending its line at end: where the piece
 * since the last break is wider than the column, the places between its
 * characters, the last resort.
 */
static void
too_wide(struct para *p, int end, int hyphen)
{
	int from = p->c[p->nc - 1].at, i;

	/* Without a width, only the pieces are wanted. */
	if (p->width <= 0)
		return;
	if (span(p, from, end) + (hyphen ? p->hyphen : 0) <= p->width -
	    SAFETY)
		return;
	for (i = from + 1; i < end; i++)
		if (p->attrs[i].is_cursor_position)
			add(p, i, i, K_CHAR, letter(p->ch[i - 1]) &&
			    letter(p->ch[i]) && !p->address[i]);
}

/* Right after "://", where an address must not break. */
static int
after_scheme(const struct para *p, int i)
{
	return i >= 3 && p->ch[i - 1] == '/' && p->ch[i - 2] == '/' &&
	    p->ch[i - 3] == ':';
}

static void
candidates(struct para *p)
{
	int i, end;

	add(p, 0, 0, K_START, 0);
	for (i = 1; i <= p->n; i++) {
		gunichar prev = p->ch[i - 1];
		enum kind kind;
		int hyphen = 0;

		end = i;
		if (i == p->n || p->attrs[i].is_mandatory_break) {
			kind = i == p->n ? K_END : K_FORCED;
			while (end > 0 && separator(p->ch[end - 1]))
				end--;
			while (end > 0 && space(p->ch[end - 1]))
				end--;
		} else if (p->attrs[i].is_line_break) {
			if (prev == 0xad) {
				kind = K_AUTHOR;
				hyphen = 1;
				end = i - 1;
			} else if (space(prev)) {
				kind = K_SPACE;
				while (end > 0 && space(p->ch[end - 1]))
					end--;
			} else if (after_scheme(p, i)) {
				continue;
			} else {
				/* A zero-width space goes, like a space. */
				kind = K_JOINT;
				if (prev == 0x200b)
					end = i - 1;
			}
		} else if (p->use_dict && p->dict[i]) {
			kind = p->dict[i] == 2 ? K_COMPOUND : K_DICT;
			hyphen = 1;
		} else if (p->address[i - 1] && p->address[i] &&
		    (prev == '/' || prev == '.' || prev == '-') &&
		    !after_scheme(p, i) && p->ch[i] != '/') {
			kind = K_ADDRESS;
		} else
			continue;
		too_wide(p, end, hyphen);
		add(p, i, end, kind, hyphen);
	}
}

static double
penalty(enum kind kind)
{
	switch (kind) {
	case K_DICT:
		return COST_HYPHEN;
	case K_COMPOUND:
		return COST_COMPOUND;
	case K_AUTHOR:
		return COST_AUTHOR;
	case K_JOINT:
		return COST_JOINT;
	case K_ADDRESS:
		return COST_ADDRESS;
	case K_CHAR:
		return COST_CHAR;
	default:
		return 0;
	}
}

/* Marks the hyphenated breaks after which the rest fits on one line: a
 * paragraph's last word is never broken. */
static void
last_lines(struct para *p)
{
	int k, stop = p->n;

	for (k = (int)p->nc - 1; k >= 0; k--) {
		struct cand *c = &p->c[k];

		if (c->kind == K_END || c->kind == K_FORCED)
			stop = c->end;
		c->last = span(p, c->at, stop) <= p->width - SAFETY;
	}
}

/* The least-cost way to each candidate, from the ones before it. */
static void
fit(struct para *p)
{
	const double room = p->width - SAFETY;
	size_t k, j;
	int r;

	p->c[0].cost[0] = 0;
	for (k = 1; k < p->nc; k++) {
		struct cand *c = &p->c[k];
		int closing = c->kind == K_END || c->kind == K_FORCED;
		/* What the line ending here costs whatever its start, and
		 * where it ends. */
		double base = COST_LINE + penalty(c->kind), end_x =
		    p->x[c->end], added = c->hyphen ? p->hyphen : 0;
		int last_broken = c->hyphen && c->last;

		for (j = k; j-- > 0;) {
			const struct cand *from = &p->c[j];
			double w = (from->at < c->end ? end_x - p->x[from->at] :
			    0) + added, line = base;

			if (w > room) {
				/* Longer lines only get wider. */
				if (j + 1 < k)
					break;
				line += COST_OVERFULL;
			} else if (!closing) {
				double short_by = (p->width - w) / p->width;

				line += COST_SHORT * short_by * short_by;
			}
			/* The rules are costs too, if far higher ones: a
			 * paragraph always has a way to break. */
			if (last_broken)
				line += COST_LAST;
			if (c->hyphen && twice_broken(p, from, c))
				line += COST_PIECES;
			for (r = 0; r <= MAX_RUN; r++) {
				int run = c->hyphen ? r + 1 : 0;
				double cost;

				if (from->cost[r] == DBL_MAX)
					continue;
				cost = from->cost[r] + line + (run == MAX_RUN ?
				    COST_RUN : run > MAX_RUN ? COST_RUNS : 0);
				if (run > MAX_RUN)
					run = MAX_RUN;
				if (cost < c->cost[run]) {
					c->cost[run] = cost;
					c->from[run] = (int)j;
					c->from_run[run] = (signed char)r;
				}
			}
			/* A line never runs past a forced break. */
			if (from->kind == K_FORCED)
				break;
		}
	}
}

/* Replaces len bytes at pos with add, which begins with a hyphen the
 * breaking adds if hyphen. */
static void
edit(struct lay_para *out, size_t pos, size_t len, const char *add,
    int hyphen)
{
	size_t n = strlen(add);

	out->edits = xgrow(out->edits, &out->editcap, out->nedits + 1,
	    sizeof(*out->edits));
	out->edits[out->nedits].shift = out->nedits == 0 ? 0 :
	    out->edits[out->nedits - 1].shift +
	    (long)out->edits[out->nedits - 1].add -
	    (long)out->edits[out->nedits - 1].len;
	out->edits[out->nedits].pos = pos;
	out->edits[out->nedits].len = len;
	out->edits[out->nedits++].add = n;
	if (hyphen) {
		out->hyphens = xgrow(out->hyphens, &out->hyphencap,
		    out->nhyphens + 1, sizeof(*out->hyphens));
		out->hyphens[out->nhyphens++] = out->text.len;
	}
	buf_add(&out->text, add, n);
}

/* Characters that only mark where a line may break or may not. */
static int
break_mark(gunichar c)
{
	return c == 0xad || c == 0x200b || c == 0x2060;
}

static void
add_span(struct lay_para *out, size_t o0, size_t o1, size_t e0, size_t added)
{
	struct lay_span *sp;

	out->spans = xgrow(out->spans, &out->spancap, out->nspans + 1,
	    sizeof(*out->spans));
	sp = &out->spans[out->nspans++];
	sp->o0 = o0;
	sp->o1 = o1;
	sp->e0 = e0;
	sp->e1 = out->text.len + added;
	sp->added = added;
}

/* Writes the text with the chosen breaks, the unused marks left out, and
 * where each line lies in it and in the text given. */
static void
write(const struct para *p, struct lay_para *out)
{
	size_t k = 0, o0 = 0, e0 = 0;
	int i = 0, from, last_end = p->c[p->nc - 1].end;

	while (i <= p->n) {
		const struct cand *c = NULL;

		while (k < p->nc && (!p->c[k].chosen || p->c[k].end < i))
			k++;
		if (k < p->nc && p->c[k].end == i && p->c[k].kind != K_END)
			c = &p->c[k++];
		if (c != NULL) {
			const char *with = c->kind == K_SPACE ||
			    c->kind == K_FORCED ? NEWLINE : c->hyphen ?
			    ADDED_HYPHEN : NO_SPACE_BREAK;

			/* The spaces stay at the line's end, where they
			 * draw nothing but keep the words apart for whoever
			 * reads the PDF's text; a forced break gets one. */
			for (from = i; i < c->at && space(p->ch[i]); i++)
				buf_add(&out->text, p->text + p->off[i],
				    p->off[i + 1] - p->off[i]);
			if (c->kind == K_FORCED && i == from && i > 0)
				with = " " NEWLINE;
			add_span(out, o0, p->off[i], e0, c->hyphen ||
			    *with == ' ');
			edit(out, p->off[i], p->off[c->at] - p->off[i], with,
			    c->hyphen);
			o0 = p->off[c->at];
			e0 = out->text.len;
			/* Another break may end its line here too. */
			i = c->at;
			continue;
		}
		if (i == p->n)
			break;
		/* A paragraph's last line ends it: a separator after it
		 * would make an empty line. */
		if (break_mark(p->ch[i]) || (i >= last_end &&
		    separator(p->ch[i]))) {
			edit(out, p->off[i], p->off[i + 1] - p->off[i], "", 0);
			i++;
			continue;
		}
		/* The characters up to the next break or mark, as they are. */
		for (from = i++; i < p->n && !break_mark(p->ch[i]) &&
		    (k >= p->nc || i < p->c[k].end) && (i < last_end ||
		    !separator(p->ch[i])); i++)
			continue;
		buf_add(&out->text, p->text + p->off[from], p->off[i] -
		    p->off[from]);
	}
	if (out->text.data == NULL)
		buf_adds(&out->text, "");
	add_span(out, o0, p->off[p->n], e0, 0);
}

/* Breaks the paragraph: the candidates, the fit, the choice. */
static void
solve(struct para *p)
{
	size_t k;
	int r, best = 0;

	p->nc = 0;
	candidates(p);
	last_lines(p);
	fit(p);
	for (r = 1; r <= MAX_RUN; r++)
		if (p->c[p->nc - 1].cost[r] < p->c[p->nc - 1].cost[best])
			best = r;
	for (k = p->nc - 1; k > 0;) {
		struct cand *c = &p->c[k];

		c->chosen = 1;
		r = c->from_run[best];
		k = (size_t)c->from[best];
		best = r;
	}
}

/*
 * Whether the paragraph is set well without hyphenation: every line fits,
 * none is broken between characters, and none but a last one is so short
 * that a hyphen would cost less than its shortfall.
 */
static int
well_set(const struct para *p)
{
	const double badly_short = sqrt(COST_COMPOUND / COST_SHORT);
	size_t k, from = 0;

	for (k = 1; k < p->nc; k++) {
		const struct cand *c = &p->c[k];
		double w;

		if (!c->chosen)
			continue;
		w = span(p, p->c[from].at, c->end);
		if (c->kind == K_CHAR || w > p->width - SAFETY ||
		    (c->kind != K_END && c->kind != K_FORCED &&
		    (p->width - w) / p->width > badly_short))
			return 0;
		from = k;
	}
	return 1;
}

/* Marks the dictionary's hyphenation points. */
static void
hyphenate(struct para *p, struct hyph *h)
{
	struct hyph_points points = { 0 };
	size_t i;
	int k = 0, start;

	p->dict = xcalloc((size_t)p->n + 1, 1);
	while (next_token(p, &start, &k))
		if (p->foreign == NULL || memchr(p->foreign + start, 1,
		    (size_t)(k - start)) == NULL)
			hyph_points(h, p->text + p->off[start], p->off[k] -
		    p->off[start], p->off[start], &points);
	for (i = 0; i < points.n; i++) {
		int at = char_at(p, points.at[i]);

		if (at > 0 && at < p->n && p->off[at] == points.at[i])
			p->dict[at] = points.joint[i] ? 2 : 1;
	}
	free(points.at);
	free(points.joint);
}

struct lay_measure {
	/* The paragraph's words shaped (lay_shape), or where they cannot
	 * be, Pango's layout of it, which holds its runs. */
	struct lay_shaped shaped;
	char		*text;		/* what was shaped */
	PangoLayout	*layout;
	PangoGlyphItem	**runs;		/* as drawn (left to right, in the
					 * order of the text) */
	size_t		 nruns;
	struct hyph	*h;
	struct para	 p;
};

/* The runs of Pango's unbroken layout of m's paragraph. */
static void
lay_out(struct lay_measure *m, PangoContext *ctx,
    const PangoFontDescription *fd, PangoAttrList *attrs, const char *text)
{
	size_t cap = 0;
	GSList *l, *r;

	m->layout = lay_pango_layout(ctx, fd, attrs, text);
	for (l = pango_layout_get_lines_readonly(m->layout); l != NULL;
	    l = l->next)
		for (r = ((PangoLayoutLine *)l->data)->runs; r != NULL;
		    r = r->next) {
			m->runs = xgrow(m->runs, &cap, m->nruns + 1,
			    sizeof(*m->runs));
			m->runs[m->nruns++] = r->data;
		}
}

struct lay_measure *
lay_measure(PangoContext *ctx, const PangoFontDescription *fd,
    PangoAttrList *attrs, const char *text, struct hyph *h, double hyphen)
{
	struct lay_measure *m = xcalloc(1, sizeof(*m));
	struct para *p = &m->p;
	int nattrs, k;
	const char *s;

	m->h = h;
	if (lay_shape(ctx, fd, attrs, text, &m->shaped) == 0) {
		p->text = m->text = xstrdup(text);
		p->attrs = m->shaped.attrs;
		nattrs = m->shaped.nattrs;
		m->runs = m->shaped.runs;
		m->nruns = m->shaped.nruns;
	} else {
		lay_out(m, ctx, fd, attrs, text);
		p->text = pango_layout_get_text(m->layout);
		p->attrs = pango_layout_get_log_attrs_readonly(m->layout,
		    &nattrs);
	}
	p->n = nattrs - 1;
	p->hyphen = hyphen;
	p->ch = xcalloc((size_t)p->n + 1, sizeof(*p->ch));
	p->off = xcalloc((size_t)p->n + 1, sizeof(*p->off));
	p->x = xcalloc((size_t)p->n + 1, sizeof(*p->x));
	p->spaces = xcalloc((size_t)p->n + 1, sizeof(*p->spaces));
	p->address = xcalloc((size_t)p->n + 1, 1);
	for (s = p->text, k = 0; k < p->n; k++, s = g_utf8_next_char(s)) {
		p->off[k] = (size_t)(s - p->text);
		p->ch[k] = g_utf8_get_char(s);
		p->spaces[k + 1] = p->spaces[k] + (space(p->ch[k]) ||
		    separator(p->ch[k]));
	}
	p->off[p->n] = (size_t)(s - p->text);
	measure(p, m->runs, m->nruns);
	addresses(p);
	foreign(p, attrs);
	return m;
}

/* Breaks m's paragraph for width, hyphenated only if it must be. */
static void
set(struct lay_measure *m, double width)
{
	struct para *p = &m->p;

	p->width = width;
	p->use_dict = 0;
	solve(p);
	if (m->h != NULL && !well_set(p)) {
		if (p->dict == NULL)
			hyphenate(p, m->h);
		p->use_dict = 1;
		solve(p);
	}
}

int
lay_measure_lines(struct lay_measure *m, double width, int *hyphens)
{
	size_t k, from = 0;
	int n = 0;

	set(m, width);
	/* A break at a compound's joint reads almost as well as none, a
	 * word in three pieces hardly at all. */
	for (k = 1; k < m->p.nc; k++) {
		const struct cand *c = &m->p.c[k];

		if (!c->chosen)
			continue;
		n++;
		if (c->hyphen)
			*hyphens += c->kind == K_COMPOUND ? 1 : 3;
		if (twice_broken(&m->p, &m->p.c[from], c))
			*hyphens += 50;
		from = k;
	}
	/* Pango gives an empty text a line too. */
	return n > 0 ? n : 1;
}

double
lay_measure_min(struct lay_measure *m, enum lay_pieces pieces)
{
	struct para *p = &m->p;
	double widest = 0;
	size_t k;
	int from = 0;

	p->width = 0;
	p->use_dict = pieces != LAY_WORDS && m->h != NULL;
	if (p->use_dict && p->dict == NULL)
		hyphenate(p, m->h);
	p->nc = 0;
	candidates(p);
	for (k = 1; k < p->nc; k++) {
		const struct cand *c = &p->c[k];

		/* Only the joints: the piece goes on to the next break. */
		if (pieces == LAY_PARTS && c->kind == K_DICT)
			continue;
		widest = fmax(widest, span(p, from, c->end) + (c->hyphen ?
		    p->hyphen : 0));
		from = c->at;
	}
	return widest;
}

double
lay_measure_letter(const struct lay_measure *m)
{
	double widest = 0;
	int i;

	for (i = 0; i < m->p.n; i++)
		widest = fmax(widest, m->p.x[i + 1] - m->p.x[i]);
	return widest + m->p.hyphen;
}

void
lay_measure_free(struct lay_measure *m)
{
	if (m == NULL)
		return;
	free(m->p.c);
	free(m->p.address);
	free(m->p.foreign);
	free(m->p.dict);
	free(m->p.x);
	free(m->p.spaces);
	free(m->p.off);
	free(m->p.ch);
	if (m->layout != NULL) {
		g_object_unref(m->layout);
		free(m->runs);
	} else
		lay_shaped_free(&m->shaped);
	free(m->text);
	free(m);
}

/* The number of edits that end at or before byte o (before: strictly
 * before, an insertion at o not counted). */
static size_t
edits_before(const struct lay_para *out, size_t o, int before)
{
	size_t lo = 0, hi = out->nedits;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct lay_edit *e = &out->edits[mid];

		if (e->pos + e->len < o || (e->pos + e->len == o &&
		    (!before || e->len > 0)))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Where byte o of the text given lies in the text written, the edits
 * before it k: after what the breaking inserted there, or before it. */
static size_t
mapped(const struct lay_para *out, size_t k, size_t o)
{
	const struct lay_edit *e;

	if (k < out->nedits) {
		e = &out->edits[k];
		/* Inside what an edit replaced: where its text begins. */
		return (size_t)((long)(e->pos < o ? e->pos : o) + e->shift);
	}
	if (out->nedits == 0)
		return o;
	e = &out->edits[out->nedits - 1];
	return (size_t)((long)o + e->shift + (long)e->add - (long)e->len);
}

/* mapped() of byte o, the edits before it found by a binary search: the
 * lines of a paragraph are cut in time linear in its glyphs. */
static size_t
map_at(const struct lay_para *out, size_t o, int before)
{
	return mapped(out, edits_before(out, o, before), o);
}

/* Whether byte o of the text given was left out of the text written, *k
 * the edits before a byte at or before o, moved on to those before o. */
static int
left_out(const struct lay_para *out, size_t *k, size_t o)
{
	while (*k < out->nedits && out->edits[*k].pos + out->edits[*k].len <=
	    o)
		(*k)++;
	return *k < out->nedits && out->edits[*k].pos <= o;
}

/* The first glyph of r (left to right) whose cluster lies at or past
 * byte o. */
static int
first_glyph(const PangoGlyphItem *r, size_t o)
{
	int lo = 0, hi = r->glyphs->num_glyphs;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if ((size_t)(r->item->offset + r->glyphs->log_clusters[mid]) < o)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether byte o, inside run r, begins one of its clusters. */
static int
cluster_starts(const PangoGlyphItem *r, size_t o)
{
	int g;

	if (o <= (size_t)r->item->offset ||
	    o >= (size_t)(r->item->offset + r->item->length))
		return 1;
	g = first_glyph(r, o);
	return g < r->glyphs->num_glyphs && (size_t)(r->item->offset +
	    r->glyphs->log_clusters[g]) == o;
}

/* The glyphs of run r for bytes o0..o1 of the text given, placed in the
 * text written; NULL when it has none there. */
static struct lay_run *
part(const struct lay_para *out, const PangoGlyphItem *r, size_t o0,
    size_t o1)
{
	size_t start = (size_t)r->item->offset, end = start +
	    (size_t)r->item->length, from = o0 > start ? o0 : start,
	    to = o1 < end ? o1 : end, at;
	struct lay_run *run;
	int g, g0 = first_glyph(r, from), g1 = first_glyph(r, to), n = 0;
	/* Left to right, the glyphs' bytes only grow: the edits before each
	 * are counted on from the last's (edits_before(o, 0) for each). */
	size_t k0 = g0 < g1 ? edits_before(out, start +
	    (size_t)r->glyphs->log_clusters[g0], 0) : 0, k = k0;

	for (g = g0; g < g1; g++)
		n += !left_out(out, &k, start +
		    (size_t)r->glyphs->log_clusters[g]);
	if (n == 0)
		return NULL;
	at = map_at(out, from, 0);
	run = lay_run_new(r->item, out->text.data, at, map_at(out, to, 1) - at,
	    n, lay_run_needs(r->glyphs, g0, g1, map_at(out, to, 1) - at));
	for (g = g0, n = 0, k = k0; g < g1; g++) {
		size_t o = start + (size_t)r->glyphs->log_clusters[g];

		if (!left_out(out, &k, o))
			lay_run_set(run, n++, &r->glyphs->glyphs[g],
			    (int)(mapped(out, k, o) - at));
	}
	run->y_offset = r->y_offset;
	return run;
}

/*
 * Line sp's runs of glyphs, from the measuring runs, left to right in the
 * order of the text.  -1 where a break falls inside a cluster.
 */
static int
fill_line(const struct lay_para *out, PangoGlyphItem *const *runs,
    size_t nruns, const struct lay_span *sp, struct lay_line *line)
{
	const PangoItem *last = NULL;
	size_t lo = 0, hi = nruns, n = 0, k;
	int width = 0;

	/* The first run that ends past the line's start. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((size_t)(runs[mid]->item->offset +
		    runs[mid]->item->length) <= sp->o0)
			lo = mid + 1;
		else
			hi = mid;
	}
	line->start = sp->e0;
	line->len = sp->e1 - sp->e0;
	for (hi = lo; hi < nruns && (size_t)runs[hi]->item->offset < sp->o1;
	    hi++)
		continue;
	line->runs = xcalloc(hi - lo + 1, sizeof(*line->runs));
	for (k = lo; k < hi; k++) {
		const PangoGlyphItem *r = runs[k];
		struct lay_run *p;

		if (!cluster_starts(r, sp->o0) || !cluster_starts(r, sp->o1)) {
			/* What was made is freed with the line. */
			line->nruns = n;
			return -1;
		}
		if ((p = part(out, r, sp->o0, sp->o1)) == NULL)
			continue;
		last = r->item;
		width += lay_run_width(p);
		line->runs[n++] = p;
	}
	line->nruns = n;
	/* The hyphen or space the breaking added, in the font before it. */
	if (sp->added > 0 && last != NULL) {
		PangoGlyphItem added = { (PangoItem *)last,
		    pango_glyph_string_new(), 0, 0, 0 };
		size_t at = sp->e1 - sp->added;
		struct lay_run *p;

		pango_shape_full(out->text.data + at, (int)sp->added,
		    out->text.data, (int)out->text.len,
		    &added.item->analysis, added.glyphs);
		p = lay_run_of(&added, out->text.data, at, sp->added);
		pango_glyph_string_free(added.glyphs);
		width += lay_run_width(p);
		line->runs[line->nruns++] = p;
	}
	line->x = 0;
	line->width = width / (double)PANGO_SCALE;
	return 0;
}

/* Whether a line of the text written holds a character Pango would end a
 * line at: then only its own layout says where its lines are. */
static int
has_separator(const struct lay_para *out, const struct lay_span *sp)
{
	const char *s = out->text.data + sp->e0, *end = out->text.data +
	    sp->e1;

	for (; s < end; s = g_utf8_next_char(s))
		if (separator(g_utf8_get_char(s)))
			return 1;
	return 0;
}

/* The lines of the text written, from the glyphs shaped to measure it;
 * NULL where they cannot serve: a break inside a cluster, a separator in
 * a line, text right to left. */
static struct lay_lines *
lines_from_glyphs(const struct lay_measure *m, const struct lay_para *out)
{
	struct lay_lines *ls;
	size_t i;

	/* Right to left, each line has an order of its own (and its end's
	 * spaces go to its end); left to right, the runs are drawn in the
	 * order of the text. */
	for (i = 0; i < m->nruns; i++)
		if (m->runs[i]->item->analysis.level % 2 != 0)
			return NULL;
	ls = xcalloc(1, sizeof(*ls));
	ls->refs = 1;
	ls->text = xstrdup(out->text.data);
	ls->line = xcalloc(out->nspans, sizeof(*ls->line));
	for (i = 0; i < out->nspans; i++, ls->n++)
		if (has_separator(out, &out->spans[i]) || fill_line(out,
		    m->runs, m->nruns, &out->spans[i], &ls->line[i]) != 0) {
			ls->n++;
			lay_lines_unref(ls);
			return NULL;
		}
	return ls;
}

void
lay_break(PangoContext *ctx, const PangoFontDescription *fd,
    PangoAttrList *attrs, const char *text, struct hyph *h, double width,
    double hyphen, struct lay_para *out)
{
	struct lay_measure *m = lay_measure(ctx, fd, attrs, text, h, hyphen);

	lay_break_measured(m, attrs, width, out);
	lay_measure_free(m);
}

void
lay_break_measured(struct lay_measure *m, PangoAttrList *attrs, double width,
    struct lay_para *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	set(m, width);
	write(&m->p, out);
	/* On one line and unchanged, a text Pango laid out is laid out
	 * already; else its lines are made of the glyphs that measured it. */
	if (out->nedits == 0 && m->layout != NULL)
		out->layout = g_object_ref(m->layout);
	else
		out->lines = lines_from_glyphs(m, out);
	/* From the last edit back, so that each position still holds. */
	for (i = out->nedits; attrs != NULL && i-- > 0;)
		pango_attr_list_update(attrs, (int)out->edits[i].pos,
		    (int)out->edits[i].len, (int)out->edits[i].add);
}

PangoLayout *
lay_pango_layout(PangoContext *ctx, const PangoFontDescription *fd,
    PangoAttrList *attrs, const char *text)
{
	PangoLayout *l = pango_layout_new(ctx);

	pango_layout_set_font_description(l, fd);
	/* The plan is Swedish: every line starts at the left, whatever
	 * script it starts with. */
	pango_layout_set_auto_dir(l, FALSE);
	pango_layout_set_text(l, text, -1);
	if (attrs != NULL)
		pango_layout_set_attributes(l, attrs);
	return l;
}

double
lay_hyphen_width(PangoContext *ctx, const PangoFontDescription *fd)
{
	return lay_text_width(ctx, fd, "-");
}

double
lay_text_width(PangoContext *ctx, const PangoFontDescription *fd,
    const char *text)
{
	struct lay_shaped s;
	PangoLayout *l;
	size_t i;
	int w = 0;

	if (lay_shape(ctx, fd, NULL, text, &s) == 0) {
		for (i = 0; i < s.nruns; i++)
			w += pango_glyph_string_get_width(s.runs[i]->glyphs);
		lay_shaped_free(&s);
	} else {
		l = lay_pango_layout(ctx, fd, NULL, text);
		pango_layout_get_size(l, &w, NULL);
		g_object_unref(l);
	}
	return w / (double)PANGO_SCALE;
}

size_t
lay_break_map(const struct lay_para *p, size_t offset)
{
	return map_at(p, offset, 0);
}

void
lay_para_free(struct lay_para *p)
{
	if (p->layout != NULL)
		g_object_unref(p->layout);
	lay_lines_unref(p->lines);
	free(p->spans);
	buf_free(&p->text);
	free(p->hyphens);
	free(p->edits);
	memset(p, 0, sizeof(*p));
}
