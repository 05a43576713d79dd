/*
 * fuzz_xlsx: libFuzzer target for the Excel reader (gen/xlsx.c), which
 * reads a workbook's bytes from memory. Every input must end in cells or
 * an error message, never a crash, a leak or unbounded work. Seeds:
 * tests/fuzz/xlsx/ (made by tests/fuzz/make_xlsx_seeds.py). Needs, besides
 * gen/xlsx.c: buf.c, xalloc.c, utf8.c, date.c and libzip, expat:
 *   clang -fsanitize=fuzzer,address,undefined -Igen tests/fuzz/fuzz_xlsx.c \
 *     gen/{xlsx,buf,xalloc,utf8,date}.c $(pkg-config --libs libzip expat) -lm
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "xlsx.h"

static size_t total;

static void on_sheet(void *ctx, const char *name)
{
	(void)ctx;
	total += strlen(name);
}

static bool on_cell(void *ctx, const struct xlsx_cell *c)
{
	(void)ctx;
	/* Touch every byte, so the sanitizers see a bad length. */
	total += c->len + strlen(c->text) + (size_t)c->row + (size_t)c->column;
	return true;
}

static void on_row(void *ctx, int row)
{
	(void)ctx;
	total += (size_t)row;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xlsx_callbacks cb = {on_sheet, on_cell, on_row, NULL};
	struct buf err = BUF_INIT;

	xlsx_read(data, size, &cb, &err);
	buf_release(&err);
	return 0;
}
