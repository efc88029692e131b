/*
 * Batch rendering: many plans at once, in parallel worker processes.  One
 * failing plan does not stop the others; a terminal gets one updating
 * progress line, anything else a line per plan; a summary ends the run.
 */
#ifndef HPLAN_BATCH_H
#define HPLAN_BATCH_H

#include <stddef.h>
#include <stdio.h>

/*
 * Runs work(plan, d) for each plan, at most jobs at a time, each in a
 * process of its own that reports to the FILE it is given; a plan still
 * running after time_limit seconds (0: none) is stopped and fails.
 * Reports to err; returns the worst exit status of the plans, 3 for a
 * plan that could not be started or was stopped.
 */
int	batch_run(char *const *plans, size_t nplans, int jobs, int time_limit,
	    int (*work)(const char *plan, FILE *messages, void *arg), void *arg,
	    FILE *err);

/* The number of processors, the default number of jobs. */
int	batch_default_jobs(void);

#endif
