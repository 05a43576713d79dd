/*
 * textenc: the text encodings people's files really come in.
 *
 * Content is UTF-8, but Excel's "CSV (逗号分隔)", WPS and Notepad's "ANSI"
 * save GB18030 (GBK) on Chinese Windows, and Excel's "Unicode 文本" saves
 * UTF-16LE with a byte-order mark. Every content file's bytes go through
 * textenc_to_utf8() (from load_read_file) before any loader sees them, so
 * each loader reads UTF-8 only. Conversion keeps every character one
 * character, so lines and columns counted in the UTF-8 text are those the
 * user sees in the original file.
 */
#ifndef LINLI_TEXTENC_H
#define LINLI_TEXTENC_H

#include "buf.h"

enum textenc {
	TEXTENC_UTF8,    /* as it was (a UTF-8 BOM removed) */
	TEXTENC_UTF16LE, /* had a BOM FF FE; converted */
	TEXTENC_UTF16BE, /* had a BOM FE FF; converted */
	TEXTENC_GB18030, /* not UTF-8 but valid GB18030; converted */
	TEXTENC_BAD_UTF16, /* a UTF-16 BOM but not valid UTF-16; b unchanged */
	TEXTENC_BAD_UTF8,  /* neither UTF-8 nor GB18030; b unchanged */
};

/* Rewrites b (a whole file's bytes) as UTF-8 without a BOM, and says what
 * it was. Text that is mostly valid UTF-8 with a few broken bytes stays
 * TEXTENC_BAD_UTF8 rather than being misread as GB18030. */
enum textenc textenc_to_utf8(struct buf *b);

/* The encoding's name for a message: "GB18030", "UTF-16LE". */
const char *textenc_name(enum textenc e);

#endif
