/*
 * Fault injection for tests, loaded with LD_PRELOAD: makes the system
 * calls hplan writes its files with fail as a full or broken disk would.
 *   HPLAN_FAIL_CREATE=N  the Nth mkstemp fails with EACCES, as in a
 *                        directory hplan may not write in
 *   HPLAN_FAIL_WRITE=N   the Nth write to a file (not stdin/out/err) fails
 *                        with ENOSPC
 *   HPLAN_FAIL_FSYNC=N   the Nth fsync fails with EIO
 *   HPLAN_FAIL_RENAME=N  the Nth rename fails with EIO
 *   HPLAN_FAIL_FORK=N    the Nth fork fails with EAGAIN, as when the
 *                        process limit is reached
 *   HPLAN_LONE_FORK=1    a fork while the process has another thread
 *                        aborts it, as its child could wait forever for
 *                        a lock that thread held; each thread lingers a
 *                        moment after its work, as on a loaded machine,
 *                        so that a thread started before a fork is seen
 *   HPLAN_STALL_FSYNC=N  the Nth fsync waits a minute first, so that a
 *                        test can signal hplan while a file is staged
 *   HPLAN_SLOW_RENAME=MS every rename waits MS milliseconds first, so that
 *                        two writers' renames interleave
 *   HPLAN_STALL_OPEN=S   opening a path containing S waits a minute, as
 *                        a plan on a hung network file system would
 */
#define _GNU_SOURCE

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
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
	static unsigned stall;

	if (fail_now("HPLAN_STALL_FSYNC", &stall))
		sleep(60);
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
	const char *slow = getenv("HPLAN_SLOW_RENAME");

	if (slow != NULL)
		usleep((useconds_t)strtoul(slow, NULL, 10) * 1000);
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

static int
threads(void)
{
	DIR *dir = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (dir == NULL)
		return -1;
	while ((e = readdir(dir)) != NULL)
		n += e->d_name[0] != '.';
	closedir(dir);
	return n;
}

pid_t
fork(void)
{
	static pid_t (*real)(void);
	static unsigned count;
	int n;

	if (real == NULL)
		real = (pid_t (*)(void))dlsym(RTLD_NEXT, "fork");
	if (fail_now("HPLAN_FAIL_FORK", &count)) {
		errno = EAGAIN;
		return -1;
	}
	if (getenv("HPLAN_LONE_FORK") != NULL && (n = threads()) != 1) {
		fprintf(stderr, "inject: fork with %d threads\n", n);
		abort();
	}
	return real();
}

struct start {
	void	*(*work)(void *);
	void	*arg;
};

static void *
linger(void *p)
{
	struct start s = *(struct start *)p;
	struct timespec moment = { 0, 300000000 };
	void *result;

	free(p);
	result = s.work(s.arg);
	nanosleep(&moment, NULL);
	return result;
}

int
pthread_create(pthread_t *t, const pthread_attr_t *attr,
    void *(*work)(void *), void *arg)
{
	static int (*real)(pthread_t *, const pthread_attr_t *,
	    void *(*)(void *), void *);
	struct start *s;

	if (real == NULL)
		real = (int (*)(pthread_t *, const pthread_attr_t *,
		    void *(*)(void *), void *))dlsym(RTLD_NEXT,
		    "pthread_create");
	if (getenv("HPLAN_LONE_FORK") == NULL ||
	    (s = malloc(sizeof(*s))) == NULL)
		return real(t, attr, work, arg);
	s->work = work;
	s->arg = arg;
	return real(t, attr, linger, s);
}

int
open(const char *path, int flags, ...)
{
	static int (*real)(const char *, int, ...);
	const char *stall = getenv("HPLAN_STALL_OPEN");
	mode_t mode = 0;
	va_list ap;

	if (real == NULL)
		real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT,
		    "open");
	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (stall != NULL && stall[0] != '\0' && strstr(path, stall) != NULL)
		sleep(60);
	return real(path, flags, mode);
}
