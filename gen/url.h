/*
 * url: the site's address (site.yaml's base_url) checked and written the
 * way machines read it: the host in ASCII (an internationalised name in
 * Punycode, RFC 3492 and RFC 5890), the path percent-encoded (RFC 3986).
 */
#ifndef LINLI_URL_H
#define LINLI_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"

/* Appends the Punycode encoding (RFC 3492, without the "xn--" prefix) of
 * the n code points cp to out. False when the label is too long to encode
 * (an overflow; never for labels of DNS length). */
bool url_punycode(const unsigned *cp, size_t n, struct buf *out);

/* Checks that in is an absolute http or https address with a host and
 * neither query nor fragment, and returns it normalised: scheme and host
 * in lower case, each non-ASCII host label as xn--PUNYCODE, the path
 * percent-encoded, ending in '/'. The result lives in a. On a problem,
 * returns NULL and sets *why to a sentence for the user (static). */
const char *url_normalize_base(const char *in, struct arena *a,
    const char **why);

#endif
