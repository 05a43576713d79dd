/*
 * write_state: the manifest beside out/ (OUT.linli-state), one line per
 * fact, tab-separated, the path last (\\, \t and \n escaped):
 *
 *   linli-state 1
 *   k KEY                                   options, version, today
 *   i SIZE MTIME_NS DIGEST PATH             an input ("0/site.yaml")
 *   o SIZE MTIME_NS INODE DIGEST PATH       an output ("index.html")
 *   m LINE                                  a message the build printed
 *   end
 *
 * Without the "end" line the manifest is incomplete and trusted in nothing.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "write_int.h"
#include "xalloc.h"

#define HEADER "linli-state 1\n"

static inline uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t mix_word(uint64_t h, uint64_t k)
{
	k *= 0x87c37b91114253d5ULL;
	k = rotl(k, 31);
	k *= 0x4cf5ad432745937fULL;
	h ^= k;
	return rotl(h, 27) * 5 + 0x52dce729;
}

uint64_t write_digest(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, k;

	/* Eight bytes a step: a page is digested at memory speed. */
	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&k, p, 8);
		h = mix_word(h, k);
	}
	k = 0;
	memcpy(&k, p, len);
	h = mix_word(h, k);
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

int64_t stat_mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static void add_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			buf_adds(b, "\\\\");
		else if (*s == '\n')
			buf_adds(b, "\\n");
		else if (*s == '\t')
			buf_adds(b, "\\t");
		else
			buf_addc(b, *s);
	}
}

/* Unescapes s[0..len) into a. */
static char *unescape(struct arena *a, const char *s, size_t len)
{
	char *out = arena_alloc(a, len + 1), *o = out;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len) {
			i++;
			*o++ = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static char *read_all(int dirfd, const char *path, size_t *len)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;

	if (fd < 0)
		return NULL;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&b, chunk, (size_t)n);
	close(fd);
	if (n < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, len);
}

/* One "i" or "o" line (after its letter and tab) -> an entry. */
static struct write_entry *parse_entry(struct arena *a, const char *p,
    const char *end, bool output)
{
	struct write_entry *e = ARENA_NEW(a, struct write_entry);
	char *q;
	int fields = output ? 4 : 3, i;
	uint64_t v[4];

	memset(e, 0, sizeof(*e));
	for (i = 0; i < fields; i++) {
		v[i] = strtoull(p, &q, i == fields - 1 ? 16 : 10);
		if (q == p || *q != '\t')
			return NULL;
		p = q + 1;
	}
	e->size = v[0];
	e->mtime_ns = (int64_t)v[1];
	e->ino = output ? v[2] : 0;
	e->digest = v[fields - 1];
	e->path = unescape(a, p, (size_t)(end - p));
	return e;
}

/* Calls each line of the manifest; false when it is incomplete. */
static bool parse_lines(const char *text, size_t len, struct arena *a,
    struct strmap *out, struct strmap *in, struct buf *key,
    struct buf *messages)
{
	const char *p = text, *end = text + len, *nl;
	bool complete = false;

	if (len < sizeof(HEADER) - 1 || memcmp(p, HEADER, sizeof(HEADER) - 1))
		return false;
	for (p += sizeof(HEADER) - 1; p < end && !complete; p = nl + 1) {
		struct write_entry *e = NULL;
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			return false;
		if (nl - p == 3 && !memcmp(p, "end", 3))
			complete = true;
		else if (nl - p < 2 || p[1] != '\t')
			return false;
		else if (*p == 'o' && out && !(e = parse_entry(a, p + 2, nl, true)))
			return false;
		else if (*p == 'i' && in && !(e = parse_entry(a, p + 2, nl, false)))
			return false;
		else if (*p == 'k' && key)
			buf_add(key, p + 2, (size_t)(nl - p - 2));
		else if (*p == 'm' && messages) {
			char *m = unescape(a, p + 2, (size_t)(nl - p - 2));
			buf_adds(messages, m);
			buf_addc(messages, '\n');
		}
		if (e)
			strmap_set(*p == 'o' ? out : in, e->path, e);
	}
	return complete;
}

bool state_parse_outputs(const char *text, size_t len, struct strmap *map,
    struct arena *a)
{
	return parse_lines(text, len, a, map, NULL, NULL, NULL);
}

bool state_load(struct writer *w)
{
	struct buf key = BUF_INIT, want = BUF_INIT, messages = BUF_INIT;
	size_t len;
	char *text = read_all(AT_FDCWD, w->state_path, &len);
	bool ok;

	if (!text)
		return false;
	ok = parse_lines(text, len, &w->arena, &w->old_out, &w->old_in, &key,
	    &messages);
	add_escaped(&want, w->o.key);
	ok = ok && key.len == want.len && !memcmp(key.data, want.data, key.len);
	if (!ok) { /* trust nothing of it */
		strmap_init(&w->old_out, &w->arena);
		strmap_init(&w->old_in, &w->arena);
	} else {
		w->old_messages = arena_strndup(&w->arena, messages.data,
		    messages.len);
	}
	free(text);
	buf_release(&key);
	buf_release(&want);
	buf_release(&messages);
	return ok;
}

/* --- inputs ------------------------------------------------------------ */

struct scan {
	struct writer *w;
	int64_t recent_ns; /* mtimes after this are not trusted next time */
	size_t seen;
	bool same;
};

static void scan_file(struct scan *s, int dirfd, const char *name,
    const char *path, const struct stat *st)
{
	struct write_entry *old = strmap_get(&s->w->old_in, path);
	int64_t mtime = stat_mtime_ns(st);
	uint64_t digest;

	if (old && old->size == (uint64_t)st->st_size && old->mtime_ns == mtime &&
	    mtime != 0) {
		digest = old->digest;
	} else {
		size_t len = 0;
		char *data = read_all(dirfd, name, &len);
		digest = data ? write_digest(data, len) : 0;
		free(data);
		/* A touched file with the same bytes changes nothing, but
		 * its new mtime goes into the manifest. */
		s->w->state_changed = true;
		if (!old || old->digest != digest || old->size != len)
			s->same = false;
	}
	if (old)
		s->seen++;
	/* A file changed within the clock's granularity of our look at it
	 * could change again unseen with the same mtime: record 0 so that
	 * the next build reads it again ("racy" mtimes). */
	if (mtime >= s->recent_ns)
		mtime = 0;
	buf_printf(&s->w->inputs, "i\t%" PRIu64 "\t%" PRId64 "\t%016" PRIx64 "\t",
	    (uint64_t)st->st_size, mtime, digest);
	add_escaped(&s->w->inputs, path);
	buf_addc(&s->w->inputs, '\n');
}

/* Every file under dirfd, hidden ones left out (the loaders skip them,
 * and a content folder under git holds thousands). */
static void scan_dir(struct scan *s, int dirfd, const char *prefix, int depth)
{
	DIR *dir = fdopendir(dirfd);
	struct dirent *e;

	if (!dir) {
		close(dirfd);
		return;
	}
	while ((e = readdir(dir))) {
		struct stat st;
		char *path;
		if (e->d_name[0] == '.' ||
		    fstatat(dirfd, e->d_name, &st, 0) != 0)
			continue;
		path = xmalloc(strlen(prefix) + strlen(e->d_name) + 2);
		sprintf(path, "%s/%s", prefix, e->d_name);
		if (S_ISDIR(st.st_mode) && depth < 32) {
			int fd = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY |
			    O_CLOEXEC);
			if (fd >= 0)
				scan_dir(s, fd, path, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			scan_file(s, dirfd, e->d_name, path, &st);
		}
		free(path);
	}
	closedir(dir);
}

bool state_scan_inputs(struct writer *w)
{
	struct scan s = {w, 0, 0, true};
	struct timespec now;
	size_t i;

	clock_gettime(CLOCK_REALTIME, &now);
	s.recent_ns = ((int64_t)now.tv_sec - 2) * 1000000000;
	buf_reset(&w->inputs);
	for (i = 0; w->o.inputs && w->o.inputs[i]; i++) {
		char prefix[24];
		int fd = open(w->o.inputs[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		snprintf(prefix, sizeof(prefix), "%zu", i);
		if (fd >= 0)
			scan_dir(&s, fd, prefix, 0);
	}
	if (s.seen != w->old_in.count)
		s.same = false;
	if (!s.same)
		w->state_changed = true;
	return s.same;
}

/* --- outputs ----------------------------------------------------------- */

bool state_trust_outputs(struct writer *w)
{
	bool all = true;
	size_t i;

	for (i = 0; i < w->old_out.cap; i++) {
		struct write_entry *e = w->old_out.slots[i].value;
		struct stat st;
		if (!e)
			continue;
		e->trusted = w->out_fd >= 0 &&
		    fstatat(w->out_fd, e->path, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && (uint64_t)st.st_size == e->size &&
		    (uint64_t)st.st_ino == e->ino &&
		    stat_mtime_ns(&st) == e->mtime_ns;
		all &= e->trusted;
	}
	return all;
}

static int compare_entries(const void *a, const void *b)
{
	return strcmp((*(struct write_entry *const *)a)->path,
	    (*(struct write_entry *const *)b)->path);
}

void state_format(struct writer *w, struct buf *b)
{
	struct write_entry **v = xmalloc((w->new_out.count + 1) * sizeof(*v));
	const char *m, *nl;
	size_t i, n = 0;

	buf_adds(b, HEADER "k\t");
	add_escaped(b, w->o.key);
	buf_addc(b, '\n');
	buf_add(b, w->inputs.data, w->inputs.len);
	for (i = 0; i < w->new_out.cap; i++)
		if (w->new_out.slots[i].value)
			v[n++] = w->new_out.slots[i].value;
	qsort(v, n, sizeof(*v), compare_entries);
	for (i = 0; i < n; i++) {
		buf_printf(b, "o\t%" PRIu64 "\t%" PRId64 "\t%" PRIu64 "\t%016"
		    PRIx64 "\t", v[i]->size, v[i]->mtime_ns, v[i]->ino,
		    v[i]->digest);
		add_escaped(b, v[i]->path);
		buf_addc(b, '\n');
	}
	for (m = w->messages ? w->messages : ""; *m; m = nl + 1) {
		char *line;
		if (!(nl = strchr(m, '\n')))
			nl = m + strlen(m);
		line = xstrndup(m, (size_t)(nl - m));
		buf_adds(b, "m\t");
		add_escaped(b, line);
		buf_addc(b, '\n');
		free(line);
		if (!*nl)
			break;
	}
	buf_adds(b, "end\n");
	free(v);
}
