/*
 * pdf_reuse: a page whose bytes, and the bytes of the stylesheets and
 * pictures it names, are the same as in the previous build, whose PDF is
 * still there, is not printed again: the old PDF is linked (or copied)
 * into the new build. Printing is the slow part of a build; most pages of
 * a rebuild have not changed.
 */
#define _XOPEN_SOURCE 700
#include "pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"

/* Whether the files a and b both exist with the same bytes. */
static bool same_file(const char *a, const char *b)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	bool same = buf_read_file(&x, a) && buf_read_file(&y, b) &&
	    x.len == y.len && memcmp(x.data, y.data, x.len) == 0;

	buf_release(&x);
	buf_release(&y);
	return same;
}

/* The folder part of path, with its slash (heap). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) + 1 : 0;
	char *d = xmalloc(n + 1);

	memcpy(d, path, n);
	d[n] = '\0';
	return d;
}

/* Whether the relative reference ref[0..n) (a stylesheet or a picture of
 * the page) is the same file beside html as beside prev. Absolute and
 * data: references are not files of the build and count as the same. */
static bool same_resource(const char *html, const char *prev,
    const char *ref, size_t n)
{
	char *a, *b, *da, *db;
	bool same;

	if (n == 0 || memchr(ref, ':', n) || ref[0] == '/' || ref[0] == '#')
		return true;
	da = dir_of(html);
	db = dir_of(prev);
	a = xmalloc(strlen(da) + n + 1);
	b = xmalloc(strlen(db) + n + 1);
	sprintf(a, "%s%.*s", da, (int)n, ref);
	sprintf(b, "%s%.*s", db, (int)n, ref);
	/* ?v=... and #... are not part of the file name */
	a[strlen(da) + strcspn(a + strlen(da), "?#")] = '\0';
	b[strlen(db) + strcspn(b + strlen(db), "?#")] = '\0';
	same = same_file(a, b);
	free(a);
	free(b);
	free(da);
	free(db);
	return same;
}

/* Whether every src="..." and every href="....css" of page (the new
 * build's html) names the same bytes in both builds. */
static bool same_resources(const struct pdf_job *job, const char *page)
{
	static const char *const attrs[] = {" src=\"", " href=\""};
	size_t i;

	for (i = 0; i < 2; i++) {
		const char *p = page;
		while ((p = strstr(p, attrs[i]))) {
			const char *v = p + strlen(attrs[i]);
			size_t n = strcspn(v, "\"");
			bool css = n > 4 && memcmp(v + n - 4, ".css", 4) == 0;
			if ((i == 0 || css) &&
			    !same_resource(job->html, job->prev_html, v, n))
				return false;
			p = v + n;
		}
	}
	return true;
}

bool pdf_reuse_previous(const struct pdf_job *job)
{
	struct buf page = BUF_INIT;
	struct stat st;
	bool same;

	if (!job->prev_html || !job->prev_pdf || stat(job->prev_pdf, &st) != 0 ||
	    !S_ISREG(st.st_mode) || st.st_size == 0)
		return false;
	same = same_file(job->html, job->prev_html) && buf_read_file(&page,
	    job->html) && same_resources(job, page.data);
	buf_release(&page);
	if (!same)
		return false;
	remove(job->pdf);
	if (link(job->prev_pdf, job->pdf) == 0)
		return true;
	if (!buf_read_file(&page, job->prev_pdf)) {
		buf_release(&page);
		return false;
	}
	FILE *f = fopen(job->pdf, "wb");
	same = f && fwrite(page.data, 1, page.len, f) == page.len;
	same = f && fclose(f) == 0 && same;
	buf_release(&page);
	return same;
}
