/*
 * chart: bar charts as inline SVG (see chart.h).
 *
 * Coordinates are in a fixed viewBox; the page's stylesheet scales the SVG
 * to the width it has, so text scales with it. Numbers are printed with
 * "%.1f", which is enough at any size a report is read.
 */
#include "chart.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

#define WIDTH 600.0
#define FONT 18.0      /* labels */
#define VALUE_FONT 17.0
#define INK "#1a1a1a"

char *chart_number(char out[static 32], double v)
{
	size_t n;

	if (v > -0.005 && v < 0.005)
		v = 0; /* no "-0" */
	snprintf(out, 32, "%.2f", v);
	n = strlen(out);
	while (n && out[n - 1] == '0')
		out[--n] = '\0';
	if (n && out[n - 1] == '.')
		out[--n] = '\0';
	return out;
}

/* East Asian wide and fullwidth ranges, roughly: enough for layout. */
static int wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

double chart_text_ems(const char *s)
{
	size_t len = strlen(s), i = 0, n;
	double ems = 0;

	while (i < len) {
		uint32_t cp = utf8_decode(s + i, len - i, &n);
		ems += wide(cp) ? 1.0 : 0.6;
		i += n;
	}
	return ems;
}

/* A colour we are willing to put in an attribute: #rgb or #rrggbb. */
static const char *color_of(const struct chart *c, const struct chart_item *it)
{
	const char *s = it->color ? it->color : c->color;
	size_t i, n;

	if (!s || s[0] != '#')
		return CHART_DEFAULT_COLOR;
	n = strlen(s + 1);
	if (n != 3 && n != 6)
		return CHART_DEFAULT_COLOR;
	for (i = 1; i <= n; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return CHART_DEFAULT_COLOR;
	return s;
}

static void add_text(struct buf *out, const char *s)
{
	buf_add_html(out, s, strlen(s));
}

static const char *value_text(const struct chart_item *it, char tmp[32])
{
	return it->value_text ? it->value_text : chart_number(tmp, it->value);
}

static double max_value(const struct chart *c)
{
	double max = 0;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->items[i].value > max)
			max = c->items[i].value;
	return max;
}

/* A bar's length for value on a scale where max fills span; a value
 * above zero is always drawn at least 1 unit long, so it stays visible. */
static double bar_length(double value, double max, double span)
{
	double n = max > 0 && value > 0 ? value / max * span : 0;

	return n > 0 && n < 1 ? 1 : n;
}

static void open_svg(struct buf *out, const struct chart *c, double height)
{
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"chart-svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	    "height=\"%.0f\" role=\"img\" aria-labelledby=\"", WIDTH, height,
	    WIDTH, height);
	add_text(out, c->id);
	buf_adds(out, "-title\">\n<title id=\"");
	add_text(out, c->id);
	buf_adds(out, "-title\">");
	add_text(out, c->title);
	buf_adds(out, "</title>\n");
}

/* Vertical bars: values above the bars, labels under the baseline. */
void chart_columns(struct buf *out, const struct chart *c)
{
	const double top = 32, bottom = 38, side = 4, height = 230;
	const double plot = height - top - bottom;
	const double slot = c->n ? (WIDTH - 2 * side) / (double)c->n : 0;
	const double bar = slot * 0.64, max = max_value(c);
	double base = height - bottom;
	char tmp[32];
	size_t i;

	open_svg(out, c, height);
	buf_printf(out, "<g class=\"bars\" stroke=\"%s\" stroke-width=\"1\">\n",
	    INK);
	for (i = 0; i < c->n; i++) {
		const struct chart_item *it = &c->items[i];
		double h = bar_length(it->value, max, plot);
		if (h > 0)
			buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"%.1f\" fill=\"%s\"/>\n",
			    side + slot * (double)i + (slot - bar) / 2, base - h,
			    bar, h, color_of(c, it));
	}
	buf_printf(out, "</g>\n<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" "
	    "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>\n", side, base,
	    WIDTH - side, base, INK);
	buf_printf(out, "<g class=\"values\" font-size=\"%.0f\" "
	    "text-anchor=\"middle\" fill=\"%s\">\n", VALUE_FONT, INK);
	for (i = 0; i < c->n; i++) {
		const struct chart_item *it = &c->items[i];
		double h = max > 0 && it->value > 0 ? it->value / max * plot : 0;
		buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">",
		    side + slot * ((double)i + 0.5), base - h - 8);
		add_text(out, value_text(it, tmp));
		buf_adds(out, "</text>\n");
	}
	buf_printf(out, "</g>\n<g class=\"labels\" font-size=\"%.0f\" "
	    "text-anchor=\"middle\" fill=\"%s\">\n", FONT, INK);
	for (i = 0; i < c->n; i++) {
		buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">",
		    side + slot * ((double)i + 0.5), base + FONT + 8);
		add_text(out, c->items[i].label);
		buf_adds(out, "</text>\n");
	}
	buf_adds(out, "</g>\n</svg>\n");
}

/* s cut to fit ems, with "…" when cut; in tmp (at least 256 bytes). */
static const char *fit_label(const char *s, double ems, char *tmp)
{
	size_t len = strlen(s), i = 0, n;
	double used = 0;

	if (chart_text_ems(s) <= ems + 0.01)
		return s;
	while (i < len && i < 240) {
		uint32_t cp = utf8_decode(s + i, len - i, &n);
		double w = wide(cp) ? 1.0 : 0.6;
		if (used + w > ems - 1)
			break;
		used += w;
		i += n;
	}
	memcpy(tmp, s, i);
	memcpy(tmp + i, "…", sizeof("…"));
	return tmp;
}

/* Horizontal bars: labels right-aligned in a left column, values after
 * the bars. */
void chart_bars(struct buf *out, const struct chart *c)
{
	const double row = 42, bar = 26, pad = 8;
	const double height = row * (double)c->n + 2 * pad;
	const double max = max_value(c);
	double label_ems = 0, value_ems = 0, label_w, value_w, span;
	char tmp[32], cut[256];
	size_t i;

	for (i = 0; i < c->n; i++) {
		double l = chart_text_ems(c->items[i].label);
		double v = chart_text_ems(value_text(&c->items[i], tmp));
		label_ems = l > label_ems ? l : label_ems;
		value_ems = v > value_ems ? v : value_ems;
	}
	label_w = label_ems * FONT + 16;
	if (label_w > WIDTH * 0.42)
		label_w = WIDTH * 0.42;
	value_w = value_ems * VALUE_FONT + 16;
	span = WIDTH - label_w - value_w - pad;
	open_svg(out, c, height);
	buf_printf(out, "<g class=\"bars\" stroke=\"%s\" stroke-width=\"1\">\n",
	    INK);
	for (i = 0; i < c->n; i++) {
		const struct chart_item *it = &c->items[i];
		double w = bar_length(it->value, max, span);
		if (w > 0)
			buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"%.1f\" fill=\"%s\"/>\n", label_w,
			    pad + row * (double)i + (row - bar) / 2, w, bar,
			    color_of(c, it));
	}
	buf_printf(out, "</g>\n<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" "
	    "y2=\"%.0f\" stroke=\"%s\" stroke-width=\"2\"/>\n", label_w, pad / 2,
	    label_w, height - pad / 2, INK);
	buf_printf(out, "<g class=\"values\" font-size=\"%.0f\" fill=\"%s\">\n",
	    VALUE_FONT, INK);
	for (i = 0; i < c->n; i++) {
		const struct chart_item *it = &c->items[i];
		double w = max > 0 && it->value > 0 ? it->value / max * span : 0;
		buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">", label_w + w + 8,
		    pad + row * (double)i + row / 2 + VALUE_FONT * 0.35);
		add_text(out, value_text(it, tmp));
		buf_adds(out, "</text>\n");
	}
	buf_printf(out, "</g>\n<g class=\"labels\" font-size=\"%.0f\" "
	    "text-anchor=\"end\" fill=\"%s\">\n", FONT, INK);
	for (i = 0; i < c->n; i++) {
		buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">", label_w - 10,
		    pad + row * (double)i + row / 2 + FONT * 0.35);
		add_text(out, fit_label(c->items[i].label, (label_w - 16) / FONT,
		    cut));
		buf_adds(out, "</text>\n");
	}
	buf_adds(out, "</g>\n</svg>\n");
}
