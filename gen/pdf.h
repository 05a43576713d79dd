/*
 * pdf: prints HTML pages to PDF with headless Chromium.
 *
 * Chromium is /usr/bin/chromium (Debian package chromium), or the program
 * named by $LINLI_CHROMIUM. It runs without a shell, with a fresh profile
 * in a temporary folder (removed afterwards), no network and no header or
 * footer of its own: the page's @page rules decide size, margins and page
 * numbers. One Chromium prints every page of a build, a few at once, over
 * the DevTools protocol (--remote-debugging-pipe); a page whose bytes have
 * not changed since the previous build keeps its previous PDF.
 */
#ifndef LINLI_PDF_H
#define LINLI_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct pdf_job {
	const char *html; /* absolute path of the page to print */
	const char *pdf;  /* absolute path of the PDF to write */
	const char *name; /* how messages name it (e.g. bulletin/2026-11/bulletin.pdf);
	                     NULL: the pdf path */
	const char *prev_html; /* the page in the previous build, or NULL */
	const char *prev_pdf;  /* its PDF there: reused (linked) when the page,
	                          its stylesheets and pictures are unchanged */
};

/* Prints the page at html_path to pdf_path. Returns false when Chromium
 * is missing or fails (reported to d, naming the Debian package). */
bool pdf_print(const char *html_path, const char *pdf_path, struct diag *d);

/* Prints every job in one Chromium, a few at a time. Returns false when any failed (each
 * reported once; a missing Chromium is reported once for all). */
bool pdf_print_all(const struct pdf_job *jobs, size_t n, struct diag *d);

/* pdf_reuse.c: when job's page, its stylesheets and pictures are the
 * same as in the previous build and its PDF is there, links (or copies)
 * that PDF to job->pdf and returns true. */
bool pdf_reuse_previous(const struct pdf_job *job);

/* The Chromium program pdf_print() runs: $LINLI_CHROMIUM, else
 * /usr/bin/chromium. Static storage or the environment; do not free. */
const char *pdf_chromium(void);

#endif
