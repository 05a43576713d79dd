#!/usr/bin/env node
// Every internal link of the built example resolves: each relative href and
// src in every HTML file of out/ names a file that exists (never a bare
// folder, so the site works from file://). 404.html links from the path of
// base_url ("/..."), which is resolved against out/.
// (CommonJS, since node runs a .t file as such; the helpers are ESM.)
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');

(async () => {
const { build, diag, done, ok } = await import('./browser/lib.mjs');

const extra = process.env.SITE_THEME ? ['--theme', process.env.SITE_THEME] : [];
const out = build(undefined, extra);

function* walk(dir) {
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		if (e.isDirectory()) yield* walk(p);
		else if (e.name.endsWith('.html')) yield p;
	}
}

const decode = s => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
	.replace(/&lt;/g, '<').replace(/&gt;/g, '>');

const files = [...walk(out)];
ok(files.length > 50, `out/ has ${files.length} HTML files`);

// The other products the website links to; their own tests check them.
const PRODUCTS = ['bulletin', 'board', 'archive'];
const pending = new Set();
let links = 0;
const broken = [], folders = [];
for (const file of files) {
	const html = readFileSync(file, 'utf8');
	for (const m of html.matchAll(/\s(?:href|src)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
		let url = decode(m[2] ?? m[3]);
		if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('#') || url === '')
			continue;
		url = decodeURIComponent(url.replace(/[?#].*$/, ''));
		const target = url.startsWith('/') ? join(out, url) : resolve(dirname(file), url);
		links++;
		const where = `${relative(out, file)} -> ${url}`;
		const product = relative(out, target).split('/')[0];
		if (PRODUCTS.includes(product) && !existsSync(join(out, product))) {
			pending.add(product); // that product is not built at all yet
			continue;
		}
		if (!existsSync(target)) broken.push(where);
		else if (statSync(target).isDirectory()) folders.push(where);
	}
}
ok(links > 500, `checked ${links} internal links`);
ok(broken.length === 0, 'every internal link resolves to a file in out/', broken.slice(0, 15).join('\n'));
ok(folders.length === 0, 'no link ends in a bare folder', folders.slice(0, 15).join('\n'));
if (broken.length) diag(`${broken.length} broken`);
if (pending.size) diag(`not built yet, links into them not checked: ${[...pending].join(', ')}`);
done();
})();
