// oremap offline web viewer. Plain JavaScript over Leaflet; no build step, no network.
// Data come from data/*.js files that set window.OREMAP_DATA[key] (fetch() is refused on
// file://). Every string taken from data reaches the page through textContent or as a
// text node, never through innerHTML: site names come from files the user did not write.
(function () {
  'use strict';

  var DATA = window.OREMAP_DATA || {};
  var META = DATA.meta;

  // ---------------------------------------------------------------- DOM and formatting helpers

  // el('td', 'cls', 'text' | [children]) builds an element; text always goes in as text.
  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    append(node, content);
    return node;
  }

  function append(node, content) {
    if (content === undefined || content === null) return node;
    if (Array.isArray(content)) {
      content.forEach(function (c) { append(node, c); });
    } else if (content instanceof Node) {
      node.appendChild(content);
    } else {
      node.appendChild(document.createTextNode(String(content)));
    }
    return node;
  }

  function isNum(v) { return typeof v === 'number' && isFinite(v); }

  // Three significant digits: legends of models whose values are tiny (weights of evidence).
  function fmtSig(v) {
    if (!isNum(v)) return '–';
    return String(Number(v.toPrecision(3)));
  }

  function fmt(v, digits) {
    if (!isNum(v)) return '–';
    digits = digits === undefined ? 3 : digits;
    return v.toFixed(digits);
  }

  function fmtRaw(v, unit) {
    if (!isNum(v)) return 'no value';
    unit = unit || '';
    if (unit === 'm' && Math.abs(v) >= 1000) return (v / 1000).toFixed(1) + ' km';
    var text = Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
    return unit ? text + ' ' + unit : text;
  }

  function splitList(text) {
    if (typeof text !== 'string' || text === '') return [];
    return text.split('; ').filter(function (s) { return s !== ''; });
  }

  function capitalise(s) { return s ? s.charAt(0).toUpperCase() + s.slice(1) : s; }

  // Linear interpolation in a list of '#rrggbb' stops.
  function rampColour(stops, t) {
    if (!isNum(t)) t = 0;
    t = Math.min(1, Math.max(0, t));
    var at = t * (stops.length - 1), i = Math.min(stops.length - 2, Math.floor(at)), f = at - i;
    var a = hexRgb(stops[i]), b = hexRgb(stops[i + 1]);
    return 'rgb(' + [0, 1, 2].map(function (k) { return Math.round(a[k] + (b[k] - a[k]) * f); }).join(',') + ')';
  }

  function hexRgb(hex) {
    return [1, 3, 5].map(function (i) { return parseInt(hex.substr(i, 2), 16); });
  }

  function gradient(stops) {
    return 'linear-gradient(to right, ' + stops.join(', ') + ')';
  }

  // Scores of sites, light pink (0) to dark red (1), distinct from viridis underneath: the maps'
  // site-score ramp on their fixed 0-1 scale, so a site has one colour in both.
  var SCORE_STOPS = META && META.score_ramp ? META.score_ramp : ['#fee0d2', '#fc9272', '#de2d26', '#67000d'];
  var INFRA_COLOURS = ['#1f2937', '#b45309', '#7c3aed', '#0f766e', '#be123c', '#1d4ed8', '#4d7c0f', '#a21caf'];
  var GOVERNANCE_STOPS = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];
  var NUMBERED_RANKS = 30;  // markers up to this rank carry their rank number

  // ---------------------------------------------------------------- start-up checks

  function fail(message) {
    var box = document.getElementById('map');
    box.textContent = '';
    box.appendChild(el('p', 'fatal', message));
  }

  if (!window.L) { fail('Leaflet did not load (lib/leaflet.min.js is missing).'); return; }
  if (!META) { fail('The viewer data did not load (data/meta.js is missing).'); return; }

  // ---------------------------------------------------------------- map

  var map = L.map('map', { zoomSnap: 0.25, zoomDelta: 0.5, attributionControl: false, worldCopyJump: false });
  map.createPane('prospectivity').style.zIndex = 250;
  map.createPane('vectors').style.zIndex = 400;
  map.createPane('siteOutlines').style.zIndex = 450;
  var gridBounds = L.latLngBounds(META.grid.bounds);
  map.fitBounds(gridBounds, { padding: [12, 12] });
  var vectorRenderer = L.svg({ pane: 'vectors' });
  map.addLayer(vectorRenderer);  // the map has a view now, so the <svg> exists at once
  addHatchPattern(vectorRenderer);

  // A diagonal hatch for exclusion polygons, referenced as fill="url(#oremap-hatch)".
  function addHatchPattern(renderer) {
    var svg = renderer._container;
    if (!svg) return;
    var ns = 'http://www.w3.org/2000/svg';
    var defs = document.createElementNS(ns, 'defs');
    var pattern = document.createElementNS(ns, 'pattern');
    pattern.setAttribute('id', 'oremap-hatch');
    pattern.setAttribute('patternUnits', 'userSpaceOnUse');
    pattern.setAttribute('width', '7');
    pattern.setAttribute('height', '7');
    pattern.setAttribute('patternTransform', 'rotate(45)');
    var line = document.createElementNS(ns, 'line');
    line.setAttribute('x1', '0'); line.setAttribute('y1', '0');
    line.setAttribute('x2', '0'); line.setAttribute('y2', '7');
    line.setAttribute('stroke', '#b91c1c');
    line.setAttribute('stroke-width', '2');
    pattern.appendChild(line);
    defs.appendChild(pattern);
    svg.insertBefore(defs, svg.firstChild);
  }

  // ---------------------------------------------------------------- layers

  var entries = [];  // {group, title, layer, swatch, on}

  function addEntry(group, title, layer, swatch, on) {
    var entry = { group: group, title: title, layer: layer, swatch: swatch, on: on };
    entries.push(entry);
    if (on) layer.addTo(map);
    return entry;
  }

  if (META.basemap && META.basemap.url) {
    var tiles = L.tileLayer(META.basemap.url, { maxZoom: 19, crossOrigin: false });
    addEntry('Basemap', 'Tiles', tiles, { kind: 'fill', colour: '#d1d5db' }, true);
  }

  var prospectivityGroup = L.layerGroup();
  var sitesGroup = L.layerGroup();
  var outlinesGroup = L.layerGroup();
  var anySites = (META.commodities || []).some(function (c) { return c.sites; });
  if (anySites) {
    addEntry('Analysis', 'Ranked sites', sitesGroup, { kind: 'disc', colour: SCORE_STOPS[SCORE_STOPS.length - 2] }, true);
    addEntry('Analysis', 'Site outlines', outlinesGroup, { kind: 'line', colour: '#7c2d12' }, true);
  } else {
    document.querySelector('.table-panel').hidden = true;
  }
  addEntry('Analysis', 'Prospectivity', prospectivityGroup, { kind: 'ramp', colours: META.ramp }, true);
  addEntry('Analysis', 'Analysis grid extent',
    L.rectangle(gridBounds, { color: '#374151', weight: 1, dashArray: '6 4', fill: false, interactive: false,
      renderer: vectorRenderer }), { kind: 'line', colour: '#374151', dashed: true }, true);

  var ROLE_GROUP = {
    infrastructure: 'Infrastructure', governance: 'Governance', exclusion: 'Exclusions',
    study_area: 'Reference', reference: 'Reference'
  };

  var paletteCount = 0;
  (META.layers || []).forEach(function (spec) {
    var doc = DATA[spec.key];
    if (!doc) return;
    var style = layerStyle(spec, doc);
    var layer = L.geoJSON(doc, {
      renderer: vectorRenderer,
      style: style.path,
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, Object.assign({ renderer: vectorRenderer }, style.point));
      },
      onEachFeature: function (feature, lyr) {
        lyr.bindPopup(function () { return attributePopup(spec, feature); }, { maxWidth: 360 });
      }
    });
    // Governance shading would tint the prospectivity colours beneath it: off until asked for.
    addEntry(ROLE_GROUP[spec.role] || 'Reference', spec.title, layer, style.swatch, spec.role !== 'governance');
  });

  function layerStyle(spec, doc) {
    var base = { renderer: vectorRenderer };
    if (spec.role === 'exclusion') {
      return {
        path: Object.assign({}, base, { color: '#b91c1c', weight: 1.5, fillColor: 'url(#oremap-hatch)',
          fillOpacity: 0.9 }),
        point: { radius: 4, color: '#ffffff', weight: 1, fillColor: '#b91c1c', fillOpacity: 1 },
        swatch: { kind: 'hatch', colour: '#b91c1c' }
      };
    }
    if (spec.role === 'governance') {
      var values = (doc.features || []).map(function (f) { return f.properties && f.properties[spec.field]; })
        .filter(isNum);
      var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
      return {
        path: function (feature) {
          var v = feature.properties ? feature.properties[spec.field] : null;
          var t = isNum(v) && hi > lo ? (v - lo) / (hi - lo) : 0.5;
          return Object.assign({}, base, { color: '#1e3a8a', weight: 1, opacity: 0.7,
            fillColor: isNum(v) ? rampColour(GOVERNANCE_STOPS, t) : '#e5e7eb', fillOpacity: 0.45 });
        },
        point: { radius: 4, color: '#1e3a8a', weight: 1, fillColor: '#6baed6', fillOpacity: 1 },
        swatch: { kind: 'ramp', colours: GOVERNANCE_STOPS, range: values.length ? [lo, hi] : null }
      };
    }
    if (spec.role === 'infrastructure' || spec.role === 'reference') {
      // One colour per layer; reference polygons are outlines only.
      var colour = INFRA_COLOURS[paletteCount++ % INFRA_COLOURS.length];
      var fill = spec.role === 'infrastructure';
      return {
        path: Object.assign({}, base, { color: colour, weight: fill ? 2 : 1.5, opacity: 0.9, fill: fill,
          fillOpacity: 0.15 }),
        point: { radius: 3.5, color: '#ffffff', weight: 1, fillColor: colour, fillOpacity: 1 },
        swatch: { kind: 'line', colour: colour }
      };
    }
    return {
      path: Object.assign({}, base, { color: '#111827', weight: 1.5, opacity: 0.8, fill: false }),
      point: { radius: 3, color: '#ffffff', weight: 1, fillColor: '#111827', fillOpacity: 1 },
      swatch: { kind: 'line', colour: '#111827' }
    };
  }

  function attributePopup(spec, feature) {
    var box = el('div', 'feature-popup');
    box.appendChild(el('h3', null, spec.id));
    var table = el('table', 'attributes');
    var props = feature.properties || {};
    Object.keys(props).forEach(function (k) {
      var v = props[k];
      if (v === null || v === undefined || v === '') return;
      table.appendChild(el('tr', null, [el('th', null, k), el('td', null, typeof v === 'object' ? JSON.stringify(v) : v)]));
    });
    box.appendChild(table.childNodes.length ? table : el('p', 'muted', 'No attributes.'));
    return box;
  }

  // ---------------------------------------------------------------- commodity state

  var state = { commodity: null, sites: [], markers: [], rows: [], selected: -1, sort: { key: 'rank', dir: 1 },
    overlay: null, opacity: 0.75, scoreRange: [0, 1], layer: null };

  function siteList(c) {
    var doc = c.sites ? DATA[c.sites] : null;
    return doc && Array.isArray(doc.features) ? doc.features : [];
  }

  function pTopKey(c) { return 'p_top' + (c.top_k || 5); }

  function setCommodity(name) {
    var c = (META.commodities || []).filter(function (x) { return x.name === name; })[0];
    if (!c) return;
    state.commodity = c;
    state.sites = siteList(c);
    state.selected = -1;
    map.closePopup();
    state.layer = defaultLayer(c);
    fillModelPicker(c);
    showRaster(c);
    showSites(c);
    renderSummary(c);
    renderTable();
    renderLegend();
  }

  // ---------------------------------------------------------------- model layers

  // The layers a commodity offers: each model, then its posterior standard deviation if any.
  function modelLayers(c) {
    var out = [];
    (c.models || []).forEach(function (m, i) {
      out.push({ value: String(i), model: m, overlay: m, std: false });
      if (m.std) out.push({ value: i + ':std', model: m, overlay: m.std, std: true });
    });
    return out;
  }

  // The scoring model ([sites] model, else the commodity's first).
  function defaultLayer(c) {
    var layers = modelLayers(c);
    var scoring = layers.filter(function (l) { return !l.std && l.model.model === c.model; })[0];
    return scoring || layers[0] || null;
  }

  function layerTitle(l) {
    var m = l.model;
    if (l.std) return m.model + ' — posterior standard deviation';
    return m.model + (m.kind ? ' (' + m.kind + ')' : '') + (m.scoring ? ' — scores the sites' : '');
  }

  var modelPicker = document.getElementById('model');

  function fillModelPicker(c) {
    modelPicker.textContent = '';
    modelLayers(c).forEach(function (l) {
      var option = el('option', null, layerTitle(l));
      option.value = l.value;
      modelPicker.appendChild(option);
    });
    modelPicker.disabled = !state.layer;
    if (state.layer) modelPicker.value = state.layer.value;
  }

  function setLayer(value) {
    var c = state.commodity;
    var l = modelLayers(c).filter(function (x) { return x.value === value; })[0];
    if (!l) return;
    state.layer = l;
    showRaster(c);
    renderLegend();
  }

  modelPicker.addEventListener('change', function () { setLayer(modelPicker.value); });

  function showRaster(c) {
    prospectivityGroup.clearLayers();
    state.overlay = null;
    var l = state.layer;
    if (!l) return;
    state.overlay = L.imageOverlay(l.overlay.image, l.overlay.bounds, {
      pane: 'prospectivity', opacity: state.opacity, className: 'prospectivity-image', interactive: false,
      alt: (l.std ? 'Posterior standard deviation of ' : 'Prospectivity of ') + c.name + ' (' + l.model.model + ')'
    });
    prospectivityGroup.addLayer(state.overlay);
  }

  // ---------------------------------------------------------------- sites on the map

  function siteLatLng(f) {
    var p = f.properties || {};
    if (isNum(p.lat) && isNum(p.lon)) return L.latLng(p.lat, p.lon);
    var g = f.geometry;
    if (g && g.type === 'Point') return L.latLng(g.coordinates[1], g.coordinates[0]);
    return null;
  }

  function showSites(c) {
    sitesGroup.clearLayers();
    outlinesGroup.clearLayers();
    state.markers = [];
    state.scoreRange = [0, 1];  // fixed, as on the maps
    var count = state.sites.length;
    state.sites.forEach(function (f, i) {
      var ll = siteLatLng(f);
      if (!ll) { state.markers.push(null); return; }
      var marker = L.marker(ll, {
        icon: siteIcon(f, i),
        keyboard: true,
        title: '',
        zIndexOffset: isRanked(f.properties) ? (count - (f.properties.rank || count)) * 10 + 1000 : 0,
        riseOnHover: true
      });
      marker.bindPopup(function () { return sitePopup(c, f); },
        { maxWidth: 480, minWidth: 320, className: 'site-popup-wrap',
          // Keep clear of the layer switcher (top right) and the legend (bottom right).
          autoPanPaddingTopLeft: L.point(60, 20), autoPanPaddingBottomRight: L.point(260, 20) });
      marker.bindTooltip(el('span', null, f.properties.name || f.properties.id || 'site'),
        { direction: 'top', offset: [0, -10], className: 'site-tooltip' });
      marker.on('popupopen', function () { selectRow(i, false); });
      sitesGroup.addLayer(marker);
      state.markers.push(marker);
      var g = f.geometry;
      if (g && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
        outlinesGroup.addLayer(L.geoJSON(f, { pane: 'siteOutlines', interactive: false,
          style: { color: '#7c2d12', weight: 2, fillColor: '#fb923c', fillOpacity: 0.15 } }));
      }
    });
  }

  function scoreT(score) {
    var lo = state.scoreRange[0], hi = state.scoreRange[1];
    return hi > lo ? (score - lo) / (hi - lo) : 1;
  }

  // A site is ranked, unranked (a criterion without a value, e.g. no prospectivity data), or
  // excluded. Tables written before the status column existed have only `excluded`.
  function siteStatus(p) {
    if (p.status === 'ranked' || p.status === 'unranked' || p.status === 'excluded') return p.status;
    return p.excluded ? 'excluded' : 'ranked';
  }

  function isRanked(p) { return siteStatus(p) === 'ranked' && isNum(p.rank) && p.rank > 0; }

  function siteIcon(f, i) {
    var p = f.properties;
    var numbered = isRanked(p) && p.rank <= NUMBERED_RANKS;
    var dot = el('div', 'site-dot', numbered ? String(p.rank) : siteStatus(p) === 'unranked' ? '?' : null);
    if (siteStatus(p) === 'excluded') {
      dot.classList.add('is-excluded');
    } else if (siteStatus(p) === 'unranked') {
      dot.classList.add('is-unranked');
    } else {
      var t = scoreT(p.score);
      dot.style.backgroundColor = rampColour(SCORE_STOPS, t);
      if (t > 0.55) dot.classList.add('is-dark');
    }
    var size = numbered ? 24 : 14;
    dot.setAttribute('data-site-index', String(i));
    return L.divIcon({ html: dot, className: 'site-marker' + (numbered ? ' is-numbered' : ''),
      iconSize: [size, size], iconAnchor: [size / 2, size / 2], popupAnchor: [0, -size / 2],
      tooltipAnchor: [0, -size / 2] });
  }

  // ---------------------------------------------------------------- site popup

  function fact(dl, term, value, hint) {
    var dt = el('dt', null, term), dd = el('dd', null, value);
    if (hint) dd.title = hint;
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  function rankText(c, p) {
    if (!isRanked(p)) return siteStatus(p) === 'unranked' ? 'not ranked' : 'excluded';
    return p.rank + ' of ' + (c.site_count - c.excluded_count - (c.unranked_count || 0));
  }

  function intervalText(p) {
    return isNum(p.rank_p05) && isNum(p.rank_p95) ? p.rank_p05 + '–' + p.rank_p95 : '–';
  }

  function sitePopup(c, f) {
    var p = f.properties;
    var box = el('div', 'site-popup');
    box.appendChild(el('h3', null, p.name || p.id || 'unnamed site'));
    box.appendChild(el('p', 'site-sub', ['Site ', el('code', null, p.id), ' · ', capitalise(c.name)]));

    var badges = el('div', 'badges');
    if (siteStatus(p) === 'excluded') badges.appendChild(el('span', 'badge badge-excluded', 'Excluded'));
    else if (siteStatus(p) === 'unranked') badges.appendChild(el('span', 'badge badge-unranked', 'Not ranked: missing data'));
    else badges.appendChild(el('span', 'badge badge-rank', 'Rank ' + rankText(c, p)));
    if (isNum(p.penalty_factor) && p.penalty_factor < 1) {
      badges.appendChild(el('span', 'badge badge-penalty', 'Penalty × ' + fmt(p.penalty_factor, 2)));
    }
    box.appendChild(badges);

    var dl = el('dl', 'facts');
    fact(dl, 'Score', fmt(p.score), 'penalty factor × sum of weighted criterion scores');
    if (isRanked(p)) {
      fact(dl, 'Rank 5–95 %', intervalText(p), c.draws + ' Monte-Carlo weight draws');
      fact(dl, 'P(top ' + c.top_k + ')', fmt(p[pTopKey(c)], 2), 'share of draws ranking the site in the top ' + c.top_k);
      fact(dl, 'Mean rank', fmt(p.rank_mean, 1));
    }
    box.appendChild(dl);

    var reasons = splitList(p.reasons), penalties = splitList(p.penalties), flags = splitList(p.flags);
    if (reasons.length) {
      box.appendChild(noteList('reasons', siteStatus(p) === 'excluded' ? 'Excluded because' : 'Not ranked because',
        reasons));
    }
    if (penalties.length) box.appendChild(noteList('penalties', 'Penalties', penalties));
    box.appendChild(breakdownTable(c, p));
    if (flags.length) box.appendChild(noteList('flags', 'Notes', flags));
    return box;
  }

  function noteList(className, title, items) {
    var wrap = el('div', 'notes notes-' + className, el('strong', null, title));
    var ul = el('ul');
    items.forEach(function (s) { ul.appendChild(el('li', null, s)); });
    wrap.appendChild(ul);
    return wrap;
  }

  function breakdownTable(c, p) {
    var table = el('table', 'breakdown');
    table.appendChild(el('thead', null, el('tr', null, [
      el('th', null, 'Criterion'), el('th', null, 'Raw value'), el('th', 'num', 'Score'),
      el('th', 'num', 'Weight'), el('th', 'num', 'Contribution')])));
    var body = el('tbody');
    var sum = 0;
    (c.criteria || []).forEach(function (k) {
      var raw = p[k.id + '_raw'], unit = p[k.id + '_unit'] || k.unit, feature = p[k.id + '_feature'];
      var contribution = p[k.id + '_contribution'];
      if (isNum(contribution)) sum += contribution;
      var name = el('td', 'crit', el('span', 'crit-id', k.id));
      name.title = k.kind + (k.transform ? ': ' + k.transform : '');
      var rawCell = el('td', 'raw', fmtRaw(raw, unit));
      if (feature) rawCell.appendChild(el('div', 'feature', (k.kind === 'distance' ? 'nearest: ' : '') + feature));
      var bar = el('span', 'bar');
      bar.style.width = Math.round(100 * Math.min(1, Math.max(0, isNum(contribution) && k.weight > 0 ?
        contribution / k.weight : 0))) + '%';
      body.appendChild(el('tr', null, [name, rawCell, el('td', 'num', [fmt(p[k.id + '_score'], 2), el('span', 'bar-track', bar)]),
        el('td', 'num', fmt(p[k.id + '_weight'], 2)), el('td', 'num', fmt(contribution))]));
    });
    table.appendChild(body);
    var foot = el('tfoot');
    foot.appendChild(el('tr', null, [el('td', null, 'Sum'), el('td'), el('td'), el('td'), el('td', 'num', fmt(sum))]));
    if (isNum(p.penalty_factor) && p.penalty_factor !== 1) {
      foot.appendChild(el('tr', null, [el('td', null, '× penalty'), el('td'), el('td'), el('td'),
        el('td', 'num', fmt(p.penalty_factor, 2))]));
    }
    foot.appendChild(el('tr', 'total', [el('td', null, 'Score'), el('td'), el('td'), el('td'), el('td', 'num', fmt(p.score))]));
    table.appendChild(foot);
    return table;
  }

  // ---------------------------------------------------------------- table

  function columns(c) {
    return [
      { key: 'rank', title: '#', cls: 'num', value: function (p) { return isRanked(p) ? p.rank : Infinity; },
        text: function (p) { return isRanked(p) ? String(p.rank) : '–'; } },
      { key: 'name', title: 'Site', value: function (p) { return String(p.name || p.id || '').toLowerCase(); },
        text: function (p) { return p.name || p.id || ''; } },
      { key: 'score', title: 'Score', cls: 'num', value: function (p) { return isNum(p.score) ? p.score : -Infinity; },
        text: function (p) { return fmt(p.score); } },
      { key: 'interval', title: 'Rank 5–95 %', cls: 'num',
        value: function (p) { return isNum(p.rank_p05) ? p.rank_p05 + p.rank_p95 / 1e6 : Infinity; },
        text: intervalText },
      { key: 'ptop', title: 'P(top ' + (c.top_k || 5) + ')', cls: 'num',
        value: function (p) { return isNum(p[pTopKey(c)]) ? p[pTopKey(c)] : -Infinity; },
        text: function (p) { return fmt(p[pTopKey(c)], 2); } },
      { key: 'status', title: 'Status', value: statusText, text: statusText }
    ];
  }

  function statusText(p) {
    if (siteStatus(p) !== 'ranked') return siteStatus(p);
    if (isNum(p.penalty_factor) && p.penalty_factor < 1) return 'penalised';
    return 'ranked';
  }

  function renderTable() {
    var c = state.commodity, table = document.getElementById('site-table');
    var cols = columns(c);
    var head = table.tHead;
    head.textContent = '';
    var tr = el('tr');
    cols.forEach(function (col) {
      var th = el('th', col.cls || null, el('button', 'sort', col.title));
      th.setAttribute('data-key', col.key);
      th.setAttribute('aria-sort', state.sort.key === col.key ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
      th.firstChild.addEventListener('click', function () {
        state.sort = { key: col.key, dir: state.sort.key === col.key ? -state.sort.dir : 1 };
        renderTable();
      });
      tr.appendChild(th);
    });
    head.appendChild(tr);

    var sortCol = cols.filter(function (col) { return col.key === state.sort.key; })[0] || cols[0];
    var order = state.sites.map(function (f, i) { return i; });
    order.sort(function (a, b) {
      var va = sortCol.value(state.sites[a].properties), vb = sortCol.value(state.sites[b].properties);
      if (va < vb) return -state.sort.dir;
      if (va > vb) return state.sort.dir;
      return a - b;
    });
    var body = table.tBodies[0];
    body.textContent = '';
    state.rows = [];
    order.forEach(function (i) {
      var p = state.sites[i].properties;
      var row = el('tr', isRanked(p) ? null : 'is-' + siteStatus(p));
      row.setAttribute('data-index', String(i));
      row.tabIndex = 0;
      cols.forEach(function (col) {
        var td = el('td', col.cls || null, col.text(p));
        if (col.key === 'name') {
          var swatch = el('span', 'swatch-dot' + (isRanked(p) ? '' : ' is-' + siteStatus(p)));
          if (isRanked(p)) swatch.style.backgroundColor = rampColour(SCORE_STOPS, scoreT(p.score));
          td.insertBefore(swatch, td.firstChild);
        }
        row.appendChild(td);
      });
      row.addEventListener('click', function () { focusSite(i); });
      row.addEventListener('keydown', function (e) { if (e.key === 'Enter') focusSite(i); });
      body.appendChild(row);
      state.rows[i] = row;
    });
    document.getElementById('table-empty').hidden = state.sites.length > 0;
    applyFilter();
    if (state.selected >= 0) selectRow(state.selected, false);
  }

  // Highlights a site's row; scrolls the table to it unless the click came from the table.
  function selectRow(i, fromTable) {
    state.rows.forEach(function (r) { if (r) r.classList.remove('is-selected'); });
    state.selected = i;
    var row = state.rows[i];
    if (!row) return;
    row.classList.add('is-selected');
    if (fromTable !== true) row.scrollIntoView({ block: 'nearest' });
  }

  function focusSite(i) {
    var marker = state.markers[i];
    if (!marker) return;
    if (!map.hasLayer(sitesGroup)) map.addLayer(sitesGroup);
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), 9), { animate: false });
    marker.openPopup();
    selectRow(i, true);
  }

  function applyFilter() {
    var q = document.getElementById('filter').value.trim().toLowerCase();
    state.sites.forEach(function (f, i) {
      var p = f.properties, row = state.rows[i];
      if (!row) return;
      var hay = (String(p.name || '') + ' ' + String(p.id || '')).toLowerCase();
      row.hidden = q !== '' && hay.indexOf(q) < 0;
    });
  }

  document.getElementById('filter').addEventListener('input', applyFilter);

  // ---------------------------------------------------------------- summary panel

  function renderSummary(c) {
    var box = document.getElementById('summary');
    box.textContent = '';
    var scoring = (c.models || []).filter(function (m) { return m.model === c.model; })[0];
    var model = scoring ? scoring.model + (scoring.kind ? ' (' + scoring.kind + ')' : '') : (c.model || 'none');
    box.appendChild(el('h2', null, capitalise(c.name)));
    var dl = el('dl', 'facts');
    fact(dl, 'Model', model);
    if (c.sites) {
      fact(dl, 'Sites', c.site_count + ' (' + (c.unranked_count || 0) + ' not ranked for missing data, ' +
        c.excluded_count + ' excluded)');
      fact(dl, 'Uncertainty', c.draws ? c.draws + ' weight draws' : 'no draws');
    }
    box.appendChild(dl);
    if (!c.sites) box.appendChild(el('p', 'muted', 'No ranked sites: [sites] and [[criteria]] in the project add them.'));
    if (scoring && scoring.description) box.appendChild(el('p', 'muted', scoring.description));
    if (c.criteria && c.criteria.length) {
      var list = el('table', 'weights');
      c.criteria.forEach(function (k) {
        var bar = el('span', 'bar');
        bar.style.width = Math.round(100 * k.weight) + '%';
        var name = el('td', null, k.id);
        name.title = k.kind + (k.transform ? ': ' + k.transform : '');
        list.appendChild(el('tr', null, [name, el('td', 'bar-cell', el('span', 'bar-track', bar)),
          el('td', 'num', fmt(k.weight, 2))]));
      });
      box.appendChild(el('h3', null, 'Criteria weights'));
      box.appendChild(list);
    }
  }

  // ---------------------------------------------------------------- controls

  var Credits = L.Control.extend({
    options: { position: 'bottomright' },
    onAdd: function () {
      var parts = ['oremap ' + META.version, 'Leaflet', META.grid.crs + ', ' + META.grid.cell_size + ' m cells'];
      if (META.basemap && META.basemap.attribution) parts.push(META.basemap.attribution);
      return el('div', 'credits', parts.join(' · '));
    }
  });
  new Credits().addTo(map);

  var LegendControl = L.Control.extend({
    options: { position: 'bottomright' },
    onAdd: function () {
      this._box = el('div', 'map-panel legend');
      L.DomEvent.disableClickPropagation(this._box);
      L.DomEvent.disableScrollPropagation(this._box);
      return this._box;
    }
  });
  var legend = new LegendControl();
  legend.addTo(map);

  function renderLegend() {
    var box = legend._box, c = state.commodity;
    box.textContent = '';
    var l = state.layer;
    if (l) {
      var o = l.overlay;
      box.appendChild(el('h4', null, l.std ? 'Posterior standard deviation' : 'Prospectivity'));
      box.appendChild(el('div', 'legend-model', l.model.model));
      var bar = el('div', 'ramp');
      bar.style.backgroundImage = gradient(META.ramp);
      box.appendChild(bar);
      box.appendChild(el('div', 'ramp-labels', [el('span', null, o.empty ? '–' : fmtSig(o.min)),
        el('span', null, o.empty ? 'no data' : fmtSig(o.max))]));
      var slider = el('input', 'opacity');
      slider.type = 'range'; slider.min = '0'; slider.max = '100'; slider.step = '5';
      slider.value = String(Math.round(state.opacity * 100));
      slider.setAttribute('aria-label', 'Prospectivity opacity');
      var readout = el('span', 'opacity-value', slider.value + ' %');
      slider.addEventListener('input', function () {
        state.opacity = Number(slider.value) / 100;
        readout.textContent = slider.value + ' %';
        if (state.overlay) state.overlay.setOpacity(state.opacity);
      });
      box.appendChild(el('label', 'opacity-row', ['Opacity ', slider, readout]));
    }
    if (c.sites) {
      box.appendChild(el('h4', null, 'Site score'));
      var sbar = el('div', 'ramp ramp-sites');
      sbar.style.backgroundImage = gradient(SCORE_STOPS);
      box.appendChild(sbar);
      box.appendChild(el('div', 'ramp-labels', [el('span', null, fmt(state.scoreRange[0])),
        el('span', null, fmt(state.scoreRange[1]))]));
      box.appendChild(el('div', 'legend-symbols', [
        el('span', 'legend-symbol', [el('span', 'site-dot sample', '1'), ' rank (top ' + NUMBERED_RANKS + ')']),
        el('span', 'legend-symbol', [el('span', 'site-dot sample is-unranked', '?'), ' not ranked']),
        el('span', 'legend-symbol', [el('span', 'site-dot sample is-excluded'), ' excluded'])]));
    }
  }

  var LayerSwitcher = L.Control.extend({
    options: { position: 'topright' },
    onAdd: function () {
      var box = el('div', 'map-panel layer-switcher');
      box.setAttribute('aria-label', 'Layers');
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var toggle = el('button', 'switcher-toggle', 'Layers');
      toggle.type = 'button';
      toggle.setAttribute('aria-expanded', 'true');
      toggle.addEventListener('click', function () {
        var collapsed = box.classList.toggle('is-collapsed');
        toggle.setAttribute('aria-expanded', collapsed ? 'false' : 'true');
      });
      box.appendChild(toggle);
      var body = el('div', 'switcher-body');
      var groups = [];
      entries.forEach(function (e) { if (groups.indexOf(e.group) < 0) groups.push(e.group); });
      groups.forEach(function (g) {
        body.appendChild(el('div', 'switcher-group', g));
        entries.filter(function (e) { return e.group === g; }).forEach(function (e) {
          var input = el('input');
          input.type = 'checkbox';
          input.checked = map.hasLayer(e.layer);
          input.addEventListener('change', function () {
            if (input.checked) map.addLayer(e.layer); else map.removeLayer(e.layer);
          });
          body.appendChild(el('label', 'switcher-item', [input, swatch(e.swatch), el('span', 'switcher-title', e.title)]));
        });
      });
      box.appendChild(body);
      return box;
    }
  });

  function swatch(s) {
    var node = el('span', 'swatch swatch-' + (s ? s.kind : 'line'));
    if (!s) return node;
    if (s.kind === 'ramp') node.style.backgroundImage = gradient(s.colours);
    else if (s.kind === 'line') {
      node.style.borderTopColor = s.colour;
      if (s.dashed) node.style.borderTopStyle = 'dashed';
    } else node.style.backgroundColor = s.colour;
    return node;
  }

  new LayerSwitcher().addTo(map);

  var HomeControl = L.Control.extend({
    options: { position: 'topleft' },
    onAdd: function (m) {
      var bar = el('div', 'leaflet-bar');
      var button = el('a', 'home-button', '⌂');
      button.href = '#';
      button.title = 'Zoom to the analysis grid';
      button.setAttribute('role', 'button');
      L.DomEvent.on(button, 'click', function (e) {
        L.DomEvent.preventDefault(e);
        m.fitBounds(gridBounds, { padding: [12, 12] });
      });
      L.DomEvent.disableClickPropagation(bar);
      bar.appendChild(button);
      return bar;
    }
  });
  new HomeControl().addTo(map);
  L.control.scale({ metric: true, imperial: false, position: 'bottomleft', maxWidth: 160 }).addTo(map);

  var CoordinateReadout = L.Control.extend({
    options: { position: 'bottomleft' },
    onAdd: function (m) {
      var box = el('div', 'map-panel coords', '');
      m.on('mousemove', function (e) {
        box.textContent = e.latlng.lat.toFixed(4) + '°, ' + e.latlng.lng.toFixed(4) + '°';
      });
      m.on('mouseout', function () { box.textContent = ''; });
      return box;
    }
  });
  new CoordinateReadout().addTo(map);


  // ---------------------------------------------------------------- header and start

  var picker = document.getElementById('commodity');
  (META.commodities || []).forEach(function (c) {
    var option = el('option', null, capitalise(c.name) + (c.model ? ' — ' + c.model : ''));
    option.value = c.name;
    picker.appendChild(option);
  });
  picker.addEventListener('change', function () { setCommodity(picker.value); });
  document.getElementById('subtitle').textContent = META.description || '';

  window.oremapViewer = { map: map, state: state, setCommodity: setCommodity, setLayer: setLayer, focusSite: focusSite };
  if (META.commodities && META.commodities.length) setCommodity(META.commodities[0].name);
  else fail('This run produced no prospectivity model and no ranked sites.');
})();
