/*
 * hplan serve's page: shows the latest view of the plan (/state.json)
 * whenever the server says there is a new one (/events), keeping the
 * pages that did not change and scrolling to the first that did.
 */
'use strict';

(function () {
	const body = document.body;
	const statusLine = document.getElementById('status');
	const pdf = document.getElementById('pdf');
	const findings = document.getElementById('findings');
	const list = document.getElementById('finding-list');
	const pages = document.getElementById('pages');
	let shown = '';		/* the run of serve and its generation */
	let run = '';
	let scrolled = '';	/* the rendering last scrolled to */
	let loading = false;
	let again = false;

	function span(className, text) {
		const s = document.createElement('span');

		s.className = className;
		s.textContent = text;
		return s;
	}

	/* The source line, its column marked. */
	function source(f) {
		const pre = document.createElement('pre');
		const chars = Array.from(f.source);
		const col = f.col - 1;

		if (col >= 0 && col < chars.length) {
			const mark = document.createElement('mark');

			mark.textContent = chars[col];
			pre.append(chars.slice(0, col).join(''), mark,
			    chars.slice(col + 1).join(''));
		} else {
			pre.textContent = f.source;
		}
		return pre;
	}

	function finding(f) {
		const li = document.createElement('li');
		const head = document.createElement('p');

		li.className = 'finding ' + f.level;
		head.append(span('where', f.where), ' ',
		    span('level', f.levelText), ' ',
		    span('message', f.message));
		li.append(head);
		if (f.source !== undefined)
			li.append(source(f));
		return li;
	}

	function newPage() {
		const fig = document.createElement('figure');
		const img = document.createElement('img');
		const text = document.createElement('div');

		img.alt = '';
		text.className = 'text';
		fig.append(img, text);
		return fig;
	}

	async function showPage(fig, p, n) {
		const img = fig.firstElementChild;

		fig.id = 'page-' + n;
		fig.setAttribute('aria-label', p.label);
		/* Still being drawn: its last image meanwhile. */
		fig.classList.toggle('pending', p.pending);
		if (p.pending || img.getAttribute('src') === p.png)
			return;
		img.width = p.width;
		img.height = p.height;
		img.src = p.png;
		const r = await fetch(p.text, { cache: 'no-store' });

		if (r.ok && img.getAttribute('src') === p.png)
			fig.lastElementChild.textContent = await r.text();
	}

	async function show(s) {
		/* A serve started anew draws every page anew: no page is told
		 * as changed, and none is scrolled to. */
		const first = pages.children.length === 0 || s.run !== run;
		const drawn = [];

		shown = s.run + ':' + s.generation;
		run = s.run;
		statusLine.textContent = s.status;
		body.classList.toggle('failed', !s.ok);
		body.classList.remove('lost');
		pdf.hidden = s.pdf === null;
		if (s.pdf !== null)
			pdf.href = s.pdf;
		list.replaceChildren(...s.findings.map(finding));
		findings.hidden = s.findings.length === 0;
		s.pages.forEach((p, i) => {
			let fig = pages.children[i];

			if (fig === undefined) {
				fig = newPage();
				pages.append(fig);
			}
			fig.classList.toggle('changed', !first && p.changed);
			drawn.push(showPage(fig, p, i + 1));
		});
		while (pages.children.length > s.pages.length)
			pages.lastElementChild.remove();
		/* Once a rendering, though it comes in parts. */
		if (!first && s.changed > 0 &&
		    scrolled !== s.run + ':' + s.rendering) {
			document.getElementById('page-' + s.changed)
			    .scrollIntoView({ block: 'start' });
		}
		scrolled = s.run + ':' + s.rendering;
		await Promise.all(drawn);
		body.dataset.generation = s.generation;
		if (s.complete)
			body.dataset.rendering = s.rendering;
	}

	async function load() {
		if (loading) {
			again = true;
			return;
		}
		loading = true;
		try {
			do {
				again = false;
				const r = await fetch('/state.json',
				    { cache: 'no-store' });
				const s = await r.json();

				/* Before its first rendering, a serve started
				 * anew has no pages: the last ones stay. */
				if (s.generation === 0 && pages.children.length) {
					statusLine.textContent = s.status;
					body.classList.remove('lost');
				} else if (s.run + ':' + s.generation !== shown) {
					await show(s);
				} else if (body.classList.contains('lost')) {
					statusLine.textContent = s.status;
					body.classList.remove('lost');
				}
			} while (again);
		} catch (e) {
			lost();
		}
		loading = false;
	}

	function lost() {
		statusLine.textContent = body.dataset.lost;
		body.classList.add('lost');
	}

	const events = new EventSource('/events');

	events.onmessage = load;
	events.onerror = lost;
	/* Again after a break, perhaps from a serve started anew. */
	events.onopen = load;
	load();
})();
