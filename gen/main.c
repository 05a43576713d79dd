/*
 * linli: turn a community's records into its website, bulletin,
 * noticeboard screen and yearly reports.
 *
 * main.c reads the options and runs the stages in order:
 * load -> check -> link -> render -> write.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "buf.h"
#include "diag.h"
#include "district.h"
#include "i18n.h"
#include "load.h"
#include "media.h"
#include "model.h"
#include "render.h"
#include "report.h"
#include "scaffold.h"
#include "serve.h"
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
	const char *today_arg, *bind, *id;
	const char *args[2]; /* what follows the command: init DIR, new KIND TITLE */
	int nargs, port;
	bool strict, pdf, quiet, verbose, no_fsync;
	int jobs; /* -j: render threads; 0: one per core (district: builds) */
	bool content_given;
	bool keep_going; /* linli district: build the good trees */
	double start;
};

static const char usage_line[] = N_(
    "usage: linli build [-C CONTENT] [-o OUT] [--theme DIR] [--today DATE] "
    "[--strict] [--pdf]\n"
    "                  [--cache DIR] [-j N] [--no-fsync] [--lang LANG]\n"
    "       linli check [-C CONTENT] [--today DATE] [--strict]\n"
    "       linli district [-C DIR] [-o OUT] [--keep-going] [-j N] "
    "[--theme DIR]\n"
    "                  [--today DATE] [--strict] [--cache DIR] [--lang LANG]\n"
    "       linli theme export DIR [--theme DIR]\n"
    "       linli clean [-o OUT] [--cache DIR]\n"
    "       linli serve [-C CONTENT] [-o OUT] [-p PORT] [--bind ADDR] "
    "[--theme DIR]\n"
    "       linli init [DIR]\n"
    "       linli new activity|story|team|honour [TITLE] [-C CONTENT] "
    "[--id ID]\n"
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
	    "  district         build a street office's district from DIR's\n"
	    "                   district.yaml: every community's site under\n"
	    "                   OUT/c/SLUG/, the portal and yearly reports\n"
	    "  clean            empty the image cache\n"
	    "  serve            build, serve the site on this computer, and\n"
	    "                   build again whenever the content changes;\n"
	    "                   open pages reload by themselves\n"
	    "  init [DIR]       start a new community in DIR (default: here):\n"
	    "                   DIR/content with one of each record, README\n"
	    "  new KIND [TITLE] add a record of KIND (activity, story, team,\n"
	    "                   honour) dated today; prints the file to edit\n"
	    "\n"
	    "Options:\n"
	    "  -C, --content DIR  the content folder (default: content)\n"
	    "  -o, --out DIR      the output folder (default: out); changed\n"
	    "                     only when the build succeeds, and then only\n"
	    "                     the files whose bytes changed\n"
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
	    "      --keep-going   district: build the good communities when\n"
	    "                     some have problems (listed)\n"
	    "  -p, --port PORT    serve: the port (default: 1313, or the next\n"
	    "                     free one; 0: any free one)\n"
	    "      --bind ADDR    serve: the address to listen on (default:\n"
	    "                     127.0.0.1, this computer only; 0.0.0.0: every\n"
	    "                     network, for the office's other computers)\n"
	    "      --id ID        new: the record's id (default: from today's\n"
	    "                     date)\n"
	    "  -j, --jobs N       render on N threads (default: one per core);\n"
	    "                     district: communities built at once\n"
	    "      --no-fsync     do not wait for the disk before putting the\n"
	    "                     build in place (tmpfs, benchmarks)\n"
	    "      --lang LANG    the language of linli's messages: zh-CN,\n"
	    "                     zh-TW or en (default: LANGUAGE, LC_ALL or\n"
	    "                     LC_MESSAGES, else the language in site.yaml)\n"
	    "  -q, --quiet        print only problems\n"
	    "  -v, --verbose      also list every file written\n"
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

static bool parse_port(const char *s, int *port)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 0 || v > 65535)
		return false;
	*port = (int)v;
	return true;
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
		{"pdf", no_argument, NULL, 'F'},
		{"quiet", no_argument, NULL, 'q'},
		{"keep-going", no_argument, NULL, 'k'},
		{"lang", required_argument, NULL, 'l'},
		{"verbose", no_argument, NULL, 'v'},
		{"port", required_argument, NULL, 'p'},
		{"bind", required_argument, NULL, 'b'},
		{"id", required_argument, NULL, 'i'},
		{"jobs", required_argument, NULL, 'j'},
		{"no-fsync", no_argument, NULL, 'N'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+C:o:p:j:qvhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': o->content = optarg; o->content_given = true; break;
		case 'o': o->out = optarg; break;
		case 't': o->theme = optarg; break;
		case 'c': o->cache = optarg; break;
		case 's': o->strict = true; break;
		case 'F': o->pdf = true; break;
		case 'q': o->quiet = true; break;
		case 'k': o->keep_going = true; break;
		case 'l':
			if (!i18n_choose(optarg, NULL))
				return usage_error("--lang wants zh-CN, zh-TW or "
				    "en, got '%s'", optarg);
			o->lang = optarg;
			break;
		case 'v': o->verbose = true; break;
		case 'b': o->bind = optarg; break;
		case 'i': o->id = optarg; break;
		case 'p':
			if (!parse_port(optarg, &o->port))
				return usage_error("-p wants a port number "
				    "from 0 to 65535, got '%s'", optarg);
			break;
		case 'N': o->no_fsync = true; break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || end == optarg || n < 1 || n > 256)
				return usage_error("-j wants a number of threads "
				    "from 1 to 256, got '%s'", optarg);
			o->jobs = (int)n;
			break;
		}
		case 'h': print_help(); exit(0);
		case 'V': printf("linli %s\n", LINLI_VERSION); exit(0);
		case 'd':
			if (date_parse(optarg, strlen(optarg), DATE_DAY,
			    &o->today) != DATE_OK)
				return usage_error("--today wants a date like "
				    "2024-09-09, got '%s'", optarg);
			o->today_arg = optarg;
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
	/* init DIR, new KIND TITLE: options may follow the arguments too */
	while (optind < argc && o->nargs < 2 && o->command &&
	    (!strcmp(o->command, "init") || !strcmp(o->command, "new"))) {
		o->args[o->nargs++] = argv[optind];
		/* parse on from the argument, which getopt takes as argv[0] */
		argc -= optind;
		argv += optind;
		optind = 0; /* GNU getopt: start afresh */
		if ((rc = parse_options(argc, argv, o)) >= 0)
			return rc;
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (!o->command)
		return usage_error("no command given");
	if (strcmp(o->command, "build") && strcmp(o->command, "check") &&
	    strcmp(o->command, "clean") && strcmp(o->command, "serve") &&
	    strcmp(o->command, "init") && strcmp(o->command, "new") &&
	    strcmp(o->command, "district"))
		return usage_error("unknown command '%s'", o->command);
	if (!strcmp(o->command, "new") && o->nargs == 0)
		return usage_error("new wants a kind: activity, story, "
		    "team or honour");
	if (!strcmp(o->command, "init") && o->nargs > 1)
		return usage_error("unexpected argument '%s'", o->args[1]);
	if (o->pdf && strcmp(o->command, "build"))
		return usage_error("--pdf goes with build");
	if (o->keep_going && strcmp(o->command, "district"))
		return usage_error("--keep-going goes with district");
	if ((o->port >= 0 || o->bind) && strcmp(o->command, "serve"))
		return usage_error("-p and --bind go with serve");
	if (o->id && strcmp(o->command, "new"))
		return usage_error("--id goes with new");
	return -1;
}

static void print_counts(const struct model *m)
{
	printf(_("%s: %zu teams, %zu activities, %zu achievements, %zu stories, "
	    "%zu service rows, %zu roster rows, %zu redemptions\n"),
	    m->content_dir, m->teams.n, m->activities.n, m->achievements.n,
	    m->stories.n, m->service.n, m->roster.n, m->redemptions.n);
}

/* Prints d's messages to stderr and, when keep is given, keeps a copy
 * (the manifest repeats a build's warnings on a no-op rebuild). */
static void flush_messages(struct diag *d, struct buf *keep, bool summary)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f) {
		diag_flush(d, stderr);
		return;
	}
	diag_flush(d, f);
	if (summary)
		diag_summary(d, f);
	fclose(f);
	fwrite(text, 1, len, stderr);
	if (keep)
		buf_add(keep, text, len);
	free(text);
}

/* Load, check and link. False when the content has errors (reported). */
static bool read_content(struct model *m, struct diag *d, struct buf *keep)
{
	bool ok;

	report_progress_stage(N_("reading the content"));
	ok = load_content(m, d);
	if (ok) {
		model_index(m, d);
		check_model(m, d);
	}
	report_progress_stage(NULL);
	flush_messages(d, keep, false);
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

/* What besides the input files shapes the output: a build under another
 * key renders everything again. The program itself is part of it (and with
 * it the built-in theme), so that a rebuilt linli never trusts the pages of
 * the old one. */
static char *build_key(const struct options *o)
{
	char content[PATH_MAX], theme[PATH_MAX];
	struct stat exe = {0};
	struct buf b = BUF_INIT;

	stat("/proc/self/exe", &exe);
	buf_printf(&b, "linli %s exe %lld:%lld.%09ld today %04d-%02d-%02d "
	    "strict %d pdf %d content %s theme %s cache %s", LINLI_VERSION,
	    (long long)exe.st_size, (long long)exe.st_mtim.tv_sec,
	    exe.st_mtim.tv_nsec, o->today.year, o->today.month, o->today.day,
	    o->strict, o->pdf, realpath(o->content, content) ? content :
	    o->content, !o->theme ? "(built in)" : realpath(o->theme, theme) ?
	    theme : o->theme, o->cache ? o->cache : "");
	return buf_detach(&b, NULL);
}

static int nothing_written(const struct options *o, struct diag *d)
{
	/* A district's worker builds into a work folder; the user knows the
	 * site by its place in the district's output (district.c). */
	const char *shown = getenv("LINLI_OUT_SHOWN");

	diag_summary(d, stderr);
	fprintf(stderr, _("linli: nothing written; %s is unchanged\n"),
	    shown && *shown ? shown : o->out);
	return EXIT_CONTENT;
}

static void print_written(const struct options *o, const struct writer *w,
    const struct media_set *media)
{
	struct build_report report = {0};

	if (o->quiet)
		return;
	report.out = o->out;
	report.written = w->files;
	report.unchanged = w->unchanged;
	report.bytes = w->bytes;
	if (media) {
		report.photos = media->processed;
		report.photos_cached = media->cached;
	}
	report_progress_end();
	report.seconds = report_clock() - o->start;
	if (o->verbose)
		report_list_files(o->out, stdout);
	report.up_to_date = w->files == 0 && w->removed == 0 && !media;
	report_summary(&report, stdout);
}

static int render_and_commit(const struct options *o, struct model *m,
    const struct media_set *media, struct writer *w, struct diag *d,
    struct buf *messages)
{
	struct render_options ro = {o->theme, o->pdf, o->jobs};

	report_progress_stage(N_("writing pages"));
	if (!media_publish(media, w, o->cache) ||
	    !build_products(m, &ro, w, d) || diag_failed(d)) {
		report_progress_stage(NULL);
		write_abort(w);
		flush_messages(d, NULL, false);
		return nothing_written(o, d);
	}
	report_progress_stage(NULL);
	flush_messages(d, messages, true); /* the warnings, counted */
	write_set_messages(w, messages->data);
	if (!write_commit(w)) {
		flush_messages(d, NULL, false);
		fputs(_("linli: the build could not be put in place\n"), stderr);
		return EXIT_CONTENT;
	}
	print_written(o, w, media);
	return 0;
}

/* Load, images, render, commit: a build that is not a no-op. */
static int full_build(const struct options *o, struct model *m,
    struct writer *w, struct diag *d, struct buf *messages)
{
	const char *avoid[] = {o->content, o->out, o->theme, NULL}; /* theme may be NULL */
	struct media_set media;
	int rc;

	if (!read_content(m, d, messages)) {
		write_abort(w);
		return nothing_written(o, d);
	}
	media_init(&media, o->content);
	media_collect(&media, m, d);
	if (!media_cache_place_ok(o->cache, avoid, d) ||
	    !media_prepare(&media, true, o->cache, d)) {
		write_abort(w);
		flush_messages(d, NULL, false);
		rc = nothing_written(o, d);
	} else {
		rc = render_and_commit(o, m, &media, w, d, messages);
	}
	media_release(&media);
	return rc;
}

static int build(const struct options *o, struct model *m, struct diag *d)
{
	const char *inputs[] = {o->content, o->theme, NULL}; /* theme may be NULL */
	char *key = build_key(o);
	struct write_options wo = {o->out, inputs, key, o->pdf, o->no_fsync,
	    NULL, false};
	struct buf messages = BUF_INIT;
	struct writer w;
	int rc;

	if (!write_begin(&w, &wo, d)) {
		flush_messages(d, NULL, false);
		rc = nothing_written(o, d);
	} else if (w.up_to_date) {
		/* Nothing changed: say again what the build that made out/
		 * said, and touch nothing. */
		fputs(write_saved_messages(&w), stderr);
		rc = write_commit(&w) ? 0 : EXIT_CONTENT;
		if (rc == 0)
			print_written(o, &w, NULL);
		flush_messages(d, NULL, false);
	} else {
		rc = full_build(o, m, &w, d, &messages);
	}
	buf_release(&messages);
	free(key);
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

/* serve, init, new: the commands that do not build here. */
static int run_other(const struct options *o)
{
	if (!strcmp(o->command, "serve")) {
		struct serve_options so = {.content = o->content, .out = o->out,
		    .theme = o->theme, .cache = o->cache, .today = o->today_arg,
		    .bind = o->bind, .port = o->port, .strict = o->strict,
		    .quiet = o->quiet, .verbose = o->verbose};
		return serve_run(&so);
	}
	if (!strcmp(o->command, "init"))
		return scaffold_init(o->nargs ? o->args[0] : ".", o->today,
		    o->quiet);
	return scaffold_new(o->content, o->args[0], o->nargs > 1 ?
	    o->args[1] : NULL, o->id, o->today, o->quiet);
}

/* linli district: -C is the folder of district.yaml (default: here). */
static int run_district(const struct options *o)
{
	struct district_options dopt = {0};

	dopt.dir = o->content_given ? o->content : ".";
	dopt.out = o->out;
	dopt.theme = o->theme;
	dopt.cache = o->cache;
	dopt.today = o->today;
	dopt.strict = o->strict;
	dopt.keep_going = o->keep_going;
	dopt.quiet = o->quiet;
	dopt.jobs = o->jobs;
	return district_main(&dopt);
}

int main(int argc, char **argv)
{
	struct options o = {0};
	struct model m;
	struct diag d;
	char *cache_path = NULL;
	int rc;

	o.start = report_clock();
	o.content = "content";
	o.out = "out";
	o.port = -1;
	/* Until the options are read: the environment, else ./content. */
	i18n_choose(NULL, o.content);
	if ((rc = parse_command_line(argc, argv, &o)) >= 0)
		return rc;
	/* linli district reads DIR/district.yaml, by default in "." */
	i18n_choose(o.lang, !strcmp(o.command, "district") && !o.content_given ?
	    "." : o.content);
	if (o.export_dir)
		return export_theme(&o);
	diag_init(&d);
	if (!o.today.year)
		o.today = default_today(&d);
	d.strict = o.strict;
	d.color = report_color(stderr);
	if (!strcmp(o.command, "serve") || !strcmp(o.command, "init") ||
	    !strcmp(o.command, "new")) {
		diag_flush(&d, stderr);
		rc = diag_failed(&d) ? EXIT_CONTENT : run_other(&o);
		diag_release(&d);
		return rc;
	}
	report_progress_begin(!o.quiet && !strcmp(o.command, "build"));
	if (!o.cache)
		o.cache = cache_path = media_default_cache(o.out);
	if (!strcmp(o.command, "district")) {
		rc = diag_failed(&d) ? (diag_flush(&d, stderr), EXIT_CONTENT) :
		    run_district(&o);
		free(cache_path);
		diag_release(&d);
		return rc;
	}
	if (!strcmp(o.command, "clean")) {
		rc = clean(&o, &d);
		free(cache_path);
		diag_release(&d);
		return rc;
	}
	model_init(&m, o.content, o.today);
	if (!strcmp(o.command, "build")) {
		rc = build(&o, &m, &d);
	} else if (!read_content(&m, &d, NULL)) {
		diag_summary(&d, stderr);
		rc = EXIT_CONTENT;
	} else {
		rc = check(&o, &m, &d);
	}
	report_progress_end();
	model_release(&m);
	diag_release(&d);
	free(cache_path);
	media_image_shutdown();
	return rc;
}
