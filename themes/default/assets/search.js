/*
 * The search page of a linli site. It reads the index linli wrote into
 * search/ (see gen/render_search.c): meta.js, then only the shards
 * (search/s/N.js) that hold the query's tokens and the record chunks
 * (search/d/N.js) of the results it shows. Each is a script that calls
 * window.linliSearch, so the page works from file:// as well as a server.
 *
 * Tokens follow render_search.c exactly: text folded (Traditional to
 * Simplified by the table in meta.js, Latin to lower case); every CJK
 * character and pair of neighbouring CJK characters, every word of Latin
 * letters and digits (numbers without leading zeros). A query of one CJK
 * character looks that character up; longer runs look up their pairs, so
 * that any substring of two or more characters is found. A date
 * (2024年9月, 2024-09-09) looks up the record's date. Every token must
 * match. Results whose titles hold every token come first, then the rest;
 * within each, newest first (records are numbered newest first).
 *
 * A district's index (linli district) is its communities' indexes merged:
 * meta.js lists them as "sources", a result row ends with its source's
 * number, and the token "@SLUG" marks every record of one community, so a
 * search limited to one (the #search-where choice) also needs that token.
 */
(function () {
	'use strict';
	var LAST = '0123456789abcdefghijklmnopqrstuv';
	var CONT = 'wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$';
	var PAGE = 20;
	var form = document.getElementById('search-form');
	var input = document.getElementById('search-q');
	var status = document.getElementById('search-status');
	var list = document.getElementById('search-results');
	var where = document.getElementById('search-where');
	var root = form.getAttribute('data-root') || '';
	var digit = {};
	var i;

	for (i = 0; i < 32; i++) {
		digit[LAST.charAt(i)] = i;
		digit[CONT.charAt(i)] = i + 32;
	}

	var S = window.linliSearch = window.linliSearch || {};
	S.shardData = S.shardData || {};
	S.docData = S.docData || {};
	S.foldMap = null;
	S.shard = function (n, data) { S.shardData[n] = data; };
	S.docs = function (n, rows) { S.docData[n] = rows; };
	var loading = {};

	// meta.js ran before this file (it is listed first) and set S.info.
	function info() { return S.info; }

	function load(src, ready) {
		if (ready()) return Promise.resolve();
		if (!loading[src]) {
			(S.loaded = S.loaded || []).push(src); // what one query cost
			loading[src] = new Promise(function (resolve, reject) {
				var s = document.createElement('script');
				s.src = root + src;
				s.onload = function () { ready() ? resolve() : reject(new Error(src)); };
				s.onerror = function () { delete loading[src]; reject(new Error(src)); };
				document.head.appendChild(s);
			});
		}
		return loading[src];
	}

	function foldMap() {
		if (!S.foldMap) {
			var m = new Map(), chars = Array.from(info().fold || '');
			for (var k = 0; k + 1 < chars.length; k += 2)
				m.set(chars[k], chars[k + 1]);
			S.foldMap = m;
		}
		return S.foldMap;
	}

	// --- tokens, as render_search.c makes them ---------------------------
	function foldChar(ch) {
		var c = ch.codePointAt(0);
		if (c >= 0x41 && c <= 0x5a) return String.fromCharCode(c + 32);
		if (c >= 0xff01 && c <= 0xff5e) return foldChar(String.fromCharCode(c - 0xfee0));
		if (c >= 0xc0 && c <= 0xde && c !== 0xd7) return String.fromCharCode(c + 32);
		return foldMap().get(ch) || ch;
	}
	function isCjk(c) {
		return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
			(c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3134f) ||
			(c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af);
	}
	function isWord(c) {
		return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
			(c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
	}
	function normWord(w) {
		if (/^[0-9]+$/.test(w)) w = w.replace(/^0+(?=.)/, '');
		return Array.from(w).slice(0, 40).join('');
	}
	// The query's runs: [{cjk: true, text}|{cjk: false, text}], folded.
	function runs(q) {
		var out = [], cur = null;
		Array.from(q).forEach(function (ch) {
			var f = foldChar(ch), c = f.codePointAt(0);
			var kind = isCjk(c) ? 'c' : isWord(c) ? 'w' : null;
			if (!kind) { cur = null; return; }
			if (!cur || cur.kind !== kind) out.push(cur = { kind: kind, text: '' });
			cur.text += f;
		});
		return out.map(function (r) {
			return { cjk: r.kind === 'c', text: r.kind === 'w' ? normWord(r.text) : r.text };
		});
	}
	function tokens(rs) {
		var seen = {}, out = [];
		rs.forEach(function (r) {
			var t = [];
			if (!r.cjk) t.push(r.text);
			else {
				var cs = Array.from(r.text);
				if (cs.length === 1) t.push(cs[0]);
				for (var k = 0; k + 1 < cs.length; k++) t.push(cs[k] + cs[k + 1]);
			}
			t.forEach(function (x) { if (!seen[x]) { seen[x] = 1; out.push(x); } });
		});
		return out;
	}

	// Dates in a (folded) query: 2024年9月9日, 2024-09-09, 2024/9, 2024年.
	// Each becomes the date token render_search.c gives a record's date
	// (2024-9-9, 2024-9, 2024); the rest of the query is left as it was.
	var DATE = /(\d{4})\s*(?:年|[-\/.])\s*(\d{1,2})(?:\s*月)?(?:\s*(?:[-\/.]\s*)?(\d{1,2})\s*[日号]?)?|(\d{4})\s*年/g;
	function dates(q) {
		var toks = [];
		var rest = q.replace(DATE, function (all, y, m, d, year) {
			if (year) { toks.push(String(+year)); return ' '; }
			if (+m < 1 || +m > 12 || (d && (+d < 1 || +d > 31))) return all;
			toks.push(d ? +y + '-' + +m + '-' + +d : +y + '-' + +m);
			return ' ';
		});
		return { rest: rest, toks: toks };
	}

	var encoder = new TextEncoder();
	function shardOf(tok) {
		var b = encoder.encode(tok), h = 0x811c9dc5;
		for (var k = 0; k < b.length; k++) h = Math.imul(h ^ b[k], 0x01000193) >>> 0;
		return h & (info().shards - 1);
	}

	// Postings -> {recs: Int32Array, title: Uint8Array}.
	function decode(s) {
		var recs = [], title = [], v = 0, prev = -1;
		for (var k = 0; k < s.length; k++) {
			var d = digit[s.charAt(k)];
			if (d >= 32) { v = v * 32 + d - 32; continue; }
			v = v * 32 + d;
			prev += (v >>> 1) + 1;
			recs.push(prev);
			title.push(v & 1);
			v = 0;
		}
		return { recs: recs, title: title };
	}

	// Every record holding all lists; title true when all are in its title.
	function intersect(lists) {
		lists.sort(function (a, b) { return a.recs.length - b.recs.length; });
		var out = [], first = lists[0], pos = lists.map(function () { return 0; });
		var words = lists.some(function (L) { return !L.when; });
		for (var k = 0; k < first.recs.length; k++) {
			var rec = first.recs[k], title = first.when ? words : first.title[k], all = true;
			for (var l = 1; l < lists.length && all; l++) {
				var L = lists[l], p = pos[l];
				while (p < L.recs.length && L.recs[p] < rec) p++;
				pos[l] = p;
				if (p === L.recs.length || L.recs[p] !== rec) all = false;
				else if (!L.when) title &= L.title[p];
			}
			if (all) out.push({ rec: rec, title: title });
		}
		return out.filter(function (h) { return h.title; })
			.concat(out.filter(function (h) { return !h.title; }));
	}

	// --- showing results ---------------------------------------------------
	// Ranges [from, to) of the characters of text that match the query.
	function matches(chars, rs) {
		var folded = chars.map(foldChar), ranges = [];
		var needles = [];
		rs.forEach(function (r) {
			var cs = Array.from(r.text);
			needles.push(cs);
			if (r.cjk && cs.length > 2)
				for (var k = 0; k + 1 < cs.length; k++) needles.push(cs.slice(k, k + 2));
		});
		needles.forEach(function (n) {
			for (var k = 0; k + n.length <= folded.length; k++) {
				var m = true;
				for (var j = 0; j < n.length && m; j++) m = folded[k + j] === n[j];
				if (m) ranges.push([k, k + n.length]);
			}
		});
		ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
		var merged = [];
		ranges.forEach(function (r) {
			var last = merged[merged.length - 1];
			if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
			else merged.push(r.slice());
		});
		return merged;
	}
	function marked(parent, chars, from, to, ranges) {
		var at = from;
		ranges.forEach(function (r) {
			var a = Math.max(r[0], from), b = Math.min(r[1], to);
			if (a >= b || a < at) return;
			parent.appendChild(document.createTextNode(chars.slice(at, a).join('')));
			var m = document.createElement('mark');
			m.textContent = chars.slice(a, b).join('');
			parent.appendChild(m);
			at = b;
		});
		parent.appendChild(document.createTextNode(chars.slice(at, to).join('')));
	}
	function snippet(parent, text, rs) {
		var chars = Array.from(text), ranges = matches(chars, rs);
		var start = ranges.length ? Math.max(0, ranges[0][0] - 24) : 0;
		var end = Math.min(chars.length, start + 90);
		if (start > 0) parent.appendChild(document.createTextNode('…'));
		marked(parent, chars, start, end, ranges);
		if (end < chars.length) parent.appendChild(document.createTextNode('…'));
	}
	function item(row, rs) {
		var li = document.createElement('li'), h = document.createElement('h2');
		var a = document.createElement('a'), meta = document.createElement('p');
		var title = Array.from(row[1]);
		a.href = root + row[2];
		marked(a, title, 0, title.length, matches(title, rs));
		h.appendChild(a);
		li.appendChild(h);
		meta.className = 'search-meta';
		var from = info().sources && info().sources[row[6]];
		meta.textContent = info().kinds[row[0]] + (from ? ' · ' + from.name : '') +
			(row[4] ? ' · ' + row[4] : '');
		li.appendChild(meta);
		if (row[5]) {
			var p = document.createElement('p');
			p.className = 'search-snippet';
			snippet(p, row[5], rs);
			li.appendChild(p);
		}
		return li;
	}

	function say(key, n) {
		var text = form.getAttribute('data-' + key) || '';
		status.textContent = text.replace('{n}', String(n));
	}

	var generation = 0;

	// Shows hits [from, from + PAGE) of the current search.
	function show(job, from) {
		var c = info().chunk, hits = job.hits.slice(from, from + PAGE);
		var need = {};
		hits.forEach(function (h) { need[Math.floor(h.rec / c)] = 1; });
		return Promise.all(Object.keys(need).map(function (n) {
			return load('search/d/' + n + '.js', function () { return S.docData[n]; });
		})).then(function () {
			if (job.gen !== generation) return;
			var more = document.getElementById('search-more');
			if (more) more.parentNode.removeChild(more);
			hits.forEach(function (h) {
				var row = S.docData[Math.floor(h.rec / c)][h.rec % c];
				list.appendChild(item(row, job.runs));
			});
			job.shown = from + hits.length;
			if (job.shown < job.hits.length) {
				var b = document.createElement('button');
				b.type = 'button';
				b.id = 'search-more';
				b.className = 'search-more';
				b.textContent = form.getAttribute('data-more');
				b.addEventListener('click', function () {
					var at = job.shown;
					show(job, at).then(function () {
						var li = list.children[at];
						if (li) li.querySelector('a').focus();
					});
				});
				list.parentNode.insertBefore(b, list.nextSibling);
			}
		});
	}

	function search(q) {
		var t0 = performance.now(), gen = ++generation;
		var dt = dates(Array.from(q).map(foldChar).join(''));
		var rs = runs(dt.rest), toks = tokens(rs), whens = {};
		dt.toks.forEach(function (t) {
			if (toks.indexOf(t) < 0) toks.push(t);
			whens[t] = 1;
		});
		list.textContent = '';
		var old = document.getElementById('search-more');
		if (old) old.parentNode.removeChild(old);
		list.removeAttribute('data-query');
		if (!toks.length) {
			status.textContent = '';
			list.setAttribute('data-query', q);
			return Promise.resolve();
		}
		if (where && where.value) { // one community of a district
			toks.push('@' + where.value);
			whens['@' + where.value] = 1;
		}
		var shards = {};
		toks.forEach(function (t) { shards[shardOf(t)] = 1; });
		return Promise.all(Object.keys(shards).map(function (n) {
			return load('search/s/' + n + '.js', function () { return S.shardData[n]; });
		})).then(function () {
			if (gen !== generation) return;
			var lists = [];
			for (var k = 0; k < toks.length; k++) {
				var p = S.shardData[shardOf(toks[k])][toks[k]];
				if (!p) { lists = null; break; }
				lists.push(decode(p));
				lists[k].when = !!whens[toks[k]]; // no title to be in
			}
			var job = { gen: gen, runs: rs, hits: lists ? intersect(lists) : [], shown: 0 };
			return show(job, 0).then(function () {
				if (gen !== generation) return;
				if (!job.hits.length) say('none');
				else say(job.hits.length === 1 ? 'found-one' : 'found', job.hits.length);
				list.setAttribute('data-query', q);
				S.last = { query: q, ms: performance.now() - t0, count: job.hits.length };
			});
		}).catch(function () {
			if (gen === generation) say('failed');
		});
	}

	// The address holds the search (?q=...&c=...), so that Back, a
	// reload or a copied link shows the same one.
	function remember() {
		if (!history.replaceState) return;
		var c = where && where.value ? '&c=' + encodeURIComponent(where.value) : '';
		try {
			history.replaceState(null, '', input.value || c ?
				'?q=' + encodeURIComponent(input.value) + c : location.pathname);
		} catch (err) { /* file:// may refuse; the results stand */ }
	}

	function run() {
		remember();
		return search(input.value);
	}

	// The form as the address says (a page opened, or shown again by Back).
	function fromAddress() {
		var params = new URLSearchParams(location.search);
		input.value = params.get('q') || '';
		if (where) where.value = params.get('c') || '';
		if (where && where.value !== (params.get('c') || '')) where.value = '';
		return input.value ? search(input.value) : Promise.resolve();
	}

	function start() {
		if (!info()) { say('failed'); return; }
		input.addEventListener('input', run);
		if (where) where.addEventListener('change', run);
		form.addEventListener('submit', function (e) {
			e.preventDefault();
			run();
		});
		window.addEventListener('pageshow', function (e) { if (e.persisted) fromAddress(); });
		fromAddress();
		S.search = search;
		S.ready = true;
	}
	start();
})();
