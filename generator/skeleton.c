#include <stdio.h>
#include <string.h>

#include "check.h"
#include "markup.h"
#include "skeleton.h"
#include "xalloc.h"
#include "yaml_out.h"

#define SUFFIX_DISTRICT	" stadsdelsnämnd"
#define SUFFIX_BOARD	"nämnden"

/* Whether a name takes no genitive -s: it ends in s, x or z already. */
static int
ends_in_s(const char *s, size_t n)
{
	return n > 0 && (s[n - 1] == 's' || s[n - 1] == 'x' || s[n - 1] == 'z');
}

static int
ends_in_vowel(const char *s, size_t n)
{
	static const char *const vowels[] = { "a", "e", "i", "o", "u", "y",
	    "å", "ä", "ö", "é" };
	size_t k, len;

	for (k = 0; k < sizeof(vowels) / sizeof(vowels[0]); k++) {
		len = strlen(vowels[k]);
		if (n >= len && strncmp(s + n - len, vowels[k], len) == 0)
			return 1;
	}
	return 0;
}

static int
ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);

	return n >= k && strcmp(s + n - k, end) == 0;
}

void
skeleton_names(const char *name, enum doc_board_kind kind,
    struct skeleton_names *out)
{
	struct buf area = { 0 };
	size_t n;

	memset(out, 0, sizeof(*out));
	if (kind == DOC_BOARD_DISTRICT) {
		/* "Norrmalm" or "Norrmalms stadsdelsnämnd": the area's name
		 * takes -s after a consonant, none after a vowel
		 * ("Spånga-Tensta stadsdelsnämnd"). */
		n = ends_with(name, SUFFIX_DISTRICT) ? strlen(name) -
		    strlen(SUFFIX_DISTRICT) : strlen(name);
		buf_add(&area, name, n);
		if (!ends_with(name, SUFFIX_DISTRICT) &&
		    !ends_in_vowel(name, n) && !ends_in_s(name, n))
			buf_addc(&area, 's');
		buf_printf(&out->board, "%s stadsdelsnämnd", area.data);
		buf_printf(&out->administration, "%s stadsdelsförvaltning",
		    area.data);
		buf_printf(&out->title, "%s stadsdelsnämnds handlingsplan mot "
		    "våldsbejakande extremism", area.data);
		buf_free(&area);
		return;
	}
	/* "Socialnämnden", or "Social" for short. */
	buf_adds(&out->board, name);
	if (!ends_with(name, SUFFIX_BOARD))
		buf_adds(&out->board, SUFFIX_BOARD);
	n = out->board.len - strlen(SUFFIX_BOARD);
	buf_printf(&out->administration, "%.*sförvaltningen", (int)n,
	    out->board.data);
	buf_printf(&out->title, "%s%s handlingsplan mot våldsbejakande "
	    "extremism", out->board.data, ends_in_s(out->board.data,
	    out->board.len) ? "" : "s");
}

void
skeleton_names_free(struct skeleton_names *n)
{
	buf_free(&n->board);
	buf_free(&n->administration);
	buf_free(&n->title);
}

/* A YAML comment of several lines, wrapped. */
static void
comment(struct buf *out, int indent, const char *text)
{
	const char *p = text;

	while (*p != '\0') {
		const char *end = p, *space = NULL;
		size_t cols = 0;

		for (; *end != '\0' && (cols < 72 || space == NULL); end++) {
			if (*end == ' ')
				space = end;
			if (((unsigned char)*end & 0xc0) != 0x80)
				cols++;
		}
		if (*end != '\0' && space != NULL)
			end = space;
		buf_printf(out, "%*s# %.*s\n", indent, "", (int)(end - p), p);
		p = *end == ' ' ? end + 1 : end;
	}
}

static void
requirement_comment(struct buf *out, int indent,
    const struct check_requirement *r)
{
	struct buf text = { 0 };

	buf_printf(&text, "Krav %s, kommunstyrelsen 2017-06-21: »%s«", r->id,
	    r->requirement);
	comment(out, indent, text.data);
	buf_free(&text);
}

/* The skeleton as a tree. */

static struct doc_node *
node(enum doc_type type, struct doc_node *parent)
{
	struct diag_pos none = { NULL, 0, 0 };
	struct doc_node *n = doc_node_new(type, &none);

	doc_append(parent, n);
	return n;
}

/* Text in the plan's markup, parsed into blocks under parent. */
static void
text(struct doc_node *parent, const char *markup)
{
	static const struct markup_anchor start = { 0, 1, 1 };
	struct markup_origin o = { "skeleton", &start, 1, 0 };
	struct diag quiet;

	diag_init(&quiet, NULL);
	markup_blocks(parent, markup, strlen(markup), &o, &quiet);
}

static struct doc_node *
section(struct doc_node *parent, const char *title, const char *krav)
{
	struct doc_node *s = node(DOC_SECTION, parent);

	s->as.section.title = xstrdup(title);
	s->as.section.level = parent->type == DOC_PLAN ? 1 :
	    parent->as.section.level + 1;
	s->as.section.krav = krav != NULL ? xstrdup(krav) : NULL;
	return s;
}

static void
marked_section(struct doc_node *parent, const struct check_requirement *r)
{
	struct buf guide = { 0 };

	buf_printf(&guide, "%s: %s", CHECK_FILL_IN, r->guide[0] != '\0' ?
	    r->guide : "beskriv läget.");
	text(section(parent, r->heading, r->by == CHECK_BY_MARK ? r->id :
	    NULL), guide.data);
	buf_free(&guide);
}

static void
field(struct doc_node *action, enum doc_field f, const char *what)
{
	struct doc_node *n = node(DOC_FIELD, action);
	struct buf t = { 0 };

	n->as.field.field = f;
	buf_printf(&t, "%s: %s", CHECK_FILL_IN, what);
	text(n, t.data);
	buf_free(&t);
}

static void
activities(struct doc_node *parent, int year)
{
	static const enum doc_colkey cols[] = { DOC_COL_ATGARD, DOC_COL_SYFTE,
	    DOC_COL_ANSVARIG, DOC_COL_ANDRA_BERORDA, DOC_COL_SENAST_KLART };
	struct doc_node *t = node(DOC_ACTIONS, section(parent, "Aktiviteter",
	    NULL)), *a;
	struct buf b = { 0 };
	size_t i;

	buf_printf(&b, "Aktiviteter mot våldsbejakande extremism %d", year);
	t->as.table.caption = buf_take(&b);
	t->as.table.ncols = sizeof(cols) / sizeof(cols[0]);
	t->as.table.cols = xcalloc(t->as.table.ncols,
	    sizeof(*t->as.table.cols));
	for (i = 0; i < t->as.table.ncols; i++)
		t->as.table.cols[i].key = cols[i];
	a = node(DOC_ACTION, t);
	a->as.action.id = xstrdup("forsta-aktiviteten");
	field(a, DOC_FIELD_ACTION, "vad som ska göras");
	field(a, DOC_FIELD_PURPOSE, "varför");
	field(a, DOC_FIELD_RESPONSIBLE, "vem som ansvarar");
	buf_printf(&b, "när, t.ex. december %d", year);
	field(a, DOC_FIELD_DEADLINE, b.data);
	buf_free(&b);
}

/* Whether a requirement's section describes the groups and milieus. */
static int
about_situation(const struct check_requirement *r)
{
	return strcmp(r->id, "ks-grupper") == 0 ||
	    strstr(r->id, "lagesbild") != NULL;
}

static struct doc *
skeleton(const struct skeleton_names *names, enum doc_board_kind kind,
    int year, const struct check_requirement *req, size_t n)
{
	struct doc *doc = doc_new("skeleton");
	struct doc_meta *m = &doc->meta;
	struct doc_node *s;
	struct buf t = { 0 };
	size_t i;

	m->board.s = xstrdup(names->board.data);
	m->board_kind = kind;
	m->administration.s = xstrdup(names->administration.data);
	m->title.s = xstrdup(names->title.data);
	m->date.year = year;
	m->date.present = 1;
	m->dnr.s = xstrdup("");
	m->published.present = 1;
	m->contact.s = xstrdup("");
	m->version = 1;
	buf_printf(&t, "I maj 2016 beslutade kommunfullmäktige om "
	    "stadsövergripande riktlinjer mot våldsbejakande extremism.^[Dnr "
	    "155-943/2015] I riktlinjerna framgår att berörda nämnder ska ha "
	    "en handlingsplan för det lokala arbetet mot våldsbejakande "
	    "extremism.\n\n%s: beskriv planens syfte och hur den har tagits "
	    "fram.", CHECK_FILL_IN);
	text(section(doc->root, "Inledning", NULL), t.data);
	buf_free(&t);
	/* The lägesbild holds the description of the environments; for the
	 * Kulturnämnden it must have that heading. */
	s = section(doc->root, kind == DOC_BOARD_DISTRICT ? "Lokal lägesbild" :
	    "Lägesbild", NULL);
	for (i = 0; i < n; i++)
		if (about_situation(&req[i]) && req[i].by != CHECK_BY_HEADING)
			marked_section(s, &req[i]);
	s = section(doc->root, "Nämndens arbete mot våldsbejakande extremism",
	    NULL);
	for (i = 0; i < n; i++)
		if (req[i].by == CHECK_BY_MARK && !about_situation(&req[i]) &&
		    strcmp(req[i].id, "ks-uppfoljning") != 0)
			marked_section(s, &req[i]);
	activities(s, year);
	buf_printf(&t, "Enligt stadens riktlinjer ska handlingsplanen "
	    "behandlas av ansvarig nämnd och godkännas av kommunstyrelsen. "
	    "Handlingsplanen ska följas upp årligen inom ramen för ordinarie "
	    "styrning. Handlingsplanen revideras årligen utifrån aktuell "
	    "lägesbild. Nästa revidering sker i samband med tertialrapport 1 "
	    "%d.\n\n%s: hur uppföljningen och lägesbilden tas fram, och med "
	    "vilka.", year + 1, CHECK_FILL_IN);
	text(section(doc->root, "Uppföljning", "ks-uppfoljning"), t.data);
	buf_free(&t);
	return doc;
}

/* The guidance that goes before a line of the written skeleton. */

static size_t
indent_of(const char *line)
{
	size_t k = 0;

	while (line[k] == ' ')
		k++;
	return k;
}

/* Whether line is "- rubrik: heading" after its indentation. */
static int
heading_line(const char *line, const char *heading)
{
	const char *p = line + indent_of(line);

	return strncmp(p, "- rubrik: ", 10) == 0 &&
	    strcmp(p + 10, heading) == 0;
}

static void
annotated_line(struct buf *out, const char *line, int year,
    const char *schema, const struct check_requirement *req, size_t n)
{
	size_t i, ind = indent_of(line);

	/* The schema where this hplan keeps it, wherever the plan is. */
	if (strncmp(line, "# yaml-language-server: $schema=", 32) == 0) {
		buf_printf(out, "# yaml-language-server: $schema=%s\n", schema);
		comment(out, 0, "Handlingsplan mot våldsbejakande extremism, "
		    "skapad av hplan new. Den har ett avsnitt för varje krav "
		    "som kommunstyrelsen ställde på nämndernas planer i "
		    "beslutet 2017-06-21; avsnittet visar kravet med krav: "
		    "[id]. Ersätt varje \"" CHECK_FILL_IN "\" med nämndens "
		    "egen text. 'hplan check PLAN' visar vad som återstår; "
		    "formatet beskrivs i docs/format.md.");
		return;
	}

	for (i = 0; i < n; i++)
		if (heading_line(line, req[i].by == CHECK_BY_TABLE ?
		    "Aktiviteter" : req[i].heading))
			requirement_comment(out, (int)ind, &req[i]);
	if (strcmp(line + ind, "- id: forsta-aktiviteten") == 0)
		comment(out, (int)ind, "En rad per aktivitet. Ge varje "
		    "aktivitet ett kort id som inte ändras: senare versioner "
		    "följer upp den med det.");
	buf_adds(out, line);
	if (strncmp(line, "datum: ", 7) == 0)
		buf_printf(out, "  # år och månad, t.ex. %d-05", year);
	else if (strncmp(line, "dnr: ", 5) == 0)
		buf_printf(out, "  # diarienumret, t.ex. 3.1.1-212/%d", year);
	else if (strncmp(line, "kontaktperson: ", 15) == 0)
		buf_adds(out, "  # förvaltningens samordnare");
	buf_addc(out, '\n');
}

void
skeleton_write(const char *name, enum doc_board_kind kind, int year,
    const char *schema, struct buf *out)
{
	struct check_requirement req[64];
	struct skeleton_names names;
	struct buf yaml = { 0 };
	struct doc *doc;
	char *line, *next;
	size_t n;

	skeleton_names(name, kind, &names);
	n = check_requirements(names.board.data, kind, req, 64);
	if (n > 64)
		n = 64;
	/* Written by the YAML writer, so any name reads back as written. */
	doc = skeleton(&names, kind, year, req, n);
	yaml_out_write(doc, &yaml);
	doc_free(doc);
	for (line = yaml.data; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		annotated_line(out, line, year, schema, req, n);
	}
	buf_free(&yaml);
	skeleton_names_free(&names);
}
