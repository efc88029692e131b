/*
 * Where the words of a Swedish compound meet ("vuxen|enheten",
 * "säkerhets|samordnaren"), which the hyphenation patterns do not know,
 * from the words and suffix rules of a Hunspell dictionary (Debian's
 * hunspell-sv-se).  libhunspell itself takes a tenth of a second to load
 * that dictionary and as long to free it, as long as a whole plan takes to
 * render; read here, the same words take a few milliseconds.
 *
 * A compound is split into a first part that may begin a compound (a word
 * with the dictionary's COMPOUNDBEGIN or COMPOUNDMIDDLE flag, or a form a
 * suffix rule gives that flag, as "förvaltning" + "s"), any number of such
 * middle parts, and a last part that may end one (a word with the
 * COMPOUNDEND flag, or one of its inflected forms: "enhet" + "en").  The
 * analysis is Hunspell's simplified: no prefixes, no compound rules.
 */
#ifndef HPLAN_COMPOUND_H
#define HPLAN_COMPOUND_H

struct compound;

/* NULL if a file cannot be read or is not such a dictionary. */
struct compound	*compound_open(const char *aff, const char *dic);
void		 compound_close(struct compound *c);

/*
 * Keeps the word table read from the .dic in hplan's cache
 * (fileio_cache_path()), for compound_open to map on later runs instead
 * of reading the .dic again; nothing when it was mapped so or there is no
 * cache.  Writes a file: for the main thread.
 */
void		 compound_keep(struct compound *c);

/*
 * Sets joint[i] for each letter i (1 <= i < n) that begins a part of the
 * word after the first: word has n lower-case Latin-1 letters; parts have
 * at least min letters.  Returns the number of joints.
 */
int		 compound_joints(const struct compound *c, const char *word,
		    int n, int min, char *joint);

#endif
