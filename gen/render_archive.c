/* Placeholder until the archive renderer lands this session. */
#include "render.h"

bool render_archive(struct render *r)
{
	(void)r;
	return true;
}
