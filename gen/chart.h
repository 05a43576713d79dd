/*
 * chart: bar charts as inline SVG, drawn in C so that a report needs no
 * JavaScript and prints exactly as it shows.
 *
 * A chart is a list of items (a label, a value, an optional text to show
 * at the bar and an optional colour). Every text is HTML-escaped on output;
 * colours are used only when they look like "#rgb" or "#rrggbb". The SVG
 * carries role="img" and aria-labelledby pointing at its own <title>, so a
 * screen reader announces the title; the page puts the same numbers in a
 * table beside it.
 */
#ifndef LINLI_CHART_H
#define LINLI_CHART_H

#include <stddef.h>

#include "buf.h"

/* The bar colour of a chart that gives none. */
#define CHART_DEFAULT_COLOR "#2f6690"

struct chart_item {
	const char *label;      /* the axis label (plain text) */
	double value;           /* >= 0; negative values draw as 0 */
	const char *value_text; /* shown at the bar; NULL: the value */
	const char *color;      /* "#rrggbb"; NULL: the chart's colour */
};

struct chart {
	const char *id;    /* unique in the page; the title is "<id>-title" */
	const char *title; /* the SVG's <title> (plain text) */
	const char *color; /* bar colour when an item has none; NULL: a blue */
	const struct chart_item *items;
	size_t n;
};

/* Appends to out an SVG of vertical bars, one per item from left to right
 * (for months). The last <text> in the SVG is the last item's label. */
void chart_columns(struct buf *out, const struct chart *c);

/* Appends to out an SVG of horizontal bars, one row per item from top to
 * bottom (for teams and categories), the label on the left and the value
 * text after the bar. Labels too long for the left column are cut with
 * "…" (the table beside the chart has them in full). The last <text> is
 * the last item's label. */
void chart_bars(struct buf *out, const struct chart *c);

/* Writes v into out the way every figure in a report shows it: rounded to
 * two decimals, without a needless ".0" or trailing zeros ("12", "1.5").
 * Returns out. */
char *chart_number(char out[static 32], double v);

/* An estimate of the width of s in ems (CJK and other wide characters 1,
 * the rest about 0.6), for laying out labels without a font. */
double chart_text_ems(const char *s);

#endif
