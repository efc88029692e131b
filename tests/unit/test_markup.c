/* The text markup: blocks, inline markup, positions and messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "dump.h"
#include "markup.h"
#include "harness.h"

struct result {
	char	*tree;		/* the dump of the parsed section */
	char	*messages;	/* what was reported */
	int	 ret;
};

/* Parses text as if it were a literal block starting on line 1, col 1. */
static struct result
parse(const char *text)
{
	struct markup_anchor anchors[64];
	struct markup_origin o = { "t", anchors, 0, 1 };
	struct diag_pos pos = { "t", 1, 1 };
	struct doc *doc = doc_new("t");
	struct doc_node *s = doc_node_new(DOC_SECTION, &pos);
	struct result r;
	struct buf out = { 0 };
	struct diag d;
	size_t off = 0, len;
	char *msg = NULL;
	FILE *f = open_memstream(&msg, &len);

	do {
		anchors[o.nanchors].off = off;
		anchors[o.nanchors].line = (unsigned)o.nanchors + 1;
		anchors[o.nanchors].col = 1;
		o.nanchors++;
		const char *nl = strchr(text + off, '\n');

		off = nl != NULL ? (size_t)(nl - text) + 1 : strlen(text);
	} while (off < strlen(text));
	s->as.section.title = strdup("s");
	s->as.section.level = 1;
	doc_append(doc->root, s);
	diag_init(&d, f);
	r.ret = markup_blocks(s, text, strlen(text), &o, &d);
	fclose(f);
	doc_check(doc);
	dump_tree(doc, &out);
	/* Drop the metadata lines and the plan and section lines. */
	r.tree = strdup(strstr(out.data, "  section 1") +
	    strlen("  section 1 \"s\" @1:1\n"));
	r.messages = msg;
	buf_free(&out);
	doc_free(doc);
	return r;
}

static void
result_free(struct result *r)
{
	free(r->tree);
	free(r->messages);
}

#define CHECK(text, want_tree, want_messages) do {			\
	struct result r_ = parse(text);					\
	STR_EQ(r_.tree, want_tree);					\
	STR_EQ(r_.messages, want_messages);				\
	result_free(&r_);						\
} while (0)

static void
test_paragraphs(void)
{
	CHECK("One line.",
	    "    paragraph @1:1\n"
	    "      text \"One line.\" @1:1\n", "");
	CHECK("Joined\n  lines  with   spaces.\n\n\nNext.\n",
	    "    paragraph @1:1\n"
	    "      text \"Joined lines with spaces.\" @1:1\n"
	    "    paragraph @5:1\n"
	    "      text \"Next.\" @5:1\n", "");
	CHECK("Pågår\\\nSenast 31 dec 2017",
	    "    paragraph @1:1\n"
	    "      text \"Pågår\" @1:1\n"
	    "      linebreak @1:6\n"
	    "      text \"Senast 31 dec 2017\" @2:1\n", "");
	CHECK("Windows\r\nline ends\r\n",
	    "    paragraph @1:1\n"
	    "      text \"Windows line ends\" @1:1\n", "");
}

static void
test_emphasis(void)
{
	CHECK("a *b* **c** ***d*** e",
	    "    paragraph @1:1\n"
	    "      text \"a \" @1:1\n"
	    "      emph @1:3\n"
	    "        text \"b\" @1:4\n"
	    "      text \" \" @1:6\n"
	    "      strong @1:7\n"
	    "        text \"c\" @1:9\n"
	    "      text \" \" @1:12\n"
	    "      strong @1:13\n"
	    "        emph @1:15\n"
	    "          text \"d\" @1:16\n"
	    "      text \" e\" @1:20\n", "");
	CHECK("*a **b***",
	    "    paragraph @1:1\n"
	    "      emph @1:1\n"
	    "        text \"a \" @1:2\n"
	    "        strong @1:4\n"
	    "          text \"b\" @1:6\n", "");
	CHECK("5 * 3 = 15",
	    "    paragraph @1:1\n"
	    "      text \"5 * 3 = 15\" @1:1\n", "");
	CHECK("an *open star",
	    "    paragraph @1:1\n"
	    "      text \"an *open star\" @1:1\n",
	    "t:1:4: warning: '*' is not closed and is printed as is "
	    "(write \\* for an asterisk)\n");
	CHECK("\\*not\\* \\^[x] a\\\\b",
	    "    paragraph @1:1\n"
	    "      text \"*not* ^[x] a\\\\b\" @1:1\n", "");
}

static void
test_footnotes(void)
{
	CHECK("Text ^[Försvarshögskolan, *2017*] after.",
	    "    paragraph @1:1\n"
	    "      text \"Text\" @1:1\n"
	    "      footnote 1 @1:6\n"
	    "        text \"Försvarshögskolan, \" @1:8\n"
	    "        emph @1:27\n"
	    "          text \"2017\" @1:28\n"
	    "      text \" after.\" @1:34\n", "");
	CHECK("a ^[b [c] d] e",
	    "    paragraph @1:1\n"
	    "      text \"a\" @1:1\n"
	    "      footnote 1 @1:3\n"
	    "        text \"b [c] d\" @1:5\n"
	    "      text \" e\" @1:13\n", "");
	CHECK("x\nsecond ^[never closed",
	    "    paragraph @1:1\n"
	    "      text \"x second ^[never closed\" @1:1\n",
	    "t:2:8: error: the footnote '^[' has no closing ']'\n");
	CHECK("a ^[b ^[c]] d ^[ ]",
	    "    paragraph @1:1\n"
	    "      text \"a\" @1:1\n"
	    "      footnote 1 @1:3\n"
	    "        text \"b\" @1:5\n"
	    "      text \" d\" @1:12\n",
	    "t:1:7: error: a footnote cannot contain another footnote\n"
	    "t:1:15: error: the footnote is empty\n");
}

static void
test_links(void)
{
	CHECK("See [the page](https://start.stockholm/x_(y)) and "
	    "<https://a.se/b>.",
	    "    paragraph @1:1\n"
	    "      text \"See \" @1:1\n"
	    "      link https://start.stockholm/x_(y) @1:5\n"
	    "        text \"the page\" @1:6\n"
	    "      text \" and \" @1:46\n"
	    "      link https://a.se/b @1:51\n"
	    "        text \"https://a.se/b\" @1:51\n"
	    "      text \".\" @1:67\n", "");
	CHECK("[x](www.a.se) [y] (z) <not a link>",
	    "    paragraph @1:1\n"
	    "      text \"[y] (z) <not a link>\" @1:15\n",
	    "t:1:5: error: a link address must begin with https://, "
	    "http:// or mailto:\n");
	CHECK("[a [b](https://x.se)](https://y.se)",
	    "    paragraph @1:1\n"
	    "      link https://y.se @1:1\n"
	    "        text \"a\" @1:2\n",
	    "t:1:4: error: a link cannot contain another link\n");
}

static void
test_languages(void)
{
	CHECK("Heter [A *guide* for [parents](https://a.se)]{lang=en} och "
	    "[\xd8\xaf\xd9\x84\xd9\x8a\xd9\x84]{lang=ar}.",
	    "    paragraph @1:1\n"
	    "      text \"Heter \" @1:1\n"
	    "      lang en @1:7\n"
	    "        text \"A \" @1:8\n"
	    "        emph @1:10\n"
	    "          text \"guide\" @1:11\n"
	    "        text \" for \" @1:17\n"
	    "        link https://a.se @1:22\n"
	    "          text \"parents\" @1:23\n"
	    "      text \" och \" @1:55\n"
	    "      lang ar @1:60\n"
	    "        text \"\xd8\xaf\xd9\x84\xd9\x8a\xd9\x84\" @1:61\n"
	    "      text \".\" @1:75\n", "");
	/* A bracket with anything else after it stays text. */
	CHECK("[a]{b} [c] {lang=en}",
	    "    paragraph @1:1\n"
	    "      text \"[a]{b} [c] {lang=en}\" @1:1\n", "");
	CHECK("[a]{lang=} [b]{lang=en",
	    "    paragraph @1:1\n"
	    "      text \"} en\" @1:10\n",
	    "t:1:10: error: write the passage's language as a language code "
	    "and a '}', such as {lang=en}, {lang=ar} or {lang=fa-AF}\n"
	    "t:1:21: error: write the passage's language as a language code "
	    "and a '}', such as {lang=en}, {lang=ar} or {lang=fa-AF}\n");
	CHECK("[ ]{lang=fa-AF}",
	    "    paragraph @1:1\n",
	    "t:1:1: error: a passage in another language needs a text between "
	    "[ and ]\n");
}

/* What Word and Markdown leave in a text: printed as it is, with a
 * warning that says how hplan writes it. */
static void
test_habits(void)
{
	struct result r;

	r = parse("## Bakgrund\nText[^1] och *kursiv* och ** kvar.\n\n"
	    "[^1]: Källa.\n\n\xe2\x80\x93 ett\n* tv\xc3\xa5\n\n"
	    "Så här:\n2. Först\n2017. Året.\n\nPris 5 * 3.");
	OK(strstr(r.messages, "t:1:1: warning: '##' at a line's start makes "
	    "no heading") != NULL);
	OK(strstr(r.messages, "t:2:5: warning: '[^1]' is a Markdown footnote "
	    "marker") != NULL);
	OK(strstr(r.messages, "t:2:27: warning: '**' before a space") != NULL);
	OK(strstr(r.messages, "t:4:1: warning: '[^1]:' is a Markdown "
	    "footnote") != NULL);
	OK(strstr(r.messages, "t:6:1: warning: '\xe2\x80\x93' at a line's "
	    "start makes no list item") != NULL);
	OK(strstr(r.messages, "t:7:1: warning: '*' at a line's start") !=
	    NULL);
	OK(strstr(r.messages, "t:10:1: warning: '2.' goes on the paragraph")
	    != NULL);
	/* A year, a multiplication: no habit. */
	OK(strstr(r.messages, "t:11:") == NULL);
	OK(strstr(r.messages, "t:13:") == NULL);
	/* Everything is printed as written. */
	OK(strstr(r.tree, "\"## Bakgrund Text[^1] och \"") != NULL);
	result_free(&r);
}

static void
test_lists(void)
{
	CHECK("Vitmakt – 2 stycken\n- one\n- two\n  continued\n"
	    "lazy\n\n- three\n",
	    "    paragraph @1:1\n"
	    "      text \"Vitmakt – 2 stycken\" @1:1\n"
	    "    list bullet @2:1\n"
	    "      item @2:1\n"
	    "        paragraph @2:3\n"
	    "          text \"one\" @2:3\n"
	    "      item @3:1\n"
	    "        paragraph @3:3\n"
	    "          text \"two continued lazy\" @3:3\n"
	    "      item @7:1\n"
	    "        paragraph @7:3\n"
	    "          text \"three\" @7:3\n", "");
	CHECK("Genom att\n1. a\n2. b\n   - sub\n\n   Second paragraph.\n"
	    "\nText after.",
	    "    paragraph @1:1\n"
	    "      text \"Genom att\" @1:1\n"
	    "    list ordered start=1 @2:1\n"
	    "      item @2:1\n"
	    "        paragraph @2:4\n"
	    "          text \"a\" @2:4\n"
	    "      item @3:1\n"
	    "        paragraph @3:4\n"
	    "          text \"b\" @3:4\n"
	    "        list bullet @4:4\n"
	    "          item @4:4\n"
	    "            paragraph @4:6\n"
	    "              text \"sub\" @4:6\n"
	    "        paragraph @6:4\n"
	    "          text \"Second paragraph.\" @6:4\n"
	    "    paragraph @8:1\n"
	    "      text \"Text after.\" @8:1\n", "");
	CHECK("3. x\n4. y",
	    "    list ordered start=3 @1:1\n"
	    "      item @1:1\n"
	    "        paragraph @1:4\n"
	    "          text \"x\" @1:4\n"
	    "      item @2:1\n"
	    "        paragraph @2:4\n"
	    "          text \"y\" @2:4\n", "");
	CHECK("Sedan år\n2016. Det var så.\n1) first\n- other kind",
	    "    paragraph @1:1\n"
	    "      text \"Sedan år 2016. Det var så.\" @1:1\n"
	    "    list ordered start=1 @3:1\n"
	    "      item @3:1\n"
	    "        paragraph @3:4\n"
	    "          text \"first\" @3:4\n"
	    "    list bullet @4:1\n"
	    "      item @4:1\n"
	    "        paragraph @4:3\n"
	    "          text \"other kind\" @4:3\n", "");
	CHECK("• pasted bullet\n-not a bullet",
	    "    list bullet @1:1\n"
	    "      item @1:1\n"
	    "        paragraph @1:3\n"
	    "          text \"pasted bullet -not a bullet\" @1:3\n", "");
}

static void
test_quotes_and_depth(void)
{
	struct buf deep = { 0 };
	struct result r;
	int i;

	CHECK("> Den process som\nleder till\n\nAfter.",
	    "    quote @1:1\n"
	    "      paragraph @1:3\n"
	    "        text \"Den process som leder till\" @1:3\n"
	    "    paragraph @4:1\n"
	    "      text \"After.\" @4:1\n", "");
	for (i = 0; i < 12; i++)
		buf_printf(&deep, "%*s- level %d\n", 2 * i, "", i);
	r = parse(deep.data);
	INT_EQ(r.ret, -1);
	STR_EQ(r.messages, "t:9:17: error: lists and quotations are nested "
	    "more than 8 deep\n");
	result_free(&r);
	buf_free(&deep);
}

int
main(void)
{
	test_paragraphs();
	test_emphasis();
	test_footnotes();
	test_links();
	test_languages();
	test_habits();
	test_lists();
	test_quotes_and_depth();
	return harness_done();
}
