#!/usr/bin/env node
// linli serve in Chromium: a page left open reloads by itself when the
// content changes, shows the error banner (visible, at the top) when a save
// breaks the content, and loses it when the next save fixes it.
// (CommonJS, since node runs a .t file as such; the helpers are ESM.)

(async () => {
	const { TOP, TODAY, LINLI, done, launch, need, ok, tempDir } = await import('./browser/lib.mjs');
	const { spawn } = require('node:child_process');
	const fs = require('node:fs');
	const path = require('node:path');
	need({ browser: true });

	const site = tempDir('linli-serve-');
	fs.cpSync(path.join(TOP, 'content'), path.join(site, 'content'), { recursive: true });
	const act = path.join(site, 'content/activities/2026/10-11.yaml');
	const good = fs.readFileSync(act, 'utf8');
	// Servers bind 127.0.0.1 and die with the test, however it ends.
	const server = spawn(LINLI, ['serve', '-C', 'content', '-o', 'out', '-p', '0', '--today', TODAY,
		'--theme', path.join(TOP, 'themes/default')],
		{ cwd: site, env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
	process.on('exit', () => server.kill());
	let log = '', errlog = '';
	server.stderr.on('data', d => { errlog += d; });
	const url = await new Promise((resolve, reject) => {
		server.stdout.on('data', d => {
			log += d;
			const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(log);
			if (m) resolve(m[0]);
		});
		server.on('exit', () => reject(new Error(`serve exited: ${errlog}`)));
	});
	ok(true, `serve listens at ${url}`);

	const save = text => {
		const tmp = act + '.tmp';
		fs.writeFileSync(tmp, text);
		fs.renameSync(tmp, act); // as an editor saves
	};
	const browser = await launch();
	try {
		const page = await browser.newPage();
		await page.goto(url + 'activities/2026-10-chongyang/');
		ok((await page.textContent('h1')).includes('重阳节长者集体生日会'), 'the activity page is open');
		// A mark that only survives while the page is not reloaded.
		await page.evaluate(() => { window.notReloaded = true; });
		await page.waitForFunction(() => performance.getEntriesByType('resource')
			.some(e => e.name.includes('/__linli/events')), null, { timeout: 5000 }).catch(() => {});

		let reloaded = page.waitForEvent('load', { timeout: 10000 });
		save(good.replace('title: 重阳节长者集体生日会', 'title: 浏览器里看到的新标题'));
		await reloaded;
		ok(await page.evaluate(() => window.notReloaded === undefined), 'the page reloaded by itself');
		ok((await page.textContent('h1')).includes('浏览器里看到的新标题'), 'and shows the new title');
		ok(await page.locator('#linli-serve-error').count() === 0, 'with no error banner');

		reloaded = page.waitForEvent('load', { timeout: 10000 });
		save(good.replace('title: 重阳节长者集体生日会', 'title: [没有闭合'));
		await reloaded;
		const banner = page.locator('#linli-serve-error');
		ok(await banner.isVisible(), 'a broken save shows the error banner');
		const text = await banner.textContent();
		ok(/10-11\.yaml:2:\d+: error:/.test(text), 'naming the file, line and column', text);
		const box = await banner.boundingBox();
		ok(box && box.y < 5 && box.height > 40, 'at the top of the page', JSON.stringify(box));
		if (process.env.SERVE_SCREENSHOT)
			await page.screenshot({ path: process.env.SERVE_SCREENSHOT });
		ok((await page.textContent('h1')).includes('浏览器里看到的新标题'), 'over the last good page');

		reloaded = page.waitForEvent('load', { timeout: 10000 });
		save(good);
		await reloaded;
		ok(await page.locator('#linli-serve-error').count() === 0, 'the next good save takes the banner away');
		ok((await page.textContent('h1')).includes('重阳节长者集体生日会'), 'and the page shows the content as saved');
	} catch (e) {
		ok(false, 'the browser session', e.stack);
	} finally {
		await browser.close();
	}
	const exited = new Promise(r => server.on('exit', (code, sig) => r({ code, sig })));
	server.kill();
	const { code } = await exited;
	ok(code === 0, `serve stops cleanly on SIGTERM (exit ${code})`);
	ok(!/AddressSanitizer|runtime error/.test(errlog), 'no sanitizer report', errlog);
	done();
})();
