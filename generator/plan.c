#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "plan.h"
#include "validate.h"
#include "xml_in.h"
#include "yaml_in.h"

int
plan_is_xml(const char *path)
{
	size_t n = strlen(path);

	return n >= 4 && strcmp(path + n - 4, ".xml") == 0;
}

struct doc *
plan_parse(const char *name, const char *data, size_t len, struct diag *d)
{
	unsigned errors = d->errors;
	struct doc *doc;

	diag_hold(d);
	doc = plan_is_xml(name) ? xml_in_parse(name, data, len, d) :
	    yaml_in_parse(name, data, len, d);
	if (doc != NULL)
		validate_doc(doc, d);
	diag_release(d);
	if (doc != NULL && d->errors != errors) {
		doc_free(doc);
		return NULL;
	}
#ifndef NDEBUG
	/* A valid tree is a sound one. */
	if (doc != NULL)
		doc_check(doc);
#endif
	return doc;
}

struct doc *
plan_read(const char *path, struct diag *d, enum diag_exit *status)
{
	int xml = plan_is_xml(path);
	struct doc *doc;
	char *data;
	size_t len;

	*status = DIAG_EXIT_SYSTEM;
	if (fileio_read(path, xml ? XML_IN_MAX_BYTES : YAML_IN_MAX_BYTES,
	    &data, &len, d) != 0)
		return NULL;
	doc = plan_parse(path, data, len, d);
	free(data);
	*status = doc != NULL ? DIAG_EXIT_OK : DIAG_EXIT_INPUT;
	return doc;
}
