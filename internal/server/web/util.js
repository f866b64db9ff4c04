// dyad UI helpers. Untrusted text only ever goes through textContent or
// createTextNode; nothing here parses HTML.
'use strict';
(function () {
  function report(text) {
    var el = document.getElementById('errors');
    if (el) el.textContent += text + '\n';
  }
  window.onerror = function (msg, src, line, col) { report(String(msg) + ' (' + src + ':' + line + ':' + col + ')'); };
  window.addEventListener('unhandledrejection', function (e) {
    report('unhandled: ' + String(e.reason && (e.reason.stack || e.reason)));
  });

  var SVGNS = 'http://www.w3.org/2000/svg';

  // el('div', {class: 'x'}, child, 'text', ...): attributes must not be
  // event handlers or URLs taken from data.
  function build(node, attrs, kids) {
    if (attrs) for (var k in attrs) {
      if (attrs[k] == null || attrs[k] === false) continue;
      if (/^on/i.test(k) || k === 'href' || k === 'src') throw new Error('unsafe attribute ' + k);
      node.setAttribute(k, String(attrs[k]));
    }
    append(node, kids);
    return node;
  }
  function append(node, kids) {
    for (var i = 0; i < kids.length; i++) {
      var c = kids[i];
      if (c == null || c === false) continue;
      if (Array.isArray(c)) append(node, c);
      else node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    }
  }
  function el(tag, attrs) { return build(document.createElement(tag), attrs, [].slice.call(arguments, 2)); }
  function svg(tag, attrs) { return build(document.createElementNS(SVGNS, tag), attrs, [].slice.call(arguments, 2)); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  // Goldstein -10..+10: red, grey at 0, green.
  var NEG = [200, 40, 40], MID = [150, 150, 150], POS = [30, 150, 70];
  function gRGB(g) {
    var t = Math.max(-1, Math.min(1, (+g || 0) / 10)), a = t < 0 ? NEG : POS, u = Math.abs(t);
    return MID.map(function (m, i) { return Math.round(m + (a[i] - m) * u); });
  }
  function gColor(g) { return 'rgb(' + gRGB(g).join(',') + ')'; }
  function gTint(g, w) { // mixed with white, w = share of colour
    return 'rgb(' + gRGB(g).map(function (c) { return Math.round(255 + (c - 255) * w); }).join(',') + ')';
  }

  // byteIndex(s) maps a UTF-8 byte offset of s to a UTF-16 index of s.
  // Offsets inside a character map to that character's start.
  function byteIndex(s) {
    var n = new TextEncoder().encode(s).length, map = new Uint32Array(n + 1), b = 0;
    for (var i = 0; i < s.length;) {
      var cp = s.codePointAt(i), w = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      for (var k = 0; k < w && b + k < n; k++) map[b + k] = i;
      b += w; i += cp > 0xffff ? 2 : 1;
    }
    map[n] = s.length;
    return function (off) { return map[Math.max(0, Math.min(n, off | 0))]; };
  }

  function getJSON(path, params) {
    var qs = params ? new URLSearchParams(params).toString() : '';
    return fetch(path + (qs ? '?' + qs : ''), { headers: { Accept: 'application/json' } }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) throw new Error(path + ': ' + (body.error || r.status + ' ' + r.statusText));
        return body;
      });
    });
  }

  function fmtNum(n) { return (+n || 0).toLocaleString('en-US'); }
  function safeURL(u) { return typeof u === 'string' && /^https?:\/\//i.test(u) ? u : ''; }

  window.dyad = { el: el, svg: svg, clear: clear, gColor: gColor, gTint: gTint, byteIndex: byteIndex,
    getJSON: getJSON, fmtNum: fmtNum, safeURL: safeURL,
    QUADS: [null, { name: 'Verbal cooperation', color: '#4e79a7' }, { name: 'Material cooperation', color: '#59a14f' },
      { name: 'Verbal conflict', color: '#f1a340' }, { name: 'Material conflict', color: '#d7191c' }] };
})();
