#!/usr/bin/env node
// Photos in Chromium, over HTTP and from file://: a story's own image
// loads (naturalWidth > 0) and its relative link reaches the published
// file; a tap on an activity's photo opens it large in a dialog with its
// caption, the arrow keys and buttons step through the photos, axe finds
// nothing with the dialog open, Escape closes it and gives the focus back.
// The photos are made by tests/media-make.sh.
(async () => {
	const { axeSource, build, done, launch, need, ok, is, serve, tempDir, TOP } = await import('./browser/lib.mjs');
	const { spawnSync } = await import('node:child_process');
	const { existsSync } = await import('node:fs');
	const { join } = await import('node:path');
	const { fileURLToPath, pathToFileURL } = await import('node:url');
	need({ browser: true });
	for (const tool of ['convert', 'exiftool'])
		if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
			console.log(`1..0 # SKIP ${tool} is not installed`);
			return;
		}
	const content = join(tempDir(), 'c');
	const made = spawnSync('bash', ['-c', `. "${TOP}/tests/media-make.sh" && make_media_tree "$1"`, 'make', content],
		{ encoding: 'utf8' });
	ok(made.status === 0, 'the test photos are made', made.stderr);
	const out = build(content, ['--cache', join(tempDir(), 'cache')]);
	const server = await serve(out);
	const browser = await launch();
	const axe = axeSource();

	async function storyChecks(page, base, how) {
		await page.goto(base + 'stories/s/index.html');
		await page.waitForLoadState('load');
		const imgs = await page.$$eval('.prose img', l => l.map(i => ({ w: i.naturalWidth, src: i.currentSrc })));
		ok(imgs.length === 1 && imgs[0].w > 0, `${how}: the story's image loads`, JSON.stringify(imgs));
		const href = await page.$eval('.prose a[href*="ok.pdf"]', a => a.href);
		if (how === 'http') {
			const status = await page.evaluate(async u => (await fetch(u)).status, href);
			is(status, 200, `${how}: the story's relative link resolves (${href})`);
		} else {
			ok(existsSync(fileURLToPath(href)), `${how}: the story's relative link resolves to a file`, href);
		}
	}

	try {
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
		const page = await context.newPage();
		const errors = [];
		page.on('pageerror', e => errors.push(String(e)));
		await storyChecks(page, server.url, 'http');
		await storyChecks(page, pathToFileURL(out).href + '/', 'file://');

		for (const [how, base] of [['http', server.url], ['file://', pathToFileURL(out).href + '/']]) {
			await page.goto(base + 'activities/pics/index.html');
			await page.waitForLoadState('load');
			const links = await page.$$('a.photo-open');
			is(links.length, 3, `${how}: the three good photos are shown`);
			const thumb = await page.$eval('a.photo-open img', i => i.getBoundingClientRect().height);
			await page.tap('a.photo-open');
			await page.waitForSelector('dialog.lightbox[open]');
			await page.waitForFunction(() => document.querySelector('.lightbox-img').naturalWidth > 0);
			const big = await page.$eval('.lightbox-img', i => ({ nw: i.naturalWidth, h: i.getBoundingClientRect().height,
				src: i.getAttribute('src'), alt: i.alt }));
			ok(big.nw === 1600 && big.src.endsWith('photo-1600.jpg'), `${how}: a tap opens the largest size`, JSON.stringify(big));
			ok(big.h > thumb, `${how}: ... shown larger than on the page (${big.h} > ${thumb} px high)`);
			is(await page.$eval('.lightbox-caption', c => c.textContent), '手机拍的照片', `${how}: ... with its caption`);
			is(await page.evaluate(() => document.activeElement.className), 'lightbox-close', `${how}: the focus is on Close`);
			await page.keyboard.press('ArrowRight');
			ok((await page.$eval('.lightbox-img', i => i.getAttribute('src'))).includes('%E5%90%88%E5%BD%B1%201-800.jpg'),
				`${how}: the right arrow steps to the next photo`);
			is(await page.$eval('.lightbox-count', c => c.textContent), '第 2 张，共 3 张', `${how}: ... and says where it is`);
			await page.tap('.lightbox-next');
			ok((await page.$eval('.lightbox-img', i => i.getAttribute('src'))).includes('evil-1600.jpg'),
				`${how}: the Next button steps too`);
			ok(await page.$eval('.lightbox-next', b => b.disabled), `${how}: ... and is off at the last photo`);
			await page.keyboard.press('ArrowLeft');
			await page.keyboard.press('ArrowLeft');
			ok((await page.$eval('.lightbox-img', i => i.getAttribute('src'))).endsWith('photo-1600.jpg'),
				`${how}: the left arrow steps back`);
			if (how === 'http') {
				await page.addScriptTag({ content: axe });
				const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
				ok(result.violations.length === 0, 'axe finds nothing with the photo open',
					result.violations.map(v => `${v.id} (${v.impact}): ${v.help}\n` +
						v.nodes.slice(0, 5).map(n => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')).join('\n'));
			}
			await page.keyboard.press('Escape');
			ok(await page.$eval('dialog.lightbox', d => !d.open), `${how}: Escape closes it`);
			is(await page.evaluate(() => document.activeElement.className), 'photo-open', `${how}: ... and the focus is back on the photo`);
		}
		is(errors.join('\n'), '', 'no script error on any page');
		await context.close();
	} finally {
		await browser.close();
		await server.close();
	}
	done();
})();
