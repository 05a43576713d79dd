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

/* Copies s into out (size bytes, NUL-terminated) with full-width digits
 * and the full-width full stop (U+FF10-FF19, U+FF0E: what a Chinese input
 * method types) turned into ASCII "0"-"9" and ".". Returns the length
 * written, or (size_t)-1 when out is too small (out is then unusable). */
size_t utf8_fold_digits(const char *s, size_t len, char *out, size_t size);

/* The Levenshtein distance of a and b over code points (one CJK character
 * is one edit), for "did you mean"; 99 when either is over 32 characters. */
size_t utf8_edit_distance(const char *a, const char *b);

#endif
