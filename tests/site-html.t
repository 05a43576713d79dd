#!/usr/bin/env node
// The Nu Html Checker finds no error in any page of the built example
// (every .html file of out/, and the list pages of a build with page_size
// 5, in one java run).
// (CommonJS, since node runs a .t file as such; the helpers are ESM.)
const { spawnSync } = require('node:child_process');
const { appendFileSync, cpSync, readdirSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

(async () => {
	const { build, done, need, ok, tempDir, TOP, vnuJar } = await import('./browser/lib.mjs');
	need({ java: true });
	const extra = process.env.SITE_THEME ? ['--theme', process.env.SITE_THEME] : [];
	const out = build(undefined, extra);
	// The example's lists fit on one page; with page_size 5 they do not.
	const paged = join(tempDir(), 'content');
	cpSync(join(TOP, 'content'), paged, { recursive: true });
	appendFileSync(join(paged, 'site.yaml'), '\npage_size: 5\n');
	const pagedOut = build(paged, extra);

	const files = [];
	(function walk(dir) {
		for (const e of readdirSync(dir, { withFileTypes: true })) {
			const p = join(dir, e.name);
			if (e.isDirectory()) walk(p);
			else if (e.name.endsWith('.html')) files.push(p);
		}
	})(out);
	ok(files.length > 50, `out/ has ${files.length} HTML files to check`);
	const pages = [];
	(function walk(dir) {
		for (const e of readdirSync(dir, { withFileTypes: true })) {
			const p = join(dir, e.name);
			if (e.isDirectory()) walk(p);
			else if (p.includes('/page/')) pages.push(p);
		}
	})(pagedOut);
	ok(pages.length > 5, `with page_size 5, ${pages.length} list pages to check too`);
	files.push(...pages);

	// A page with a known error proves the checker really checks.
	const canary = join(tempDir(), 'canary.html');
	writeFileSync(canary, '<!doctype html><html lang="en"><head><title>x</title></head><body><p><div></p></body></html>');
	const r = spawnSync('java', ['-Xss8m', '-jar', vnuJar(), '--errors-only', '--format', 'gnu', canary, ...files],
		{ encoding: 'utf8', maxBuffer: 64 << 20 });
	const lines = (r.stderr + r.stdout).split('\n').filter(l => l.trim());
	ok(lines.some(l => l.includes('canary.html')), 'the checker flags a broken page', r.error || lines.join('\n'));
	const errors = lines.filter(l => !l.includes('canary.html')).map(l => l.split(out + '/').join('').split(pagedOut + '/').join('paged:'));
	ok(errors.length === 0, 'vnu reports no error in out/', errors.slice(0, 20).join('\n'));

	// Per page kind, so a failure says where to look.
	const kinds = new Map();
	for (const f of files) {
		if (!f.startsWith(out + '/')) continue;
		const rel = relative(out, f);
		const kind = rel.split('/')[0].replace(/\.html$/, '');
		kinds.set(kind, (kinds.get(kind) || 0) + errors.filter(e => e.includes(`file:${rel}"`)).length);
	}
	for (const [kind, n] of [...kinds].sort())
		ok(n === 0, `${kind}: no error`);
	done();
})();
