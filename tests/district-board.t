#!/usr/bin/env node
// linli district's noticeboard (OUT/board/index.html) is a community's
// board fed with the district's data: opened from file:// in Chromium,
// with Playwright's fake clock, it shows the communities' upcoming
// activities by the screen's own day, each with its community's name,
// long after the build day; board/build.json matches the page's id; the
// page passes the Nu Html Checker and axe; a rebuild gives the same page.
// (CommonJS, since node runs a .t file as such; the helpers are ESM.)
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

(async () => {
const { TODAY, axeSource, done, is, launch, linli, need, ok, tempDir, vnuJar } = await import('./browser/lib.mjs');
need({ browser: true, java: true });

// D = TODAY; each community's planned activities are days after it.
const day = n => {
	const d = new Date(TODAY + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
};
const D = tempDir();
function community(dir, name, activities, extra = {}) {
	mkdirSync(join(D, dir, 'activities'), { recursive: true });
	writeFileSync(join(D, dir, 'site.yaml'), `name: ${name}\nlanguage: zh-CN\ntimezone: Asia/Shanghai\n`);
	writeFileSync(join(D, dir, 'activities', 'planned.yaml'), activities.map(([id, date, title, time, place]) =>
		`- id: ${id}\n  title: ${title}\n  date: ${date}\n  time: "${time}"\n  location: ${place}\n  status: planned\n`).join('\n'));
	for (const [rel, text] of Object.entries(extra)) {
		mkdirSync(join(D, dir, rel, '..'), { recursive: true });
		writeFileSync(join(D, dir, rel), text);
	}
}
community('east', '东园社区', [
	['east-1', day(1), '东园义诊', '09:00', '东园广场'],
	['east-5', day(5), '东园书法课', '14:00', '东园活动室'],
], {
	'stories/visit.md': `---\ntitle: 东园的一次走访\ndate: ${day(-1)}\nsummary: 志愿者走访了东园的独居老人。\n---\n\n正文。\n`,
});
community('west', '西岭社区', [
	['west-3', day(3), '西岭读书会', '19:00', '西岭图书室'],
], {
	'achievements/honours.yaml': '- kind: honour\n  title: 区级文明社区\n  level: district\n  issuer: 区文明办\n  date: 2025\n',
});
writeFileSync(join(D, 'district.yaml'), 'name: 河畔街道\nlanguage: zh-CN\ntimezone: Asia/Shanghai\n' +
	'base_url: https://hepan.example.org/\ncommunities:\n  - path: east\n  - path: west\n');

const out = join(tempDir(), 'out');
const build = (o, cache) => linli(['district', '-q', '-C', D, '-o', o, '--today', TODAY, '--cache', cache]);
const cache = join(tempDir(), 'cache');
let r = build(out, cache);
ok(r.status === 0, 'the district builds', r.stderr);
if (r.status !== 0) { done(); return; }

// --- the page and build.json ---------------------------------------------
const page = join(out, 'board/index.html');
const html = readFileSync(page, 'utf8');
const meta = (html.match(/<meta name="linli-build" content="([0-9a-f]{16})">/) || [])[1];
ok(meta, `the page carries a build id (${meta})`);
const bj = existsSync(join(out, 'board/build.json')) ? readFileSync(join(out, 'board/build.json'), 'utf8') : '';
is(bj, `{"build": "${meta}"}\n`, 'board/build.json holds the same id');
ok(html.includes('window.linliBoard'), "it is the community board's page and script");
const data = JSON.parse(html.match(/<script type="application\/json" id="board-data">(.*?)<\/script>/s)[1]);
is(data.timezone, 'Asia/Shanghai', "the district's time zone");
is(data.site.name, '河畔街道', "the district's name");
is(JSON.stringify(data.planned.map(a => [a.date, a.community])), JSON.stringify([
	[day(1), '东园社区'], [day(3), '西岭社区'], [day(5), '东园社区']]),
	'every planned activity, soonest first, with its community');
is(JSON.stringify(data.honours.map(h => [h.title, h.level, h.date, h.community])),
	JSON.stringify([['区级文明社区', '区级', '2025年', '西岭社区']]),
	'the honours, with their community and their date as written (a year: no month made up)');
ok(data.figures.some(f => f.label === '举办活动' && f.unit === '场'), "the district's yearly totals as figures",
	JSON.stringify(data.figures.slice(0, 3)));
is(data.story && [data.story.title, data.story.author, data.story.summary].join('|'),
	['东园的一次走访', '东园社区', '志愿者走访了东园的独居老人。'].join('|'),
	'the newest story, its community as the author');
{
	const m = data.story && /^https:\/\/hepan\.example\.org\/(c\/east\/stories\/[^/]+\/index\.html)$/.exec(data.story.url);
	ok(m && existsSync(join(out, m[1])) && data.story.qr.startsWith('<svg'),
		"read online through the district's base_url, at the story's page, with a QR code", data.story && data.story.url);
}

// --- by the screen's clock -----------------------------------------------
const browser = await launch();
const url = pathToFileURL(page).href;
const errors = [];
async function open(at) {
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, reducedMotion: 'reduce',
		timezoneId: 'Asia/Shanghai' });
	const p = await context.newPage();
	p.on('pageerror', e => errors.push(e.message));
	p.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
	if (at) { // axe needs the real clock's timers
		const t = new Date(`${at}T09:00:00+08:00`).getTime();
		await p.clock.install({ time: t - 60 * 1000 });
		await p.clock.pauseAt(t);
	}
	await p.goto(url);
	return { p, context };
}
const upcoming = p => p.evaluate(() => [...document.querySelectorAll('.slide-upcoming .up-item')].map(li =>
	[li.dataset.date, li.querySelector('.up-title').textContent,
		(li.querySelector('.up-detail') || {}).textContent || '']));
try {
	let { p, context } = await open(day(0));
	let list = await upcoming(p);
	is(JSON.stringify(list.map(x => x[1])), JSON.stringify(['东园义诊', '西岭读书会', '东园书法课']),
		`${day(0)}: the three activities, soonest first`);
	ok(list.length === 3 && list[0][2].startsWith('东园社区') && list[1][2].startsWith('西岭社区') &&
		list[2][2].startsWith('东园社区'), 'each with its community first in the detail line', JSON.stringify(list));
	ok(list[0][2].includes('09:00') && list[0][2].includes('东园广场'), 'with its time and place', list[0][2]);
	const meta2 = await p.evaluate(() => [...document.querySelectorAll('.slide-honours .ho-meta')].map(e => e.textContent));
	ok(meta2.length === 1 && meta2[0].startsWith('西岭社区'), "the honour's meta line names its community", meta2.join('\n'));
	ok(await p.locator('.bar-clock .clock-time').textContent() === '09:00', 'the bar shows the screen clock');
	await context.close();

	({ p, context } = await open(day(2)));
	list = await upcoming(p);
	is(JSON.stringify(list.map(x => x[0])), JSON.stringify([day(3), day(5)]),
		`${day(2)}: the one of ${day(1)} is gone, ${day(3)}'s and ${day(5)}'s stay`);
	await context.close();

	({ p, context } = await open(day(6)));
	list = await upcoming(p);
	is(list.length, 0, `${day(6)}: none of them is left`);
	is(await p.locator('.slide-upcoming').count(), 0, `${day(6)}: no upcoming slide`);
	await context.close();

	// axe, as for the community board
	({ p, context } = await open(null));
	await p.addScriptTag({ content: axeSource() });
	const result = await p.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
	const bad = result.violations.filter(x => x.impact === 'serious' || x.impact === 'critical');
	ok(bad.length === 0, 'axe: no serious or critical violation',
		bad.map(x => `${x.id} (${x.impact}): ${x.help}`).join('\n'));
	await context.close();
	is(errors.join('\n'), '', 'no console error');
} finally {
	await browser.close();
}

// --- the Nu Html Checker -------------------------------------------------
const v = spawnSync('java', ['-Xss8m', '-jar', vnuJar(), '--errors-only', '--format', 'gnu', page],
	{ encoding: 'utf8', maxBuffer: 16 << 20 });
ok(v.status === 0 && !(v.stderr + v.stdout).trim(), 'vnu reports no error in board/index.html', v.error || v.stderr + v.stdout);

// --- the same page again --------------------------------------------------
r = build(out, cache);
ok(r.status === 0, 'a rebuild with nothing changed', r.stderr);
ok(readFileSync(page, 'utf8') === html, 'board/index.html is byte-identical');
// the communities built again (a new cache), the district's pages not
r = build(out, join(tempDir(), 'cache-again'));
ok(r.status === 0 && readFileSync(page, 'utf8') === html, 'a rebuild with a new cache: the same page', r.stderr);
const out2 = join(tempDir(), 'out2');
r = build(out2, join(tempDir(), 'cache2'));
ok(r.status === 0 && readFileSync(join(out2, 'board/index.html'), 'utf8') === html &&
	readFileSync(join(out2, 'board/build.json'), 'utf8') === bj, 'a fresh build elsewhere gives the same page and id');
done();
})().catch(e => {
	console.log(`not ok - ${e.stack.split('\n').join('\n# ')}`);
	process.exit(1);
});
