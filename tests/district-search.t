#!/usr/bin/env node
// linli district's one search over all communities (search/ of OUT), in
// Chromium, from file:// and over HTTP:
//  - for every query, the district finds as many records as the
//    communities' own searches together, and each result names its
//    community and links into c/SLUG/ to a page that exists;
//  - limited to one community, it finds exactly what that community's own
//    search finds;
//  - Traditional and Simplified characters find each other across
//    communities; the page passes vnu and axe with results shown;
//  - a community's site damaged in out/ is built again; one whose index
//    cannot be read (kept with --keep-going) is left out with a warning.
// (CommonJS, since node runs a .t file as such; the helpers are ESM.)
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

(async () => {
	const { axeSource, done, launch, linli, makeDistrict, need, ok, serve, tempDir, TODAY, vnuJar } = await import('./browser/lib.mjs');
	need({ browser: true, java: true });
	const d = makeDistrict({ one: 150, two: 90 });
	const out = join(tempDir(), 'out');
	const r = linli(['district', '-q', '-C', d, '-o', out, '--today', TODAY]);
	ok(r.status === 0, 'the district builds', r.stderr);
	if (r.status !== 0) { done(); return; }
	ok(existsSync(join(out, 'search/index.html')) && existsSync(join(out, 'search/meta.js')),
		'the district has search/index.html and its index');
	const slugs = ['xingfuli', 'one', 'two'];

	// The merged records: newest first across communities, as many as the
	// communities' own, each once.
	function records(dir) {
		const rows = [];
		const S = { docs: (n, r) => { rows[n] = r; }, shard() {} };
		const info = readFileSync(join(dir, 'search/meta.js'), 'utf8');
		const meta = new Function('window', info + '; return window.linliSearch.info;')({});
		for (let k = 0; k * meta.chunk < meta.count; k++)
			new Function('linliSearch', readFileSync(join(dir, `search/d/${k}.js`), 'utf8'))(S);
		return { meta, rows: rows.flat() };
	}
	const merged = records(out);
	const own = slugs.map(s => records(join(out, 'c', s)));
	ok(merged.rows.length === merged.meta.count &&
		merged.meta.count === own.reduce((n, o) => n + o.meta.count, 0),
		`the district holds ${merged.meta.count} records, the communities' together`);
	const order = merged.rows.every((r, i) => i === 0 || merged.rows[i - 1][3] >= r[3]);
	ok(order, 'records are numbered newest first across the communities');
	const urls = new Set(merged.rows.map(r => r[2]));
	const want = own.flatMap((o, i) => o.rows.map(r => `c/${slugs[i]}/${r[2]}`));
	ok(urls.size === merged.rows.length && want.every(u => urls.has(u)),
		'every community record is in the district once, its link under c/SLUG/');
	ok(merged.meta.sources.map(x => x.slug).join() === slugs.join(),
		'meta.js names the communities in district.yaml\'s order');
	const names = { xingfuli: '幸福里社区', one: '社区one', two: '社区two' };

	const server = await serve(out);
	const browser = await launch();
	const axe = axeSource();
	try {
		const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
		const errors = [];
		page.on('pageerror', e => errors.push(String(e)));

		// Types q (limited to community c, if given) and waits for the
		// answer: {count, results: [{href, meta}]} of the first page.
		async function ask(url, q, c) {
			await page.goto(url);
			await page.waitForFunction(() => window.linliSearch && window.linliSearch.ready);
			if (c !== undefined) await page.selectOption('#search-where', c);
			await page.fill('#search-q', '');
			await page.type('#search-q', q);
			await page.waitForFunction(q => document.getElementById('search-results').getAttribute('data-query') === q &&
				window.linliSearch.last && window.linliSearch.last.query === q, q);
			return page.evaluate(() => ({
				count: window.linliSearch.last.count,
				results: [...document.querySelectorAll('#search-results > li')].map(li => ({
					href: li.querySelector('a').getAttribute('href'),
					title: li.querySelector('a').textContent,
					meta: li.querySelector('.search-meta').textContent,
				})),
			}));
		}

		const queries = ['义诊', '調解', 'yoga', '段简', '2020年5月', '志愿服务队'];
		for (const [how, base] of [['HTTP', server.url], ['file://', pathToFileURL(out).href + '/']]) {
			for (const q of queries) {
				const own = {};
				for (const s of slugs) own[s] = (await ask(`${base}c/${s}/search/index.html`, q)).count;
				const sum = slugs.reduce((n, s) => n + own[s], 0);
				const all = await ask(`${base}search/index.html`, q);
				ok(all.count === sum && sum > 0, `${how} "${q}": the district finds ${all.count}, the communities ${JSON.stringify(own)}`);
				const wrong = all.results.filter(x => {
					const m = /^\.\.\/c\/([a-z0-9_-]+)\//.exec(x.href);
					return !m || !x.meta.includes(names[m[1]]) ||
						!existsSync(join(out, decodeURIComponent(x.href.slice(3).split('?')[0])));
				});
				ok(all.results.length > 0 && wrong.length === 0,
					`${how} "${q}": every result names its community and links to a page of its site`,
					JSON.stringify(wrong.slice(0, 3)));
				if (how === 'file://') continue;
				for (const s of slugs) {
					const one = await ask(`${base}search/index.html`, q, s);
					ok(one.count === own[s] && one.results.every(x => x.href.startsWith(`../c/${s}/`)),
						`"${q}" in ${s} only: ${one.count} results, as its own search (${own[s]})`);
				}
			}
		}

		// both scripts of 义诊 across communities: the example writes 义诊,
		// the generated ones 社區義診 too
		const trad = await ask(server.url + 'search/index.html', '義診');
		const simp = await ask(server.url + 'search/index.html', '义诊');
		ok(trad.count === simp.count && new Set(trad.results.map(x => x.href.split('/')[2])).size >= 2,
			`義診 and 义诊 find the same ${simp.count} records, in more than one community`);

		// a result opens the community's page
		const first = simp.results[0];
		await page.click('#search-results > li a');
		await page.waitForLoadState();
		ok(page.url().includes('/c/') && (await page.title()).includes(first.title.slice(0, 4)),
			`the first result opens ${first.href}`, page.url());

		// the address keeps the search: Back shows the same one, choice and all
		const limited = await ask(server.url + 'search/index.html', '义诊', 'one');
		ok(/[?&]q=%E4%B9%89%E8%AF%8A/.test(page.url()) && /[?&]c=one/.test(page.url()),
			'the address holds the query and the community', page.url());
		await page.click('#search-results > li a');
		await page.waitForLoadState();
		await page.goBack();
		await page.waitForFunction(() => window.linliSearch && window.linliSearch.last &&
			document.getElementById('search-results').getAttribute('data-query') === '义诊');
		const after = await page.evaluate(() => ({ where: document.getElementById('search-where').value,
			count: window.linliSearch.last.count,
			hrefs: [...document.querySelectorAll('#search-results > li a')].map(a => a.getAttribute('href')) }));
		ok(after.where === 'one' && after.count === limited.count && after.hrefs.every(h => h.startsWith('../c/one/')),
			`after Back: still 社区one only, ${after.count} results`, JSON.stringify(after).slice(0, 300));

		// the page with results: axe and vnu
		await ask(server.url + 'search/index.html', '义诊');
		await page.addScriptTag({ content: axe });
		const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
		const bad = result.violations.filter(x => x.impact === 'serious' || x.impact === 'critical');
		ok(bad.length === 0, 'the district search page with results: no serious or critical axe violation',
			bad.map(x => `${x.id}: ${x.help}`).join('\n'));
		const shown = join(tempDir(), 'shown.html');
		writeFileSync(shown, '<!doctype html>\n' + await page.evaluate(() => {
			document.querySelectorAll('script').forEach(s => s.remove());
			return document.documentElement.outerHTML;
		}));
		const v = spawnSync('java', ['-Xss8m', '-jar', vnuJar(), '--errors-only', '--format', 'gnu',
			join(out, 'search/index.html'), shown], { encoding: 'utf8' });
		ok(v.status === 0, 'vnu: the search page, and as shown with results, have no error', v.stderr + v.stdout);
		ok(errors.length === 0, 'no script error on any page', errors.join('\n'));

		// A file of a community's site damaged or removed by hand in out/:
		// the community is built again, whole.
		writeFileSync(join(out, 'c/one/search/d/0.js'), 'linliSearch.docs(0,[[0,"cut');
		rmSync(join(out, 'c/two/stories'), { recursive: true });
		const again = linli(['district', '-C', d, '-o', out, '--today', TODAY]);
		const mended = await ask(server.url + 'search/index.html', '义诊');
		ok(again.status === 0 && /2 built|生成 2 个/.test(again.stdout) && mended.count === simp.count &&
			existsSync(join(out, 'c/two/stories/index.html')),
			`damaged sites in out/ are noticed and built again (${mended.count} results)`,
			again.stdout + again.stderr);
		// A community kept with --keep-going (its content broken) whose
		// index is damaged: the district's search leaves it out with a
		// warning, keeps the others, and has it back once it builds.
		writeFileSync(join(out, 'c/one/search/d/0.js'), 'linliSearch.docs(0,[[0,"cut');
		const yml = join(d, 'one/content/activities/broken.yaml');
		writeFileSync(yml, '- title: [\n');
		const kept = linli(['district', '-q', '--keep-going', '-C', d, '-o', out, '--today', TODAY]);
		ok(kept.status === 1 && /c\/one\/search\/d\/0\.js: warning: .*社区one/.test(kept.stderr),
			'an unreadable index of a kept community is a warning that names it', kept.stderr);
		const left = await ask(server.url + 'search/index.html', '义诊');
		ok(left.count > 0 && left.results.every(x => !x.href.startsWith('../c/one/')),
			`the district's search leaves it out and keeps the others (${left.count} results)`);
		rmSync(yml);
		const third = linli(['district', '-q', '-C', d, '-o', out, '--today', TODAY]);
		const back = await ask(server.url + 'search/index.html', '义诊');
		ok(third.status === 0 && !/warning/.test(third.stderr) && back.count === simp.count,
			`fixed, it is built again and the search finds all ${simp.count} again`,
			third.stderr + ` (${back.count})`);
	} finally {
		await browser.close();
		await server.close();
	}
	done();
})();
