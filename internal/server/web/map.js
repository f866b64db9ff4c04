// World map: countries from the vendored world-atlas TopoJSON, decoded here,
// in an equirectangular projection; event places as circles.
'use strict';
(function () {
  var d = window.dyad, svg = d.svg;
  var W = 960, TOP = 84, BOTTOM = -58; // latitudes shown
  var px = function (lon) { return (lon + 180) / 360 * W; };
  var py = function (lat) { return (90 - lat) / 360 * W; };
  var countries = null; // promise of [{name, d}]

  // decodeArcs turns quantised, delta-encoded arcs into [lon, lat] lists.
  function decodeArcs(topo) {
    var tf = topo.transform;
    return topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (p) {
        if (!tf) return [p[0], p[1]];
        x += p[0]; y += p[1];
        return [x * tf.scale[0] + tf.translate[0], y * tf.scale[1] + tf.translate[1]];
      });
    });
  }

  function ring(arcs, idx) {
    var pts = [];
    idx.forEach(function (i, n) {
      var a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      pts.push.apply(pts, n ? a.slice(1) : a); // arcs share their end points
    });
    return pts;
  }

  // ringPath draws a ring, unwrapped across the antimeridian and drawn a
  // second time shifted by 360° when it sticks out of the map.
  function ringPath(pts) {
    var lon0 = null, off = 0, un = pts.map(function (p) {
      if (lon0 !== null && Math.abs(p[0] + off - lon0) > 180) off += p[0] + off > lon0 ? -360 : 360;
      lon0 = p[0] + off;
      return [lon0, p[1]];
    });
    var lo = Math.min.apply(null, un.map(function (p) { return p[0]; }));
    var hi = Math.max.apply(null, un.map(function (p) { return p[0]; }));
    var shifts = [0];
    if (lo < -180) shifts.push(360);
    if (hi > 180) shifts.push(-360);
    return shifts.map(function (s) {
      return 'M' + un.map(function (p) { return px(p[0] + s).toFixed(1) + ',' + py(p[1]).toFixed(1); }).join('L') + 'Z';
    }).join('');
  }

  function loadCountries() {
    if (!countries) countries = d.getJSON('/static/countries-110m.json').then(function (topo) {
      var arcs = decodeArcs(topo), out = [];
      (topo.objects.countries.geometries || []).forEach(function (g) {
        if (g.id === '010') return; // Antarctica lies outside the map and circles the pole
        var polys = g.type === 'Polygon' ? [g.arcs] : g.type === 'MultiPolygon' ? g.arcs : [];
        var path = polys.map(function (poly) {
          return poly.map(function (r) { return ringPath(ring(arcs, r)); }).join('');
        }).join('');
        if (path) out.push({ name: (g.properties && g.properties.name) || '', d: path });
      });
      return out;
    }).catch(function (e) { countries = null; throw e; });
    return countries;
  }

  // fit returns a viewBox around the places (at least a quarter of the
  // world wide, never outside it) with the whole map's aspect ratio.
  function fit(places, y0, h) {
    if (!places.length) return [0, y0, W, h];
    var xs = places.map(function (p) { return px(+p.lon); }), ys = places.map(function (p) { return py(+p.lat); });
    var x1 = Math.min.apply(null, xs), x2 = Math.max.apply(null, xs), y1 = Math.min.apply(null, ys), y2 = Math.max.apply(null, ys);
    var w = Math.min(W, Math.max(W / 4, (x2 - x1) * 1.4, (y2 - y1) * 1.4 * W / h)), vh = w * h / W;
    var x = Math.max(0, Math.min(W - w, (x1 + x2) / 2 - w / 2)), y = Math.max(y0, Math.min(y0 + h - vh, (y1 + y2) / 2 - vh / 2));
    return [x, y, w, vh].map(function (n) { return n.toFixed(1); });
  }

  // map(container, places, onPlace) returns a promise settled when drawn.
  function map(container, places, onPlace) {
    return loadCountries().catch(function () { return []; }).then(function (shapes) {
      d.clear(container);
      places = (places || []).filter(function (p) { return p && isFinite(p.lat) && isFinite(p.lon) && (p.lat || p.lon); });
      var y0 = py(TOP), h = py(BOTTOM) - y0, v = fit(places, y0, h);
      var root = svg('svg', { viewBox: v.join(' '), class: 'map-svg', role: 'img', 'aria-label': 'Map of event places' });
      root.appendChild(svg('rect', { x: 0, y: y0, width: W, height: h, class: 'sea' }));
      var gc = svg('g', { class: 'countries' });
      shapes.forEach(function (c) { gc.appendChild(svg('path', { d: c.d }, svg('title', null, c.name))); });
      root.appendChild(gc);
      var max = Math.max.apply(null, places.map(function (p) { return +p.events || 0; }).concat([1]));
      var gp = svg('g', { class: 'places' });
      places.sort(function (a, b) { return b.events - a.events; }).forEach(function (p) {
        var c = svg('circle', { cx: px(+p.lon).toFixed(1), cy: py(+p.lat).toFixed(1), r: ((3 + 13 * Math.sqrt((+p.events || 0) / max)) * v[2] / W).toFixed(2),
          fill: d.gColor(p.mean_goldstein) },
          svg('title', null, (p.name || '?') + (p.country ? ' (' + p.country + ')' : '') + ': ' + (p.events || 0) +
            ' event(s), mean Goldstein ' + (+p.mean_goldstein || 0).toFixed(1)));
        if (onPlace) c.addEventListener('click', function () { onPlace(p); });
        gp.appendChild(c);
      });
      root.appendChild(gp);
      container.appendChild(root);
      if (!places.length) container.appendChild(d.el('p', { class: 'empty overlay' }, 'No located events'));
    });
  }

  d.map = map;
})();
