/* linli's photo viewer: a tap on a photo (a.photo-open) shows it large in
 * a modal dialog with its caption; Previous/Next (or the arrow keys, or a
 * swipe) step through the page's photos; Escape, the Close button or a tap
 * beside the photo closes it and puts the focus back on the photo. A
 * classic script with no requests of its own, so it works from file://
 * too; without it, the link opens the large photo by itself. The words
 * come from the script element's data-* attributes (the theme's strings). */
(function () {
	'use strict';
	var me = document.currentScript;
	var words = (me && me.dataset) || {};

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text) e.textContent = text;
		return e;
	}

	function start() {
		var links = Array.prototype.slice.call(document.querySelectorAll('a.photo-open'));
		if (!links.length || typeof HTMLDialogElement !== 'function') return;
		var dialog = el('dialog', 'lightbox');
		var fig = el('figure', 'lightbox-figure');
		var img = el('img', 'lightbox-img');
		var cap = el('figcaption', 'lightbox-caption');
		var bar = el('div', 'lightbox-bar');
		var prev = el('button', 'lightbox-prev', '\u2039 ' + (words.prev || 'Previous'));
		var count = el('p', 'lightbox-count');
		var next = el('button', 'lightbox-next', (words.next || 'Next') + ' \u203a');
		var close = el('button', 'lightbox-close', '\u00d7 ' + (words.close || 'Close'));
		var at = 0, opener = null, touchX = null;

		dialog.setAttribute('aria-label', words.label || 'Photo');
		[prev, next, close].forEach(function (b) { b.type = 'button'; });
		count.setAttribute('aria-live', 'polite');
		/* The large img joins the page only while the dialog is open, so
		 * the page's own images stay all there is to count and load. */
		fig.appendChild(cap);
		bar.appendChild(prev);
		bar.appendChild(count);
		bar.appendChild(next);
		dialog.appendChild(close);
		dialog.appendChild(fig);
		dialog.appendChild(bar);
		document.body.appendChild(dialog);

		function show(k) {
			var a = links[k], thumb = a.querySelector('img');
			at = k;
			if (!img.parentNode) fig.insertBefore(img, cap);
			img.src = a.getAttribute('href');
			img.alt = thumb ? thumb.alt : '';
			if (a.dataset.width && a.dataset.height) {
				img.width = +a.dataset.width;
				img.height = +a.dataset.height;
			}
			cap.textContent = a.dataset.caption || '';
			cap.hidden = !a.dataset.caption;
			var several = links.length > 1;
			prev.hidden = next.hidden = count.hidden = !several;
			var focused = document.activeElement;
			prev.disabled = k === 0;
			next.disabled = k === links.length - 1;
			/* Keep the focus in the dialog when its button turns off. */
			if (focused && focused.disabled) (focused === next ? prev : next).focus();
			if (dialog.open && !dialog.contains(document.activeElement)) close.focus();
			count.textContent = (words.of || '{n} / {total}')
				.replace('{n}', k + 1).replace('{total}', links.length);
		}
		function step(d) {
			var k = at + d;
			if (k >= 0 && k < links.length) show(k);
		}
		links.forEach(function (a, k) {
			a.addEventListener('click', function (e) {
				if (e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
				e.preventDefault();
				opener = a;
				show(k);
				dialog.showModal();
				close.focus();
			});
		});
		prev.addEventListener('click', function () { step(-1); });
		next.addEventListener('click', function () { step(1); });
		close.addEventListener('click', function () { dialog.close(); });
		/* On the document: a button that just turned off (Next at the
		 * last photo) lets the focus fall out of the dialog. */
		document.addEventListener('keydown', function (e) {
			if (!dialog.open) return;
			if (e.key === 'ArrowLeft') { step(-1); e.preventDefault(); }
			else if (e.key === 'ArrowRight') { step(1); e.preventDefault(); }
		});
		/* A tap on the dark backdrop (the dialog itself), not the photo. */
		dialog.addEventListener('click', function (e) {
			if (e.target === dialog) dialog.close();
		});
		dialog.addEventListener('touchstart', function (e) {
			touchX = e.touches.length === 1 ? e.touches[0].clientX : null;
		}, { passive: true });
		dialog.addEventListener('touchend', function (e) {
			if (touchX === null || !e.changedTouches.length) return;
			var dx = e.changedTouches[0].clientX - touchX;
			touchX = null;
			if (Math.abs(dx) > 60) step(dx < 0 ? 1 : -1);
		});
		dialog.addEventListener('close', function () {
			img.removeAttribute('src');
			img.remove();
			if (opener) opener.focus();
		});
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', start);
	else
		start();
})();
