#!/usr/bin/env node
// The bulletin on paper: every issue of the example printed by
// `linli build --pdf` (Chromium) has exactly bulletin.pages A4 pages, its
// masthead, number and hotline on page 1, and every sentence of the lead
// story's excerpt somewhere in its columns (nothing lost where a column
// breaks). A month of 60 more activities still fits, saying how many were
// left out. The content budget (gen/bulletin_fit.c) is measured: no text
// takes more lines in Chromium than the budget gave it. The QR code
// decodes to the site's address.

const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

(async () => {
	const { TODAY, TOP, build, done, is, launch, linli, need, ok, skipAll, tempDir } = await import('./browser/lib.mjs');

	need({ browser: true });
	for (const tool of ['pdfinfo', 'pdftotext', 'pdftoppm', 'zbarimg'])
		if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
			skipAll(`${tool} not installed (apt-get install poppler-utils zbar-tools)`);

	const THEME = ['--theme', process.env.THEME || join(TOP, 'themes/default')];
	const run = (cmd, args) => {
		const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
		return r.status === 0 ? r.stdout : '';
	};
	const squash = (s) => s.replace(/\s+/g, '');
	const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'").replace(/&amp;/g, '&');
	const text = (html) => decode(html.replace(/<[^>]*>/g, ''));
	const site = readFileSync(join(TOP, 'content/site.yaml'), 'utf8');
	const PAGES = Number((site.match(/^bulletin:[\s\S]*?^\s+pages:\s*(\d+)/m) || [, 2])[1]);
	const HOTLINE = site.match(/^hotline:\s*"?([^"\n]+)"?/m)[1];

	// The PDF's text in reading order: page by page, the left column, then
	// the right (pdftotext crops in points at 72 dpi; A4 is 595 x 842),
	// above the page number in the bottom margin (from 800pt).
	// Page 1's columns begin under the masthead (12mm margin, 40mm + 4mm
	// of masthead: 159pt).
	function columns(pdf, page) {
		const y = page === 1 ? 159 : 0;
		return [[0, 298], [298, 297]].map(([x, w]) => run('pdftotext', ['-enc', 'UTF-8',
			'-f', String(page), '-l', String(page), '-x', String(x), '-y', String(y), '-W', String(w),
			'-H', String(800 - y), pdf, '-'])).join('\n');
	}

	// The HTML of sheet n (1-based) of an issue page.
	const sheetHtml = (html, n) => html.split('<article class="sheet').slice(1)[n - 1] || '';

	// Checks one printed issue; returns its text (all pages, squashed).
	function checkPaper(dir, name) {
		const pdf = join(dir, 'bulletin.pdf');
		const html = readFileSync(join(dir, 'index.html'), 'utf8');
		if (!ok(existsSync(pdf), `${name}: bulletin.pdf was printed`))
			return '';
		const info = run('pdfinfo', [pdf]);
		is(Number((info.match(/^Pages:\s+(\d+)/m) || [])[1]), PAGES, `${name}: exactly ${PAGES} pages`);
		const size = info.match(/^Page size:\s+([\d.]+) x ([\d.]+) pts/m) || [];
		ok(Math.abs(size[1] - 595) <= 1 && Math.abs(size[2] - 842) <= 1, `${name}: A4 (595 x 842 pt)`,
			`got ${size[1]} x ${size[2]}`);
		const page1 = squash(run('pdftotext', ['-enc', 'UTF-8', '-f', '1', '-l', '1', pdf, '-']));
		const title = text(html.match(/<h1 class="mast-title">([^<]*)</)[1]);
		const number = text(html.match(/<p class="mast-number">([^<]*)</)[1]);
		ok(page1.includes(squash(title)) && page1.includes(squash(number)) &&
			page1.includes(squash(HOTLINE)), `${name}: ${title}, ${number} and the hotline on page 1`);
		let all = '';
		const blank = [];
		for (let p = 1; p <= PAGES; p++) {
			const page = columns(pdf, p);
			// the page's own words (the crop leaves out its number)
			const words = squash(page);
			if (words.length === 0 || (p === PAGES && PAGES > 1 && !/<section class="part/.test(sheetHtml(html, p))))
				blank.push(p);
			all += page;
		}
		ok(blank.length === 0, `${name}: no page without content of its own`, `blank: ${blank.join(' ')}`);
		// Nothing relative on paper: a folder of the site (stories/x/) is
		// printed only inside a full address (https://host/stories/x/).
		const rel = /(^|[^\w.\/:%-])((stories|activities|bulletin|media|teams|categories|archive|tags)\/[\w%.-]+)/.exec(
			run('pdftotext', ['-enc', 'UTF-8', pdf, '-']));
		ok(!rel, `${name}: no relative path printed`, rel && rel[2]);
		all = squash(all);
		const lead = [...html.matchAll(/<div class="lead-body">([\s\S]*?)<\/div>/g)].map(m => text(m[1])).join('\n');
		const sentences = lead.split(/[。！？!?\n]/).map(squash).filter(s => s.length > 0);
		const lost = sentences.filter(s => !all.includes(s));
		if (sentences.length)
			ok(lost.length === 0, `${name}: all ${sentences.length} sentences of the lead story are in the PDF`,
				lost.join('\n'));
		return all;
	}

	// Every [data-lines] text measured in Chromium against the budget's lines
	// (lines counted from the text's line boxes, per column); no sheet's
	// columns overflow.
	async function checkBudget(browser, out, label) {
		const page = await browser.newPage();
		let total = 0;
		const over = [], overflow = [];
		for (const d of readdirSync(join(out, 'bulletin')).filter(d => /^\d{4}-/.test(d))) {
			await page.goto(`file://${join(out, 'bulletin', d, 'index.html')}`);
			const r = await page.evaluate(() => {
				const res = [];
				for (const el of document.querySelectorAll('[data-lines]')) {
					const lh = parseFloat(getComputedStyle(el).lineHeight);
					const cols = el.closest('.cols').getBoundingClientRect();
					const mid = cols.left + cols.width / 2;
					const ys = [[], []];
					const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
					for (let t; (t = walker.nextNode());) {
						if (!t.textContent.trim()) continue;
						const range = document.createRange();
						range.selectNodeContents(t);
						for (const q of range.getClientRects())
							if (q.width > 0) ys[q.left > mid ? 1 : 0].push(q.top + q.height / 2);
					}
					let got = 0;
					for (const col of ys) {
						col.sort((a, b) => a - b);
						col.forEach((y, i) => { if (i === 0 || y - col[i - 1] > lh / 2) got++; });
					}
					res.push({ est: Number(el.dataset.lines), got, text: el.textContent.trim().slice(0, 50) });
				}
				const overflow = [...document.querySelectorAll('.cols')].filter(c =>
					c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1).length;
				return { res, overflow };
			});
			total += r.res.length;
			for (const x of r.res)
				if (x.got > x.est)
					over.push(`${d}: budget ${x.est} lines, Chromium ${x.got}: ${x.text}`);
			if (r.overflow)
				overflow.push(d);
		}
		await page.close();
		ok(total > 0 && over.length === 0, `${label}: no text takes more lines than the budget gave it (${total} measured)`,
			over.join('\n'));
		ok(overflow.length === 0, `${label}: no sheet's columns overflow`, overflow.join(' '));
	}

	// --- every issue of the example ------------------------------------------------

	const out = build(undefined, ['--pdf', ...THEME]);
	const issues = readdirSync(join(out, 'bulletin')).filter(d => /^\d{4}-/.test(d)).sort();
	ok(issues.length > 20, `the example has ${issues.length} issues`);
	for (const d of issues)
		checkPaper(join(out, 'bulletin', d), d);
	ok(existsSync(join(out, 'bulletin/bulletin.pdf')) &&
		readFileSync(join(out, 'bulletin/bulletin.pdf')).equals(
			readFileSync(join(out, 'bulletin', issues.at(-1), 'bulletin.pdf'))),
		'bulletin/bulletin.pdf is the newest issue');

	// --pdf prints only pages whose bytes changed: built again unchanged
	// with a Chromium that cannot start, nothing needs printing and every
	// PDF is the same; with one activity changed, its month's issue does.
	const noChromium = { env: { ...process.env, TZ: 'UTC', LC_ALL: 'C', LINLI_CHROMIUM: join(tempDir(), 'none') } };
	const pdfs = dir => readdirSync(dir, { recursive: true }).filter(f => f.endsWith('.pdf')).sort();
	const before = Object.fromEntries(pdfs(out).map(f => [f, readFileSync(join(out, f))]));
	let r = linli(['build', '-q', '-C', join(TOP, 'content'), '-o', out, '--today', TODAY, '--pdf', ...THEME], noChromium);
	ok(r.status === 0, 'rebuilt with nothing changed, --pdf needs no Chromium: every page keeps its PDF', r.stderr);
	ok(pdfs(out).length === Object.keys(before).length && pdfs(out).every(f => before[f] && before[f].equals(readFileSync(join(out, f)))),
		`and all ${Object.keys(before).length} PDFs are the same`);
	const changed = join(tempDir(), 'content');
	cpSync(join(TOP, 'content'), changed, { recursive: true });
	const acts = join(changed, 'activities/2026/07-09.yaml');
	writeFileSync(acts, readFileSync(acts, 'utf8').replace(/^(  participants: )(\d+)/m, (m, k, n) => k + (Number(n) + 1)));
	r = linli(['build', '-q', '-C', changed, '-o', out, '--today', TODAY, '--pdf', ...THEME], noChromium);
	ok(r.status !== 0 && /bulletin\/2026-0[789]\/bulletin\.pdf/.test(r.stderr) && !/2025-/.test(r.stderr),
		'with one activity changed, only its pages need printing (its month\'s issue, its year\'s report)', r.stderr);

	// The QR code on the last page decodes to the site's address.
	const png = join(tempDir(), 'qr');
	run('pdftoppm', ['-r', '150', '-png', '-f', String(PAGES), '-l', String(PAGES), '-singlefile',
		join(out, 'bulletin/2026-11/bulletin.pdf'), png]);
	is(run('zbarimg', ['--quiet', `${png}.png`]).trim(), 'QR-Code:https://xingfuli.example.org/',
		'the QR code decodes to the site\'s address (base_url)');

	const browser = await launch();
	await checkBudget(browser, out, 'the example');

	// --- a quarterly tree in Traditional Chinese --------------------------------
	// Quarters gather three months: the fitting is at its fullest there.
	const quarterly = join(tempDir(), 'content');
	cpSync(join(TOP, 'content'), quarterly, { recursive: true });
	writeFileSync(join(quarterly, 'site.yaml'), site.replace(/^language: .*$/m, 'language: zh-TW')
		.replace(/^(\s+)period: month$/m, '$1period: quarter'));
	const outQ = build(quarterly, ['--pdf', ...THEME]);
	const quarters = readdirSync(join(outQ, 'bulletin')).filter(d => /^\d{4}-q\d$/.test(d)).sort();
	ok(quarters.length >= 7, `the quarterly tree has ${quarters.length} issues`);
	for (const d of quarters)
		checkPaper(join(outQ, 'bulletin', d), `zh-TW ${d}`);
	await checkBudget(browser, outQ, 'the quarterly tree');

	// --- a month of 60 more activities ---------------------------------------------

	const big = join(tempDir(), 'content');
	cpSync(join(TOP, 'content'), big, { recursive: true });
	const places = ['新党群服务中心多功能厅', '社区广场', '幸福里小区 7 栋架空层', '社区卫生服务站'];
	let yaml = '# 60 activities in November 2026 with long titles\n';
	for (let i = 0; i < 60; i++) {
		yaml += `- id: 2026-11-many-${i}\n` +
			`  title: 第${i + 1}场楼栋邻里互助议事暨垃圾分类宣传与志愿服务积分兑换（${i % 9 + 1} 栋）\n` +
			`  date: 2026-11-${String(1 + i % 24).padStart(2, '0')}\n` +
			`  time: "${String(8 + i % 10).padStart(2, '0')}:30-11:30"\n` +
			`  location: ${places[i % places.length]}\n` +
			`  teams: [anju]\n  category: 邻里互助\n` +
			`  participants: ${20 + (i * 37) % 200}\n  volunteers: ${3 + i % 9}\n  hours: ${4 + i % 11}\n` +
			`  summary: 居民代表和志愿者一起商量楼道堆物、电动车充电和绿化维护，第 ${i + 1} 场共收集意见 ${10 + i} 条。\n`;
	}
	writeFileSync(join(big, 'activities/2026/many.yaml'), yaml);
	const out60 = build(big, ['--pdf', ...THEME]);
	const dir60 = join(out60, 'bulletin/2026-11');
	const html60 = readFileSync(join(dir60, 'index.html'), 'utf8');
	const recap = html60.split('<section class="part part-').filter(s => s.startsWith('recap"')).join('');
	const shown = (recap.match(/<li class="item">/g) || []).length;
	const left = 65 - shown; // the example's 5 done in November and the 60
	ok(shown > 0 && left > 0, `60 more activities: the recap lists ${shown} of 65`);
	ok(html60.includes(`及其他${left}项活动`), `and says 及其他${left}项活动 in the HTML`);
	const all60 = checkPaper(dir60, '2026-11 with 60 more');
	ok(all60.includes(`及其他${left}项活动`), `and in the PDF`);
	const kept = [...recap.matchAll(/参与 (\d+) 人/g)].map(m => Number(m[1]));
	const everyone = [180, 260, 64, 26, 85, ...[...yaml.matchAll(/participants: (\d+)/g)].map(m => Number(m[1]))]
		.sort((a, b) => b - a);
	ok(kept.length === shown && Math.min(...kept) >= everyone[shown],
		'the recap keeps the most attended activities', `kept ${kept.join(' ')}; best left out ${everyone[shown]}`);
	await checkBudget(browser, out60, '60 more activities');
	await browser.close();
	done();
})();
