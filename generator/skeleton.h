/*
 * hplan new: the skeleton of a new plan, with a section for every
 * requirement of kommunstyrelsen that applies to the nämnd, Swedish
 * guidance in comments, and the names in their right forms.
 */
#ifndef HPLAN_SKELETON_H
#define HPLAN_SKELETON_H

#include "buf.h"
#include "doc.h"

/*
 * A nämnd's names: "Spånga-Tensta stadsdelsnämnd", "Spånga-Tensta
 * stadsdelsförvaltning", "Spånga-Tensta stadsdelsnämnds handlingsplan …".
 */
struct skeleton_names {
	struct buf	 board;
	struct buf	 administration;
	struct buf	 title;
};

/* The names for a nämnd given as "Norrmalm", "Norrmalms stadsdelsnämnd",
 * "Social" or "Socialnämnden". */
void	skeleton_names(const char *name, enum doc_board_kind kind,
	    struct skeleton_names *out);
void	skeleton_names_free(struct skeleton_names *n);

/* The skeleton YAML of a plan for the nämnd name of kind for year, its
 * editor schema at schema (the JSON Schema's path). */
void	skeleton_write(const char *name, enum doc_board_kind kind, int year,
	    const char *schema, struct buf *out);

#endif
