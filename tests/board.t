#!/usr/bin/env node
// The noticeboard screen (out/board/index.html) in Chromium: every slide at
// three screen sizes, upcoming activities and notices judged by the screen's
// clock, reloading after a rebuild, surviving a dead server, the QR code.
// Time is Playwright's fake clock: nothing here waits for real seconds.
// (CommonJS, since node runs a .t file as such; the helpers are ESM.)
const { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

(async () => {
const { TOP, TODAY, build, diag, done, is, launch, linli, need, ok, serve, tempDir } = await import('./browser/lib.mjs');

need({ browser: true });

// Screenshots of every slide, to look at: BOARD_SHOTS=DIR keeps them.
const SHOTS = process.env.BOARD_SHOTS || join(tempDir(), 'shots');
const START = '2026-11-25T09:00:00+08:00'; // the example's today, in its zone
const at = s => new Date(s).getTime();

const out = build();
const srv = await serve(out);
const browser = await launch();
mkdirSync(SHOTS, { recursive: true });

// A page at url with the fake clock paused at `time`; errors collected.
async function open(url, { width = 1920, height = 1080, time = START, motion = 'reduce', base = srv.url } = {}) {
	const context = await browser.newContext({ viewport: { width, height }, reducedMotion: motion,
		timezoneId: 'Asia/Shanghai' });
	const page = await context.newPage();
	const errors = [], requests = [];
	page.on('console', m => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
	page.on('pageerror', e => errors.push(`pageerror: ${e.message}`));
	page.on('request', r => requests.push(r.url()));
	// Installed a little earlier, then paused at `time`: the clock flows
	// until paused, and pausing can only go forward.
	await page.clock.install({ time: at(time) - 60 * 1000 });
	await page.clock.pauseAt(at(time));
	await page.goto(base + url);
	return { page, context, errors, requests };
}

// Waits (in real time, briefly) until the page has finished n polls of
// build.json, successful or not; the fake clock has already fired them.
async function polled(page, n) {
	for (let i = 0; i < 100; i++) {
		try {
			if (await page.evaluate(k => window.linliBoard.state.polls >= k, n)) return true;
		} catch { /* navigating */ }
		await new Promise(r => setTimeout(r, 50));
	}
	return false;
}

const active = page => page.evaluate(() => {
	const s = document.querySelector('.slide.is-active');
	return s ? { kind: s.dataset.kind, index: +s.dataset.index, text: s.innerText } : null;
});
const seconds = page => page.evaluate(() =>
	JSON.parse(document.getElementById('board-data').textContent).seconds);

// What a person sees on the current slide: every text element (an element
// with text of its own) and image of the slide, the bar and the ticker,
// with its box, font size and contrast against what lies behind it.
const measure = page => page.evaluate(() => {
	const parse = c => (c.match(/[\d.]+/g) || []).map(Number);
	const lum = ([r, g, b]) => {
		const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
		return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
	};
	const background = e => {
		for (; e; e = e.parentElement) {
			const c = parse(getComputedStyle(e).backgroundColor);
			if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
		}
		return [255, 255, 255];
	};
	const roots = [document.querySelector('.slide.is-active'), document.querySelector('.bar'),
		document.getElementById('ticker')];
	const items = [];
	for (const root of roots) {
		if (!root) continue;
		for (const e of [root, ...root.querySelectorAll('*')]) {
			const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
			const st = getComputedStyle(e);
			if ((!own && e.tagName !== 'IMG') || st.visibility !== 'visible' || !e.getClientRects().length)
				continue;
			const r = e.getBoundingClientRect();
			if (r.width < 1 || r.height < 1) continue;
			const fg = lum(parse(st.color)), bg = lum(background(e));
			items.push({ el: e, tag: e.tagName, cls: e.className, text: e.textContent.trim().slice(0, 30),
				box: [r.left, r.top, r.right, r.bottom], font: parseFloat(st.fontSize),
				contrast: e.tagName === 'IMG' ? 99 : (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) });
		}
	}
	const problems = [], short = Math.min(innerWidth, innerHeight), min = 0.035 * short - 0.01;
	const name = i => `${i.tag}.${i.cls} "${i.text}"`;
	for (const i of items) {
		const [l, t, r, b] = i.box;
		if (l < -0.5 || t < -0.5 || r > innerWidth + 0.5 || b > innerHeight + 0.5)
			problems.push(`${name(i)} leaves the screen: ${i.box.map(Math.round)}`);
		if (i.tag !== 'IMG' && i.font < min)
			problems.push(`${name(i)} font ${i.font.toFixed(1)}px < ${min.toFixed(1)}px`);
		if (i.contrast < 7)
			problems.push(`${name(i)} contrast ${i.contrast.toFixed(2)} < 7`);
	}
	for (let a = 0; a < items.length; a++)
		for (let b = a + 1; b < items.length; b++) {
			const A = items[a], B = items[b];
			if (A.el.contains(B.el) || B.el.contains(A.el)) continue;
			const w = Math.min(A.box[2], B.box[2]) - Math.max(A.box[0], B.box[0]);
			const h = Math.min(A.box[3], B.box[3]) - Math.max(A.box[1], B.box[1]);
			if (w > 0.5 && h > 0.5) problems.push(`${name(A)} overlaps ${name(B)}`);
		}
	return { count: items.length, problems };
});

// --- every slide at three sizes -------------------------------------------
const KINDS = ['welcome', 'upcoming', 'photo', 'honours', 'people', 'figures', 'leaders', 'story'];
for (const [w, h, query, tag] of [[1920, 1080, '', 'landscape'], [1080, 1920, '?orientation=portrait', 'portrait'],
	[1366, 768, '', 'small']]) {
	const { page, context, errors, requests } = await open('board/index.html' + query, { width: w, height: h });
	const secs = await seconds(page);
	const n = await page.evaluate(() => document.querySelectorAll('#slides .slide').length);
	is(await page.evaluate(() => document.documentElement.className), tag === 'portrait' ? 'portrait' : 'landscape',
		`${tag}: the orientation class`);
	const seen = [];
	for (let i = 0; i < n; i++) {
		const s = await active(page);
		seen.push(s.kind);
		is(s.index, i, `${tag}: slide ${i} (${s.kind}) comes in turn`);
		const m = await measure(page);
		ok(m.count >= 2 && m.problems.length === 0, `${tag}: slide ${i} (${s.kind}) fits: no overflow, overlap, small text or low contrast`,
			m.problems.join('\n'));
		await page.screenshot({ path: join(SHOTS, `${tag}-${String(i).padStart(2, '0')}-${s.kind}.png`) });
		await page.clock.runFor(secs * 1000);
	}
	is((await active(page)).index, 0, `${tag}: after the last slide the first comes back`);
	is(JSON.stringify([...new Set(seen)]), JSON.stringify(KINDS), `${tag}: every kind of slide, in order`);
	is(seen.filter(k => k === 'photo').length, 4, `${tag}: one slide per recent activity with a photo (the latest four)`);
	is(errors.join('\n'), '', `${tag}: no console error`);
	const foreign = requests.filter(u => !u.startsWith(srv.url) && !u.startsWith('data:'));
	is(foreign.join(' '), '', `${tag}: no request leaves the board's own server`);
	await context.close();
}

// --- upcoming activities by the screen's clock ----------------------------
const upcoming = page => page.evaluate(() => [...document.querySelectorAll('.slide-upcoming .up-item')].map(li =>
	`${li.dataset.date} ${(li.querySelector('.up-rel') || {}).textContent || ''}`));
{
	const { page, context, errors } = await open('board/index.html');
	is(JSON.stringify(await upcoming(page)), JSON.stringify(['2026-12-05 10天后', '2026-12-12 17天后',
		'2026-12-19 24天后', '2026-12-22 27天后', '2027-01-16 52天后', '2027-01-23 59天后']),
		'2026-11-25: the next six planned activities, in order, days counted');
	await context.close();
	void errors;
}
{
	const { page, context, errors } = await open('board/index.html', { time: '2026-12-19T23:59:00+08:00' });
	await page.evaluate(() => { window.stayed = true; });
	is(JSON.stringify(await upcoming(page)), JSON.stringify(['2026-12-19 今天', '2026-12-22 3天后',
		'2027-01-16 28天后', '2027-01-23 35天后', '2027-01-30 42天后']),
		'2026-12-19: today\'s activity first, labelled today');
	await page.clock.runFor(at('2026-12-20T00:00:01+08:00') - at('2026-12-19T23:59:00+08:00'));
	is(JSON.stringify(await upcoming(page)), JSON.stringify(['2026-12-22 2天后', '2027-01-16 27天后',
		'2027-01-23 34天后', '2027-01-30 41天后']), 'past midnight: the finished one is gone, days recounted');
	ok(await page.evaluate(() => window.stayed === true), 'past midnight: without a reload');
	ok(/2026年12月20日/.test(await page.locator('.bar .clock-date').textContent()), 'past midnight: the clock shows the new day');
	await page.clock.fastForward(24 * 3600 * 1000); // due timers fire once: no day of polls
	is(JSON.stringify((await upcoming(page)).slice(0, 1)), JSON.stringify(['2026-12-22 明天']), 'the day before: tomorrow');
	is(errors.join('\n'), '', 'no console error across midnight');
	await context.close();
}
{
	const { page, context } = await open('board/index.html', { time: '2027-02-01T09:00:00+08:00' });
	is(await page.locator('.slide-upcoming').count(), 0, 'nothing planned ahead: no upcoming slide');
	is(await page.locator('.slide-figures').getAttribute('data-year'), '2026', 'a year without figures shows the latest year before it');
	await context.close();
}

// --- the other languages: words from their strings files ------------------
for (const [lang, rel, date] of [['zh-TW', '10天後', '2026年11月25日 星期三'],
	['en', 'In 10 days', 'Wednesday, 25 November 2026']]) {
	const content = join(tempDir(), 'content');
	cpSync(join(TOP, 'content'), content, { recursive: true });
	const site = join(content, 'site.yaml');
	writeFileSync(site, readFileSync(site, 'utf8').replace('language: zh-CN', `language: ${lang}`));
	const s = await serve(build(content));
	const { page, context, errors } = await open('board/index.html', { width: 1366, height: 768, base: s.url });
	is(await page.locator('.slide-upcoming .up-rel').first().textContent(), rel, `${lang}: the relative day`);
	is(await page.locator('.we-date').textContent(), date, `${lang}: the date`);
	const n = await page.evaluate(() => document.querySelectorAll('#slides .slide').length);
	const bad = [];
	for (let i = 0; i < n; i++) {
		const m = await measure(page);
		if (m.problems.length) bad.push(`slide ${i}: ${m.problems.join('; ')}`);
		await page.keyboard.press('ArrowRight');
	}
	is(bad.join('\n'), '', `${lang}: every slide fits at 1366x768`);
	is(errors.join('\n'), '', `${lang}: no console error`);
	await context.close();
	await s.close();
}

// --- notices with windows -------------------------------------------------
const notices = page => page.evaluate(() => [...document.querySelectorAll('#ticker-list li')].map(li => li.textContent));
{
	const has = (list, s) => list.some(x => x.includes(s));
	const { page, context } = await open('board/index.html', { time: '2026-11-30T23:59:30+08:00' });
	let list = await notices(page);
	ok(has(list, '接种流感疫苗'), '11-30: the flu notice (until 11-30) is in the ticker on its last day', list.join('\n'));
	ok(!has(list, '国庆假期'), '11-30: the National Day notice (until 10-08) has closed', list.join('\n'));
	ok(!has(list, '国际志愿者日'), '11-30: the volunteer day notice (from 12-01) has not opened', list.join('\n'));
	ok(has(list, '积分超市') && has(list, '楼道内'), '11-30: notices without a window are there', list.join('\n'));
	await page.clock.runFor(31 * 1000);
	list = await notices(page);
	ok(!has(list, '接种流感疫苗'), '12-01 00:00: the flu notice is gone, without a reload', list.join('\n'));
	ok(has(list, '国际志愿者日'), '12-01 00:00: the volunteer day notice has opened', list.join('\n'));
	await page.clock.fastForward(4 * 24 * 3600 * 1000);
	ok(has(await notices(page), '国际志愿者日'), '12-05: still there on its last day');
	await page.clock.fastForward(24 * 3600 * 1000);
	ok(!has(await notices(page), '国际志愿者日'), '12-06: gone');
	const shown = await page.locator('#ticker-list li.is-active').count();
	is(shown, 1, 'the ticker shows one notice at a time');
	await context.close();
}

// --- staff keys, motion ---------------------------------------------------
{
	const { page, context } = await open('board/index.html', { motion: 'no-preference' });
	await page.keyboard.press('ArrowRight');
	is((await active(page)).index, 1, 'ArrowRight: the next slide');
	await page.keyboard.press('Space');
	is((await active(page)).index, 2, 'Space: the next slide');
	await page.keyboard.press('ArrowLeft');
	is((await active(page)).index, 1, 'ArrowLeft: the slide before');
	ok(parseFloat(await page.locator('.slide.is-active').evaluate(e => getComputedStyle(e).transitionDuration)) > 0,
		'slides fade by default');
	await context.close();
	const r = await open('board/index.html', { motion: 'reduce' });
	is(await r.page.locator('.slide.is-active').evaluate(e => getComputedStyle(e).transitionDuration), '0s',
		'prefers-reduced-motion: no transition');
	await r.context.close();
}

// --- burn-in care ---------------------------------------------------------
{
	const { page, context } = await open('board/index.html');
	const where = () => page.evaluate(() => [...document.querySelectorAll('.bar-clock, .ticker-view')]
		.map(e => getComputedStyle(e).transform).join(' '));
	const before = await where();
	await page.clock.runFor(5 * 60 * 1000);
	const after = await where();
	ok(before !== after && /matrix/.test(after), 'after five minutes the clock and ticker have moved', `${before} -> ${after}`);
	const m = await measure(page);
	is(m.problems.join('\n'), '', 'moved, they still fit');
	await context.close();
}

// --- the QR code reads back as the story's address ------------------------
{
	const { page, context } = await open('board/index.html');
	const n = await page.evaluate(() => document.querySelectorAll('#slides .slide').length);
	for (let i = 0; i < n && (await active(page)).kind !== 'story'; i++)
		await page.keyboard.press('ArrowRight');
	const file = join(tempDir(), 'story.png');
	await page.screenshot({ path: file });
	const z = spawnSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8' });
	if (z.error)
		diag('zbarimg missing: QR not read back');
	else
		is(z.stdout.trim(), 'https://xingfuli.example.org/stories/2026-11-08/index.html', 'the QR code opens the story online');
	await context.close();
}

// --- a title that tries to end the script ---------------------------------
{
	const content = join(tempDir(), 'content');
	cpSync(join(TOP, 'content'), content, { recursive: true });
	const f = join(content, 'activities/2027/01.yaml');
	const evil = '坏标题</script><!--<script>window.pwned=1</script>\u2028行\u2029尾 & "quote"';
	writeFileSync(f, readFileSync(f, 'utf8') + `\n- id: 2027-01-evil\n  title: '${evil.replace(/'/g, "''")}'\n  date: 2027-01-31\n  status: planned\n`);
	const o = build(content);
	const s = await serve(o);
	const { page, context, errors } = await open('board/index.html', { time: '2027-01-25T09:00:00+08:00', base: s.url });
	const titles = await page.evaluate(() => [...document.querySelectorAll('.up-title')].map(e => e.textContent));
	ok(titles.includes(evil), 'the title shows exactly as written', titles.join('\n'));
	ok(!(await page.evaluate(() => window.pwned)), 'and runs nothing');
	is(errors.join('\n'), '', 'no console error');
	await context.close();
	await s.close();
}

// --- a community with little to show --------------------------------------
{
	const content = join(tempDir(), 'content');
	mkdirSync(content);
	writeFileSync(join(content, 'site.yaml'), 'name: 小院\n');
	const o = build(content);
	const s = await serve(o);
	const { page, context, errors } = await open('board/index.html', { base: s.url });
	is(JSON.stringify(await page.evaluate(() => [...document.querySelectorAll('.slide')].map(e => e.dataset.kind))),
		'["welcome"]', 'empty slides are skipped: only the welcome slide');
	ok(await page.locator('#ticker').isHidden(), 'no notices: no ticker');
	await page.clock.runFor(60 * 1000);
	is((await active(page)).kind, 'welcome', 'one slide stays');
	const m = await measure(page);
	is(m.problems.join('\n'), '', 'and fits');
	is(errors.join('\n'), '', 'no console error');
	await context.close();
	await s.close();
}

// --- staying current: reload after a rebuild, keep going without a server -
{
	const content = join(tempDir(), 'content');
	cpSync(join(TOP, 'content'), content, { recursive: true });
	const o = build(content);
	const s = await serve(o);
	const { page, context, errors } = await open('board/index.html', { base: s.url });
	await page.evaluate(() => { window.stayed = true; });
	await page.clock.runFor(61 * 1000);
	ok(await polled(page, 1), 'the page polls build.json within a minute');
	ok(await page.evaluate(() => window.stayed === true), 'an unchanged build: no reload');

	const site = join(content, 'site.yaml');
	writeFileSync(site, readFileSync(site, 'utf8').replace('name: 幸福里社区', 'name: 幸福里社区（新）'));
	const r = linli(['build', '-q', '-C', content, '-o', o, '--today', TODAY]);
	is(r.status, 0, 'rebuilt into the served folder', r.stderr);
	const loaded = page.waitForEvent('load', { timeout: 15000 }).then(() => true, () => false);
	await page.clock.runFor(61 * 1000);
	ok(await loaded, 'the open page reloads within one poll');
	ok(await page.evaluate(() => window.stayed === undefined), 'it is a fresh page');
	ok((await page.locator('.we-name, .bar-name').first().textContent()).includes('（新）'), 'showing the new content');

	await s.close();
	const before = errors.filter(e => e.startsWith('pageerror')).length;
	await page.evaluate(() => { window.stayed = true; });
	for (let i = 1; i <= 5; i++) {
		await page.clock.runFor(60 * 1000);
		await polled(page, i);
	}
	ok(await polled(page, 5), 'server gone: the page keeps polling, once a minute');
	const s2 = await active(page);
	ok(s2 && s2.text.trim().length > 0 && await page.locator('.slide.is-active').isVisible(),
		'server gone: the slides keep running', JSON.stringify(s2));
	ok(await page.evaluate(() => window.stayed === true), 'server gone: no reload into an error page');
	is(errors.filter(e => e.startsWith('pageerror')).length, before, 'server gone: no uncaught error');
	await context.close();
}

// --- from file://: reload every ten minutes -------------------------------
{
	const url = pathToFileURL(join(out, 'board/index.html')).href;
	const { page, context, errors } = await open('', { base: url });
	await page.evaluate(() => { window.stayed = true; });
	await page.clock.runFor(9 * 60 * 1000);
	ok(await page.evaluate(() => window.stayed === true), 'file://: no reload before ten minutes');
	const loaded = page.waitForEvent('load', { timeout: 15000 }).then(() => true, () => false);
	await page.clock.runFor(61 * 1000);
	ok(await loaded, 'file://: reloads after ten minutes');
	is(errors.join('\n'), '', 'file://: no console error');
	await context.close();
}

ok(existsSync(join(SHOTS, 'landscape-00-welcome.png')), `screenshots in ${SHOTS}`);
await browser.close();
await srv.close();
done();
})().catch(e => {
	console.log(`not ok - ${e.stack.split('\n').join('\n# ')}`);
	process.exit(1);
});
