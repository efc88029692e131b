#include <string.h>

#include "check.h"
#include "skeleton.h"
#include "xalloc.h"

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

static void
marked_section(struct buf *out, const struct check_requirement *r)
{
	requirement_comment(out, 6, r);
	buf_printf(out, "      - rubrik: %s\n", r->heading);
	if (r->by == CHECK_BY_MARK)
		buf_printf(out, "        krav: [%s]\n", r->id);
	buf_printf(out, "        text: |\n          %s: %s\n", CHECK_FILL_IN,
	    r->guide[0] != '\0' ? r->guide : "beskriv läget.");
}

void
skeleton_write(const char *name, enum doc_board_kind kind, int year,
    struct buf *out)
{
	struct check_requirement req[64];
	struct skeleton_names names;
	size_t n, i;

	skeleton_names(name, kind, &names);
	n = check_requirements(names.board.data, kind, req, 64);
	buf_adds(out, "# yaml-language-server: "
	    "$schema=schema/handlingsplan.schema.json\n");
	comment(out, 0, "Handlingsplan mot våldsbejakande extremism, skapad "
	    "av hplan new. Den har ett avsnitt för varje krav som "
	    "kommunstyrelsen ställde på nämndernas planer i beslutet "
	    "2017-06-21; avsnittet visar kravet med krav: [id]. Ersätt varje "
	    "\"" CHECK_FILL_IN "\" med nämndens egen text. 'hplan check "
	    "PLAN' visar vad som återstår; formatet beskrivs i "
	    "docs/format.md.");
	buf_printf(out, "nämnd: {namn: %s, typ: %s}\n", names.board.data,
	    doc_board_kind_name(kind));
	buf_printf(out, "förvaltning: %s\n", names.administration.data);
	buf_printf(out, "titel: %s\n", names.title.data);
	buf_printf(out, "datum: %d            # år och månad, t.ex. %d-05\n",
	    year, year);
	buf_printf(out, "dnr: \"\"              # diarienumret, t.ex. "
	    "3.1.1-212/%d\n", year);
	buf_adds(out, "utgivningsdatum: \"\"\n"
	    "kontaktperson: \"\"    # förvaltningens samordnare\n"
	    "version: 1\n"
	    "avsnitt:\n"
	    "  - rubrik: Inledning\n"
	    "    text: |\n"
	    "      I maj 2016 beslutade kommunfullmäktige om stadsövergripande "
	    "riktlinjer mot\n"
	    "      våldsbejakande extremism.^[Dnr 155-943/2015] I riktlinjerna "
	    "framgår att berörda\n"
	    "      nämnder ska ha en handlingsplan för det lokala arbetet mot "
	    "våldsbejakande\n"
	    "      extremism.\n\n");
	buf_printf(out, "      %s: beskriv planens syfte och hur den har "
	    "tagits fram.\n", CHECK_FILL_IN);
	/* The lägesbild holds the description of the environments; for the
	 * Kulturnämnden it must have that heading. */
	buf_printf(out, "  - rubrik: %s\n    avsnitt:\n", kind ==
	    DOC_BOARD_DISTRICT ? "Lokal lägesbild" : "Lägesbild");
	for (i = 0; i < n && i < 64; i++)
		if (strcmp(req[i].id, "ks-grupper") == 0 ||
		    strstr(req[i].id, "lagesbild") != NULL) {
			if (req[i].by == CHECK_BY_HEADING)
				continue;
			marked_section(out, &req[i]);
		}
	buf_adds(out, "  - rubrik: Nämndens arbete mot våldsbejakande "
	    "extremism\n    avsnitt:\n");
	for (i = 0; i < n && i < 64; i++) {
		if (req[i].by != CHECK_BY_MARK ||
		    strcmp(req[i].id, "ks-grupper") == 0 ||
		    strstr(req[i].id, "lagesbild") != NULL ||
		    strcmp(req[i].id, "ks-uppfoljning") == 0)
			continue;
		marked_section(out, &req[i]);
	}
	for (i = 0; i < n && i < 64; i++)
		if (req[i].by == CHECK_BY_TABLE)
			requirement_comment(out, 6, &req[i]);
	buf_printf(out, "      - rubrik: Aktiviteter\n"
	    "        tabeller:\n"
	    "          - rubrik: Aktiviteter mot våldsbejakande extremism %d\n"
	    "            kolumner: [åtgärd, syfte, ansvarig, andra_berörda, "
	    "senast_klart]\n"
	    "            åtgärder:\n", year);
	comment(out, 14, "En rad per aktivitet. Ge varje aktivitet ett kort "
	    "id som inte ändras: senare versioner följer upp den med det.");
	buf_printf(out, "              - id: forsta-aktiviteten\n"
	    "                åtgärd: \"%s: vad som ska göras\"\n"
	    "                syfte: \"%s: varför\"\n"
	    "                ansvarig: \"%s: vem som ansvarar\"\n"
	    "                senast_klart: \"%s: när, t.ex. december %d\"\n",
	    CHECK_FILL_IN, CHECK_FILL_IN, CHECK_FILL_IN, CHECK_FILL_IN, year);
	for (i = 0; i < n && i < 64; i++)
		if (strcmp(req[i].id, "ks-uppfoljning") == 0)
			requirement_comment(out, 2, &req[i]);
	buf_printf(out, "  - rubrik: Uppföljning\n"
	    "    krav: [ks-uppfoljning]\n"
	    "    text: |\n"
	    "      Enligt stadens riktlinjer ska handlingsplanen behandlas av "
	    "ansvarig nämnd och\n"
	    "      godkännas av kommunstyrelsen. Handlingsplanen ska följas upp "
	    "årligen inom ramen\n"
	    "      för ordinarie styrning. Handlingsplanen revideras årligen "
	    "utifrån aktuell\n"
	    "      lägesbild. Nästa revidering sker i samband med "
	    "tertialrapport 1 %d.\n\n"
	    "      %s: hur uppföljningen och lägesbilden tas fram, och med "
	    "vilka.\n", year + 1, CHECK_FILL_IN);
	skeleton_names_free(&names);
}
