#!/usr/bin/env node
// What other programs and servers make of the site:
// - a web server answering a missing deep address with 404.html shows it
//   styled, with links that work, with base_url and without it (the site
//   then served from a sub-folder, whose root the page finds itself);
// - feedparser (Python) reads the same entry ids from feed.xml, and ical.js
//   the same UIDs from calendar.ics, with and without base_url;
// - each record's page has its own description and, with base_url, a
//   canonical address and Open Graph tags; robots.txt names the sitemap.
// (CommonJS, since node runs a .t file as such; the helpers are ESM.)
const { spawnSync } = require('node:child_process');
const { appendFileSync, cpSync, existsSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { createRequire } = require('node:module');

(async () => {
	const { build, done, launch, need, ok, serve, tempDir, TOP } = await import('./browser/lib.mjs');
	need({ browser: true });
	const withBase = build();
	const nobase = join(tempDir(), 'content');
	cpSync(join(TOP, 'content'), nobase, { recursive: true });
	writeFileSync(join(nobase, 'site.yaml'),
		readFileSync(join(nobase, 'site.yaml'), 'utf8').replace(/^base_url:.*\n/m, ''));
	const without = build(nobase);

	// --- 404 at any depth ---------------------------------------------------
	const browser = await launch();
	const parent = dirname(without);
	for (const [label, root, prefix] of [['with base_url', withBase, ''], ['without base_url, in a sub-folder', parent, 'out/']]) {
		const server = await serve(root, { notFound: prefix + '404.html' });
		const page = await browser.newPage();
		const res = await page.goto(server.url + prefix + 'activities/no/such/page/at/all');
		ok(res.status() === 404, `${label}: a missing deep address answers 404`);
		await page.waitForLoadState('networkidle');
		const look = await page.evaluate(() => ({
			font: getComputedStyle(document.body).fontSize,
			header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,
			sheets: [...document.styleSheets].filter(s => { try { return s.cssRules.length > 0; } catch { return false; } }).length,
		}));
		ok(look.sheets > 0 && look.font === '18px' && look.header !== 'rgba(0, 0, 0, 0)',
			`${label}: the 404 page is styled`, JSON.stringify(look));
		const links = await page.evaluate(() => [...document.querySelectorAll('main a, .site-nav a')].map(a => a.href));
		const bad = [];
		for (const href of links) {
			const r = await fetch(href);
			if (r.status !== 200) bad.push(`${href} ${r.status}`);
		}
		ok(links.length >= 8 && bad.length === 0, `${label}: its ${links.length} links all work`, bad.join('\n'));
		await page.click('main a');
		ok(page.url() === server.url + prefix + 'index.html', `${label}: its first link leads home`, page.url());
		await page.close();
		await server.close();
	}
	await browser.close();

	// --- feed ids and calendar UIDs -------------------------------------------
	const py = 'import feedparser, json, sys\nd = feedparser.parse(sys.argv[1])\n' +
		'print(json.dumps({"bozo": d.bozo, "ids": [e.id for e in d.entries], "links": [e.link for e in d.entries]}))';
	const feeds = [withBase, without].map(out => {
		const r = spawnSync('/usr/bin/python3', ['-c', py, join(out, 'feed.xml')], { encoding: 'utf8' });
		ok(r.status === 0, `feedparser reads ${out === withBase ? 'the' : 'the base_url-less'} feed`, r.stderr);
		return JSON.parse(r.stdout || '{"ids":[],"links":[]}');
	});
	ok(feeds[0].ids.length === 50 && !feeds[0].bozo && !feeds[1].bozo, 'feedparser finds 50 well-formed entries');
	ok(JSON.stringify(feeds[0].ids) === JSON.stringify(feeds[1].ids), 'the entry ids are the same with and without base_url');
	ok(feeds[0].links[0].startsWith('https://xingfuli.example.org/') && !feeds[1].links[0].startsWith('https://xingfuli'),
		'while the links follow base_url', `${feeds[0].links[0]}\n${feeds[1].links[0]}`);

	let ICAL;
	try { ICAL = createRequire(join(TOP, 'package.json'))('ical.js'); } catch { ICAL = null; }
	if (!ICAL && process.env.CI) ok(false, 'ical.js is installed (npm ci)');
	if (ICAL) {
		const uids = [withBase, without].map(out => {
			const cal = new ICAL.Component(ICAL.parse(readFileSync(join(out, 'calendar.ics'), 'utf8')));
			return cal.getAllSubcomponents('vevent').map(e => new ICAL.Event(e).uid);
		});
		ok(uids[0].length > 0 && new Set(uids[0]).size === uids[0].length, `ical.js reads ${uids[0].length} events with distinct UIDs`);
		ok(JSON.stringify(uids[0]) === JSON.stringify(uids[1]), 'the UIDs are the same with and without base_url');
	} else {
		console.log('# ical.js not installed (npm ci): its round trip is skipped');
	}

	// --- descriptions, canonical, Open Graph, robots.txt ----------------------
	const act = readFileSync(join(withBase, 'activities/2026-11-08/index.html'), 'utf8');
	const home = readFileSync(join(withBase, 'index.html'), 'utf8');
	const desc = h => (h.match(/<meta name="description" content="([^"]*)"/) || [])[1];
	ok(desc(act) && desc(act) !== desc(home), 'an activity has its own description', desc(act));
	ok(act.includes('<link rel="canonical" href="https://xingfuli.example.org/activities/2026-11-08/index.html">'),
		'and a canonical address');
	for (const p of ['og:title', 'og:description', 'og:url', 'og:image'])
		ok(new RegExp(`<meta property="${p}" content="[^"]+">`).test(act), `and ${p}`);
	const plain = readFileSync(join(without, 'activities/2026-11-08/index.html'), 'utf8');
	ok(!plain.includes('rel="canonical"') && !plain.includes('og:url'), 'without base_url: no canonical, no og:url');
	ok(/<link rel="icon" href="[^"]+">/.test(act), 'every page names a favicon');
	ok(readFileSync(join(withBase, 'robots.txt'), 'utf8').includes('Sitemap: https://xingfuli.example.org/sitemap.xml'),
		'robots.txt names the sitemap');
	ok(existsSync(join(withBase, 'favicon.svg')) && readFileSync(join(withBase, 'favicon.svg'), 'utf8').includes('>幸</text>'),
		'without a logo, favicon.svg shows the name\'s first character');

	// With site.yaml's logo: the icon and the preview of pages without a photo.
	const logoContent = join(tempDir(), 'content');
	cpSync(join(TOP, 'content'), logoContent, { recursive: true });
	appendFileSync(join(logoContent, 'site.yaml'), '\nlogo: media/2026/fire-drill.svg\n');
	const withLogo = build(logoContent);
	const lhome = readFileSync(join(withLogo, 'index.html'), 'utf8');
	const icon = (lhome.match(/<link rel="icon" href="([^"]+)">/) || [])[1];
	const image = (lhome.match(/<meta property="og:image" content="https:\/\/xingfuli.example.org\/([^"]+)">/) || [])[1];
	ok(icon && existsSync(join(withLogo, icon)) && !icon.endsWith('.svg'), `with a logo, the icon is its published picture (${icon})`);
	ok(image && existsSync(join(withLogo, image)), `and the home page's preview too (${image})`);
	done();
})();
