#!/usr/bin/env node
// A yearly report in Chromium: on screen, axe-core finds no serious or
// critical violation, nothing scrolls sideways and every chart is an SVG
// with role="img" named by its own <title>; printed (page.pdf with the
// page's own @page size, as linli build --pdf does), it is A4, page 1 is the
// cover (the community and the year, nothing of the sections), every
// section starts a page, pages from 2 on are numbered, and no chart is cut
// across two pages. With ARCHIVE_PNG=DIR the pages are also written there
// as PNG (pdftoppm -r 50) to look at.
// (CommonJS, since node runs a .t file as such; the helpers are ESM.)

(async () => {
	const { spawnSync } = require('node:child_process');
	const { cpSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
	const { join } = require('node:path');
	const { TOP, axeSource, build, diag, done, is, launch, need, ok, serve, tempDir, vnuJar } =
		await import('./browser/lib.mjs');
	need({ browser: true });
	for (const tool of ['pdfinfo', 'pdftotext'])
		if (spawnSync(tool, ['-v']).error) {
			console.log(`1..0 # SKIP ${tool} not installed (apt-get install poppler-utils)`);
			return;
		}
	// ARCHIVE_THEME: another theme folder to build with (while developing).
	const themeArgs = process.env.ARCHIVE_THEME ? ['--theme', process.env.ARCHIVE_THEME] : [];
	const out = build(undefined, themeArgs);
	const year = 2026;
	const path = `archive/${year}/index.html`;
	const html = readFileSync(join(out, path), 'utf8');
	const community = /<p class="cover-community">([^<]*)<\/p>/.exec(html)[1];
	const server = await serve(out);
	const browser = await launch();
	const pdf = join(tempDir(), 'report.pdf');

	// The text of each page of the PDF, as pdftotext reads it.
	const pageText = (file, n) => spawnSync('pdftotext', ['-f', String(n), '-l', String(n),
		'-layout', file, '-'], { encoding: 'utf8' }).stdout;
	const squeeze = s => s.replace(/\s+/g, '');
	const unescape = s => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'").replace(/&amp;/g, '&');

	// The HTML checker, where Java is installed (the site's tests need it).
	if (spawnSync('java', ['-version']).status === 0) {
		const files = ['archive/index.html', ...['2025', '2026'].map(y => `archive/${y}/index.html`)];
		const r = spawnSync('java', ['-jar', vnuJar(), '--errors-only', ...files.map(f => join(out, f))],
			{ encoding: 'utf8' });
		ok(r.status === 0, 'the archive pages are valid HTML (vnu)', r.stderr);
	}

	try {
		// --- on screen --------------------------------------------------
		for (const [width, height] of [[390, 844], [1280, 800]]) {
			const page = await browser.newPage({ viewport: { width, height } });
			const res = await page.goto(server.url + path);
			ok(res && res.status() === 200, `${path} at ${width}px loads`);
			await page.addScriptTag({ content: axeSource() });
			const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
			const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
			ok(bad.length === 0, `${width}px: no serious or critical axe violation`,
				bad.map(v => `${v.id}: ${v.help} ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`).join('\n'));
			const sw = await page.evaluate(() => document.documentElement.scrollWidth);
			ok(sw <= width, `${width}px: nothing scrolls sideways (${sw}px)`);
			const charts = await page.evaluate(() => [...document.querySelectorAll('figure.chart')].map(f => {
				const svg = f.querySelector('svg');
				const id = svg && svg.getAttribute('aria-labelledby');
				const title = id && document.getElementById(id);
				const next = f.nextElementSibling;
				return {
					role: svg && svg.getAttribute('role'),
					title: title && title.tagName.toLowerCase() === 'title' && title.textContent,
					caption: f.querySelector('figcaption').textContent,
					table: !!(next && (next.tagName === 'TABLE' || next.tagName === 'FIGURE')),
					w: svg && svg.getBoundingClientRect().width,
				};
			}));
			is(charts.length, 4, `${width}px: four charts`);
			ok(charts.every(c => c.role === 'img' && c.title && c.title === c.caption),
				`${width}px: every chart is role=img, named by its <title>, which its caption repeats`,
				JSON.stringify(charts));
			ok(charts.every(c => c.table), `${width}px: a table or the next chart follows every chart`);
			ok(charts.every(c => c.w > 0 && c.w <= width), `${width}px: the charts fit the width`,
				JSON.stringify(charts.map(c => c.w)));
			await page.close();
		}

		// --- printed ----------------------------------------------------
		const page = await browser.newPage();
		await page.goto(server.url + path);
		await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
		await page.close();
	} finally {
		await browser.close();
		await server.close();
	}

	// The checks of one printed report; name says which. The report used
	// to print each section on a page of its own: 8 pages for 2026.
	const BEFORE = 8;
	const checkPdf = (name, pdf, html) => {
		const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
		ok(/Page size:.*\(A4\)/.test(info), `${name}: A4`, info);
		const pages = +/Pages:\s+(\d+)/.exec(info)[1];
		ok(pages < BEFORE, `${name}: it flows as one document, on fewer pages than the ${BEFORE} of a page per section (${pages})`);
		const texts = [], raw = [];
		for (let i = 1; i <= pages; i++) {
			texts.push(pageText(pdf, i));
			raw.push(spawnSync('pdftotext', ['-f', String(i), '-l', String(i), pdf, '-'],
				{ encoding: 'utf8' }).stdout);
		}
		// in reading order (not -layout), so that a title wrapped in its
		// cell reads whole
		const all = squeeze(spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout);

		const headings = [...html.matchAll(/<h2 id="([a-z]+)-h">([^<]*)<\/h2>/g)]
			.filter(m => m[1] !== 'toc').map(m => ({ id: m[1], text: unescape(m[2]) }));
		ok(headings.length >= 7, `${name}: the report has its sections (${headings.map(h => h.id).join(' ')})`);
		const cover = squeeze(texts[0]);
		ok(cover.includes(squeeze(community)) && cover.includes(String(year)),
			`${name}: page 1 shows the community and the year`, texts[0]);
		for (const h of headings) {
			const at = texts.findIndex(t => squeeze(t).includes(squeeze(h.text)));
			const after = at < 0 ? '' : squeeze(texts[at]).split(squeeze(h.text))[1].replace(/第\d+页$|Page\d+$/, '');
			ok(at >= 0 && after.length > 0, `${name}: section ${h.id} is printed, its heading not alone at the foot of page ${at + 1}`);
		}
		const unnumbered = [];
		for (let i = 0; i < pages; i++)
			if (!new RegExp(`(第\\s*${i + 1}\\s*页|Page ${i + 1})\\s*$`).test(texts[i].trimEnd()))
				unnumbered.push(i + 1);
		ok(unnumbered.length === 0, `${name}: every page ends with its number`, unnumbered.join(' '));

		// A chart is cut when what it draws last (its last label) is not on the
		// page of its caption, after the caption.
		const figures = [...html.matchAll(/<figure class="chart" id="([^"]+)">\s*<figcaption[^>]*>([^<]*)<\/figcaption>([\s\S]*?)<\/figure>/g)];
		is(figures.length, 4, `${name}: four charts in the page`);
		for (const [, id, caption, svg] of figures) {
			const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(m => unescape(m[1]));
			const last = labels[labels.length - 1];
			const at = raw.findIndex(t => squeeze(t).includes(squeeze(unescape(caption))));
			const rest = at < 0 ? '' : squeeze(raw[at]).split(squeeze(unescape(caption)))[1];
			ok(at >= 0 && rest.includes(squeeze(last)),
				`${name}: ${id}: its caption and its last label (${last}) are on one page (${at + 1})`);
			const missing = labels.filter(l => !rest.includes(squeeze(l)));
			ok(missing.length === 0, `${name}: ${id}: every label of it is on that page`, missing.join(' '));
		}
		// A table is whole when its caption and its last row are on one page
		// (the list of the year's activities, longer than a page, excepted).
		const tables = [...html.matchAll(/<table class="figures">\s*<caption>([^<]*)<\/caption>([\s\S]*?)<\/table>/g)];
		ok(tables.length >= 3, `${name}: ${tables.length} tables with captions`);
		for (const [, caption, body] of tables) {
			const rows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)];
			const lastRow = unescape(rows[rows.length - 1][1].replace(/<[^>]*>/g, ' '));
			const c = squeeze(unescape(caption));
			const at = texts.findIndex(t => squeeze(t).includes(c));
			const page = at < 0 ? '' : squeeze(texts[at]);
			const rest = page.slice(page.lastIndexOf(c) + c.length); // a chart's caption may begin the same
			ok(at >= 0 && rest.includes(squeeze(lastRow)), `${name}: the table "${unescape(caption)}" is whole on page ${at + 1}`);
		}
		// Every activity held in the year, as many as the report counts.
		const list = /<table class="figures activity-list">([\s\S]*?)<\/table>/.exec(html);
		const titles = list ? [...list[1].matchAll(/<th scope="row"><a [^>]*>([^<]*)<\/a>/g)].map(m => unescape(m[1])) : [];
		const figures2 = JSON.parse(readFileSync(join(out, `archive/${year}/figures.json`), 'utf8'));
		const held = figures2.sections.total.find(t => t.key === 'activities').value;
		is(titles.length, held, `${name}: the list of the year's activities has every one of the ${held} held`);
		// a title wrapped in its cell reads with the rest of its row between
		// its lines: its characters in order, at most a row's width apart
		const esc = c => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		const printed = t => new RegExp([...squeeze(t)].map(esc).join('[\\s\\S]{0,80}?')).test(all);
		const unlisted = titles.filter(t => !printed(t));
		ok(titles.length > 0 && unlisted.length === 0, `${name}: and every one is printed`, unlisted.join('\n'));
		return texts.join('\n');
	};
	checkPdf('page.pdf', pdf, html);
	if (process.env.ARCHIVE_PDF) {
		// linli build --pdf: slow (every bulletin and report), so on demand
		const withPdf = build(undefined, ['--pdf', ...themeArgs]);
		checkPdf('linli build --pdf', join(withPdf, `archive/${year}/report.pdf`), html);
	}

	// --- in English: no full-width punctuation from the theme ------------
	// The theme's English words have none, and none is put between them
	// (a label and its value, an issuer and a date): in the printed English
	// report no full-width mark follows a Latin letter or precedes one, as
	// "Address：" would. The records themselves are in Chinese.
	const FULL = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]/;
	const enDir = join(TOP, 'themes/default/strings/en');
	const enBad = readdirSync(enDir).filter(f => FULL.test(readFileSync(join(enDir, f), 'utf8')));
	ok(enBad.length === 0, 'the theme\'s English strings hold no full-width punctuation', enBad.join(' '));
	const en = join(tempDir(), 'content');
	cpSync(join(TOP, 'content'), en, { recursive: true });
	writeFileSync(join(en, 'site.yaml'), readFileSync(join(en, 'site.yaml'), 'utf8').replace(/^language: .*$/m, 'language: en'));
	const enOut = build(en, themeArgs);
	const enPdf = join(tempDir(), 'report-en.pdf');
	{
		const b = await launch();
		const p = await b.newPage();
		await p.goto(`file://${join(enOut, path)}`);
		await p.pdf({ path: enPdf, preferCSSPageSize: true, printBackground: true });
		await b.close();
	}
	const enText = spawnSync('pdftotext', ['-layout', enPdf, '-'], { encoding: 'utf8' }).stdout;
	const glued = enText.split('\n').filter(l => /[A-Za-z][ ]?[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]|[\uff1a\u3001\uff0c][ ]?[A-Za-z]/.test(l));
	ok(enText.includes('Page 1') && glued.length === 0, 'the English report: no full-width punctuation beside the theme\'s words',
		glued.join('\n'));
	ok(!/\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b/.test(enText), 'and no weekday in its dates', '');
	const enHtml = readFileSync(join(enOut, path), 'utf8');
	checkPdf('en', enPdf, enHtml);

	if (process.env.ARCHIVE_PNG) {
		const r = spawnSync('pdftoppm', ['-r', '50', '-png', pdf, join(process.env.ARCHIVE_PNG, `report-${year}`)]);
		diag(`pages as PNG in ${process.env.ARCHIVE_PNG} (status ${r.status})`);
	}
	done();
})();
