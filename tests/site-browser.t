#!/usr/bin/env node
// The website in Chromium: axe-core finds no serious or critical
// accessibility violation on the home page, an activity, a team and a story,
// at a phone's width and a desktop's; no page scrolls sideways; the skip link
// is the first thing the keyboard reaches and moves to the content; every
// image has width, height and alt, and all but the first load lazily; the
// pages load nothing from elsewhere.
// (CommonJS, since node runs a .t file as such; the helpers are ESM.)

(async () => {
	const { axeSource, build, done, launch, need, ok, serve } = await import('./browser/lib.mjs');
	need({ browser: true });
	const extra = process.env.SITE_THEME ? ['--theme', process.env.SITE_THEME] : [];
	const out = build(undefined, extra);
	const server = await serve(out);
	const browser = await launch();
	const pages = ['index.html', 'activities/2026-11-08/index.html', 'teams/heshilao/index.html',
		'stories/2026-09-midautumn/index.html', 'search/index.html', 'activities/2026/index.html', '404.html'];
	const axe = axeSource();

	try {
		for (const [width, height] of [[390, 844], [1280, 800]]) {
			const context = await browser.newContext({ viewport: { width, height } });
			const page = await context.newPage();
			const foreign = [];
			page.on('request', req => {
				if (!req.url().startsWith(server.url)) foreign.push(req.url());
			});
			for (const path of pages) {
				const name = `${path} at ${width}px`;
				const res = await page.goto(server.url + path);
				ok(res && res.status() === 200, `${name} loads`);
				await page.addScriptTag({ content: axe });
				const result = await page.evaluate(() => window.axe.run(document, {
					resultTypes: ['violations'],
				}));
				const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
				ok(bad.length === 0, `${name}: no serious or critical axe violation`,
					bad.map(v => `${v.id} (${v.impact}): ${v.help}\n` +
						v.nodes.slice(0, 5).map(n => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')).join('\n'));
				const sw = await page.evaluate(() => document.documentElement.scrollWidth);
				ok(sw <= width, `${name}: nothing scrolls sideways (${sw}px wide)`);
				const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
				ok(fontSize >= 16, `${name}: body text is ${fontSize}px (at least 16)`);
				const imgs = await page.evaluate(() => [...document.images].map(i => ({
					src: i.getAttribute('src'), w: i.getAttribute('width'), h: i.getAttribute('height'),
					alt: i.getAttribute('alt'), lazy: i.getAttribute('loading') === 'lazy',
					broken: i.complete && i.naturalWidth === 0,
				})));
				const noSize = imgs.filter(i => !i.w || !i.h || i.alt === null);
				ok(noSize.length === 0, `${name}: every image has width, height and alt`,
					noSize.map(i => i.src).join('\n'));
				ok(imgs.every((i, k) => i.lazy === (k > 0)), `${name}: all images but the first load lazily`,
					JSON.stringify(imgs.map(i => [i.src, i.lazy])));
				if (width === 390) {
					await page.keyboard.press('Tab');
					const skip = await page.evaluate(() => document.activeElement.className);
					ok(skip === 'skip-link', `${path}: Tab reaches the skip link first`, skip);
					await page.keyboard.press('Enter');
					const focused = await page.evaluate(() => document.activeElement.id);
					ok(focused === 'main', `${path}: the skip link moves focus to the content`, focused);
				}
			}
			ok(foreign.length === 0, `at ${width}px the pages load nothing from elsewhere`, foreign.join('\n'));
			await context.close();
		}
	} finally {
		await browser.close();
		await server.close();
	}
	done();
})();
