// Shared helpers for the browser and HTML-checker tests (tests/*.t written
// in JavaScript). Each test prints TAP, which prove reads.
//
// Outside CI, a test skips (saying so) when Chromium, Java or node_modules
// is missing; under CI (CI set), a missing tool is a failure.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';

export const TOP = process.env.TOP || resolve(new URL('../..', import.meta.url).pathname);
export const LINLI = process.env.LINLI || join(TOP, 'linli');
export const TODAY = '2026-11-25';
export const CHROMIUM = '/usr/bin/chromium';

const require = createRequire(join(TOP, 'package.json'));

// --- TAP -------------------------------------------------------------------
let n = 0, failed = 0;

// A browser test that hangs must fail, not stall CI: a watchdog in real
// time (the pages' fake clocks do not touch it). LINLI_TEST_TIMEOUT in s.
const watchdog = setTimeout(() => {
	console.log(`not ok ${++n} - timed out after ${limit} s`);
	console.log(`1..${n}`);
	process.exit(1);
}, 1000 * (+process.env.LINLI_TEST_TIMEOUT || 600));
const limit = +process.env.LINLI_TEST_TIMEOUT || 600;
watchdog.unref();
export function ok(cond, name, detail) {
	n++;
	if (!cond) failed++;
	console.log(`${cond ? '' : 'not '}ok ${n} - ${name}`);
	if (!cond && detail !== undefined)
		for (const line of String(detail).split('\n').slice(0, 20))
			console.log(`#   ${line}`);
	return !!cond;
}
export function is(got, want, name) {
	return ok(got === want, name, `got:  ${JSON.stringify(got)}\nwant: ${JSON.stringify(want)}`);
}
export function diag(msg) { for (const l of String(msg).split('\n')) console.log(`# ${l}`); }
export function done() {
	console.log(`1..${n}`);
	process.exitCode = failed ? 1 : 0;
}
export function skipAll(reason) {
	if (process.env.CI) {
		console.log(`not ok 1 - ${reason} (CI must not skip)`);
		console.log('1..1');
		process.exit(1);
	}
	console.log(`1..0 # SKIP ${reason}`);
	process.exit(0);
}

// Skips the whole test unless what it needs is here.
export function need({ browser = false, java = false } = {}) {
	if (browser && !existsSync(CHROMIUM))
		skipAll('Chromium not installed (apt-get install chromium)');
	if (browser && !existsSync(join(TOP, 'node_modules/playwright-core')))
		skipAll('node_modules missing (npm ci)');
	if (java && spawnSync('java', ['-version']).status !== 0)
		skipAll('Java not installed (apt-get install default-jre-headless)');
	if (java && !existsSync(join(TOP, 'node_modules/vnu-jar')))
		skipAll('node_modules missing (npm ci)');
}

// --- linli -----------------------------------------------------------------
// Temporary folders, removed when the test exits (one listener for all).
const temps = [];
process.on('exit', () => { for (const d of temps) rmSync(d, { recursive: true, force: true }); });
export function tempDir(prefix = 'linli-browser-') {
	const d = mkdtempSync(join(tmpdir(), prefix));
	temps.push(d);
	return d;
}

// Runs linli; returns {status, stdout, stderr}.
export function linli(args, opts = {}) {
	const r = spawnSync(LINLI, args, { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' }, ...opts });
	return { status: r.status, stdout: r.stdout || '', stderr: r.stderr || '' };
}

// Builds content (default: the bundled example) into a fresh folder.
export function build(content = join(TOP, 'content'), extra = []) {
	const out = join(tempDir(), 'out');
	const r = linli(['build', '-q', '-C', content, '-o', out, '--today', TODAY, ...extra]);
	if (r.status !== 0) {
		ok(false, `linli build ${content}`, r.stderr);
		done();
		process.exit(1);
	}
	return out;
}

// --- a static server on 127.0.0.1 ------------------------------------------
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
	'.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
	'.xml': 'application/xml', '.ics': 'text/calendar', '.csv': 'text/csv', '.pdf': 'application/pdf' };

// With notFound (a path under root), a missing file is answered 404 with
// that file, as a web server configured for 404.html does.
export function serve(root, { notFound } = {}) {
	const server = createServer((req, res) => {
		let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
		let file = normalize(join(root, path));
		if (!file.startsWith(resolve(root))) { res.writeHead(403); res.end(); return; }
		try {
			if (statSync(file).isDirectory()) file = join(file, 'index.html');
			const body = readFileSync(file);
			res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
			res.end(body);
		} catch {
			if (notFound) {
				res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
				res.end(readFileSync(join(root, notFound)));
				return;
			}
			res.writeHead(404); res.end('not found');
		}
	});
	return new Promise(ok_ => server.listen(0, '127.0.0.1', () => {
		const { port } = server.address();
		// close() is a server going down: open keep-alive connections are
		// cut too, or it would wait for the browser to let go of them.
		const close = () => new Promise(c => { server.close(c); server.closeAllConnections(); });
		ok_({ url: `http://127.0.0.1:${port}/`, server, close });
	}));
}

// --- Chromium --------------------------------------------------------------
export async function launch() {
	const { chromium } = require('playwright-core');
	return chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
	});
}

export const axeSource = () => readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const vnuJar = () => require.resolve('vnu-jar/build/dist/vnu.jar');
export { sep };
