/*
 * jobs: a fixed pool of threads running queued jobs, for the pages of a
 * build (-j). Jobs must not depend on one another; the queue is bounded,
 * so that a producer far ahead of the workers waits instead of piling up
 * pages in memory. The threads hold INT, TERM and HUP back: those reach
 * the main thread, whose handler cleans up.
 */
#ifndef LINLI_JOBS_H
#define LINLI_JOBS_H

#include <stddef.h>

struct jobs;

/* The number of online processors (at least 1): -j's default. */
int jobs_cores(void);

/* Starts n threads and a queue of at most queued waiting jobs. */
struct jobs *jobs_start(int n, size_t queued);
/* Queues fn(arg, worker), worker being 0..n-1 (for per-thread storage);
 * waits while the queue is full. */
void jobs_add(struct jobs *j, void (*fn)(void *arg, int worker), void *arg);
/* Returns when every queued job has run. */
void jobs_wait(struct jobs *j);
/* Waits, then ends the threads and frees j. */
void jobs_stop(struct jobs *j);

#endif
