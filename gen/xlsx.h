/*
 * xlsx: the cells of an Excel workbook's first sheet (Office Open XML,
 * as Excel, WPS and LibreOffice save it), read with libzip and expat.
 *
 * The reader works on the file's bytes in memory and knows nothing of
 * linli's content (a fuzz target calls it as it is): it hands every cell
 * holding something, row by row, to the caller's callbacks, with its value
 * turned into text the way the CSV twin would hold it:
 *
 *   shared, inline and formula strings   the text (rich text runs joined)
 *   numbers                              as typed: 2.5, 30 (no exponent)
 *   dates (a date number format)         2024-09-09 (1900 or 1904 system)
 *   times of day (a time-only format)    14:30
 *   booleans                             TRUE, FALSE
 *   error values                         #DIV/0!, #N/A, ...
 *
 * What it costs is bounded: each part read is at most XLSX_MAX_PART bytes
 * uncompressed and all of them together at most XLSX_MAX_TOTAL, whatever
 * the zip's headers claim, so a zip bomb ends in an error.
 */
#ifndef LINLI_XLSX_H
#define LINLI_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define XLSX_MAX_PART (64u << 20)   /* uncompressed bytes of one XML part */
#define XLSX_MAX_TOTAL (128u << 20) /* ... of all parts read */
#define XLSX_MAX_ROW 1048576        /* Excel's limits */
#define XLSX_MAX_COLUMN 16384       /* XFD */

enum xlsx_kind {
	XLSX_TEXT,
	XLSX_NUMBER,
	XLSX_DATE,     /* text is YYYY-MM-DD (or what Excel would show for a
	                * serial that is no real date, like 1900-02-29) */
	XLSX_TIME,     /* text is H:MM or H:MM:SS */
	XLSX_BOOL,
	XLSX_ERROR,    /* text is the error value, like #DIV/0! */
	XLSX_NO_VALUE, /* a formula whose result was never saved */
};

struct xlsx_cell {
	int row, column; /* from 1; column 1 is A */
	enum xlsx_kind kind;
	const char *text; /* UTF-8, NUL-terminated; valid during the call */
	size_t len;
};

struct xlsx_callbacks {
	/* The sheet's name, once, before any cell. */
	void (*sheet)(void *ctx, const char *name);
	/* Each cell with a value, in row order, left to right within a
	 * row. Returning false stops the reading (not an error). */
	bool (*cell)(void *ctx, const struct xlsx_cell *cell);
	/* After the last cell of each row that had one. */
	void (*row_end)(void *ctx, int row);
	void *ctx;
};

/* Reads the first visible sheet of the workbook in data (len bytes).
 * Returns false when the file is not a workbook linli can read, with a
 * message for the user in err (appended); callbacks may have been called
 * for the cells before the problem. */
bool xlsx_read(const void *data, size_t len, const struct xlsx_callbacks *cb,
    struct buf *err);

/* Turns an Excel date serial into YYYY-MM-DD (out: at least 11 bytes).
 * date1904: the workbook's 1904 date system. False when the serial is
 * past 9999-12-31 or before the system's first day (not a date). */
bool xlsx_serial_date(double serial, bool date1904, char out[static 11]);

/* True when a number format (built-in id, or its format code when custom,
 * else NULL) shows a date; *time_only is set for a time of day. */
bool xlsx_format_is_date(int id, const char *code, bool *time_only);

#endif
