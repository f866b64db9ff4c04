// dyad UI: filters, stats, events, article view, quotes, and the charts.
'use strict';
(function () {
  var d = window.dyad, el = d.el, $ = function (id) { return document.getElementById(id); };
  var FIELDS = { q: 'search', actor: 'f-actor', code: 'f-code', quad: 'f-quad', since: 'f-since', until: 'f-until' };
  var state = { filters: {}, cursor: '', gen: 0, articleGen: 0 };

  function readFilters() {
    var f = {};
    for (var k in FIELDS) { var v = $(FIELDS[k]).value.trim(); if (v) f[k] = v; }
    return f;
  }
  function writeFilters(f) { for (var k in FIELDS) $(FIELDS[k]).value = f[k] || ''; }
  function setReady(v) { document.body.dataset.ready = v; }
  function status(msg, isErr) {
    var s = $('status');
    s.textContent = msg || '';
    s.className = 'status' + (isErr ? ' error' : '');
  }

  // ---- stats
  function renderStats(s) {
    var box = d.clear($('stats')), parts = [['articles', s.articles], ['events', s.events], ['quotes', s.quotes],
      ['entities', s.entities], ['places', s.places], ['sentences', s.sentences]];
    parts.forEach(function (p) { box.appendChild(el('span', { class: 'stat' }, el('b', null, d.fmtNum(p[1])), ' ' + p[0])); });
    if (s.first_date) box.appendChild(el('span', { class: 'stat' }, 'events dated ', el('b', null, s.first_date), ' – ', el('b', null, s.last_date || '')));
  }

  // ---- events
  function actorCell(a) {
    a = a || {};
    if (!a.code && !a.name) return el('td', { class: 'muted' }, '—');
    return el('td', null, a.name || a.code, a.code && a.name ? el('span', { class: 'code' }, a.code) : null);
  }
  function eventRow(e) {
    var tr = el('tr', { class: 'event-row', 'data-article': e.article_id, 'data-idx': e.idx, tabindex: 0 },
      el('td', { class: 'nowrap' }, e.date || ''),
      actorCell(e.source),
      el('td', null, el('span', { class: 'code' }, e.code || ''), ' ', e.label || ''),
      actorCell(e.target),
      el('td', null, (e.place && e.place.name) || ''),
      el('td', { class: 'modality' }, e.modality || ''),
      el('td', { class: 'num' }, e.goldstein == null ? '' : (+e.goldstein).toFixed(1)),
      el('td', { class: 'num', title: (e.articles || 1) + ' articles from ' + (e.sources || 1) + ' outlets state this event' },
        String(e.articles || 1)));
    tr.style.background = d.gTint(e.goldstein, 0.22);
    tr.style.boxShadow = 'inset 4px 0 0 ' + d.gColor(e.goldstein);
    tr.title = (e.sentence_text || '') + (e.title ? '\n— ' + e.title : '');
    var open = function () { openArticle(e.article_id, { event: e }); };
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') open(); });
    return tr;
  }
  function renderEvents(page, append) {
    var tb = $('events-table').tBodies[0];
    if (!append) d.clear(tb);
    (page.items || []).forEach(function (e) { tb.appendChild(eventRow(e)); });
    if (!tb.rows.length) tb.appendChild(el('tr', { class: 'empty-row' }, el('td', { colspan: 8, class: 'muted' }, 'No events match.')));
    state.cursor = page.next_cursor || '';
    $('more-button').hidden = !state.cursor;
    $('events-count').textContent = tb.querySelectorAll('tr.event-row').length + (state.cursor ? '+' : '') + ' shown';
  }
  function more() {
    if (!state.cursor) return;
    var gen = state.gen, p = Object.assign({}, state.filters, { limit: 50, cursor: state.cursor });
    setReady('0');
    $('more-button').disabled = true;
    d.getJSON('/api/events', p).then(function (page) { if (gen === state.gen) renderEvents(page, true); })
      .catch(function (e) { status(e.message, true); })
      .then(function () { $('more-button').disabled = false; if (gen === state.gen) setReady('1'); });
  }

  // ---- quotes, grouped by speaker in order of first appearance
  function renderQuotes(page) {
    var box = d.clear($('quotes')), groups = [], byKey = {};
    (page.items || []).forEach(function (q) {
      var sp = q.speaker || {}, key = (sp.name || '') + '\u0000' + (sp.actor || '');
      var g = byKey[key] || (byKey[key] = groups[groups.push({ speaker: sp, quotes: [] }) - 1]);
      g.quotes.push(q);
    });
    groups.sort(function (a, b) { return b.quotes.length - a.quotes.length; });
    if (!groups.length) box.appendChild(el('p', { class: 'muted' }, 'No quotes match.'));
    groups.forEach(function (g) {
      var list = el('ul');
      g.quotes.forEach(function (q) {
        var via = (q.via || []).map(function (v) { return v.name || v.actor; }).filter(Boolean);
        var li = el('li', { class: 'quote kind-' + String(q.kind || '').replace(/[^a-z]/gi, ''), tabindex: 0, 'data-article': q.article_id },
          el('blockquote', null, q.text || ''),
          el('div', { class: 'meta' }, q.kind || '', via.length ? ' · via ' + via.join(', ') : '', q.title ? ' · ' + q.title : ''));
        var open = function () { openArticle(q.article_id, { sentence: q.sentence }); };
        li.addEventListener('click', open);
        li.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') open(); });
        list.appendChild(li);
      });
      box.appendChild(el('section', { class: 'speaker' },
        el('h3', null, g.speaker.name || 'Unattributed', g.speaker.actor ? el('span', { class: 'code' }, g.speaker.actor) : null,
          el('span', { class: 'count' }, String(g.quotes.length))), list));
    });
  }

  // ---- reload everything with the current filters
  function reload() {
    var f = state.filters = readFilters(), gen = ++state.gen;
    var qs = new URLSearchParams(f).toString();
    history.replaceState(null, '', location.pathname + (qs ? '?' + qs : ''));
    setReady('0');
    status('Loading…');
    var qp = { limit: 500 };
    if (f.q) qp.q = f.q;
    if (f.actor) qp.speaker = f.actor;
    var cur = function (fn) { return function (x) { if (gen === state.gen) return fn(x); }; };
    var jobs = [
      d.getJSON('/api/stats').then(cur(renderStats)),
      d.getJSON('/api/events', Object.assign({ limit: 50 }, f)).then(cur(renderEvents)),
      d.getJSON('/api/quotes', qp).then(cur(renderQuotes)),
      d.getJSON('/api/timeline', f).then(cur(function (t) { d.timeline($('timeline'), t.days, onDay); })),
      d.getJSON('/api/network', Object.assign({ limit: 100 }, f)).then(cur(function (n) { d.network($('network'), n, onActor); })),
      d.getJSON('/api/places', Object.assign({ limit: 500 }, f)).then(cur(function (p) { return d.map($('map'), p.places); }))
    ];
    var errs = [];
    return Promise.all(jobs.map(function (j) { return j.catch(function (e) { errs.push(e.message || String(e)); }); })).then(function () {
      if (gen !== state.gen) return;
      status(errs.join('; '), errs.length > 0);
      setReady('1');
    });
  }
  function onActor(code) { $('f-actor').value = code; reload(); }
  function onDay(date) { $('f-since').value = date; $('f-until').value = date; reload(); }

  // ---- article view
  // addRange renders body[start:end) into parent with highlight ranges
  // (UTF-16 indexes, nested when one contains another, clipped otherwise).
  function addRange(parent, body, start, end, ranges) {
    var pos = start;
    for (var i = 0; i < ranges.length; i++) {
      var r = ranges[i], s = Math.max(r.s, pos), e = Math.min(r.e, end);
      if (e <= s) continue;
      if (s > pos) parent.appendChild(document.createTextNode(body.slice(pos, s)));
      var inner = [];
      while (i + 1 < ranges.length && ranges[i + 1].s < e) inner.push(ranges[++i]);
      var node = el(r.tag, { class: r.cls });
      addRange(node, body, s, e, inner);
      parent.appendChild(node);
      pos = e;
    }
    if (pos < end) parent.appendChild(document.createTextNode(body.slice(pos, end)));
  }

  function renderArticle(doc, opts) {
    var a = doc.article || {}, body = String(a.body || ''), idx = d.byteIndex(body);
    $('article-title').textContent = a.title || '(untitled)';
    var meta = d.clear($('article-meta')), link = d.safeURL(a.url);
    meta.appendChild(el('span', null, a.outlet || 'unknown outlet'));
    if (a.published) meta.appendChild(el('span', null, String(a.published).slice(0, 10)));
    if (link) {
      var an = el('a', { target: '_blank', rel: 'noopener noreferrer' }, 'original');
      an.setAttribute('href', link); // only http(s), checked by safeURL
      meta.appendChild(an);
    }
    var ev = null, sentence = null, ranges = [];
    if (opts.event) ev = (doc.events || [])[opts.event.idx] || null;
    var si = ev ? ev.sentence : opts.sentence;
    if (si != null && doc.sentences && doc.sentences[si]) sentence = doc.sentences[si].span;
    if (!sentence && ev) sentence = ev.span;
    var span = function (sp, tag, cls) {
      if (sp && sp.end > sp.start) ranges.push({ s: idx(sp.start), e: idx(sp.end), tag: tag, cls: cls });
    };
    span(sentence, 'mark', 'hl-sentence');
    if (ev) {
      span(ev.source && ev.source.mention, 'span', 'hl-source');
      span(ev.target && ev.target.mention, 'span', 'hl-target');
    }
    ranges.sort(function (x, y) { return x.s - y.s || y.e - x.e; });

    var info = d.clear($('article-event'));
    if (ev) {
      var e = opts.event, src = ev.source || {}, tgt = ev.target || {};
      info.appendChild(el('div', { class: 'dyad-line' },
        el('span', { class: 'lg-source' }, src.name || src.code || '?'), el('span', { class: 'code' }, src.code || ''),
        el('span', { class: 'arrow' }, ' → ', el('b', null, e.label || 'CAMEO'), el('span', { class: 'code' }, ev.code), ' → '),
        tgt.code || tgt.name ? el('span', { class: 'lg-target' }, tgt.name || tgt.code) : el('span', { class: 'muted' }, 'no target'),
        tgt.code ? el('span', { class: 'code' }, tgt.code) : null));
      info.appendChild(el('div', { class: 'meta' }, el('span', null, ev.date || ''), el('span', null, ev.modality || ''),
        el('span', null, 'Goldstein ' + ev.goldstein), el('span', null, 'quad ' + ev.quad_class),
        e.place && e.place.name ? el('span', null, e.place.name) : null));
      info.style.borderLeftColor = d.gColor(ev.goldstein);
    }

    var out = d.clear($('article-body'));
    var paras = (a.paragraphs && a.paragraphs.length) ? a.paragraphs : [{ start: 0, end: new TextEncoder().encode(body).length }];
    var heads = {};
    (a.headings || []).forEach(function (h) { heads[h.start] = 1; });
    paras.forEach(function (p) {
      var node = el(heads[p.start] ? 'h3' : 'p');
      addRange(node, body, idx(p.start), idx(p.end), ranges);
      out.appendChild(node);
    });
    var hl = out.querySelector('.hl-sentence');
    // scroll the panel only (scrollIntoView would scroll the page too)
    out.scrollTop = hl ? Math.max(0, hl.offsetTop - out.clientHeight / 3) : 0;
  }

  function openArticle(id, opts) {
    var view = $('article-view'), gen = ++state.articleGen;
    view.hidden = false;
    view.setAttribute('data-ready', '0');
    view.setAttribute('data-article', id);
    $('article-title').textContent = 'Loading…';
    d.clear($('article-meta')); d.clear($('article-event')); d.clear($('article-body'));
    document.querySelectorAll('tr.event-row.selected').forEach(function (r) { r.classList.remove('selected'); });
    if (opts.event) document.querySelectorAll('tr.event-row').forEach(function (r) {
      if (r.getAttribute('data-article') === id && r.getAttribute('data-idx') === String(opts.event.idx)) r.classList.add('selected');
    });
    d.getJSON('/api/articles/' + encodeURIComponent(id)).then(function (doc) {
      if (gen === state.articleGen) renderArticle(doc, opts);
    }).catch(function (e) {
      if (gen !== state.articleGen) return;
      $('article-title').textContent = 'Could not load the article';
      $('article-body').appendChild(el('p', { class: 'error' }, e.message || String(e)));
    }).then(function () { if (gen === state.articleGen) view.setAttribute('data-ready', '1'); });
  }
  function closeArticle() {
    state.articleGen++;
    $('article-view').hidden = true;
    $('article-view').setAttribute('data-ready', '0');
  }

  // ---- wiring
  $('filters').addEventListener('submit', function (ev) { ev.preventDefault(); reload(); });
  $('reset-button').addEventListener('click', function () { writeFilters({}); reload(); });
  $('more-button').addEventListener('click', more);
  $('article-close').addEventListener('click', closeArticle);
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape' && !$('article-view').hidden) closeArticle(); });
  var init = {};
  new URLSearchParams(location.search).forEach(function (v, k) { if (FIELDS[k]) init[k] = v; });
  writeFilters(init);
  // A large store opens on its latest 30 days: the aggregates over
  // millions of events would keep the first page waiting for seconds.
  var LARGE = 100000;
  if (Object.keys(init).length > 0) {
    reload();
  } else {
    d.getJSON('/api/stats').then(function (s) {
      if (s.events > LARGE && /^\d{4}-\d{2}-\d{2}$/.test(s.last_date || '')) {
        var last = new Date(s.last_date + 'T00:00:00Z');
        var first = new Date(last.getTime() - 29 * 86400000);
        writeFilters({ since: first.toISOString().slice(0, 10), until: s.last_date });
      }
    }).catch(function () {}).then(reload);
  }
})();
