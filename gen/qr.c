/*
 * qr: QR codes as inline SVG (see qr.h).
 */
#include "qr.h"

#include <qrencode.h>
#include <string.h>

/* One "M x y h n v1 h-n z" per horizontal run of dark modules. */
static void add_rows(struct buf *out, const QRcode *q, int quiet)
{
	int x, y, run;

	for (y = 0; y < q->width; y++) {
		for (x = 0; x < q->width; x += run ? run : 1) {
			run = 0;
			while (x + run < q->width &&
			    (q->data[y * q->width + x + run] & 1))
				run++;
			if (run)
				buf_printf(out, "M%d %dh%dv1h-%dz", x + quiet,
				    y + quiet, run, run);
		}
	}
}

bool qr_svg(struct buf *out, const char *text, const char *title)
{
	const int quiet = 4;
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int size;

	if (!q)
		return false;
	size = q->width + 2 * quiet;
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\"", size, size);
	if (title) {
		buf_adds(out, " role=\"img\" aria-label=\"");
		buf_add_html(out, title, strlen(title));
		buf_adds(out, "\">");
	} else {
		buf_adds(out, " aria-hidden=\"true\">");
	}
	buf_printf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"", size, size);
	add_rows(out, q, quiet);
	buf_adds(out, "\"/></svg>");
	QRcode_free(q);
	return true;
}
