/* Placeholder until the bulletin renderer lands this session. */
#include "render.h"

bool render_bulletin(struct render *r)
{
	(void)r;
	return true;
}
