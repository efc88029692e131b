#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "intl.h"
#include "xalloc.h"

struct job {
	pid_t	 pid;		/* 0: not running */
	size_t	 plan;
	FILE	*messages;	/* what the worker reported */
	double	 started;
	double	 stopped;	/* when it was told to stop, or 0 */
};

enum {
	/* Seconds a stopped worker has to clean up before it is killed. */
	STOP_GRACE = 5
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
batch_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

static void
progress(FILE *err, size_t done, size_t total, const char *current,
    double elapsed)
{
	fprintf(err, "\r\033[K[%zu/%zu] %.1f s  %s", done, total, elapsed,
	    current != NULL ? current : "");
	fflush(err);
}

/* Shows what a finished worker reported, and its verdict. */
static void
finish(FILE *err, int tty, struct job *j, char *const *plans, int status,
    int time_limit)
{
	char chunk[4096];
	size_t n;

	if (tty)
		fputs("\r\033[K", err);
	rewind(j->messages);
	while ((n = fread(chunk, 1, sizeof(chunk), j->messages)) > 0)
		fwrite(chunk, 1, n, err);
	fclose(j->messages);
	if (j->stopped > 0)
		fprintf(err, _("%s: FAILED: still running after %d s, so "
		    "stopped (--time-limit)\n"), plans[j->plan], time_limit);
	else if (!tty || status != 0)
		fprintf(err, "%s: %s\n", plans[j->plan], status == 0 ?
		    _("done") : _("FAILED"));
	j->pid = 0;
}

static int
start(struct job *j, size_t plan, char *const *plans,
    int (*work)(const char *, FILE *, void *), void *arg, FILE *err)
{
	fflush(NULL);
	if ((j->messages = tmpfile()) == NULL) {
		fprintf(err, "hplan: %s: %s: %s\n", _("error"),
		    _("cannot make a temporary file"), strerror(errno));
		return -1;
	}
	j->plan = plan;
	j->started = now();
	j->stopped = 0;
	if ((j->pid = fork()) == -1) {
		fprintf(err, "hplan: %s: %s: %s\n", _("error"),
		    _("cannot start a process"), strerror(errno));
		fclose(j->messages);
		j->pid = 0;
		return -1;
	}
	if (j->pid == 0) {
		int status = work(plans[plan], j->messages, arg);

		fflush(NULL);
		_exit(status);
	}
	return 0;
}

/* Stops the workers over their time: asked first, so that they remove
 * their temporary files, then killed. */
static void
stop_late(struct job *running, size_t jobs, int time_limit)
{
	double t = now();
	size_t i;

	for (i = 0; i < jobs; i++) {
		struct job *j = &running[i];

		if (j->pid == 0 || time_limit <= 0)
			continue;
		if (j->stopped == 0 && t - j->started > time_limit) {
			kill(j->pid, SIGTERM);
			j->stopped = t;
		} else if (j->stopped > 0 && t - j->stopped > STOP_GRACE)
			kill(j->pid, SIGKILL);
	}
}

int
batch_run(char *const *plans, size_t nplans, int jobs, int time_limit,
    int (*work)(const char *, FILE *, void *), void *arg, FILE *err)
{
	struct job *running = xcalloc((size_t)jobs, sizeof(*running));
	size_t next = 0, ended = 0, failed = 0, nrunning = 0, i;
	int tty = isatty(fileno(err)), worst = 0;
	double begin = now(), shown = 0;

	while (ended < nplans) {
		struct timespec pause = { 0, 10000000 };
		pid_t pid;
		int status, code;

		for (i = 0; i < (size_t)jobs && next < nplans; i++)
			if (running[i].pid == 0) {
				if (start(&running[i], next, plans, work, arg,
				    err) != 0) {
					fprintf(err, _("%s: FAILED: not "
					    "started\n"), plans[next]);
					worst = 3;
					failed++;
					ended++;
				} else
					nrunning++;
				next++;
			}
		if (nrunning == 0)
			continue;
		if (tty && now() - shown >= 0.1) {
			const char *current = NULL;

			for (i = 0; i < (size_t)jobs; i++)
				if (running[i].pid != 0)
					current = plans[running[i].plan];
			progress(err, ended, nplans, current, now() - begin);
			shown = now();
		}
		if ((pid = waitpid(-1, &status, WNOHANG)) == 0) {
			stop_late(running, (size_t)jobs, time_limit);
			nanosleep(&pause, NULL);
			continue;
		}
		if (pid == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		code = WIFEXITED(status) ? WEXITSTATUS(status) : 3;
		for (i = 0; i < (size_t)jobs; i++)
			if (running[i].pid == pid) {
				if (running[i].stopped > 0)
					code = 3;
				finish(err, tty, &running[i], plans, code,
				    time_limit);
				nrunning--;
				ended++;
				failed += code != 0;
				if (code > worst)
					worst = code;
			}
	}
	if (tty)
		fputs("\r\033[K", err);
	/* Plans never ended (the workers were lost) count as failed. */
	if (ended < nplans) {
		failed += nplans - ended;
		worst = 3;
	}
	for (i = 0; i < (size_t)jobs; i++)
		if (running[i].pid != 0)
			fclose(running[i].messages);
	fprintf(err, _("%zu plans: %zu done, %zu failed, in %.1f s\n"),
	    nplans, nplans - failed, failed, now() - begin);
	free(running);
	return worst;
}
