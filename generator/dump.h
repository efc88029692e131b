/*
 * A plain-text dump of the document tree, with every node's source
 * position: the oracle of the golden tests (hplan -T tree).
 */
#ifndef HPLAN_DUMP_H
#define HPLAN_DUMP_H

#include "buf.h"
#include "doc.h"

void	dump_tree(const struct doc *doc, struct buf *out);

#endif
