/*
 * Writes a plan as YAML in the format of docs/format.md: what `hplan
 * revise` writes, and `hplan -T yaml` prints.  Reading the output gives
 * the same tree.  Comments and the original's line breaks inside
 * paragraphs are not kept: a paragraph is written on one line.
 */
#ifndef HPLAN_YAML_OUT_H
#define HPLAN_YAML_OUT_H

#include "buf.h"
#include "doc.h"

void	yaml_out_write(const struct doc *doc, struct buf *out);

#endif
