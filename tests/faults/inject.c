/*
 * Fault injection for tests, loaded with LD_PRELOAD: makes the system
 * calls hplan writes its files with fail as a full or broken disk would.
 *   HPLAN_FAIL_CREATE=N  the Nth mkstemp fails with EACCES, as in a
 *                        directory hplan may not write in
 *   HPLAN_FAIL_WRITE=N   the Nth write to a file (not stdin/out/err) fails
 *                        with ENOSPC
 *   HPLAN_FAIL_FSYNC=N   the Nth fsync fails with EIO
 *   HPLAN_FAIL_RENAME=N  the Nth rename fails with EIO
 */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Whether this is the call the variable name asks to fail. */
static int
fail_now(const char *name, unsigned *count)
{
	const char *v = getenv(name);

	return v != NULL && ++*count == strtoul(v, NULL, 10);
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	static ssize_t (*real)(int, const void *, size_t);
	static unsigned count;

	if (real == NULL)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT,
		    "write");
	if (fd > 2 && fail_now("HPLAN_FAIL_WRITE", &count)) {
		errno = ENOSPC;
		return -1;
	}
	return real(fd, buf, len);
}

int
fsync(int fd)
{
	static int (*real)(int);
	static unsigned count;

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (fail_now("HPLAN_FAIL_FSYNC", &count)) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}

int
rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	static unsigned count;

	if (real == NULL)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT,
		    "rename");
	if (fail_now("HPLAN_FAIL_RENAME", &count)) {
		errno = EIO;
		return -1;
	}
	return real(from, to);
}

int
mkstemp(char *template)
{
	static int (*real)(char *);
	static unsigned count;

	if (real == NULL)
		real = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp");
	if (fail_now("HPLAN_FAIL_CREATE", &count)) {
		errno = EACCES;
		return -1;
	}
	return real(template);
}
