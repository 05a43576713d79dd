/*
 * fuzz_json: the JSON reader (json_cursor), which reads back the search
 * index a community's build wrote (a district merges them). Any input is
 * read value by value without a fault; a string it reads, written again
 * by json_add_string, reads back to the same bytes.
 */
#include <assert.h>

#include "fuzz.h"
#include "json.h"

static void round_trip(const struct buf *s)
{
	struct buf again = BUF_INIT, back = BUF_INIT;
	struct json_cursor c;

	json_add_string(&again, s->data, s->len);
	json_cursor_init(&c, again.data, again.len);
	assert(json_read_string(&c, &back));
	assert(back.len == s->len && !memcmp(back.data, s->data, s->len));
	buf_release(&again);
	buf_release(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_cursor c;
	struct buf s = BUF_INIT;
	int values = 0;

	json_cursor_init(&c, (const char *)data, size);
	while (values < 64 && json_skip_value(&c))
		values++;
	json_cursor_init(&c, (const char *)data, size);
	while (json_peek(&c, '"') && json_read_string(&c, &s)) {
		round_trip(&s);
		if (!json_peek(&c, ',') || !json_expect(&c, ','))
			break;
	}
	buf_release(&s);
	return 0;
}
