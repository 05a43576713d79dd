/*
 * load_story_media: images and links in a story's Markdown that point at
 * files of the content folder.
 *
 * A relative address is read as a Markdown editor previewing the file
 * reads it: from the story file's own folder (../../media/a.jpg from
 * stories/2024/x.md), except that one starting with media/ is taken from
 * the content folder, like every path in the records. It may be
 * percent-encoded (%20) or written as typed (<media/my photo.jpg>). Only
 * files under media/ may be referenced; a missing one is a warning (the
 * image, or the link around its text, is dropped). Each file found joins
 * the story's body_media, and its address in the tree becomes
 * "linli-media:K" (plus any #fragment), which the renderers replace with
 * the published file's address as seen from their page (ctx_story_html).
 * Users cannot write that scheme themselves: the sanitiser, which runs
 * first, drops every scheme but http(s), mailto and tel.
 */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "load.h"
#include "xalloc.h"

struct refs {
	cmark_node **items;
	size_t n, cap;
};

static bool is_local(const char *url)
{
	size_t n = strcspn(url, ":/?#");

	return url[0] && url[n] != ':' && url[0] != '#' && url[0] != '/' &&
	    url[0] != '?' && url[0] != '\\';
}

static void collect(cmark_node *doc, struct refs *v)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *url;
		if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_IMAGE &&
		    t != CMARK_NODE_LINK))
			continue;
		url = cmark_node_get_url(n);
		if (!url || !is_local(url))
			continue;
		if (v->n == v->cap) {
			v->cap = v->cap ? v->cap * 2 : 8;
			v->items = xreallocarray(v->items, v->cap, sizeof(*v->items));
		}
		v->items[v->n++] = n;
	}
	cmark_iter_free(it);
}

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Appends path[0..len) percent-decoded; false on %00. */
static bool decode(struct buf *b, const char *path, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		int h, l;
		if (path[i] == '%' && i + 2 < len &&
		    (h = hex(path[i + 1])) >= 0 && (l = hex(path[i + 2])) >= 0) {
			if (!h && !l)
				return false;
			buf_addc(b, (char)(h << 4 | l));
			i += 2;
		} else {
			buf_addc(b, path[i]);
		}
	}
	return true;
}

/* base (a folder relative to content/, "" for content/ itself) joined
 * with rel, "." and ".." resolved. NULL when it leaves content/. */
static char *resolve(const char *base, const char *rel)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	char *seg, *save = NULL;

	buf_printf(&in, "%s/%s", base, rel);
	for (seg = strtok_r(in.data, "/", &save); seg;
	    seg = strtok_r(NULL, "/", &save)) {
		if (!strcmp(seg, "."))
			continue;
		if (!strcmp(seg, "..")) {
			char *slash;
			if (!out.len)
				goto fail;
			slash = strrchr(out.data, '/');
			buf_truncate(&out, slash ? (size_t)(slash - out.data) : 0);
			continue;
		}
		buf_printf(&out, "%s%s", out.len ? "/" : "", seg);
	}
	buf_release(&in);
	return buf_detach(&out, NULL);
fail:
	buf_release(&in);
	buf_release(&out);
	return NULL;
}

static bool inside_link(cmark_node *n)
{
	while ((n = cmark_node_parent(n)))
		if (cmark_node_get_type(n) == CMARK_NODE_LINK)
			return true;
	return false;
}

/* Replaces n by its children (a link by its text, an image by its alt). */
static void unwrap(cmark_node *n)
{
	cmark_node *child;

	while ((child = cmark_node_first_child(n)))
		if (!cmark_node_insert_before(n, child))
			break;
	cmark_node_free(n);
}

/* The file n points at, relative to content/ (heap), or NULL (reported,
 * n unwrapped). *frag gets the #fragment, if any, to keep. */
static char *target(struct loader *L, cmark_node *n, const char *dir,
    struct pos p, const char **frag)
{
	const char *url = cmark_node_get_url(n);
	bool image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
	const char *what = image ? "image" : "link";
	size_t plen = strcspn(url, "?#");
	struct buf path = BUF_INIT;
	char *rel = NULL;
	bool exists = false;

	*frag = url[plen] == '#' ? url + plen : strchr(url + plen, '#');
	if (!decode(&path, url, plen) || !path.len) {
		diag_warning(L->d, p, "%s '%s' is not a path to a file", what, url);
	} else if (!strncmp(path.data, "media/", 6)) {
		rel = resolve("", path.data);
	} else {
		rel = resolve(dir, path.data);
	}
	buf_release(&path);
	if (rel) {
		/* A path that is not allowed is reported by load_check_path. */
		bool allowed = load_check_path(L, rel, p, &exists);
		if (allowed && !exists)
			diag_warning(L->d, p, "%s '%s' does not exist (looked for "
			    "%s/%s)", what, url, L->root, rel);
		else if (allowed && strncmp(rel, "media/", 6) != 0)
			diag_warning(L->d, p, "%s '%s' leads to '%s', outside "
			    "media/; only files in media/ are published (move it "
			    "there)", what, url, rel);
		if (!allowed || !exists || strncmp(rel, "media/", 6) != 0) {
			free(rel);
			rel = NULL;
		}
	}
	if (!rel)
		unwrap(n);
	return rel;
}

void load_story_media(struct loader *L, cmark_node *doc, const char *display,
    struct story *s)
{
	size_t root_len = strlen(L->root);
	/* display is "ROOT/rel" (load_display_path); anything else is taken
	 * as relative to the content folder already. */
	const char *rel = !strncmp(display, L->root, root_len) &&
	    display[root_len] == '/' ? display + root_len + 1 : display;
	const char *slash = strrchr(rel, '/');
	char *dir = xstrndup(rel, slash ? (size_t)(slash - rel) : 0);
	struct refs v = {0};
	struct buf url = BUF_INIT;
	size_t i;

	collect(doc, &v);
	for (i = 0; i < v.n; i++) {
		cmark_node *n = v.items[i];
		struct pos p = pos_make(display, s->body_line - 1 +
		    cmark_node_get_start_line(n), cmark_node_get_start_column(n));
		struct photo ph = {0};
		const char *frag;
		char *file = target(L, n, dir, p, &frag);
		if (!file)
			continue;
		ph.src = model_str(L->m, file, strlen(file));
		ph.pos = p;
		ph.exists = true;
		ph.link = cmark_node_get_type(n) == CMARK_NODE_LINK;
		ph.in_link = !ph.link && inside_link(n);
		buf_reset(&url);
		buf_printf(&url, "linli-media:%zu%s", s->body_media.n,
		    frag && ph.link ? frag : "");
		cmark_node_set_url(n, url.data);
		VEC_PUSH(&L->m->arena, &s->body_media, ph);
		free(file);
	}
	buf_release(&url);
	free(v.items);
	free(dir);
}
