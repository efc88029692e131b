/* The document model: building, walking, freeing, dates and ids. */
#include <sys/wait.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "doc.h"
#include "harness.h"

static struct doc_node *
node(enum doc_type type, struct doc_node *parent)
{
	struct diag_pos pos = { "t", 1, 1 };
	struct doc_node *n = doc_node_new(type, &pos);

	if (parent != NULL)
		doc_append(parent, n);
	return n;
}

static void
test_iterator(void)
{
	struct doc *doc = doc_new("t");
	struct doc_node *s, *p, *t, *n;
	struct doc_iter it;
	struct buf seen = { 0 };
	enum doc_event ev;

	s = node(DOC_SECTION, doc->root);
	s->as.section.level = 1;
	s->as.section.title = strdup("Inledning");
	p = node(DOC_PARAGRAPH, s);
	t = node(DOC_TEXT, p);
	t->as.text.s = strdup("a");
	node(DOC_LINEBREAK, p);
	node(DOC_LIST, s);
	doc_check(doc);
	doc_iter_init(&it, doc->root);
	while ((ev = doc_iter_next(&it, &n)) != DOC_DONE)
		buf_printf(&seen, "%s%s ", ev == DOC_ENTER ? "+" : "-",
		    doc_type_name(n->type));
	STR_EQ(seen.data, "+plan +section +paragraph +text -text +linebreak "
	    "-linebreak -paragraph +list -list -section -plan ");
	/* A subtree can be walked on its own. */
	buf_free(&seen);
	doc_iter_init(&it, p);
	while ((ev = doc_iter_next(&it, &n)) != DOC_DONE)
		buf_printf(&seen, "%s%s ", ev == DOC_ENTER ? "+" : "-",
		    doc_type_name(n->type));
	STR_EQ(seen.data, "+paragraph +text -text +linebreak -linebreak "
	    "-paragraph ");
	buf_free(&seen);
	doc_free(doc);
}

static void
test_deep_free(void)
{
	struct doc_node *root = node(DOC_QUOTE, NULL), *n = root;
	int i;

	/* Freeing must not recurse: a million levels would overflow. */
	for (i = 0; i < 1000000; i++)
		n = node(DOC_QUOTE, n);
	doc_node_free(root);
	OK(1);
}

static void
test_dates(void)
{
	struct doc_date d;
	const char *why;
	char out[11];

	OK(doc_date_parse("2017-09", &d, &why) == 0);
	INT_EQ(d.year, 2017);
	INT_EQ(d.month, 9);
	INT_EQ(d.day, 0);
	doc_date_format(&d, out);
	STR_EQ(out, "2017-09");
	OK(doc_date_parse("2020", &d, &why) == 0);
	doc_date_format(&d, out);
	STR_EQ(out, "2020");
	OK(doc_date_parse("2024-02-29", &d, &why) == 0);
	OK(doc_date_parse("2023-02-29", &d, &why) != 0);
	STR_EQ(why, "there is no such day in that month");
	OK(doc_date_parse("2017-13", &d, &why) != 0);
	STR_EQ(why, "the month must be between 01 and 12");
	OK(doc_date_parse("1066", &d, &why) != 0);
	OK(doc_date_parse("2017-9", &d, &why) != 0);
	OK(doc_date_parse("september 2017", &d, &why) != 0);
	OK(doc_date_parse("2017-09-31", &d, &why) != 0);
	OK(doc_date_parse("", &d, &why) != 0);
}

static void
test_ids_and_columns(void)
{
	OK(doc_id_valid("samordningsgrupp"));
	OK(doc_id_valid("stöd-återvändare-2"));
	OK(!doc_id_valid("2-grupp"));
	OK(!doc_id_valid("Grupp"));
	OK(!doc_id_valid("a b"));
	OK(!doc_id_valid(""));
	OK(!doc_id_valid("-a"));
	INT_EQ(doc_colkey_lookup("tidplan"), DOC_COL_TIDPLAN);
	INT_EQ(doc_colkey_field(DOC_COL_TIDPLAN), DOC_FIELD_DEADLINE);
	STR_EQ(doc_field_name(DOC_FIELD_DEADLINE), "senast_klart");
	STR_EQ(doc_field_name(DOC_FIELD_ACTION), "åtgärd");
	STR_EQ(doc_colkey_header(DOC_COL_AKTIVITET), "Aktivitet");
	INT_EQ(doc_colkey_lookup("Tidplan"), DOC_COL_NONE);
}

static void
test_table_check(void)
{
	struct doc_node *t = node(DOC_ACTIONS, NULL);
	struct diag_pos pos = { "t", 3, 5 };
	char *msg = NULL;
	size_t len;
	struct diag d;
	FILE *f = open_memstream(&msg, &len);

	t->as.table.cols = calloc(3, sizeof(*t->as.table.cols));
	t->as.table.ncols = 3;
	t->as.table.cols[0].key = DOC_COL_SENAST_KLART;
	t->as.table.cols[0].width = 60;
	t->as.table.cols[1].key = DOC_COL_TIDPLAN;
	t->as.table.cols[1].pos = pos;
	t->as.table.cols[1].width = 50;
	t->as.table.cols[2].key = DOC_COL_STATUS;
	diag_init(&d, f);
	INT_EQ(doc_table_check(t, &pos, &d), -1);
	fclose(f);
	STR_EQ(msg, "t:3:5: error: the column 'tidplan' shows the same field "
	    "as 'senast_klart'\n"
	    "t:3:5: error: the column widths add up to 110 %, more than "
	    "100 %\n"
	    "t:3:5: error: an action table needs the column 'åtgärd' or "
	    "'aktivitet'\n");
	free(msg);
	doc_node_free(t);
}

/* A tree without a root is reported as broken (abort), not followed
 * into a null pointer (a segmentation fault). */
static void
test_check_without_root(void)
{
	struct doc *doc = doc_new("t");
	struct doc_node *root = doc->root;
	pid_t pid;
	int status = 0;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		freopen("/dev/null", "w", stderr);
		doc->root = NULL;
		doc_check(doc);
		_exit(0);
	}
	OK(pid > 0 && waitpid(pid, &status, 0) == pid);
	OK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	doc->root = root;
	doc_free(doc);
}

int
main(void)
{
	test_check_without_root();
	test_iterator();
	test_deep_free();
	test_dates();
	test_ids_and_columns();
	test_table_check();
	return harness_done();
}
