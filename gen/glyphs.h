/*
 * glyphs: which characters the fonts a printed page names can draw.
 *
 * A browser draws a character that none of the page's fonts has with some
 * other installed font, or, when no font has it, as a blank box ("tofu").
 * The bulletin names its fonts; glyphs answers, for each character it
 * prints, whether one of those fonts covers it. The character sets come
 * from fontconfig once, when the set is made, so a lookup is a bit test
 * (ASCII) or one search in the merged set (everything else).
 */
#ifndef LINLI_GLYPHS_H
#define LINLI_GLYPHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct glyphs;

/* Loads the merged character set of every installed face of the
 * families in list, written as CSS writes them ("Noto Sans CJK SC",
 * DejaVu Sans); quotes are optional, generic names (serif, sans-serif)
 * are skipped. Stores the families that are not installed, comma
 * separated, in *missing (heap, free it; NULL when all are there).
 * Returns a heap object for glyphs_free(). */
struct glyphs *glyphs_new(const char *list, char **missing);
/* Frees g and fontconfig's caches (one glyphs object at a time). */
void glyphs_free(struct glyphs *g);

/* True when cp needs no glyph (spaces, controls, joiners, variation
 * selectors) or one of the fonts has it. */
bool glyphs_has(const struct glyphs *g, uint32_t cp);

/* The first character of the UTF-8 text s[0..len) that no font covers,
 * or 0 when all are covered; its byte offset goes to *at. */
uint32_t glyphs_first_missing(const struct glyphs *g, const char *s,
    size_t len, size_t *at);

/* How many families the set was made from (installed ones only). */
size_t glyphs_families(const struct glyphs *g);

#endif
