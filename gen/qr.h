/*
 * qr: QR codes as inline SVG (libqrencode), for the printed bulletin and the
 * noticeboard: a reader points a phone at it to open a page online.
 */
#ifndef LINLI_QR_H
#define LINLI_QR_H

#include <stdbool.h>

#include "buf.h"

/*
 * Appends to out an <svg> element drawing text (a URL, say) as a QR code
 * with error correction level M and the standard four-module quiet zone:
 * black modules on a white square, one path, crisp edges. The SVG has a
 * viewBox but no width or height, so CSS sizes it. title, when not NULL, is
 * its accessible name (role="img", aria-label, HTML-escaped); otherwise
 * the SVG is aria-hidden. Returns false, appending nothing, when text is
 * too long for a QR code or cannot be encoded.
 */
bool qr_svg(struct buf *out, const char *text, const char *title);

#endif
