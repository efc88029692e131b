/* A minimal test harness: each check counts, failures say where. */
#ifndef HPLAN_HARNESS_H
#define HPLAN_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_run, harness_failed;

#define OK(cond) do {							\
	harness_run++;							\
	if (!(cond)) {							\
		harness_failed++;					\
		fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, \
		    #cond);						\
	}								\
} while (0)

#define INT_EQ(got, want) do {						\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	harness_run++;							\
	if (g_ != w_) {							\
		harness_failed++;					\
		fprintf(stderr, "%s:%d: FAIL: %s is %lld, want %lld\n",	\
		    __FILE__, __LINE__, #got, g_, w_);			\
	}								\
} while (0)

#define STR_EQ(got, want) do {						\
	const char *g_ = (got), *w_ = (want);				\
	harness_run++;							\
	if (g_ == NULL || strcmp(g_, w_) != 0) {			\
		harness_failed++;					\
		fprintf(stderr, "%s:%d: FAIL: %s is\n%s\nwant\n%s\n",	\
		    __FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_);	\
	}								\
} while (0)

static int
harness_done(void)
{
	printf("%d passed, %d failed\n", harness_run - harness_failed,
	    harness_failed);
	return harness_failed != 0;
}

#endif
