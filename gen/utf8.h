/*
 * utf8: the few UTF-8 operations linli needs.
 */
#ifndef LINLI_UTF8_H
#define LINLI_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Offset of the first byte that is not valid UTF-8 (overlong forms,
 * surrogates and code points past U+10FFFF are invalid), or len. */
size_t utf8_invalid_at(const char *s, size_t len);

/* Decodes the code point at s (valid UTF-8 assumed); stores its length in
 * *n. Returns 0xFFFD for a malformed sequence (length 1). */
uint32_t utf8_decode(const char *s, size_t len, size_t *n);

/* Appends the UTF-8 encoding of cp to out (at least 4 bytes); returns the
 * number of bytes written. */
size_t utf8_encode(uint32_t cp, char *out);

/* Characters (code points) in s. */
size_t utf8_length(const char *s, size_t len);

/* Byte length of the longest prefix of s holding at most max characters. */
size_t utf8_prefix(const char *s, size_t len, size_t max);

#endif
