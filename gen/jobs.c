#include "jobs.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "xalloc.h"

struct job {
	void (*fn)(void *arg, int worker);
	void *arg;
};

struct worker {
	struct jobs *j;
	int index;
	pthread_t thread;
};

struct jobs {
	pthread_mutex_t mu;
	pthread_cond_t work, room, idle;
	struct job *ring;
	size_t cap, head, count; /* the waiting jobs */
	size_t running;
	bool stopping;
	int n;
	struct worker *workers;
};

int jobs_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

static void *work(void *p)
{
	struct worker *w = p;
	struct jobs *j = w->j;

	pthread_mutex_lock(&j->mu);
	for (;;) {
		struct job job;
		while (!j->count && !j->stopping)
			pthread_cond_wait(&j->work, &j->mu);
		if (!j->count)
			break;
		job = j->ring[j->head];
		j->head = (j->head + 1) % j->cap;
		j->count--;
		j->running++;
		pthread_cond_signal(&j->room);
		pthread_mutex_unlock(&j->mu);
		job.fn(job.arg, w->index);
		pthread_mutex_lock(&j->mu);
		j->running--;
		if (!j->count && !j->running)
			pthread_cond_broadcast(&j->idle);
	}
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

struct jobs *jobs_start(int n, size_t queued)
{
	struct jobs *j = xcalloc(1, sizeof(*j));
	sigset_t hold, old;
	int i;

	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->work, NULL);
	pthread_cond_init(&j->room, NULL);
	pthread_cond_init(&j->idle, NULL);
	j->cap = queued ? queued : 1;
	j->ring = xcalloc(j->cap, sizeof(*j->ring));
	j->n = n;
	j->workers = xcalloc((size_t)n, sizeof(*j->workers));
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &hold, &old); /* inherited by the threads */
	for (i = 0; i < n; i++) {
		j->workers[i].j = j;
		j->workers[i].index = i;
		if (pthread_create(&j->workers[i].thread, NULL, work,
		    &j->workers[i]) != 0)
			xdie("cannot start a thread");
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return j;
}

void jobs_add(struct jobs *j, void (*fn)(void *arg, int worker), void *arg)
{
	pthread_mutex_lock(&j->mu);
	while (j->count == j->cap)
		pthread_cond_wait(&j->room, &j->mu);
	j->ring[(j->head + j->count) % j->cap] = (struct job){fn, arg};
	j->count++;
	pthread_cond_signal(&j->work);
	pthread_mutex_unlock(&j->mu);
}

void jobs_wait(struct jobs *j)
{
	pthread_mutex_lock(&j->mu);
	while (j->count || j->running)
		pthread_cond_wait(&j->idle, &j->mu);
	pthread_mutex_unlock(&j->mu);
}

void jobs_stop(struct jobs *j)
{
	int i;

	jobs_wait(j);
	pthread_mutex_lock(&j->mu);
	j->stopping = true;
	pthread_cond_broadcast(&j->work);
	pthread_mutex_unlock(&j->mu);
	for (i = 0; i < j->n; i++)
		pthread_join(j->workers[i].thread, NULL);
	pthread_mutex_destroy(&j->mu);
	pthread_cond_destroy(&j->work);
	pthread_cond_destroy(&j->room);
	pthread_cond_destroy(&j->idle);
	free(j->ring);
	free(j->workers);
	free(j);
}
