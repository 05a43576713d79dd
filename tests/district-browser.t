#!/usr/bin/env node
// linli district's own pages (the portal, the report index, each year's
// report) pass the Nu Html Checker and axe-core in Chromium, and every
// link in them resolves to a file of OUT/ (into c/SLUG/ too).
// (CommonJS, since node runs a .t file as such; the helpers are ESM.)
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

(async () => {
	const { axeSource, done, launch, linli, makeDistrict, need, ok, serve, tempDir, TODAY, vnuJar } = await import('./browser/lib.mjs');
	need({ browser: true, java: true });
	const d = makeDistrict({ one: 120, two: 120 });
	const out = join(tempDir(), 'out');
	const r = linli(['district', '-q', '-C', d, '-o', out, '--today', TODAY]);
	ok(r.status === 0, 'the district builds', r.stderr);
	if (r.status !== 0) { done(); return; }

	// The district's own pages: everything outside c/.
	const pages = [];
	(function walk(dir, rel) {
		for (const e of readdirSync(dir, { withFileTypes: true })) {
			const p = join(dir, e.name), q = rel ? `${rel}/${e.name}` : e.name;
			if (e.isDirectory() && q !== 'c') walk(p, q);
			else if (e.name.endsWith('.html')) pages.push(q);
		}
	})(out, '');
	ok(pages.includes('index.html') && pages.includes('archive/index.html') &&
		pages.includes('archive/2025/index.html'), `the portal and reports: ${pages.length} pages`);

	// --- vnu ------------------------------------------------------------
	const canary = join(tempDir(), 'canary.html');
	writeFileSync(canary, '<!doctype html><html lang="en"><head><title>x</title></head><body><p><div></p></body></html>');
	const v = spawnSync('java', ['-Xss8m', '-jar', vnuJar(), '--errors-only', '--format', 'gnu', canary,
		...pages.map(p => join(out, p))], { encoding: 'utf8', maxBuffer: 64 << 20 });
	const lines = (v.stderr + v.stdout).split('\n').filter(l => l.trim());
	ok(lines.some(l => l.includes('canary.html')), 'the checker flags a broken page', v.error || lines.join('\n'));
	const errors = lines.filter(l => !l.includes('canary.html')).map(l => l.split(out + '/').join(''));
	ok(errors.length === 0, 'vnu reports no error in the district pages', errors.slice(0, 20).join('\n'));

	// --- links ----------------------------------------------------------
	const decode = s => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
	let links = 0;
	const broken = [];
	for (const p of pages) {
		const html = readFileSync(join(out, p), 'utf8');
		for (const m of html.matchAll(/\s(?:href|src)\s*=\s*"([^"]*)"/g)) {
			const url = decode(m[1]);
			if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#') || url === '') continue;
			const target = resolve(dirname(join(out, p)), decodeURIComponent(url.split('#')[0]));
			links++;
			if (!existsSync(target) || !statSync(target).isFile()) broken.push(`${p}: ${url}`);
		}
	}
	ok(links > 20, `${links} links in the district pages`);
	ok(broken.length === 0, 'every link resolves to a file', broken.slice(0, 20).join('\n'));

	// --- axe ------------------------------------------------------------
	const server = await serve(out);
	const browser = await launch();
	const axe = axeSource();
	try {
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const page = await context.newPage();
		for (const p of ['index.html', 'archive/index.html', 'archive/2025/index.html', 'archive/2026/index.html', 'board/index.html']) {
			const res = await page.goto(server.url + p);
			ok(res && res.status() === 200, `${p} loads`);
			await page.addScriptTag({ content: axe });
			const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
			const bad = result.violations.filter(x => x.impact === 'serious' || x.impact === 'critical');
			ok(bad.length === 0, `${p}: no serious or critical axe violation`,
				bad.map(x => `${x.id} (${x.impact}): ${x.help}\n` +
					x.nodes.slice(0, 5).map(n => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')).join('\n'));
		}
		// the board is the community board: one slide at a time (its own
		// test, district-board.t, follows it by the clock)
		await page.goto(server.url + 'board/index.html');
		const shown = await page.evaluate(() => [...document.querySelectorAll('#slides .slide')]
			.filter(s => getComputedStyle(s).visibility !== 'hidden').length);
		const kinds = await page.evaluate(() => [...document.querySelectorAll('#slides .slide')].map(s => s.dataset.kind));
		ok(kinds.includes('honours') && kinds.includes('figures') && shown === 1,
			`the board shows one of its ${kinds.length} slides at a time (${kinds.join(' ')})`);
	} finally {
		await browser.close();
		await server.close();
	}
	done();
})();
