/*
 * glyphs: font coverage through fontconfig (see glyphs.h).
 */
#include "glyphs.h"

#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xalloc.h"

struct glyphs {
	FcCharSet *set;     /* the union of every face's characters */
	uint64_t ascii[2];  /* bit c: the set has ASCII character c */
	size_t families;
};

/* Characters a browser lays out without drawing a glyph. */
static bool needs_no_glyph(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xad ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0xfe00 && cp <= 0xfe0f) ||
	    cp == 0xfeff || (cp >= 0xe0100 && cp <= 0xe01ef);
}

/* Spaces count as covered: every font the bulletin uses has them, and a
 * missing space shows as a space anyway. */
static bool is_space(uint32_t cp)
{
	return cp == 0x20 || cp == 0xa0 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

/* Adds every installed face of family to g; false when none is. */
static bool add_family(struct glyphs *g, const char *family)
{
	FcPattern *pat = FcPatternCreate();
	FcObjectSet *os = FcObjectSetBuild(FC_CHARSET, (char *)NULL);
	FcFontSet *fs;
	FcCharSet *cs;
	int i, found = 0;

	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	fs = FcFontList(NULL, pat, os);
	for (i = 0; fs && i < fs->nfont; i++)
		if (FcPatternGetCharSet(fs->fonts[i], FC_CHARSET, 0, &cs) ==
		    FcResultMatch) {
			FcCharSetMerge(g->set, cs, NULL);
			found++;
		}
	if (fs)
		FcFontSetDestroy(fs);
	FcObjectSetDestroy(os);
	FcPatternDestroy(pat);
	return found > 0;
}

static bool is_generic(const char *name)
{
	static const char *const generic[] = {"serif", "sans-serif",
	    "monospace", "cursive", "fantasy", "system-ui", "ui-serif",
	    "ui-sans-serif", "math", "emoji", NULL};
	size_t i;

	for (i = 0; generic[i]; i++)
		if (strcmp(name, generic[i]) == 0)
			return true;
	return false;
}

/* The next family name in the list at *p, unquoted and trimmed (heap), or
 * NULL at the end. */
static char *next_family(const char **p)
{
	const char *s = *p, *e;

	while (*s == ' ' || *s == ',' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	e = strchr(s, ',');
	if (!e)
		e = s + strlen(s);
	*p = e;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e - s >= 2 && (*s == '"' || *s == '\'') && e[-1] == *s) {
		s++;
		e--;
	}
	return xstrndup(s, (size_t)(e - s));
}

struct glyphs *glyphs_new(const char *list, char **missing)
{
	struct glyphs *g = xcalloc(1, sizeof(*g));
	struct buf miss = BUF_INIT;
	const char *p = list;
	char *name;
	uint32_t c;

	FcInit();
	g->set = FcCharSetCreate();
	while ((name = next_family(&p))) {
		if (!is_generic(name) && *name) {
			if (add_family(g, name))
				g->families++;
			else
				buf_printf(&miss, "%s%s", miss.len ? ", " : "", name);
		}
		free(name);
	}
	for (c = 0x20; c < 0x7f; c++)
		if (FcCharSetHasChar(g->set, c))
			g->ascii[c >> 6] |= (uint64_t)1 << (c & 63);
	*missing = miss.len ? buf_detach(&miss, NULL) : NULL;
	buf_release(&miss);
	return g;
}

void glyphs_free(struct glyphs *g)
{
	if (!g)
		return;
	FcCharSetDestroy(g->set);
	free(g);
	/* No FcFini() here: librsvg (through libvips, for SVG photos) shares
	 * fontconfig's caches in the same process, and FcFini() asserts while
	 * they are in use. The caches stay reachable until exit. */
}

size_t glyphs_families(const struct glyphs *g)
{
	return g->families;
}

bool glyphs_has(const struct glyphs *g, uint32_t cp)
{
	if (cp < 0x80) /* the fast path: most text is mostly ASCII */
		return needs_no_glyph(cp) || cp == 0x20 ||
		    (g->ascii[cp >> 6] >> (cp & 63) & 1);
	if (needs_no_glyph(cp) || is_space(cp))
		return true;
	return FcCharSetHasChar(g->set, cp);
}

uint32_t glyphs_first_missing(const struct glyphs *g, const char *s,
    size_t len, size_t *at)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			if (!glyphs_has(g, (unsigned char)s[i])) {
				*at = i;
				return (unsigned char)s[i];
			}
			i++;
			continue;
		}
		cp = utf8_decode(s + i, len - i, &n);
		if (!glyphs_has(g, cp)) {
			*at = i;
			return cp;
		}
		i += n;
	}
	return 0;
}
