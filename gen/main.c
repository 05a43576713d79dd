/*
 * linli: turn a community's records into its website, bulletin,
 * noticeboard screen and yearly reports.
 *
 * main.c reads the options and runs the stages in order:
 * load -> check -> link -> render -> write.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "diag.h"
#include "i18n.h"
#include "load.h"
#include "media.h"
#include "model.h"
#include "render.h"
#include "theme_fs.h"
#include "write.h"

#ifndef LINLI_VERSION
#define LINLI_VERSION "dev"
#endif

enum { EXIT_CONTENT = 1, EXIT_USAGE = 2 };

struct options {
	const char *command;
	const char *content, *out, *theme; /* theme NULL: the built-in one */
	const char *cache;                  /* the image cache folder */
	const char *export_dir;             /* linli theme export DIR */
	const char *lang;                   /* --lang, or NULL */
	struct date today;
	bool strict, pdf, quiet;
};

static const char usage_line[] = N_(
    "usage: linli build [-C CONTENT] [-o OUT] [--theme DIR] [--today DATE] "
    "[--strict] [--pdf]\n"
    "                  [--cache DIR] [--lang LANG]\n"
    "       linli check [-C CONTENT] [--today DATE] [--strict]\n"
    "       linli theme export DIR [--theme DIR]\n"
    "       linli clean [-o OUT] [--cache DIR]\n"
    "       linli --help | --version\n");

static void print_help(void)
{
	fputs(_(usage_line), stdout);
	fputs(_("\n"
	    "linli reads a community's records (YAML, Markdown, CSV) and writes\n"
	    "its website, printable bulletin, noticeboard screen and yearly\n"
	    "reports into one folder.\n"
	    "\n"
	    "Commands:\n"
	    "  build            check the content, then write every output\n"
	    "  check            check the content and print what was loaded,\n"
	    "                   and the files in media/ that no record uses\n"
	    "  theme export DIR write the theme (the built-in one, or the one\n"
	    "                   given with --theme) into the new folder DIR,\n"
	    "                   to start a theme of your own\n"
	    "  clean            empty the image cache\n"
	    "\n"
	    "Options:\n"
	    "  -C, --content DIR  the content folder (default: content)\n"
	    "  -o, --out DIR      the output folder (default: out); replaced\n"
	    "                     whole, and only when the build succeeds\n"
	    "      --theme DIR    the theme folder (default: the theme built\n"
	    "                     into linli)\n"
	    "      --today DATE   take DATE (YYYY-MM-DD) as today, for a\n"
	    "                     reproducible build; SOURCE_DATE_EPOCH does\n"
	    "                     the same\n"
	    "      --cache DIR    where processed photos are kept between builds\n"
	    "                     (default: .linli-cache beside the output)\n"
	    "      --strict       treat warnings as errors\n"
	    "      --pdf          also print the bulletin and yearly reports to\n"
	    "                     PDF with Chromium (Debian package chromium)\n"
	    "      --lang LANG    the language of linli's messages: zh-CN,\n"
	    "                     zh-TW or en (default: LANGUAGE, LC_ALL or\n"
	    "                     LC_MESSAGES, else the language in site.yaml)\n"
	    "  -q, --quiet        print only problems\n"
	    "  -h, --help         show this help\n"
	    "  -V, --version      show the version\n"
	    "\n"
	    "Exit status: 0 success, 1 content or I/O errors, 2 usage errors.\n"
	    "See linli(1) and docs/ for the content format and themes.\n"),
	    stdout);
}

__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("linli: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(_(usage_line), stderr);
	return EXIT_USAGE;
}

/* Today from SOURCE_DATE_EPOCH, else the local clock. A malformed
 * SOURCE_DATE_EPOCH is an error (reported to dg): a reproducible build
 * must not quietly fall back to the clock. */
static struct date default_today(struct diag *dg)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm tm;
	struct date d;

	if (sde && *sde) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(sde, &end, 10);
		/* 253402300799 is 9999-12-31T23:59:59Z. */
		if (*end || errno || v < 0 || v > 253402300799LL ||
		    !(*sde >= '0' && *sde <= '9')) {
			diag_error(dg, pos_make(NULL, 0, 0), "SOURCE_DATE_EPOCH must "
			    "be a whole number of seconds since 1970-01-01 UTC "
			    "(e.g. 1764028800), got '%s'; fix it or unset it",
			    sde);
		} else {
			t = (time_t)v;
			gmtime_r(&t, &tm);
			goto done;
		}
	}
	localtime_r(&t, &tm);
done:
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	return d;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"content", required_argument, NULL, 'C'},
		{"out", required_argument, NULL, 'o'},
		{"theme", required_argument, NULL, 't'},
		{"today", required_argument, NULL, 'd'},
		{"strict", no_argument, NULL, 's'},
		{"cache", required_argument, NULL, 'c'},
		{"pdf", no_argument, NULL, 'p'},
		{"quiet", no_argument, NULL, 'q'},
		{"lang", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+C:o:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': o->content = optarg; break;
		case 'o': o->out = optarg; break;
		case 't': o->theme = optarg; break;
		case 'c': o->cache = optarg; break;
		case 's': o->strict = true; break;
		case 'p': o->pdf = true; break;
		case 'q': o->quiet = true; break;
		case 'l':
			if (!i18n_choose(optarg, NULL))
				return usage_error("--lang wants zh-CN, zh-TW or "
				    "en, got '%s'", optarg);
			o->lang = optarg;
			break;
		case 'h': print_help(); exit(0);
		case 'V': printf("linli %s\n", LINLI_VERSION); exit(0);
		case 'd':
			if (date_parse(optarg, strlen(optarg), DATE_DAY,
			    &o->today) != DATE_OK)
				return usage_error("--today wants a date like "
				    "2024-09-09, got '%s'", optarg);
			break;
		default:
			return usage_error("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	return -1;
}

/* linli theme export DIR: the words after "theme" (options already
 * read). */
static int parse_theme_command(int argc, char **argv, struct options *o)
{
	if (optind >= argc || strcmp(argv[optind], "export"))
		return usage_error("the theme command is: linli theme "
		    "export DIR");
	if (optind + 1 >= argc)
		return usage_error("theme export needs the folder to "
		    "write, e.g. linli theme export mytheme");
	if (optind + 2 < argc)
		return usage_error("unexpected argument '%s'", argv[optind + 2]);
	o->export_dir = argv[optind + 1];
	return -1;
}

/* Splits argv into the command and its options; the command may come
 * before or after the options. Returns an exit status, or -1 to go on. */
static int parse_command_line(int argc, char **argv, struct options *o)
{
	int rc;

	if (argc < 2) {
		fputs(_(usage_line), stderr);
		return EXIT_USAGE;
	}
	if (argv[1][0] != '-') {
		o->command = argv[1];
		argc--;
		argv++;
	}
	if ((rc = parse_options(argc, argv, o)) >= 0)
		return rc;
	if (optind < argc && !o->command)
		o->command = argv[optind++];
	if (o->command && !strcmp(o->command, "theme"))
		return parse_theme_command(argc, argv, o);
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (!o->command)
		return usage_error("no command given");
	if (strcmp(o->command, "build") && strcmp(o->command, "check") &&
	    strcmp(o->command, "clean"))
		return usage_error("unknown command '%s'", o->command);
	if (o->pdf && strcmp(o->command, "build"))
		return usage_error("--pdf goes with build");
	return -1;
}

static void print_counts(const struct model *m)
{
	printf(_("%s: %zu teams, %zu activities, %zu achievements, %zu stories, "
	    "%zu service rows, %zu roster rows, %zu redemptions\n"),
	    m->content_dir, m->teams.n, m->activities.n, m->achievements.n,
	    m->stories.n, m->service.n, m->roster.n, m->redemptions.n);
}

/* Load, check and link. False when the content has errors (reported). */
static bool read_content(struct model *m, struct diag *d)
{
	bool ok = load_content(m, d);

	if (ok) {
		model_index(m, d);
		check_model(m, d);
	}
	diag_flush(d, stderr);
	if (!ok || diag_failed(d))
		return false;
	model_link(m);
	return true;
}

/* linli theme export DIR. */
static int export_theme(const struct options *o)
{
	struct arena a;
	struct diag d;
	struct theme_fs fs;
	bool ok;

	arena_init(&a);
	diag_init(&d);
	ok = theme_fs_open(&fs, o->theme, &a, &d) &&
	    theme_fs_export(&fs, o->export_dir, &d);
	diag_flush(&d, stderr);
	if (ok && !o->quiet)
		printf(_("linli: wrote the theme (%zu files) to %s; use it with "
		    "--theme %s\n"), fs.n, o->export_dir, o->export_dir);
	diag_release(&d);
	arena_release(&a);
	return ok ? 0 : EXIT_CONTENT;
}

static int build_with(const struct options *o, struct model *m,
    const struct media_set *media, struct writer *w,
    const struct render_options *ro, struct diag *d);

static int build(const struct options *o, struct model *m, struct diag *d)
{
	const char *protect[] = {o->content, o->theme, NULL};
	const char *avoid[] = {o->content, o->out, o->theme, NULL}; /* theme may be NULL */
	struct writer w;
	struct render_options ro = {o->theme, o->pdf};
	struct media_set media;
	int rc;

	media_init(&media, o->content);
	media_collect(&media, m, d);
	if (!media_cache_place_ok(o->cache, avoid, d) ||
	    !media_prepare(&media, true, o->cache, d) ||
	    !write_begin(&w, o->out, protect, d)) {
		diag_flush(d, stderr);
		diag_summary(d, stderr);
		fprintf(stderr, _("linli: nothing written; %s is unchanged\n"), o->out);
		media_release(&media);
		return EXIT_CONTENT;
	}
	rc = build_with(o, m, &media, &w, &ro, d);
	media_release(&media);
	return rc;
}

static int check(const struct options *o, struct model *m, struct diag *d)
{
	struct media_set media;

	media_init(&media, o->content);
	media_collect(&media, m, d);
	media_prepare(&media, false, NULL, d);
	diag_flush(d, stderr);
	print_counts(m);
	media_list_unused(&media, stdout);
	diag_summary(d, stdout);
	media_release(&media);
	return diag_failed(d) ? EXIT_CONTENT : 0;
}

static int clean(const struct options *o, struct diag *d)
{
	if (!media_clean_cache(o->cache, d)) {
		diag_flush(d, stderr);
		return EXIT_CONTENT;
	}
	if (!o->quiet)
		printf(_("linli: emptied the image cache %s\n"), o->cache);
	return 0;
}

static int build_with(const struct options *o, struct model *m,
    const struct media_set *media, struct writer *w,
    const struct render_options *ro, struct diag *d)
{
	if (!media_publish(media, w, o->cache) ||
	    !render_all(m, ro, w, d) || diag_failed(d)) {
		write_abort(w);
		diag_flush(d, stderr);
		diag_summary(d, stderr);
		fprintf(stderr, _("linli: nothing written; %s is unchanged\n"), o->out);
		return EXIT_CONTENT;
	}
	diag_flush(d, stderr);
	diag_summary(d, stderr); /* the warnings, counted */
	if (!o->quiet) {
		printf(_("linli: wrote %zu files (%zu KiB) to %s\n"), w->files,
		    (w->bytes + 1023) / 1024, o->out);
		printf(_("linli: images: %zu processed, %zu from the cache (%s)\n"),
		    media->processed, media->cached, o->cache);
	}
	if (!write_commit(w)) {
		diag_flush(d, stderr);
		return EXIT_CONTENT;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	struct model m;
	struct diag d;
	char *cache_path = NULL;
	int rc;

	o.content = "content";
	o.out = "out";
	/* Until the options are read: the environment, else ./content. */
	i18n_choose(NULL, o.content);
	if ((rc = parse_command_line(argc, argv, &o)) >= 0)
		return rc;
	i18n_choose(o.lang, o.content);
	if (o.export_dir)
		return export_theme(&o);
	diag_init(&d);
	if (!o.today.year)
		o.today = default_today(&d);
	d.strict = o.strict;
	if (!o.cache)
		o.cache = cache_path = media_default_cache(o.out);
	if (!strcmp(o.command, "clean")) {
		rc = clean(&o, &d);
		free(cache_path);
		diag_release(&d);
		return rc;
	}
	model_init(&m, o.content, o.today);
	if (!read_content(&m, &d)) {
		diag_summary(&d, stderr);
		if (!strcmp(o.command, "build"))
			fprintf(stderr, _("linli: nothing written; %s is unchanged\n"),
			    o.out);
		rc = EXIT_CONTENT;
	} else if (!strcmp(o.command, "check")) {
		rc = check(&o, &m, &d);
	} else {
		rc = build(&o, &m, &d);
	}
	model_release(&m);
	diag_release(&d);
	free(cache_path);
	media_image_shutdown();
	return rc;
}
