/*
 * mustache_int.h: the compiled form of a template, shared by the compiler
 * (mustache.c) and the renderer (mustache_render.c). Private to the engine:
 * nothing else includes this file.
 */
#ifndef LINLI_MUSTACHE_INT_H
#define LINLI_MUSTACHE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct mu_span {
	const char *s;
	size_t len;
};

enum mu_node_kind {
	MU_N_TEXT,     /* literal text */
	MU_N_VAR,      /* {{name}}, escaped */
	MU_N_RAW,      /* {{{name}}} or {{&name}} */
	MU_N_SECTION,  /* {{#name}}kids{{/name}} */
	MU_N_INVERTED, /* {{^name}}kids{{/name}} */
	MU_N_PARTIAL,  /* {{>name}} */
	MU_N_PARENT,   /* {{<name}}kids{{/name}}: kids are its argument blocks */
	MU_N_BLOCK,    /* {{$name}}kids{{/name}}: kids are the default */
};

struct mu_node {
	enum mu_node_kind kind;
	int line, column;
	/* TEXT: the text; tags: the name as written (trimmed). */
	struct mu_span text;
	/* VAR, RAW, SECTION, INVERTED: the dotted name split at the dots;
	 * nparts is 0 for the implicit iterator ".". */
	const struct mu_span *parts;
	size_t nparts;
	/* PARTIAL, PARENT, BLOCK: mu_hash_(text), to find names fast. */
	uint32_t hash;
	/* PARTIAL, PARENT: indentation of a standalone tag, put before every
	 * line of the included template. BLOCK: put before every line of an
	 * argument that overrides the block. */
	struct mu_span indent;
	/* BLOCK: put before every line of the default content (its intrinsic
	 * indentation, stripped from that content at compile time). */
	struct mu_span dindent;
	const struct mu_node *kids;
	size_t nkids;
};

struct mu_template {
	struct arena arena; /* owns the name, the nodes and their strings */
	const char *name;
	const struct mu_node *nodes;
	size_t count;
};

/* FNV-1a, for names of partials, parents and blocks. */
static inline uint32_t mu_hash_(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	while (len--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

#endif
