/* Placeholder until the feeds renderer lands this session. */
#include "render.h"

bool render_feeds(struct render *r)
{
	(void)r;
	return true;
}
