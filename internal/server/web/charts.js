// Timeline and actor network, drawn as SVG.
'use strict';
(function () {
  var d = window.dyad, el = d.el, svg = d.svg;
  var DAY = 86400000;

  function parseDay(s) { var p = String(s).split('-'); return Date.UTC(+p[0], +p[1] - 1, +p[2] || 1); }
  function fmtDay(t) { return new Date(t).toISOString().slice(0, 10); }
  function niceStep(max, n) {
    var raw = max / n, mag = Math.pow(10, Math.floor(Math.log10(raw))), r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
  }
  function empty(container, text) { container.appendChild(el('p', { class: 'empty' }, text)); }

  // timeline(container, days, onDay): stacked bars per day by quad class.
  function timeline(container, days, onDay) {
    d.clear(container);
    var legend = el('div', { class: 'legend' });
    for (var q = 1; q <= 4; q++) {
      var sw = el('i', { class: 'swatch' });
      sw.style.background = d.QUADS[q].color;
      legend.appendChild(el('span', null, sw, q + ' ' + d.QUADS[q].name));
    }
    container.appendChild(legend);
    var W = 640, H = 210, L = 30, R = 8, T = 8, B = 26;
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'timeline-svg', role: 'img', 'aria-label': 'Events per day by quad class' });
    container.appendChild(root);
    days = (days || []).filter(function (x) { return x && x.date; }).sort(function (a, b) { return a.date < b.date ? -1 : 1; });
    if (!days.length) { root.appendChild(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'muted' }, 'No events')); return; }
    // Fill in empty days when the range is short enough for bars to stay visible.
    var first = parseDay(days[0].date), last = parseDay(days[days.length - 1].date), span = Math.round((last - first) / DAY) + 1;
    if (span <= 370 && span > days.length && days.every(function (x) { return /^\d{4}-\d\d-\d\d$/.test(x.date); })) {
      var byDate = {};
      days.forEach(function (x) { byDate[x.date] = x; });
      days = [];
      for (var t = first; t <= last; t += DAY) days.push(byDate[fmtDay(t)] || { date: fmtDay(t), q1: 0, q2: 0, q3: 0, q4: 0 });
    }
    var total = function (x) { return (x.q1 || 0) + (x.q2 || 0) + (x.q3 || 0) + (x.q4 || 0); };
    var max = Math.max.apply(null, days.map(total)) || 1, step = niceStep(max, 4), top = Math.ceil(max / step) * step;
    var iw = W - L - R, ih = H - T - B, band = iw / days.length, bw = Math.max(1, Math.min(band * 0.8, 48));
    var y = function (v) { return T + ih - v / top * ih; };
    for (var v = 0; v <= top + 1e-9; v += step) {
      root.appendChild(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }));
      root.appendChild(svg('text', { x: L - 5, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, String(Math.round(v * 100) / 100)));
    }
    var every = Math.max(1, Math.ceil(days.length / 6));
    days.forEach(function (x, i) {
      var g = svg('g', { class: 'day', 'data-date': x.date }), acc = 0, cx = L + i * band + band / 2;
      var tip = [x.date + ': ' + total(x) + ' event(s)'];
      for (var q = 1; q <= 4; q++) {
        var n = x['q' + q] || 0;
        if (!n) continue;
        g.appendChild(svg('rect', { x: cx - bw / 2, y: y(acc + n), width: bw, height: Math.max(0.5, y(acc) - y(acc + n)), fill: d.QUADS[q].color }));
        acc += n;
        tip.push(n + ' ' + d.QUADS[q].name.toLowerCase());
      }
      // a transparent full-height target makes thin bars easy to hover and click
      g.appendChild(svg('rect', { x: L + i * band, y: T, width: band, height: ih, class: 'hit' }));
      g.appendChild(svg('title', null, tip.join('\n')));
      if (onDay) g.addEventListener('click', function () { onDay(x.date); });
      root.appendChild(g);
      if (i % every === 0) root.appendChild(svg('text', { x: cx, y: H - B + 16, 'text-anchor': 'middle', class: 'tick' }, x.date));
    });
    root.appendChild(svg('line', { x1: L, x2: W - R, y1: y(0), y2: y(0), class: 'axis' }));
  }

  // layout(nodes, edges, W, H): Fruchterman-Reingold from deterministic
  // starting positions (a golden-angle spiral in input order).
  function layout(nodes, edges, W, H) {
    var n = nodes.length, k = Math.sqrt(W * H / Math.max(1, n)) * 0.75, GA = Math.PI * (3 - Math.sqrt(5));
    nodes.forEach(function (p, i) {
      var r = k * 0.6 * Math.sqrt(i + 0.5);
      p.x = r * Math.cos(i * GA); p.y = r * Math.sin(i * GA);
    });
    var iters = 300, temp = W / 8;
    for (var it = 0; it < iters; it++) {
      nodes.forEach(function (p) { p.dx = 0; p.dy = 0; });
      for (var i = 0; i < n; i++) for (var j = i + 1; j < n; j++) {
        var a = nodes[i], b = nodes[j], dx = a.x - b.x, dy = a.y - b.y, dist = Math.sqrt(dx * dx + dy * dy) || 0.01;
        if (dist > 3 * k) continue; // far nodes do not push: components stay close
        var f = k * k / dist / dist;
        a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
      }
      edges.forEach(function (e) {
        var a = e.a, b = e.b, dx = a.x - b.x, dy = a.y - b.y, dist = Math.sqrt(dx * dx + dy * dy) || 0.01;
        var f = dist / k * (1 + Math.log(e.events || 1) * 0.3);
        a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
      });
      nodes.forEach(function (p) {
        p.dx -= p.x * 0.08 * H / W; p.dy -= p.y * 0.08; // gravity keeps components together, in a W:H ellipse
        var len = Math.sqrt(p.dx * p.dx + p.dy * p.dy) || 1, s = Math.min(len, temp) / len;
        p.x += p.dx * s; p.y += p.dy * s;
      });
      temp = Math.max(0.5, temp * 0.985);
    }
  }

  // network(container, data, onNode): actors as nodes, dyads as edges.
  function network(container, data, onNode) {
    d.clear(container);
    var W = 1000, H = 440, P = 24;
    var nodes = (data.nodes || []).filter(function (x) { return x && x.code; }).map(function (x) {
      return { code: String(x.code), name: x.name || '', events: +x.events || 0 };
    });
    nodes.sort(function (a, b) { return b.events - a.events || (a.code < b.code ? -1 : 1); });
    var byCode = {};
    nodes.forEach(function (x) { byCode[x.code] = x; });
    var edges = (data.edges || []).filter(function (e) {
      return byCode[e.source] && byCode[e.target] && e.source !== e.target;
    }).map(function (e) {
      return { a: byCode[e.source], b: byCode[e.target], events: +e.events || 0, g: +e.mean_goldstein || 0 };
    });
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'network-svg', role: 'img', 'aria-label': 'Actor network' });
    container.appendChild(root);
    if (!nodes.length) { root.appendChild(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'muted' }, 'No dyads')); return; }
    layout(nodes, edges, W, H);
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    nodes.forEach(function (p) { minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y); });
    var sx = (W - 2 * P - 40) / ((maxX - minX) || 1), sy = (H - 2 * P - 12) / ((maxY - minY) || 1), sc = Math.min(sx, sy, 3);
    sx = Math.min(sx, sc * 1.6); sy = Math.min(sy, sc * 1.6); // stretch a little to fill the box
    var ox = W / 2 - (minX + maxX) / 2 * sx, oy = H / 2 - 6 - (minY + maxY) / 2 * sy;
    nodes.forEach(function (p) { p.x = ox + p.x * sx; p.y = oy + p.y * sy; });
    var maxN = Math.max.apply(null, nodes.map(function (x) { return x.events; })) || 1;
    var maxE = Math.max.apply(null, edges.map(function (x) { return x.events; }).concat([1]));
    var ge = svg('g', { class: 'edges' }), gn = svg('g', { class: 'nodes' });
    edges.sort(function (a, b) { return a.events - b.events; }).forEach(function (e) {
      var line = svg('line', { x1: e.a.x, y1: e.a.y, x2: e.b.x, y2: e.b.y, stroke: d.gColor(e.g),
        'stroke-width': (1 + 5 * Math.sqrt(e.events / maxE)).toFixed(2), class: 'edge' });
      line.appendChild(svg('title', null, e.a.code + ' → ' + e.b.code + ': ' + e.events + ' event(s), mean Goldstein ' + e.g.toFixed(1)));
      ge.appendChild(line);
    });
    nodes.forEach(function (p) {
      var r = 4 + 14 * Math.sqrt(p.events / maxN);
      var g = svg('g', { class: 'node', transform: 'translate(' + p.x.toFixed(1) + ',' + p.y.toFixed(1) + ')', 'data-code': p.code, tabindex: 0 },
        svg('circle', { r: r.toFixed(1) }),
        svg('text', { y: (r + 11).toFixed(1), 'text-anchor': 'middle' }, p.code),
        svg('title', null, p.code + (p.name ? ' (' + p.name + ')' : '') + ': ' + p.events + ' event(s)'));
      if (onNode) {
        g.addEventListener('click', function () { onNode(p.code); });
        g.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') onNode(p.code); });
      }
      gn.appendChild(g);
    });
    root.appendChild(ge);
    root.appendChild(gn);
  }

  d.timeline = timeline;
  d.network = network;
})();
