/* Placeholder until the site renderer lands this session. */
#include "render.h"

bool render_site(struct render *r)
{
	(void)r;
	return true;
}
