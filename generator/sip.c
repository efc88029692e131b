#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "erms.h"
#include "fileio.h"
#include "mets.h"
#include "pdf.h"
#include "sip.h"
#include "xalloc.h"

/* The schemas the program carries (built in by CMake). */
extern const char	xml_in_schema[], erms_schema[];
extern const size_t	xml_in_schema_len, erms_schema_len;

/* The schemas beside the data. */
enum {
	NSCHEMAS = 2,
	NFILES = SIP_MAX_FILES + NSCHEMAS
};

/* The package's folders, made in this order. */
static const char *const dirs[] = { "representations", "representations/rep1",
    "representations/rep1/data", "schemas" };
#define NDIRS	(sizeof(dirs) / sizeof(dirs[0]))

int
sip_exists(const char *dir, struct diag *d)
{
	struct diag_pos pos = { dir, 0, 0 };
	struct stat st;

	if (stat(dir, &st) != 0)
		return 0;
	diag_report(d, DIAG_ERROR, &pos, "the package directory exists "
	    "already; choose another with -o");
	return 1;
}

/* Writes one file of the package; it is removed should a signal end the
 * program before the package is whole. */
static int
write_file(const char *top, const char *name, const char *data, size_t len,
    struct diag *d)
{
	struct buf path = { 0 };
	int ret;

	buf_printf(&path, "%s/%s", top, name);
	fileio_track(path.data, 0);
	ret = fileio_write(path.data, data, len, d);
	buf_free(&path);
	return ret;
}

static int
make_dir(const char *top, const char *name, struct diag *d)
{
	struct buf path = { 0 };
	int ret;

	buf_printf(&path, "%s/%s", top, name);
	fileio_track(path.data, 1);
	ret = fileio_ensure_dir(path.data, d);
	buf_free(&path);
	return ret;
}

/* Writes the package's folders and files into the empty directory top. */
static int
fill(const char *top, const struct buf *mets, const struct mets_file *files,
    size_t nfiles, struct diag *d)
{
	size_t i;
	int ret = write_file(top, "METS.xml", mets->data, mets->len, d);

	for (i = 0; ret == 0 && i < NDIRS; i++)
		ret = make_dir(top, dirs[i], d);
	for (i = 0; ret == 0 && i < nfiles; i++)
		ret = write_file(top, files[i].path, files[i].data,
		    files[i].len, d);
	return ret;
}

/* Forgets the package's paths once it is in place or removed. */
static void
untrack(const char *top, const struct mets_file *files, size_t nfiles)
{
	struct buf path = { 0 };
	size_t i;

	for (i = 0; i < 1 + NDIRS + nfiles; i++) {
		buf_printf(&path, "%s/%s", top, i == 0 ? "METS.xml" :
		    i <= NDIRS ? dirs[i - 1] : files[i - 1 - NDIRS].path);
		fileio_untrack(path.data);
		buf_free(&path);
	}
	fileio_untrack(top);
}

/* The parent directory of the package, created when missing. */
static int
ensure_parent(const char *dir, struct diag *d)
{
	const char *slash = strrchr(dir, '/');
	char *parent;
	int ret;

	if (slash == NULL || slash == dir)
		return 0;
	parent = xstrndup(dir, (size_t)(slash - dir));
	ret = fileio_ensure_dir(parent, d);
	free(parent);
	return ret;
}

enum diag_exit
sip_write(const char *dir, const struct doc *doc,
    const struct erms_file *data, size_t ndata, struct diag *d)
{
	struct diag_pos pos = { dir, 0, 0 };
	struct buf tmp = { 0 }, mets = { 0 }, id = { 0 }, paths[SIP_MAX_FILES];
	struct mets_file files[NFILES];
	enum diag_exit status = DIAG_EXIT_OK;
	size_t i, nfiles = ndata + NSCHEMAS;
	char uuid[37], date[32];
	int made;

	memset(paths, 0, sizeof(paths));
	for (i = 0; i < ndata; i++) {
		size_t n = strlen(data[i].name);

		buf_printf(&paths[i], "representations/rep1/data/%s",
		    data[i].name);
		files[i] = (struct mets_file){ paths[i].data, n > 4 &&
		    strcmp(data[i].name + n - 4, ".pdf") == 0 ?
		    "application/pdf" : "application/xml", data[i].data,
		    data[i].len };
	}
	files[ndata] = (struct mets_file){ "schemas/handlingsplan.xsd",
	    "application/xml", xml_in_schema, xml_in_schema_len };
	files[ndata + 1] = (struct mets_file){ "schemas/ERMS_v3.xsd",
	    "application/xml", erms_schema, erms_schema_len };
	buf_printf(&id, "package:dnr:%s:version:%u%s", doc->meta.dnr.s,
	    doc->meta.version, doc->kind == DOC_KIND_MEMO ?
	    ":tjänsteutlåtande" : "");
	erms_uuid(id.data, uuid);
	buf_free(&id);
	buf_printf(&id, "uuid-%s", uuid);
	pdf_file_date(doc, date);
	mets.data = mets_write(doc, id.data, files, nfiles, date, &mets.len);

	buf_printf(&tmp, "%s.tmp-XXXXXX", dir);
	if (ensure_parent(dir, d) != 0) {
		made = 0;
		status = DIAG_EXIT_SYSTEM;
	} else if ((made = mkdtemp(tmp.data) != NULL) == 0) {
		diag_report(d, DIAG_ERROR, &pos, "cannot create the package: "
		    "%s", strerror(errno));
		status = DIAG_EXIT_SYSTEM;
	} else {
		fileio_track(tmp.data, 1);
		if (fill(tmp.data, &mets, files, nfiles, d) != 0) {
			status = DIAG_EXIT_SYSTEM;
		} else if (rename(tmp.data, dir) != 0) {
			diag_report(d, DIAG_ERROR, &pos, "cannot create the "
			    "package: %s", strerror(errno));
			status = DIAG_EXIT_SYSTEM;
		}
	}
	if (status != DIAG_EXIT_OK && made)
		fileio_remove_tree(tmp.data);
	if (made)
		untrack(tmp.data, files, nfiles);
	for (i = 0; i < ndata; i++)
		buf_free(&paths[i]);
	buf_free(&tmp);
	buf_free(&mets);
	buf_free(&id);
	return status;
}
