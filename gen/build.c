/*
 * build: the products of one community's build, in their order. main.c's
 * build runs the stages (load, check, photos) and then this; each product
 * (render_*.c) uses only render.c's machinery, never another product.
 *
 * The pages of the site, feeds, bulletin, board and reports may be
 * written by page threads in any order. The search index and the sitemap
 * come after every other page is written: the sitemap lists the pages the
 * others wrote.
 */
#include "render.h"

bool build_products(const struct model *m, const struct render_options *o,
    struct writer *w, struct diag *d)
{
	struct render r;
	bool ok = render_begin(&r, m, o, w, d);

	if (ok) {
		ok = render_site(&r) && render_feeds(&r) &&
		    render_bulletin(&r) && render_board(&r) &&
		    render_archive(&r);
		render_wait(&r); /* every page written, messages merged */
		ok = ok && !r.failed && render_search(&r) &&
		    render_sitemap(&r) && !r.failed;
		ok = ok && (!o->pdf || render_print_pdfs(&r));
	}
	render_end(&r);
	return ok;
}
