#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "followup.h"
#include "intl.h"
#include "xalloc.h"

enum scope {
	ALL,		/* every nämnd */
	DISTRICT,	/* stadsdelsnämnder */
	SPECIALIST,	/* facknämnder */
	NAMED		/* the nämnd whose name holds `board` */
};

enum how {
	MARKED,		/* a section says it answers the rule (krav) */
	TABLE,		/* an action table with timetable and who */
	HEADING		/* a heading `board`-specific: "Lägesbild" */
};

struct rule {
	const char	*id;
	enum scope	 scope;
	const char	*board;
	enum how	 how;
	const char	*requirement;
	const char	*where;		/* where a missing part belongs */
	const char	*hints[5];	/* words that suggest it is answered */
	const char	*heading;	/* of its section in a new plan */
	const char	*guide;		/* what that section should say */
};

/* Kommunstyrelsen 2017-06-21, "Uppmaningar till nämnderna" (seed 003). */
static const struct rule rules[] = {
	{ "ks-grupper", ALL, NULL, MARKED,
	    "Uppdaterad beskrivning av grupper kopplade till våldsbejakande "
	    "extremism (tas fram i samarbete med central samordnare).",
	    N_("the description of the extremist environments or the lägesbild"),
	    { "vit makt", "autonom", "islamistisk" },
	    "Våldsbejakande miljöer",
	    "Beskriv de våldsbejakande miljöer och grupper som finns i området "
	    "eller berör verksamheterna, uppdaterat tillsammans med stadens "
	    "centrala samordnare." },
	{ "ks-aktivitetstabell", ALL, NULL, TABLE,
	    "En överskådlig tabell över aktiviteter som genomförs eller ska "
	    "genomföras där det framgår tidsplan samt vilken verksamhet som "
	    "berörs.",
	    N_("an action table with the columns ansvarig and senast_klart (or "
	    "tidplan)"), { NULL },
	    "Aktiviteter",
	    "" },
	{ "ks-utbildning", ALL, NULL, MARKED,
	    "En skrivning om att nämnderna säkerställer att relevant personal "
	    "deltar i de stadsövergripande utbildningar som anordnas.",
	    N_("a section on training (utbildning, kompetenshöjande insatser)"),
	    { "utbildning" },
	    "Utbildning",
	    "Skriv hur nämnden säkerställer att relevant personal deltar i de "
	    "stadsövergripande utbildningarna." },
	{ "ks-prioritet", ALL, NULL, MARKED,
	    "Tydliggöra att stadens insatser mot våldsbejakande extremism har "
	    "särskilt hög prioritet inom stadens arbete för att förebygga "
	    "kriminalitet.",
	    N_("the section on crime prevention (brottsförebyggande arbete)"),
	    { "prioritet", "prioriterad" },
	    "Brottsförebyggande arbete",
	    "Skriv att arbetet mot våldsbejakande extremism har särskilt hög "
	    "prioritet i nämndens arbete för att förebygga kriminalitet, och "
	    "hur det märks." },
	{ "ks-uppfoljning", ALL, NULL, MARKED,
	    "Förutsättningarna för uppföljning och revidering av handlingsplan "
	    "och lägesbild (tas fram i samarbete med central samordnare).",
	    N_("the introduction or a section Uppföljning"),
	    { "revider", "följas upp", "uppföljning" },
	    "Uppföljning",
	    "" },
	{ "ks-bidrag-lokaler", ALL, NULL, MARKED,
	    "En beskrivning kring hur kontroll och uppföljning av att "
	    "ekonomiska medel eller lokaler inte upplåts till personer eller "
	    "organisationer med koppling till våldsbejakande extremism.",
	    N_("a section on föreningsbidrag and upplåtelse av lokaler"),
	    { "föreningsbidrag", "lokaler", "bidrag" },
	    "Föreningsbidrag och upplåtelse av lokaler",
	    "Beskriv hur nämnden kontrollerar och följer upp att bidrag och "
	    "lokaler inte går till personer eller organisationer med koppling "
	    "till våldsbejakande extremism." },
	{ "ks-sdn-rutiner", DISTRICT, NULL, MARKED,
	    "Samtliga stadsdelsnämnder uppmanas att inom ramen för samverkan "
	    "mellan skola och socialtjänst tillsammans med polis ta fram "
	    "rutiner för gemensam hantering kring radikaliserade individer.",
	    N_("the section on cooperation (samverkan) with school and police"),
	    { "skol", "polis" },
	    "Samverkan med skola, socialtjänst och polis",
	    "Beskriv rutinerna för gemensam hantering av radikaliserade "
	    "individer, tillsammans med skolorna och polisen." },
	{ "ks-sdn-individuell-bedomning", DISTRICT, NULL, MARKED,
	    "Alla insatser utgår från individuella bedömningar. Nämnderna ska "
	    "tydliggöra att det vid beslut om insatser ska tas särskild hänsyn "
	    "till kunskap om individens aktivitet inom extremistiska "
	    "organisationer och miljöer.",
	    N_("the section on the social services' work with individuals"),
	    { "individuell bedömning", "individuella bedömning" },
	    "Individuella bedömningar",
	    "Skriv att alla insatser utgår från individuella bedömningar, med "
	    "särskild hänsyn till kunskap om individens aktivitet i "
	    "extremistiska organisationer och miljöer." },
	{ "ks-sdn-civilsamhalle", DISTRICT, NULL, MARKED,
	    "Det är viktigt att stadsdelsnämnderna beaktar möjligheten till "
	    "utökad samverkan med olika aktörer i civilsamhället i frågan.",
	    N_("the section on cooperation (samverkan)"),
	    { "civilsamhälle", "civila samhälle" },
	    "Civilsamhället",
	    "Beskriv hur nämnden samverkar, eller kan samverka mer, med "
	    "aktörer i civilsamhället." },
	{ "ks-sdn-vald-i-nara-relationer", DISTRICT, NULL, MARKED,
	    "Stadsdelsnämnderna uppmanas vidare tydliggöra att nämnderna i "
	    "arbetet mot våldsbejakande extremism kommer att beakta kopplingen "
	    "till stadens program mot våld i nära relationer och "
	    "hedersrelaterat våld och förtryck.",
	    N_("the section on the social services' work"),
	    { "våld i nära relationer", "hedersrelaterat" },
	    "Våld i nära relationer och hedersrelaterat våld",
	    "Skriv hur arbetet beaktar kopplingen till stadens program mot "
	    "våld i nära relationer och hedersrelaterat våld och förtryck." },
	{ "ks-fack-lagesbild", SPECIALIST, NULL, MARKED,
	    "Samtliga berörda facknämnder uppmanas konkretisera lägesbilderna "
	    "och tydliggöra hur de avser att stödja stadsdelsnämnderna i det "
	    "lokala arbetet.",
	    N_("the lägesbild, and the nämnd's support to the stadsdelsnämnder"),
	    { "lägesbild", "stadsdelsförvaltning" },
	    "Stöd till stadsdelsnämnderna",
	    "Beskriv lägesbilden konkret för nämndens verksamheter och hur "
	    "nämnden stödjer stadsdelsnämnderna i det lokala arbetet." },
	{ "ks-utbildning-extremism", NAMED, "Utbildningsnämnd", MARKED,
	    "Nämnden uppmanas särskilt tydliggöra frågan om extremism och ange "
	    "riktade insatser mot just detta. Nämnden behöver ta fram konkreta "
	    "verktyg och aktiviteter för att stadens grund- och "
	    "gymnasieskolor ska kunna hantera frågeställningen om "
	    "våldsbejakande extremism.",
	    N_("the nämnd's actions for the schools"), { "kunskapsbank",
	    "lärare" },
	    "Insatser mot extremism i skolan",
	    "Beskriv de riktade insatserna och de konkreta verktyg och "
	    "aktiviteter som skolorna får för att hantera frågan." },
	{ "ks-utbildning-kallkritik", NAMED, "Utbildningsnämnd", MARKED,
	    "Utbildningsnämnden ska beskriva hur skolorna arbetar mot "
	    "propaganda och för att göra sina elever källkritiska och "
	    "uppmärksamma på alternativ fakta.",
	    N_("the nämnd's actions for the schools"), { "källkritik",
	    "propaganda" },
	    "Propaganda och källkritik",
	    "Beskriv hur skolorna arbetar mot propaganda och för att göra "
	    "eleverna källkritiska." },
	{ "ks-utbildning-samverkan", NAMED, "Utbildningsnämnd", MARKED,
	    "Det är därutöver av stor vikt att nämnden tillser att samtliga "
	    "skolor i staden löpande samverkar med socialtjänst och polis för "
	    "att, närhelst behov uppstår av gemensam hantering kring "
	    "radikaliserade individer, ha väl inarbetade rutiner.",
	    N_("the section on cooperation (samverkan)"), { "socialtjänst",
	    "polis" },
	    "Skolornas samverkan med socialtjänst och polis",
	    "Beskriv hur nämnden ser till att alla skolor samverkar med "
	    "socialtjänst och polis med väl inarbetade rutiner." },
	{ "ks-kultur-lagesbild", NAMED, "Kulturnämnd", HEADING,
	    "Kulturnämnden uppmanas att, i enlighet med anvisningarna, ha med "
	    "rubriken Lägesbild i sin handlingsplan och mer utförligt beskriva "
	    "situation och problembild för nämndens verksamheter.",
	    N_("a section with the heading Lägesbild"), { NULL },
	    "Lägesbild",
	    "" },
	{ "ks-kultur-kulturstod", NAMED, "Kulturnämnd", MARKED,
	    "Kulturnämnden behöver i handlingsplanen även beskriva hur man "
	    "avser skärpa strukturen för kontroll av kulturstödet.",
	    N_("a section on kulturstöd"), { "kulturstöd" },
	    "Kontroll av kulturstödet",
	    "Beskriv hur strukturen för kontroll av kulturstödet skärps." },
	{ "ks-social-uppsokande", NAMED, "Socialnämnd", MARKED,
	    "Socialnämnden uppmanas att utveckla sitt uppsökande arbete mot de "
	    "grupper som finns i närheten av våldsbejakande extremistiska "
	    "organisationer och miljöer, inklusive på internet.",
	    N_("the section on the nämnd's preventive or outreach work"),
	    { "uppsökande", "internet" },
	    "Uppsökande arbete",
	    "Beskriv hur nämnden utvecklar det uppsökande arbetet mot grupper "
	    "nära våldsbejakande miljöer, också på internet." },
	{ "ks-sodermalm-metodutveckling", NAMED, "Södermalm", MARKED,
	    "Södermalms stadsdelsnämnd uppmanas tydliggöra aktiviteten som "
	    "omfattar metodutveckling kring risker för radikalisering.",
	    N_("the actions"), { "metodutveckling" },
	    "Metodutveckling",
	    "Beskriv aktiviteten för metodutveckling kring risker för "
	    "radikalisering." },
	{ "ks-skarholmen-rekrytering", NAMED, "Skärholmen", MARKED,
	    "Skärholmens stadsdelsnämnd uppmanas förtydliga texten om "
	    "rekryteringsmaterial och rekryteringsverksamhet. Rekrytering är "
	    "en kriminell handling vilket medför konsekvenser för stadens "
	    "hantering av frågan.",
	    N_("the lägesbild"), { "rekrytering" },
	    "Rekrytering",
	    "Förtydliga texten om rekryteringsmaterial och "
	    "rekryteringsverksamhet; rekrytering är en kriminell handling." },
	{ "ks-rinkeby-kista-anhorigstod", NAMED, "Rinkeby-Kista", MARKED,
	    "Rinkeby-Kista stadsdelsnämnd uppmanas förtydliga avsnittet om "
	    "anhörigstöd som kan ges till anhöriga över 20 år med vuxna barn.",
	    N_("the section on anhörigstöd"), { "anhörig" },
	    "Anhörigstöd",
	    "Beskriv det anhörigstöd som kan ges till anhöriga över 20 år med "
	    "vuxna barn." },
	{ "ks-alvsjo-lagesbild", NAMED, "Älvsjö", MARKED,
	    "Älvsjö stadsdelsnämnd uppmanas omformulera lägesbilden mot "
	    "bakgrund av att det finns kunskap om ökande förekomst av "
	    "extremism, i synnerhet gällande vit makt-miljön.",
	    N_("the lägesbild"), { "vit makt" },
	    "Vit makt-miljön",
	    "Beskriv den ökande förekomsten av extremism, i synnerhet vit "
	    "makt-miljön." },
};
#define NRULES	(sizeof(rules) / sizeof(rules[0]))

/* Plan hygiene. */
static const char *const hygiene[][2] = {
	{ "plan-typ", "Planen anger vilken sorts nämnd den gäller "
	    "(stadsdelsnämnd eller facknämnd)." },
	{ "plan-ansvarig", "Varje åtgärd har en ansvarig." },
	{ "plan-tidplan", "Varje åtgärd har en tidplan (senast klart)." },
	{ "plan-senast-klart", "Ingen åtgärd ska vara klar före planens "
	    "datum." },
	{ "plan-tomma-avsnitt", "Inget avsnitt är tomt." },
	{ "plan-fotnoter", "Planen anger sina källor i fotnoter." },
	{ "plan-dnr", "Planen har ett diarienummer i formen "
	    "processkod-löpnummer/år, t.ex. 3.1.1-212/2020." },
	{ "plan-fyll-i", "Inget \"" CHECK_FILL_IN "\" från mallen står kvar." },
	{ "plan-beslut", "En färdig plan anger nämndens beslut om den "
	    "(organ, datum, paragraf)." },
};
#define NHYGIENE	(sizeof(hygiene) / sizeof(hygiene[0]))

/* What a tjänsteutlåtande must contain, and its hygiene. */
static const char *const memo_rules[][2] = {
	{ "tu-forslag", "Tjänsteutlåtandet har förvaltningens förslag till "
	    "beslut, i numrerade punkter." },
	{ "tu-sammanfattning", "Tjänsteutlåtandet har en sammanfattning av "
	    "ärendet." },
	{ "tu-handlaggare", "Tjänsteutlåtandet anger handläggaren med namn "
	    "och telefon." },
	{ "tu-dnr", "Tjänsteutlåtandet har ärendets diarienummer i formen "
	    "processkod-löpnummer/år, t.ex. 3.1.1-212/2020." },
	{ "tu-fyll-i", "Inget \"" CHECK_FILL_IN "\" står kvar." },
};
#define NMEMO_RULES	(sizeof(memo_rules) / sizeof(memo_rules[0]))

void
check_add(struct check_report *r, const char *rule, const char *requirement,
    enum check_status status, const struct diag_pos *pos, const char *fmt,
    ...)
{
	struct check_finding *f;
	struct buf msg = { 0 };
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, _(fmt), ap);
	va_end(ap);
	r->f = xgrow(r->f, &r->cap, r->n + 1, sizeof(*r->f));
	f = &r->f[r->n++];
	f->rule = rule;
	f->requirement = requirement;
	f->status = status;
	f->pos = *pos;
	f->message = buf_take(&msg);
	if (status == CHECK_MISSING || status == CHECK_UNFINISHED)
		r->errors++;
	else if (status != CHECK_MET)
		r->warnings++;
	if (status == CHECK_UNFINISHED)
		r->unfinished++;
}

static int
applies_to(const struct rule *rule, const char *name,
    enum doc_board_kind kind)
{
	switch (rule->scope) {
	case ALL:
		return 1;
	case DISTRICT:
		return kind == DOC_BOARD_DISTRICT;
	case SPECIALIST:
		return kind == DOC_BOARD_SPECIALIST;
	case NAMED:
		return strstr(name != NULL ? name : "", rule->board) != NULL;
	}
	return 0;
}

static int
applies(const struct rule *rule, const struct doc *doc)
{
	return applies_to(rule, doc->meta.board.s, doc->meta.board_kind);
}

size_t
check_requirements(const char *board, enum doc_board_kind kind,
    struct check_requirement *out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < NRULES; i++) {
		if (!applies_to(&rules[i], board, kind))
			continue;
		if (n < max) {
			out[n].id = rules[i].id;
			out[n].requirement = rules[i].requirement;
			out[n].heading = rules[i].heading;
			out[n].guide = rules[i].guide;
			out[n].by = rules[i].how == TABLE ? CHECK_BY_TABLE :
			    rules[i].how == HEADING ? CHECK_BY_HEADING :
			    CHECK_BY_MARK;
		}
		n++;
	}
	return n;
}

/* Whether the space-separated list of ids holds id. */
static int
lists(const char *ids, const char *id)
{
	size_t n = strlen(id);
	const char *p;

	for (p = ids; p != NULL && (p = strstr(p, id)) != NULL; p += n)
		if ((p == ids || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

static void
text_of(const struct doc_node *n, struct buf *out)
{
	const struct doc_node *c;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DOC_SECTION)
			continue;
		if (c->type == DOC_TEXT) {
			buf_adds(out, c->as.text.s);
			buf_addc(out, ' ');
		} else
			text_of(c, out);
	}
}

/*
 * Whether n (a section, or what it holds) says something of its own: a
 * section holding only the skeleton's FYLL I meets no requirement.
 */
static int
has_content(const struct doc_node *n)
{
	const struct doc_node *c;

	if (n->type == DOC_TEXT)
		return strstr(n->as.text.s, CHECK_FILL_IN) == NULL;
	if (n->type == DOC_ACTIONS || n->type == DOC_TABLE)
		return n->first != NULL;
	for (c = n->first; c != NULL; c = c->next)
		if (c->type != DOC_SECTION && has_content(c))
			return 1;
	return 0;
}

struct search {
	const struct rule	*rule;
	const struct doc_node	*marked;	/* the first marked section */
	const struct doc_node	*empty;		/* a marked, empty one */
	const struct doc_node	*hint;		/* unmarked, mentions it */
};

static void
search(const struct doc_node *n, struct search *s)
{
	const struct doc_node *c;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type != DOC_SECTION)
			continue;
		if (c->as.section.krav != NULL &&
		    lists(c->as.section.krav, s->rule->id)) {
			if (!has_content(c) && s->empty == NULL)
				s->empty = c;
			else if (has_content(c) && s->marked == NULL)
				s->marked = c;
		} else if (s->hint == NULL && s->rule->hints[0] != NULL) {
			struct buf text = { 0 }, low = { 0 };
			size_t k;

			text_of(c, &text);
			doc_lower(text.data != NULL ? text.data : "", &low);
			for (k = 0; s->rule->hints[k] != NULL; k++)
				if (low.data != NULL &&
				    strstr(low.data, s->rule->hints[k]) != NULL)
					s->hint = c;
			buf_free(&text);
			buf_free(&low);
		}
		search(c, s);
	}
}

static const struct doc_node *
find_table(const struct doc_node *n)
{
	const struct doc_node *c, *t;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DOC_ACTIONS && c->first != NULL &&
		    doc_table_column(c, DOC_FIELD_RESPONSIBLE) != NULL &&
		    doc_table_column(c, DOC_FIELD_DEADLINE) != NULL)
			return c;
		if (c->type == DOC_SECTION && (t = find_table(c)) != NULL)
			return t;
	}
	return NULL;
}

static const struct doc_node *
find_heading(const struct doc_node *n, const char *title)
{
	const struct doc_node *c, *t;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type != DOC_SECTION)
			continue;
		if (strncmp(c->as.section.title, title, strlen(title)) == 0)
			return c;
		if ((t = find_heading(c, title)) != NULL)
			return t;
	}
	return NULL;
}

static void
check_rule(const struct doc *doc, const struct rule *rule,
    struct check_report *r)
{
	struct diag_pos at = { doc->file, 0, 0 };
	struct search s = { rule, NULL, NULL, NULL };
	const struct doc_node *n;

	if (rule->how == TABLE) {
		if ((n = find_table(doc->root)) != NULL &&
		    n->as.table.caption != NULL)
			check_add(r, rule->id, rule->requirement, CHECK_MET, &n->pos,
			    "met by the action table '%s'",
			    n->as.table.caption);
		else if (n != NULL)
			check_add(r, rule->id, rule->requirement, CHECK_MET, &n->pos,
			    "met by the action table");
		else
			check_add(r, rule->id, rule->requirement, CHECK_MISSING, &at,
			    "missing: add %s", _(rule->where));
		return;
	}
	if (rule->how == HEADING) {
		if ((n = find_heading(doc->root, "Lägesbild")) != NULL)
			check_add(r, rule->id, rule->requirement, CHECK_MET, &n->pos,
			    "met by the heading '%s'", n->as.section.title);
		else
			check_add(r, rule->id, rule->requirement, CHECK_MISSING, &at,
			    "missing: add %s", _(rule->where));
		return;
	}
	search(doc->root, &s);
	if (s.marked != NULL)
		check_add(r, rule->id, rule->requirement, CHECK_MET, &s.marked->pos,
		    "met by the section '%s'", s.marked->as.section.title);
	else if (s.empty != NULL)
		check_add(r, rule->id, rule->requirement, CHECK_MISSING,
		    &s.empty->pos, "the section '%s' answers it but is empty",
		    s.empty->as.section.title);
	else if (s.hint != NULL)
		check_add(r, rule->id, rule->requirement, CHECK_MISSING, &s.hint->pos,
		    "no section is marked as answering it; if the section "
		    "'%s', which mentions the subject, does, add krav: [%s] "
		    "to it", s.hint->as.section.title, rule->id);
	else
		check_add(r, rule->id, rule->requirement, CHECK_MISSING, &at,
		    "missing: it belongs in %s, marked krav: [%s]",
		    _(rule->where), rule->id);
}

void
check_unmarked(struct doc *doc, void (*fn)(const char *, struct doc_node *,
    void *), void *arg)
{
	size_t i;

	for (i = 0; i < NRULES; i++) {
		struct search s = { &rules[i], NULL, NULL, NULL };

		if (rules[i].how != MARKED || !applies(&rules[i], doc))
			continue;
		search(doc->root, &s);
		if (s.marked == NULL && s.empty == NULL)
			fn(rules[i].id, (struct doc_node *)s.hint, arg);
	}
}

/* Rule ids a section names that are no rule. */
static void
unknown_ids(const struct doc_node *n, struct check_report *r)
{
	const struct doc_node *c;

	for (c = n->first; c != NULL; c = c->next) {
		char *ids, *id, *save;
		size_t k;

		if (c->type != DOC_SECTION)
			continue;
		if (c->as.section.krav != NULL) {
			ids = xstrdup(c->as.section.krav);
			for (id = strtok_r(ids, " ", &save); id != NULL;
			    id = strtok_r(NULL, " ", &save)) {
				for (k = 0; k < NRULES; k++)
					if (strcmp(rules[k].id, id) == 0)
						break;
				if (k == NRULES)
					check_add(r, "krav", "", CHECK_UNFINISHED,
					    &c->pos, "'%s' is not a requirement "
					    "('hplan check --rules' lists them)",
					    id);
			}
			free(ids);
		}
		unknown_ids(c, r);
	}
}

/* Hygiene. */

/* Not inlined: with the id a constant, gcc -O3 takes each comparison
 * with a shorter table entry for a fault (-Wstring-compare). */
static const char *hygiene_text(const char *id) __attribute__((noinline));

static const char *
hygiene_text(const char *id)
{
	size_t i;

	for (i = 0; i < NHYGIENE; i++)
		if (strcmp(hygiene[i][0], id) == 0)
			return hygiene[i][1];
	for (i = 0; i < NMEMO_RULES; i++)
		if (strcmp(memo_rules[i][0], id) == 0)
			return memo_rules[i][1];
	return "";
}

static const char *const month_words[] = { "jan", "feb", "mar", "apr",
    "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec" };

/* The words of a part of a year, and the month it ends with: a deadline
 * "Hösten 2028" is met by the end of November. */
static const struct {
	const char	*word;
	int		 month;
} period_words[] = {
	{ "våren", 5 }, { "sommaren", 8 }, { "hösten", 11 },
	{ "vintern", 12 }, { "första halvåret", 6 }, { "andra halvåret", 12 },
	{ "t1", 4 }, { "t2", 8 }, { "t3", 12 },
	{ "q1", 3 }, { "q2", 6 }, { "q3", 9 }, { "q4", 12 },
};

/*
 * The latest year that a deadline's text names, with the month it ends
 * by (a month or a part of the year before it: "december 2028", "T2 2028",
 * "Hösten 2028"; a year alone, "Under 2028", its end), as year * 100 +
 * month; 0 when it names none ("Löpande", "Pågår").
 */
static int
latest_date(const char *text)
{
	struct buf low = { 0 };
	const char *p;
	int best = 0, month = 0;
	size_t k, n;

	doc_lower(text, &low);
	for (p = low.data; p != NULL && *p != '\0'; p++) {
		int start = p == low.data || p[-1] == ' ';

		for (k = 0; start && k < 12; k++)
			if (strncmp(p, month_words[k], 3) == 0)
				month = (int)k + 1;
		for (k = 0; start && k < sizeof(period_words) /
		    sizeof(period_words[0]); k++) {
			n = strlen(period_words[k].word);
			if (strncmp(p, period_words[k].word, n) == 0 &&
			    (p[n] == ' ' || p[n] == '\0'))
				month = period_words[k].month;
		}
		if ((p[0] == '1' || p[0] == '2') && strspn(p, "0123456789") ==
		    4 && (p == low.data || p[-1] < '0' || p[-1] > '9')) {
			int date = atoi(p) * 100 + (month > 0 ? month : 12);

			if (date > best)
				best = date;
			month = 0;
			p += 3;
		}
	}
	buf_free(&low);
	return best;
}

static void
action_hygiene(const struct doc *doc, const struct doc_node *t,
    struct check_report *r)
{
	const struct doc_node *a, *f;
	int plan = doc->meta.date.year * 100 + doc->meta.date.month;

	for (a = t->first; a != NULL; a = a->next) {
		const struct doc_node *who = NULL, *when = NULL;
		struct buf text = { 0 };

		for (f = a->first; f != NULL; f = f->next) {
			if (f->as.field.field == DOC_FIELD_RESPONSIBLE &&
			    f->first != NULL)
				who = f;
			if (f->as.field.field == DOC_FIELD_DEADLINE &&
			    f->first != NULL)
				when = f;
		}
		if (who == NULL)
			check_add(r, "plan-ansvarig", hygiene_text("plan-ansvarig"),
			    CHECK_PROBLEM, &a->pos, "the action '%s' has no "
			    "ansvarig", a->as.action.id);
		/* A follow-up table shows status, not deadlines. */
		if (doc_table_column(t, DOC_FIELD_STATUS) != NULL)
			continue;
		if (when == NULL) {
			check_add(r, "plan-tidplan", hygiene_text("plan-tidplan"),
			    CHECK_PROBLEM, &a->pos, "the action '%s' has no "
			    "timetable (senast_klart or tidplan)",
			    a->as.action.id);
			continue;
		}
		text_of(when, &text);
		if (latest_date(text.data != NULL ? text.data : "") != 0 &&
		    latest_date(text.data) < plan)
			check_add(r, "plan-senast-klart",
			    hygiene_text("plan-senast-klart"), CHECK_PROBLEM,
			    &when->pos, "the action '%s' is due before the "
			    "plan's date: '%s'", a->as.action.id, text.data);
		buf_free(&text);
	}
}

static void
fill_in(const struct doc *doc, const struct diag_pos *pos, const char *text,
    struct check_report *r)
{
	const char *rule = doc->kind == DOC_KIND_MEMO ? "tu-fyll-i" :
	    "plan-fyll-i";

	check_add(r, rule, hygiene_text(rule), CHECK_UNFINISHED, pos,
	    "still to be written: %s", text);
}

static void
walk_hygiene(const struct doc *doc, const struct doc_node *n,
    struct check_report *r, int *notes)
{
	const struct doc_node *c;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DOC_FOOTNOTE)
			(*notes)++;
		if (c->type == DOC_TEXT && strstr(c->as.text.s,
		    CHECK_FILL_IN) != NULL)
			fill_in(doc, &c->pos, c->as.text.s, r);
		if (c->type == DOC_SECTION && c->first == NULL)
			check_add(r, "plan-tomma-avsnitt",
			    hygiene_text("plan-tomma-avsnitt"), CHECK_PROBLEM,
			    &c->pos, "the section '%s' is empty; fill it in",
			    c->as.section.title);
		if (c->type == DOC_ACTIONS)
			action_hygiene(doc, c, r);
		walk_hygiene(doc, c, r, notes);
	}
}

/* {processkod}-{löpnummer}/{år}, e.g. 3.1.1-212/2020 or 155-943/2015. */
static int
dnr_form(const char *s)
{
	size_t n = strspn(s, "0123456789");

	if (n == 0)
		return 0;
	while (s[n] == '.' && s[n + 1] >= '0' && s[n + 1] <= '9')
		n += 1 + strspn(s + n + 1, "0123456789");
	if (s[n] != '-' || strspn(s + n + 1, "0123456789") == 0)
		return 0;
	n += 1 + strspn(s + n + 1, "0123456789");
	return s[n] == '/' && strspn(s + n + 1, "0123456789") == 4 &&
	    s[n + 5] == '\0';
}

/* Not unfinished without one: the adopted originals (Norrmalm 2017 and
 * 2018, Spånga-Tensta's tjänsteutlåtande) have none printed. */
static void
dnr(const struct doc *doc, struct check_report *r)
{
	const struct doc_meta *m = &doc->meta;
	struct diag_pos at = { doc->file, 0, 0 };
	int memo = doc->kind == DOC_KIND_MEMO;
	const char *rule = memo ? "tu-dnr" : "plan-dnr";
	const char *none = !memo ? N_("the plan has no dnr yet") :
	    doc->memo->plan_doc == NULL ?
	    N_("the tjänsteutlåtande has no dnr yet") :
	    N_("its plan has no dnr yet; the tjänsteutlåtande takes the "
	    "plan's");

	if (m->dnr.s == NULL || m->dnr.s[0] == '\0')
		check_add(r, rule, hygiene_text(rule), CHECK_PROBLEM,
		    m->dnr.s != NULL ? &m->dnr.pos : &at, "%s", _(none));
	else if (!dnr_form(m->dnr.s))
		check_add(r, rule, hygiene_text(rule), CHECK_PROBLEM,
		    &m->dnr.pos, "'%s' is not a dnr of the usual form "
		    "processkod-löpnummer/år; it is kept as written",
		    m->dnr.s);
}

static void
plan_hygiene(const struct doc *doc, struct check_report *r)
{
	const struct doc_meta *m = &doc->meta;
	struct diag_pos at = { doc->file, 0, 0 };
	int notes = 0;

	check_add(r, "plan-typ", hygiene_text("plan-typ"), CHECK_MET, &m->board.pos,
	    "a plan for a %s", doc_board_kind_name(m->board_kind));
	walk_hygiene(doc, doc->root, r, &notes);
	if (notes == 0)
		check_add(r, "plan-fotnoter", hygiene_text("plan-fotnoter"),
		    CHECK_PROBLEM, &at, "the plan gives no sources in "
		    "footnotes (write them in place: ^[Källa])");
	dnr(doc, r);
}

/* A finished plan is one to be decided on: once it is, it should say so.
 * A draft, which render marks as one, is not yet up for decision. */
static void
decision(const struct doc *doc, struct check_report *r)
{
	const struct doc_meta *m = &doc->meta;
	struct diag_pos at = { doc->file, 0, 0 };
	struct buf words = { 0 };

	if (m->decision.present) {
		doc_decision_words(m, &words);
		check_add(r, "plan-beslut", hygiene_text("plan-beslut"),
		    CHECK_MET, &m->decision.pos, "%s", words.data);
		buf_free(&words);
	} else if (r->unfinished == 0)
		check_add(r, "plan-beslut", hygiene_text("plan-beslut"),
		    CHECK_PROBLEM, &at, "the plan does not say that it has "
		    "been adopted; when the nämnd has decided, add 'beslut:' "
		    "with organ, datum and paragraf");
}

/* What is left to write in a tjänsteutlåtande: FYLL I in its texts or
 * in its one-line fields (handläggare, signatures, address). */
static void
memo_state(const struct doc *doc, struct check_report *r)
{
	const struct doc_str **lines;
	int notes = 0;
	size_t i, n;

	walk_hygiene(doc, doc->root, r, &notes);
	if (doc->meta.title.s != NULL && strstr(doc->meta.title.s,
	    CHECK_FILL_IN) != NULL)
		fill_in(doc, &doc->meta.title.pos, doc->meta.title.s, r);
	lines = doc_memo_lines(doc->memo, &n);
	for (i = 0; i < n; i++)
		if (lines[i]->s != NULL && strstr(lines[i]->s,
		    CHECK_FILL_IN) != NULL)
			fill_in(doc, &lines[i]->pos, lines[i]->s, r);
	free(lines);
}

/* The parts of a tjänsteutlåtande without which it cannot go to the
 * nämnd: the proposal, the summary, who to ask. */
static void
memo_contents(const struct doc *doc, struct check_report *r)
{
	const struct doc_memo *memo = doc->memo;
	struct diag_pos at = { doc->file, 0, 0 };
	const struct doc_node *n;

	if ((n = doc_section_by_id(doc, DOC_MEMO_PROPOSAL)) != NULL &&
	    has_content(n))
		check_add(r, "tu-forslag", hygiene_text("tu-forslag"),
		    CHECK_MET, &n->pos, "met by '%s'", n->as.section.title);
	else
		check_add(r, "tu-forslag", hygiene_text("tu-forslag"),
		    CHECK_MISSING, n != NULL ? &n->pos : &at, "missing: add "
		    "'förslag:', the points the nämnd is to decide, as a list");
	if ((n = doc_section_by_id(doc, "sammanfattning")) != NULL &&
	    has_content(n))
		check_add(r, "tu-sammanfattning",
		    hygiene_text("tu-sammanfattning"), CHECK_MET, &n->pos,
		    "met by '%s'", n->as.section.title);
	else
		check_add(r, "tu-sammanfattning",
		    hygiene_text("tu-sammanfattning"), CHECK_MISSING,
		    n != NULL ? &n->pos : &at, "missing: add 'sammanfattning:', "
		    "the case and the proposal in brief");
	if (memo->officer.s == NULL)
		check_add(r, "tu-handlaggare", hygiene_text("tu-handlaggare"),
		    CHECK_MISSING, &at, "missing: add 'handläggare:' with "
		    "namn, telefon and e-post, for the nämnd's questions");
	else if (memo->phone.s == NULL || memo->phone.s[0] == '\0')
		check_add(r, "tu-handlaggare", hygiene_text("tu-handlaggare"),
		    CHECK_PROBLEM, &memo->officer.pos, "the handläggare %s "
		    "has no telefon", memo->officer.s);
	else if (strstr(memo->officer.s, CHECK_FILL_IN) == NULL &&
	    strstr(memo->phone.s, CHECK_FILL_IN) == NULL)
		check_add(r, "tu-handlaggare", hygiene_text("tu-handlaggare"),
		    CHECK_MET, &memo->officer.pos, "%s, %s", memo->officer.s,
		    memo->phone.s);
	/* else still to be written, which tu-fyll-i tells */
	dnr(doc, r);
}

/* What both checks look for: ids, hygiene, the follow-up. */
static void
plan_state(const struct doc *doc, const char *path,
    struct check_report *report)
{
	unknown_ids(doc->root, report);
	plan_hygiene(doc, report);
	followup_check(doc, path, report);
}

void
check_plan(const struct doc *doc, const char *path,
    struct check_report *report)
{
	size_t i;

	memset(report, 0, sizeof(*report));
	if (doc->kind == DOC_KIND_MEMO) {
		memo_contents(doc, report);
		memo_state(doc, report);
		return;
	}
	for (i = 0; i < NRULES; i++)
		if (applies(&rules[i], doc))
			check_rule(doc, &rules[i], report);
	plan_state(doc, path, report);
	decision(doc, report);
}

void
check_unfinished(const struct doc *doc, const char *path,
    struct check_report *report)
{
	memset(report, 0, sizeof(*report));
	if (doc->kind == DOC_KIND_MEMO)
		memo_state(doc, report);
	else
		plan_state(doc, path, report);
}

void
check_report_diag(const struct check_report *r, enum check_status status,
    const char *rule, enum diag_level level, struct diag *d)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->f[i].status == status && (rule == NULL ||
		    strcmp(r->f[i].rule, rule) == 0))
			diag_report(d, level, &r->f[i].pos, "[%s] %s",
			    r->f[i].rule, r->f[i].message);
}

void
check_report_free(struct check_report *report)
{
	size_t i;

	for (i = 0; i < report->n; i++)
		free(report->f[i].message);
	free(report->f);
}

static const char *const status_words[] = {
	[CHECK_MET] = N_("ok"),
	[CHECK_MISSING] = N_("error"),
	[CHECK_PROBLEM] = N_("warning"),
	[CHECK_UNFINISHED] = N_("error"),
};

static void
position(struct buf *out, const struct diag_pos *p)
{
	if (p->line == 0)
		buf_printf(out, "%s:", p->file);
	else if (p->col == 0)
		buf_printf(out, "%s:%u:", p->file, p->line);
	else
		buf_printf(out, "%s:%u:%u:", p->file, p->line, p->col);
}

void
check_write_text(const struct check_report *r, struct buf *out)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct check_finding *f = &r->f[i];

		position(out, &f->pos);
		buf_printf(out, " %s: [%s] %s\n", _(status_words[f->status]),
		    f->rule, f->message);
		if (f->status == CHECK_MISSING)
			buf_printf(out, "  %s: »%s«\n", strncmp(f->rule, "ks-",
			    3) == 0 ? "kommunstyrelsen 2017-06-21" :
			    _("requirement"), f->requirement);
	}
	buf_printf(out, dngettext(INTL_DOMAIN, "%u error", "%u errors",
	    r->errors), r->errors);
	buf_adds(out, ", ");
	buf_printf(out, dngettext(INTL_DOMAIN, "%u warning", "%u warnings",
	    r->warnings), r->warnings);
	buf_addc(out, '\n');
}

void
check_write_json(const struct check_report *r, struct buf *out)
{
	static const char *const status_names[] = {
		[CHECK_MET] = "met",
		[CHECK_MISSING] = "missing",
		[CHECK_PROBLEM] = "problem",
		[CHECK_UNFINISHED] = "unfinished",
	};
	size_t i;

	buf_adds(out, "{\"errors\": ");
	buf_printf(out, "%u, \"warnings\": %u, \"findings\": [", r->errors,
	    r->warnings);
	for (i = 0; i < r->n; i++) {
		const struct check_finding *f = &r->f[i];

		buf_adds(out, i ? ",\n  {" : "\n  {");
		buf_adds(out, "\"rule\": ");
		buf_json_string(out, f->rule);
		buf_printf(out, ", \"status\": \"%s\", \"level\": \"%s\", "
		    "\"file\": ", status_names[f->status],
		    status_words[f->status]);
		buf_json_string(out, f->pos.file);
		buf_printf(out, ", \"line\": %u, \"column\": %u, "
		    "\"requirement\": ", f->pos.line, f->pos.col);
		buf_json_string(out, f->requirement);
		buf_adds(out, ", \"message\": ");
		buf_json_string(out, f->message);
		buf_addc(out, '}');
	}
	buf_adds(out, "\n]}\n");
}

void
check_write_rules(struct buf *out)
{
	static const char *const scopes[] = {
		[ALL] = "alla nämnder",
		[DISTRICT] = "stadsdelsnämnder",
		[SPECIALIST] = "facknämnder",
		[NAMED] = NULL,
	};
	size_t i;

	for (i = 0; i < NRULES; i++)
		buf_printf(out, "%s (%s): %s\n", rules[i].id,
		    rules[i].scope == NAMED ? rules[i].board :
		    scopes[rules[i].scope], rules[i].requirement);
	for (i = 0; i < NHYGIENE; i++)
		buf_printf(out, "%s (alla planer): %s\n", hygiene[i][0],
		    hygiene[i][1]);
	for (i = 0; i < NMEMO_RULES; i++)
		buf_printf(out, "%s (tjänsteutlåtanden): %s\n",
		    memo_rules[i][0], memo_rules[i][1]);
}
