/*
 * What the files of ytree share: the scan of the YAML's lines for the
 * mistakes libyaml reports badly or one at a time (ytree_scan.c).
 */
#ifndef HPLAN_YTREE_INT_H
#define HPLAN_YTREE_INT_H

#include "ytree.h"

/* Reports the mistakes found on t's lines, marking them in t->reported. */
void	ytree_scan(struct ytree *t);

#endif
