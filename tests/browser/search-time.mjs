// make bench: how long queries take on a built site's search page, and
// how much search data each loads. Prints one line a query; no pass or
// fail (tests/search-browser.t asserts the times of a community's search).
//
//   node tests/browser/search-time.mjs OUT LABEL QUERY...
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './lib.mjs';

const [out, label, ...queries] = process.argv.slice(2);
const browser = await launch();
try {
	const page = await browser.newPage();
	await page.goto(pathToFileURL(join(out, 'search/index.html')).href);
	await page.waitForFunction(() => window.linliSearch && window.linliSearch.ready);
	for (const q of queries) {
		await page.fill('#search-q', '');
		await page.evaluate(() => { window.linliSearch.loaded = []; });
		await page.type('#search-q', q);
		await page.waitForFunction(q => window.linliSearch.last && window.linliSearch.last.query === q, q);
		const r = await page.evaluate(() => ({ ms: window.linliSearch.last.ms,
			count: window.linliSearch.last.count, loaded: window.linliSearch.loaded }));
		const kib = r.loaded.reduce((n, src) => n + statSync(join(out, src)).size, 0) / 1024;
		console.log(`${label}: "${q}" ${r.count} results, answers in ${r.ms.toFixed(1)} ms, ${kib.toFixed(0)} KiB loaded`);
	}
} finally {
	await browser.close();
}
