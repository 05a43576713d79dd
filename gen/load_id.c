/*
 * load_id: the checks every id written in content must pass.
 *
 * An id becomes a folder of the site (teams/ID/, activities/ID/,
 * stories/ID/), so besides its characters and length it must not take a
 * path the site uses itself: activities/2024/ is the year 2024's page, and
 * the names of out/'s own pages and folders are kept for them, so that a
 * record can never overwrite one of them, today or when a page moves.
 */
#include <string.h>

#include "load.h"

/* Names the site keeps: the top-level pages and folders of out/ (see
 * render_*.c), and the words a section's own pages use. A new product
 * folder belongs here. Sorted for the reader only. */
static const char *const reserved_ids[] = {
	"activities", "archive", "assets", "board", "bulletin", "calendar",
	"categories", "feed", "honours", "index", "media", "page", "sitemap",
	"stories", "teams", NULL,
};

static bool all_digits(const char *id)
{
	size_t i;

	for (i = 0; id[i]; i++)
		if (id[i] < '0' || id[i] > '9')
			return false;
	return i > 0;
}

bool load_reserved_id(const char *id)
{
	size_t i;

	if (all_digits(id))
		return true;
	for (i = 0; reserved_ids[i]; i++)
		if (strcmp(id, reserved_ids[i]) == 0)
			return true;
	return false;
}

bool load_check_id(struct loader *L, struct pos p, const char *id)
{
	size_t len = strlen(id);

	if (len > LOAD_MAX_ID) {
		diag_error(L->d, p, "id is too long (%zu bytes; the limit is %d); "
		    "a short one is easier to type in a link, e.g. "
		    "2024-09-market", len, LOAD_MAX_ID);
		return false;
	}
	if (!load_valid_id(id)) {
		diag_error(L->d, p, "id '%s' may hold only small ASCII letters, "
		    "digits and '-' (it becomes part of a web address), e.g. "
		    "2024-09-market", id);
		return false;
	}
	if (all_digits(id)) {
		diag_error(L->d, p, "id '%s' is only digits, and addresses like "
		    "activities/%s/ belong to the site's year pages; add a "
		    "word, e.g. %s-market", id, id, id);
		return false;
	}
	if (load_reserved_id(id)) {
		diag_error(L->d, p, "id '%s' is the name of one of the site's own "
		    "pages or folders; add a word, e.g. %s-2024", id, id);
		return false;
	}
	return true;
}
