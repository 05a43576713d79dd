#define _XOPEN_SOURCE 700 /* nftw */
#include "report.h"

#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xalloc.h"
#include "i18n.h"

#define BOLD "\033[1m"
#define GREEN "\033[32m"
#define RESET "\033[0m"

double report_clock(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

bool report_color(FILE *f)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (no && *no)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(f));
}

void report_summary(const struct build_report *r, FILE *f)
{
	bool c = report_color(f);
	char real[PATH_MAX];
	const char *out = realpath(r->out, real) ? real : r->out;

	fprintf(f, _("%slinli:%s %s%s%zu file%s written%s, %zu unchanged, %zu "
	    "photo%s processed (%zu from the cache) in %.*f s; open "
	    "%s/index.html\n"), c ? BOLD : "", c ? RESET : "", c ? GREEN : "",
	    r->up_to_date ? _("up to date: ") : "",
	    r->written, r->written == 1 ? "" : "s", c ? RESET : "",
	    r->unchanged, r->photos, r->photos == 1 ? "" : "s",
	    r->photos_cached, r->seconds < 10 ? 2 : 0, r->seconds, out);
	fflush(f);
}

/* --- the file list ------------------------------------------------------ */

static struct {
	char **items;
	size_t n, cap, skip;
} listing;

static int list_one(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st, (void)ftw;
	if (type != FTW_F || strlen(path) <= listing.skip)
		return 0;
	if (listing.n == listing.cap) {
		listing.cap = listing.cap ? listing.cap * 2 : 256;
		listing.items = xreallocarray(listing.items, listing.cap,
		    sizeof(*listing.items));
	}
	listing.items[listing.n++] = xstrdup(path + listing.skip);
	return 0;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void report_list_files(const char *out, FILE *f)
{
	size_t i;

	listing.skip = strlen(out) + 1;
	nftw(out, list_one, 32, FTW_PHYS);
	qsort(listing.items, listing.n, sizeof(*listing.items),
	    compare_strings);
	for (i = 0; i < listing.n; i++) {
		if (strcmp(listing.items[i], ".linli"))
			fprintf(f, "  %s/%s\n", out, listing.items[i]);
		free(listing.items[i]);
	}
	free(listing.items);
	memset(&listing, 0, sizeof(listing));
}

/* --- the progress line -------------------------------------------------- */

static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool running, done, drawn;
	const char *stage;
	double start;
} progress = {.lock = PTHREAD_MUTEX_INITIALIZER,
	.wake = PTHREAD_COND_INITIALIZER};

static void clear_line(void)
{
	if (progress.drawn)
		fputs("\r\033[K", stderr);
	progress.drawn = false;
}

static void *progress_main(void *arg)
{
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&progress.lock);
	while (!progress.done) {
		double t = report_clock() - progress.start;
		if (t >= 1.0 && progress.stage) {
			fputs("\r\033[K", stderr);
			fprintf(stderr, _("linli: %s ... %.0f s"),
			    _(progress.stage), t);
			fflush(stderr);
			progress.drawn = true;
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&progress.wake, &progress.lock, &until);
	}
	clear_line();
	pthread_mutex_unlock(&progress.lock);
	return NULL;
}

void report_progress_begin(bool enabled)
{
	if (!enabled || !isatty(STDERR_FILENO))
		return;
	progress.start = report_clock();
	progress.done = false;
	progress.running = pthread_create(&progress.thread, NULL,
	    progress_main, NULL) == 0;
}

void report_progress_stage(const char *stage)
{
	pthread_mutex_lock(&progress.lock);
	clear_line();
	progress.stage = stage;
	pthread_mutex_unlock(&progress.lock);
}

void report_progress_end(void)
{
	if (!progress.running)
		return;
	pthread_mutex_lock(&progress.lock);
	progress.done = true;
	pthread_cond_signal(&progress.wake);
	pthread_mutex_unlock(&progress.lock);
	pthread_join(progress.thread, NULL);
	progress.running = false;
}
