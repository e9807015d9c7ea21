// The script of report.html. It reads the JSON the reporter embedded and builds
// the page with createElement and textContent only: message text is data, never
// markup. No network, no libraries.
(function () {
  'use strict';
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var MARK_KINDS = ['invoke', 'ok', 'info', 'fail', 'receive', 'connect', 'disconnect', 'stored', 'reject', 'exit', 'probe', 'shown'];
  var MARK_WORDS = {
    invoke: 'sent', ok: 'acknowledged', info: 'outcome unknown', fail: 'gave up',
    receive: 'received offset', connect: 'connected', disconnect: 'disconnected', stored: 'stored', reject: 'got a refusal of',
    exit: 'died on its own:', probe: 'sent a robustness probe:', shown: 'page shows',
  };
  var data = JSON.parse(document.getElementById('siochaos-data').textContent);
  var app = document.getElementById('app');
  var timeline = data.timeline;
  var state = { view: [timeline.start, Math.max(timeline.end, timeline.start + 1)], selected: -1 };
  var highlighted = {};
  data.anomalies.forEach(function (a) { a.events.forEach(function (i) { highlighted[i] = true; }); });

  // ---- small DOM helpers -------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      if (attrs[k] === undefined || attrs[k] === null || attrs[k] === false) return;
      node.setAttribute(k, String(attrs[k]));
    });
  }
  function append(node, children) {
    if (children === undefined || children === null) return;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (c) {
      if (c === undefined || c === null || c === false) return;
      node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    });
  }
  function plural(n, noun, many) { return n + ' ' + (n === 1 ? noun : many || noun + 's'); }
  function fmtMs(t) {
    if (t === undefined || t === null) return '–';
    if (Math.abs(t) < 1000) return (Math.round(t * 10) / 10) + ' ms';
    if (Math.abs(t) < 120000) return (t / 1000).toFixed(2) + ' s';
    return Math.floor(t / 60000) + ' min ' + Math.round((t % 60000) / 1000) + ' s';
  }
  function fmtAxis(t, step) {
    if (step >= 1000 || Math.abs(t) >= 10000) {
      var decimals = Math.max(0, Math.min(3, Math.ceil(-Math.log10(step / 1000) - 1e-9)));
      return (t / 1000).toFixed(decimals) + ' s';
    }
    if (step < 1) return t.toFixed(step < 0.1 ? 2 : 1) + ' ms';
    return Math.round(t) + ' ms';
  }
  function niceStep(range, ticks) {
    var raw = range / Math.max(1, ticks);
    var p = Math.pow(10, Math.floor(Math.log10(raw)));
    var m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
  }
  function section(id, title, intro) {
    var s = el('section', { id: id, class: 'card' }, [el('h2', null, title)]);
    if (intro) s.appendChild(el('p', { class: 'intro' }, intro));
    app.appendChild(s);
    return s;
  }

  // ---- tooltip -----------------------------------------------------------
  var tip = el('div', { class: 'tip', role: 'tooltip', hidden: 'hidden' });
  document.body.appendChild(tip);
  function showTip(evt, lines) {
    tip.textContent = '';
    lines.forEach(function (line, i) { tip.appendChild(el('div', { class: i === 0 ? 'tip-head' : null }, line)); });
    tip.hidden = false;
    var x = evt.clientX + 14, y = evt.clientY + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = evt.clientX - w - 10;
    if (y + h > window.innerHeight - 8) y = evt.clientY - h - 10;
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  function hideTip() { tip.hidden = true; }

  // ---- header ------------------------------------------------------------
  function header() {
    var verdictWord = { valid: 'valid', invalid: 'invalid', unknown: 'unknown' }[data.verdict] || data.verdict;
    var h = el('header', { class: 'top' }, [
      el('div', { class: 'brand' }, ['siochaos report · campaign ', el('strong', null, data.campaign)]),
      el('div', { class: 'verdict' }, [
        el('span', { class: 'badge badge-' + data.verdict, title: 'verdict' }, verdictWord),
        el('h1', { id: 'verdict' }, data.sentence),
      ]),
      el('p', { class: 'sub' }, [
        data.campaignSentence + ' ',
        el('span', { class: 'seed' }, ['Seed ', el('code', { id: 'seed' }, String(data.seed))]),
        ' · started ' + data.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') + ' · took ' + fmtMs(data.durationMs),
      ]),
    ]);
    var chips = el('ul', { class: 'chips' });
    data.config.forEach(function (c) { chips.appendChild(el('li', null, [el('span', null, c.label), ' ' + c.value])); });
    h.appendChild(chips);
    app.appendChild(h);
    if (data.error) app.appendChild(el('div', { class: 'callout callout-unknown' }, [el('strong', null, 'The campaign could not decide. '), data.error]));
    if (data.interrupted) {
      app.appendChild(el('div', { class: 'callout callout-unknown' }, [
        el('strong', null, 'Interrupted. '),
        'The campaign was stopped before it finished; this report shows what it found in ' + plural(data.figures.scenarios, 'scenario') + '.',
      ]));
    }
  }

  // ---- anomalies and their stories ----------------------------------------
  var anomalyRows = [];
  function anomalies() {
    if (!data.anomalies.length) return;
    var s = section('anomalies', plural(data.anomalies.length, 'anomaly', 'anomalies'),
      'Click an anomaly to read the story of its messages: every attempt, retry and ack, what was stored, and who received it. Its events are highlighted on the timeline.');
    var table = el('table', { class: 'anomalies' });
    table.appendChild(el('thead', null, el('tr', null, ['#', 'Kind', 'Guarantee broken', 'Client', 'Messages', 'Offsets', 'What happened'].map(function (t) { return el('th', null, t); }))));
    var body = el('tbody');
    data.anomalies.forEach(function (a, i) {
      var row = el('tr', { class: 'anomaly-row', tabindex: '0', 'aria-expanded': 'false', 'data-anomaly': String(i) }, [
        el('td', { class: 'num' }, String(i + 1)),
        el('td', null, el('span', { class: 'kind kind-' + a.kind }, a.kind)),
        el('td', null, [el('div', null, a.guarantee), el('div', { class: 'muted' }, a.meaning)]),
        el('td', null, a.client || '–'),
        el('td', { class: 'mono' }, a.msgs.length ? a.msgs.slice(0, 6).join(', ') + (a.msgs.length > 6 ? ' +' + (a.msgs.length - 6) : '') : '–'),
        el('td', { class: 'mono' }, a.offsets.length ? a.offsets.slice(0, 8).join(', ') + (a.offsets.length > 8 ? ' +' + (a.offsets.length - 8) : '') : '–'),
        el('td', { class: 'desc' }, a.description),
      ]);
      var storyRow = el('tr', { class: 'story-row', hidden: 'hidden' }, el('td', { colspan: '7' }));
      row.addEventListener('click', function () { select(state.selected === i ? -1 : i, true); });
      row.addEventListener('keydown', function (evt) {
        if (evt.key === 'Enter' || evt.key === ' ') { evt.preventDefault(); select(state.selected === i ? -1 : i, true); }
      });
      anomalyRows.push({ row: row, storyRow: storyRow });
      body.appendChild(row);
      body.appendChild(storyRow);
    });
    table.appendChild(body);
    s.appendChild(el('div', { class: 'table-wrap' }, table));
  }

  function select(i, fromTable) {
    state.selected = i;
    anomalyRows.forEach(function (r, k) {
      var open = k === i;
      r.row.classList.toggle('selected', open);
      r.row.setAttribute('aria-expanded', open ? 'true' : 'false');
      r.storyRow.hidden = !open;
      if (open && !r.storyRow.firstChild.firstChild) r.storyRow.firstChild.appendChild(story(data.anomalies[k], k));
    });
    drawTimeline();
    if (fromTable && i >= 0) anomalyRows[i].storyRow.scrollIntoView({ block: 'nearest' });
  }

  function factsBlock(f) {
    var received = Object.keys(f.receivedBy).map(function (c) { return c + (f.receivedBy[c] > 1 ? ' ×' + f.receivedBy[c] : ''); });
    var stored = f.offsets.length === 0 ? 'never' : f.offsets.length === 1 ? 'once, at offset ' + f.offsets[0] : f.offsets.length + ' times, at offsets ' + f.offsets.join(', ');
    var acked = f.acked === 'server' ? 'by the server (attempt ' + f.ackedAttempt + ')' : f.acked === 'local' ? 'locally only: the emit returned, no server ack' : 'never';
    var rows = [
      ['Message', [el('code', null, f.msg), f.client ? ' from ' + f.client : '']],
      ['Text', f.content === undefined ? '–' : el('code', { class: 'content', title: 'the message text, quoted' }, JSON.stringify(f.content))],
      ['Sent', f.attempts ? plural(f.attempts, 'attempt') + (f.attempts > 1 ? ' (' + plural(f.attempts - 1, 'retry', 'retries') + ')' : '') : 'never (no client sent it)'],
      ['Acknowledged', acked],
      ['Stored', stored],
      ['Received by', received.length ? received.join(', ') : 'nobody'],
    ];
    if (f.unknownOutcomes) rows.splice(3, 0, ['Unknown outcomes', plural(f.unknownOutcomes, 'attempt')]);
    if (f.gaveUp) rows.splice(4, 0, ['Gave up', f.gaveUp]);
    if (f.refused) rows.splice(4, 0, ['Refused by the server', f.refused]);
    if (f.notReceivedBy.length) rows.push(['Not received by', f.notReceivedBy.join(', ')]);
    var dl = el('dl', { class: 'facts' });
    rows.forEach(function (r) {
      dl.appendChild(el('dt', null, r[0]));
      dl.appendChild(el('dd', { class: r[0] === 'Stored' && f.offsets.length !== 1 ? 'warn' : null }, r[1]));
    });
    return dl;
  }

  function story(a, index) {
    var box = el('div', { class: 'story', id: 'story-' + index }, [
      el('h3', null, ['The story of ', a.msgs.length ? a.msgs.slice(0, 4).join(', ') + (a.msgs.length > 4 ? ' and ' + (a.msgs.length - 4) + ' more' : '') : 'offsets ' + a.offsets.join(', ')]),
    ]);
    if (a.story.missing) {
      box.appendChild(el('p', { class: 'muted' }, 'No story: ' + a.story.missing + '.'));
      return box;
    }
    var facts = el('div', { class: 'facts-grid' });
    a.story.facts.slice(0, 6).forEach(function (f) { facts.appendChild(factsBlock(f)); });
    box.appendChild(facts);
    var list = el('ol', { class: 'steps-story' });
    a.story.steps.forEach(function (s) {
      list.appendChild(el('li', { class: 'step step-' + s.kind + (s.evidence ? ' evidence' : '') }, [
        el('span', { class: 'at' }, fmtMs(s.t)),
        el('span', { class: 'lane' }, s.lane),
        el('span', { class: 'what' }, s.text),
        s.evidence ? el('span', { class: 'ev', title: 'the checker named this event as evidence' }, 'evidence') : null,
      ]));
    });
    box.appendChild(list);
    if (a.story.omitted) box.appendChild(el('p', { class: 'muted' }, '… and ' + plural(a.story.omitted, 'more step') + ' not shown.'));
    var zoom = el('button', { type: 'button', class: 'btn' }, 'Show it on the timeline');
    zoom.addEventListener('click', function () { zoomTo(a); document.getElementById('timeline').scrollIntoView({ block: 'start' }); });
    box.appendChild(zoom);
    return box;
  }

  // ---- counterexample ------------------------------------------------------
  function counterexample() {
    var cx = data.counterexample;
    if (!cx) {
      if (data.verdict === 'invalid') {
        section('counterexample', 'Counterexample', 'Shrinking did not finish: the anomalies above are from the last failing scenario. Run the campaign again with seed ' + data.seed + ' to shrink it.');
      }
      return;
    }
    var s = section('counterexample', 'Shrunk counterexample: ' + plural(cx.steps.length, 'step'),
      'The smallest scenario found that still breaks the guarantee. Each step is a command the harness ran, in order (they are numbered on the timeline too).');
    var FIRST = 12;
    var list = function (steps, start) {
      var ol = el('ol', { class: 'cx-steps', start: String(start) });
      steps.forEach(function (step) { ol.appendChild(el('li', null, el('code', null, step))); });
      return ol;
    };
    if (cx.reproduction) s.appendChild(el('p', { class: 'muted' }, cx.reproduction));
    if (!cx.steps.length) s.appendChild(el('p', null, 'No commands: the failure happens with no faults at all.'));
    else if (cx.steps.length <= FIRST + 3) s.appendChild(list(cx.steps, 1));
    else {
      s.appendChild(list(cx.steps.slice(0, FIRST), 1));
      s.appendChild(el('details', { class: 'more-steps' }, [
        el('summary', null, 'Show the other ' + (cx.steps.length - FIRST) + ' steps'),
        list(cx.steps.slice(FIRST), FIRST + 1),
      ]));
    }
    var code = el('code', { id: 'replay-command' }, cx.replayCommand);
    var copy = el('button', { type: 'button', class: 'btn' }, 'Copy');
    copy.addEventListener('click', function () {
      var done = function () { copy.textContent = 'Copied'; setTimeout(function () { copy.textContent = 'Copy'; }, 1500); };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(cx.replayCommand).then(done, function () { selectText(code); });
      else selectText(code);
    });
    s.appendChild(el('div', { class: 'replay' }, [el('span', { class: 'label' }, 'Replay it'), el('pre', null, code), copy]));
    s.appendChild(el('p', { class: 'muted' }, 'Seed ' + cx.seed + ', fast-check path ' + cx.path + '.'));
  }
  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  // ---- timeline ------------------------------------------------------------
  var tl = {};
  function timelineSection() {
    var s = section('timeline', 'Timeline', data.historyLabel);
    if (!timeline.totalEvents) return;
    var legend = el('div', { class: 'legend' });
    [['invoke', 'sent'], ['ok', 'acknowledged'], ['info', 'outcome unknown'], ['fail', 'gave up'], ['reject', 'refused'], ['receive', 'received'], ['stored', 'stored (final read)']].forEach(function (k) {
      var icon = svg('svg', { width: 14, height: 14, viewBox: '-7 -7 14 14', 'aria-hidden': 'true' });
      icon.appendChild(markShape(MARK_KINDS.indexOf(k[0]), 0, 0, false));
      legend.appendChild(el('span', { class: 'legend-item' }, [icon, k[1]]));
    });
    [['network', 'network fault'], ['client', 'client fault'], ['process', 'process fault'], ['database', 'database fault']].forEach(function (k) {
      legend.appendChild(el('span', { class: 'legend-item' }, [el('span', { class: 'swatch band-' + k[0] }), k[1]]));
    });
    legend.appendChild(el('span', { class: 'legend-item' }, [el('span', { class: 'glyph crash' }, '\u2715'), 'crash']));
    legend.appendChild(el('span', { class: 'legend-item' }, [el('span', { class: 'glyph restart' }, '\u21bb'), 'restart']));
    [['exit', 'server died (not stopped by siochaos)'], ['probe', 'robustness probe'], ['shown', 'a page\u2019s list changed']].forEach(function (k) {
      var icon = svg('svg', { width: 14, height: 14, viewBox: '-7 -7 14 14', 'aria-hidden': 'true' });
      icon.appendChild(markShape(MARK_KINDS.indexOf(k[0]), 0, 0, false));
      legend.appendChild(el('span', { class: 'legend-item' }, [icon, k[1]]));
    });
    legend.appendChild(el('span', { class: 'legend-item' }, [el('span', { class: 'swatch hl' }), 'an anomaly\u2019s events']));
    s.appendChild(legend);
    var reset = el('button', { type: 'button', class: 'btn', id: 'zoom-reset' }, 'Show all');
    reset.addEventListener('click', function () { state.view = [timeline.start, Math.max(timeline.end, timeline.start + 1)]; drawTimeline(); });
    var note = timeline.sampled
      ? 'Showing ' + timeline.marks.length + ' of ' + timeline.markableEvents + ' events: the rest are sampled out evenly, every anomaly\u2019s events are shown.'
      : 'Every event is shown.';
    s.appendChild(el('div', { class: 'toolbar' }, [el('span', { class: 'muted' }, note + ' Drag across the timeline to zoom in.'), reset]));
    tl.holder = el('div', { class: 'timeline-holder' });
    s.appendChild(tl.holder);
    window.addEventListener('resize', function () { clearTimeout(tl.resizeTimer); tl.resizeTimer = setTimeout(drawTimeline, 100); });
    drawTimeline();
  }

  function markShape(kind, x, y, hl) {
    var name = MARK_KINDS[kind];
    var cls = 'm m-' + name + (hl ? ' hl' : '');
    switch (name) {
      case 'invoke': return svg('circle', { cx: x, cy: y, r: 3.4, class: cls });
      case 'ok': return svg('circle', { cx: x, cy: y, r: 3.4, class: cls });
      case 'info': return svg('path', { d: 'M' + x + ' ' + (y - 4) + 'l4 7h-8z', class: cls });
      case 'fail': return svg('path', { d: 'M' + (x - 3.5) + ' ' + (y - 3.5) + 'l7 7m0 -7l-7 7', class: cls });
      case 'reject': return svg('path', { d: 'M' + (x - 3.5) + ' ' + y + 'h7M' + x + ' ' + (y - 3.5) + 'a3.5 3.5 0 1 0 0.01 0', class: cls });
      case 'receive': return svg('rect', { x: x - 2.8, y: y - 2.8, width: 5.6, height: 5.6, transform: 'rotate(45 ' + x + ' ' + y + ')', class: cls });
      case 'stored': return svg('rect', { x: x - 3.5, y: y - 3.5, width: 7, height: 7, class: cls });
      case 'exit': return svg('path', { d: 'M' + (x - 5) + ' ' + (y - 5) + 'l10 10m0 -10l-10 10', class: cls });
      case 'probe': return svg('path', { d: 'M' + x + ' ' + (y - 4) + 'l4 4l-4 4l-4 -4z', class: cls });
      case 'shown': return svg('rect', { x: x - 3, y: y - 2, width: 6, height: 4, class: cls });
      default: return svg('line', { x1: x, x2: x, y1: y - 6, y2: y + 6, class: cls });
    }
  }

  function zoomTo(a) {
    var ts = [];
    var set = {};
    a.events.forEach(function (i) { set[i] = true; });
    // the stored rows are read at the very end: leave them out unless there is nothing else
    timeline.marks.forEach(function (m) { if (set[m[3]] && MARK_KINDS[m[2]] !== 'stored') ts.push(m[0]); });
    if (!ts.length) timeline.marks.forEach(function (m) { if (set[m[3]]) ts.push(m[0]); });
    if (!ts.length) return;
    var lo = Math.min.apply(null, ts), hi = Math.max.apply(null, ts);
    var pad = Math.max(20, (hi - lo) * 0.15);
    state.view = [Math.max(timeline.start, lo - pad), Math.min(timeline.end, hi + pad)];
    if (state.view[1] - state.view[0] < 1) state.view = [timeline.start, timeline.end];
    drawTimeline();
  }

  function drawTimeline() {
    if (!tl.holder) return;
    var lanes = timeline.lanes;
    var W = Math.max(640, tl.holder.clientWidth || 960);
    var L = 92, R = 14, TOP = 44, LANE = 38;
    var H = TOP + lanes.length * LANE + 10;
    var a = state.view[0], b = state.view[1];
    var span = Math.max(1e-6, b - a);
    var x = function (t) { return L + ((t - a) / span) * (W - L - R); };
    var laneY = function (i) { return TOP + i * LANE; };
    var visible = function (t) { return t >= a - span * 0.002 && t <= b + span * 0.002; };
    var root = svg('svg', { class: 'timeline' + (state.selected >= 0 ? ' has-sel' : ''), width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'timeline of the scenario: one lane per client, the server and the database' });
    var defs = svg('defs');
    var clip = svg('clipPath', { id: 'tl-clip' }, svg('rect', { x: L, y: 0, width: W - L - R, height: H }));
    defs.appendChild(clip);
    root.appendChild(defs);
    var bg = svg('g', { class: 'lanes' });
    lanes.forEach(function (lane, i) {
      bg.appendChild(svg('rect', { x: 0, y: laneY(i), width: W, height: LANE, class: 'lane-bg lane-' + lane.kind + (i % 2 ? ' odd' : '') }));
      bg.appendChild(svg('text', { x: 10, y: laneY(i) + LANE / 2 + 4, class: 'lane-label' }, lane.name));
    });
    root.appendChild(bg);
    // axis
    var axis = svg('g', { class: 'axis' });
    var step = niceStep(span, Math.max(2, Math.floor((W - L - R) / 90)));
    for (var t = Math.ceil(a / step) * step; t <= b; t += step) {
      axis.appendChild(svg('line', { x1: x(t), x2: x(t), y1: TOP - 4, y2: H - 10, class: 'grid' }));
      axis.appendChild(svg('text', { x: x(t), y: TOP - 8, class: 'tick', 'text-anchor': 'middle' }, fmtAxis(t, step)));
    }
    root.appendChild(axis);
    var plot = svg('g', { 'clip-path': 'url(#tl-clip)' });
    root.appendChild(plot);
    // final phase
    if (timeline.finalPhase !== undefined && visible(timeline.finalPhase)) {
      plot.appendChild(svg('line', { x1: x(timeline.finalPhase), x2: x(timeline.finalPhase), y1: TOP, y2: H - 10, class: 'final-line' }));
      plot.appendChild(svg('text', { x: x(timeline.finalPhase) + 4, y: H - 14, class: 'final-label' }, 'final phase: heal all, drain, read'));
    }
    // fault bands
    var bands = svg('g', { class: 'bands' });
    timeline.bands.forEach(function (band, bi) {
      var end = band.end === undefined ? timeline.end : band.end;
      if (end < a || band.start > b) return;
      var inSel = state.selected >= 0 && data.anomalies[state.selected].events.indexOf(band.events[0]) >= 0;
      band.lanes.forEach(function (li) {
        var x0 = x(band.start), x1 = Math.max(x(end), x0 + 3);
        var r = svg('rect', { x: x0, y: laneY(li) + 2, width: x1 - x0, height: LANE - 4, rx: 3, class: 'band band-' + band.kind + (inSel ? ' sel' : ''), 'data-band': String(bi) });
        bands.appendChild(r);
        if (x1 - x0 > 54) bands.appendChild(svg('text', { x: x0 + 4, y: laneY(li) + LANE - 6, class: 'band-label' }, band.fault));
        if (band.crash) {
          bands.appendChild(svg('text', { x: x0, y: laneY(li) + 14, class: 'crash', 'text-anchor': 'middle', 'data-band': String(bi) }, '\u2715'));
          if (band.end !== undefined) bands.appendChild(svg('text', { x: x(band.end), y: laneY(li) + 14, class: 'restart', 'text-anchor': 'middle', 'data-band': String(bi) }, '\u21bb'));
        }
      });
    });
    plot.appendChild(bands);
    // commands, numbered as the counterexample's steps
    var cmds = svg('g', { class: 'commands' });
    // numbered at the top; steps closer than a marker's width share one (1–3), zoom in to tell them apart
    var groups = [];
    timeline.commands.forEach(function (c, ci) {
      if (!visible(c.t)) return;
      var last = groups[groups.length - 1];
      if (last && x(c.t) - last.x < 19) last.to = ci;
      else groups.push({ x: x(c.t), from: ci, to: ci });
    });
    groups.forEach(function (gr) {
      var label = gr.from === gr.to ? String(gr.from + 1) : (gr.from + 1) + '\u2013' + (gr.to + 1);
      var w = Math.max(16, label.length * 6.4 + 8);
      cmds.appendChild(svg('line', { x1: gr.x, x2: gr.x, y1: TOP, y2: H - 10, class: 'cmd-line' }));
      var g = svg('g', { class: 'cmd', 'data-cmd': gr.from + '-' + gr.to });
      g.appendChild(svg('rect', { x: gr.x - w / 2, y: 4, width: w, height: 16, rx: 8 }));
      g.appendChild(svg('text', { x: gr.x, y: 15.5, 'text-anchor': 'middle' }, label));
      cmds.appendChild(g);
    });
    root.appendChild(cmds);
    // final read
    if (timeline.finalRead && visible(timeline.finalRead.t)) {
      var dbLane = lanes.length - 1;
      plot.appendChild(svg('line', { x1: x(timeline.finalRead.t), x2: x(timeline.finalRead.t), y1: laneY(dbLane) + 4, y2: laneY(dbLane) + LANE - 4, class: 'read-line' }));
      plot.appendChild(svg('text', { x: x(timeline.finalRead.t) - 4, y: laneY(dbLane) + LANE - 7, class: 'read-label', 'text-anchor': 'end' }, 'final read: ' + plural(timeline.finalRead.rows, 'row')));
    }
    // marks
    var marks = svg('g', { class: 'marks' });
    var selSet = {};
    if (state.selected >= 0) data.anomalies[state.selected].events.forEach(function (i) { selSet[i] = true; });
    var selPoints = [];
    var hlLayer = svg('g', { class: 'marks-hl' });
    timeline.marks.forEach(function (m, mi) {
      if (!visible(m[0])) return;
      var kind = MARK_KINDS[m[2]];
      var lower = kind === 'receive' || kind === 'shown';
      var y = laneY(m[1]) + (kind === 'connect' || kind === 'disconnect' || kind === 'stored' || kind === 'exit' ? LANE / 2 : lower ? 27 : 13);
      var hl = !!highlighted[m[3]];
      var shape = markShape(m[2], x(m[0]), y, hl);
      shape.setAttribute('data-mark', String(mi));
      if (selSet[m[3]]) {
        shape.classList.add('sel');
        selPoints.push([x(m[0]), y, kind, m[4]]);
      }
      (hl ? hlLayer : marks).appendChild(shape);
    });
    plot.appendChild(marks);
    // the selected anomaly's messages: attempt → ack → stored row, joined per message
    var perMsg = {};
    selPoints.forEach(function (p) {
      if (p[2] === 'receive' || p[2] === 'connect' || p[2] === 'disconnect') return;
      (perMsg[p[3]] = perMsg[p[3]] || []).push(p);
    });
    Object.keys(perMsg).forEach(function (k) {
      var pts = perMsg[k];
      if (pts.length < 2) return;
      var d = 'M' + pts.map(function (p) { return p[0].toFixed(1) + ' ' + p[1]; }).join('L');
      plot.appendChild(svg('path', { d: d, class: 'sel-path' }));
    });
    plot.appendChild(hlLayer);
    // zoom by dragging
    var brush = svg('rect', { class: 'brush', x: 0, y: TOP, width: 0, height: H - TOP - 10, hidden: 'hidden' });
    root.appendChild(brush);
    var drag = null;
    var toT = function (px) { return a + ((px - L) / (W - L - R)) * span; };
    var localX = function (evt) { var r = root.getBoundingClientRect(); return Math.min(W - R, Math.max(L, evt.clientX - r.left)); };
    root.addEventListener('mousedown', function (evt) { if (evt.button !== 0) return; drag = localX(evt); evt.preventDefault(); });
    root.addEventListener('mousemove', function (evt) {
      if (drag !== null) {
        var cur = localX(evt);
        brush.removeAttribute('hidden');
        brush.setAttribute('x', String(Math.min(drag, cur)));
        brush.setAttribute('width', String(Math.abs(cur - drag)));
        return;
      }
      var target = evt.target;
      var mi = target.getAttribute && target.getAttribute('data-mark');
      var bi = target.getAttribute && target.getAttribute('data-band');
      var ci = target.parentNode && target.parentNode.getAttribute && target.parentNode.getAttribute('data-cmd');
      if (mi !== null && mi !== undefined) showTip(evt, markTip(timeline.marks[Number(mi)]));
      else if (bi !== null && bi !== undefined) showTip(evt, bandTip(timeline.bands[Number(bi)]));
      else if (ci !== null && ci !== undefined) showTip(evt, commandTip(ci));
      else hideTip();
    });
    root.addEventListener('mouseleave', hideTip);
    var finish = function (evt) {
      if (drag === null) return;
      var cur = localX(evt);
      var lo = Math.min(drag, cur), hi = Math.max(drag, cur);
      drag = null;
      brush.setAttribute('hidden', 'hidden');
      if (hi - lo < 6) return;
      state.view = [toT(lo), toT(hi)];
      drawTimeline();
    };
    root.addEventListener('mouseup', finish);
    root.addEventListener('dblclick', function () { state.view = [timeline.start, Math.max(timeline.end, timeline.start + 1)]; drawTimeline(); });
    tl.holder.textContent = '';
    tl.holder.appendChild(root);
  }

  function commandTip(range) {
    var parts = range.split('-');
    var lines = [];
    for (var k = Number(parts[0]); k <= Number(parts[1]) && lines.length < 12; k++) {
      lines.push('step ' + (k + 1) + ' at ' + fmtMs(timeline.commands[k].t) + ': ' + timeline.commands[k].text);
    }
    if (Number(parts[1]) - Number(parts[0]) >= 12) lines.push('… zoom in for the rest');
    return lines;
  }

  function markTip(m) {
    var kind = MARK_KINDS[m[2]];
    var lane = timeline.lanes[m[1]].name;
    var head = lane + ' ' + MARK_WORDS[kind] + (m[4] ? ' ' + m[4] : '') + (m[5] > 1 ? ' (attempt ' + m[5] + ')' : '');
    var lines = [head, 'at ' + fmtMs(m[0]) + ' · event #' + m[3]];
    data.anomalies.forEach(function (a, i) { if (a.events.indexOf(m[3]) >= 0) lines.push('part of anomaly ' + (i + 1) + ': ' + a.kind); });
    return lines;
  }
  function bandTip(b) {
    return [(b.crash ? 'crash: ' : 'fault: ') + b.fault + ' (' + b.kind + ')', b.description,
      'from ' + fmtMs(b.start) + ' to ' + (b.end === undefined ? 'the end (never healed)' : fmtMs(b.end) + ' (' + fmtMs(b.end - b.start) + ')')];
  }

  // ---- charts ----------------------------------------------------------------
  function chartFrame(title, W, H) {
    var fig = el('figure', { class: 'chart' });
    fig.appendChild(el('figcaption', null, title));
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'img', 'aria-label': title, preserveAspectRatio: 'xMidYMid meet' });
    fig.appendChild(root);
    return { fig: fig, root: root };
  }
  function yAxis(root, max, L, T, B, W, unit) {
    var step = niceStep(max, 4);
    for (var v = 0; v <= max + 1e-9; v += step) {
      var y = B - (v / max) * (B - T);
      root.appendChild(svg('line', { x1: L, x2: W - 8, y1: y, y2: y, class: 'grid' }));
      root.appendChild(svg('text', { x: L - 6, y: y + 4, class: 'tick', 'text-anchor': 'end' }, fmtAxis(v, step < 1000 ? 1 : step) + (unit || '')));
    }
  }
  function charts() {
    var s = section('charts', 'Ack latency and recovery', 'From the history the timeline shows. Ack latency: from a message\u2019s first attempt to the server\u2019s ack. Recovery: from a fault\u2019s heal to the next acknowledged message.');
    var grid = el('div', { class: 'charts' });
    s.appendChild(grid);
    var c = data.charts;
    // latency over time
    var W = 520, H = 200, L = 62, T = 12, B = H - 28;
    var lat = chartFrame('Ack latency over time' + (c.ackLatencyTotal ? ' (p50 ' + fmtMs(c.ackQuantiles.p50) + ', p95 ' + fmtMs(c.ackQuantiles.p95) + ', max ' + fmtMs(c.ackQuantiles.max) + ')' : ''), W, H);
    lat.root.setAttribute('id', 'chart-latency');
    if (!c.ackLatency.length) {
      lat.root.appendChild(svg('text', { x: W / 2, y: H / 2, class: 'empty', 'text-anchor': 'middle' }, 'No server acks in this history (at-most-once clients get none).'));
    } else {
      var maxY = Math.max.apply(null, c.ackLatency.map(function (p) { return p[1]; })) * 1.1 || 1;
      var x0 = timeline.start, x1 = Math.max(timeline.end, 1);
      var px = function (t) { return L + ((t - x0) / (x1 - x0)) * (W - L - 8); };
      var py = function (v) { return B - (v / maxY) * (B - T); };
      timeline.bands.forEach(function (b) {
        var e = b.end === undefined ? x1 : b.end;
        lat.root.appendChild(svg('rect', { x: px(b.start), y: T, width: Math.max(1.5, px(e) - px(b.start)), height: B - T, class: 'band band-' + b.kind + ' faint' }));
      });
      yAxis(lat.root, maxY, L, T, B, W);
      var xs = niceStep(x1 - x0, 5);
      for (var t = Math.ceil(x0 / xs) * xs; t <= x1; t += xs) {
        var nearEnd = px(t) > W - 34;
        lat.root.appendChild(svg('text', { x: nearEnd ? W - 4 : px(t), y: H - 10, class: 'tick', 'text-anchor': nearEnd ? 'end' : 'middle' }, fmtAxis(t, xs)));
      }
      var qs = [['p50', c.ackQuantiles.p50], ['p95', c.ackQuantiles.p95]];
      if (Math.abs(py(qs[0][1]) - py(qs[1][1])) < 11) qs = [['p50, p95', c.ackQuantiles.p95]];
      qs.forEach(function (q) {
        lat.root.appendChild(svg('line', { x1: L, x2: W - 8, y1: py(q[1]), y2: py(q[1]), class: 'quantile' }));
        lat.root.appendChild(svg('text', { x: W - 10, y: py(q[1]) - 3, class: 'tick', 'text-anchor': 'end' }, q[0]));
      });
      var dots = svg('g', { class: 'dots' });
      c.ackLatency.forEach(function (p) {
        var dot = svg('circle', { cx: px(p[0]), cy: py(p[1]), r: 2.3 });
        dot.appendChild(svg('title', null, fmtMs(p[1]) + ' (acked at ' + fmtMs(p[0]) + ')'));
        dots.appendChild(dot);
      });
      lat.root.appendChild(dots);
    }
    grid.appendChild(lat.fig);
    // recovery per fault
    var rec = chartFrame('Recovery after each fault (heal \u2192 next ack)', W, H);
    rec.root.setAttribute('id', 'chart-recovery');
    var rs = c.recoveries;
    var anyRecovery = rs.some(function (r) { return r.ms !== undefined; });
    if (!rs.length || !anyRecovery) {
      rec.root.appendChild(svg('text', { x: W / 2, y: H / 2, class: 'empty', 'text-anchor': 'middle' },
        !rs.length ? 'No fault was healed in this history.' : 'No message was acknowledged by the server after ' + (rs.length === 1 ? 'the heal' : 'any of the ' + rs.length + ' heals') + '.'));
    } else {
      var shown = rs.length > 120 ? rs.filter(function (_, i) { return i % Math.ceil(rs.length / 120) === 0; }) : rs;
      var maxR = Math.max(1, Math.max.apply(null, shown.map(function (r) { return r.ms || 0; }))) * 1.1;
      yAxis(rec.root, maxR, L, T, B, W);
      var slot = (W - L - 8) / shown.length;
      var bw = Math.max(2, Math.min(40, slot * 0.7));
      shown.forEach(function (r, i) {
        var cx = L + slot * i + slot / 2;
        var has = r.ms !== undefined;
        var h = has ? Math.max(1, (r.ms / maxR) * (B - T)) : 6;
        var bar = svg('rect', { x: cx - bw / 2, y: B - h, width: bw, height: h, class: has ? 'bar' : 'bar none' });
        bar.appendChild(svg('title', null, r.fault + ' healed at ' + fmtMs(r.healedAt) + ': ' + (has ? 'next ack ' + fmtMs(r.ms) + ' later' : 'no ack after it')));
        rec.root.appendChild(bar);
        if (shown.length <= 12) rec.root.appendChild(svg('text', { x: cx, y: H - 10, class: 'tick', 'text-anchor': 'middle' }, r.fault));
      });
    }
    grid.appendChild(rec.fig);
  }

  // ---- campaign figures ------------------------------------------------------
  function figures() {
    var f = data.figures;
    var s = section('figures', 'The whole campaign');
    var totalFaults = Object.keys(f.faultsInjected).reduce(function (n, k) { return n + f.faultsInjected[k]; }, 0);
    var card = function (label, value, rows) {
      var d = el('div', { class: 'figure' }, [el('div', { class: 'figure-value' }, String(value)), el('div', { class: 'figure-label' }, label)]);
      if (rows) {
        var dl = el('dl', { class: 'mini' });
        rows.forEach(function (r) { dl.appendChild(el('dt', null, r[0])); dl.appendChild(el('dd', null, String(r[1]))); });
        d.appendChild(dl);
      }
      return d;
    };
    var grid = el('div', { class: 'figures' }, [
      card('scenarios run', f.scenarios, [['valid', f.valid], ['invalid', f.invalid], ['unknown', f.unknown], ['while shrinking', f.shrinkRuns]]),
      card('messages checked', f.messagesSent, [['acknowledged', f.messagesAcked], ['stored rows', f.messagesStored], ['retries', f.retries]]),
      card('faults injected', totalFaults, Object.keys(f.faultsInjected).sort(function (x, y) { return f.faultsInjected[y] - f.faultsInjected[x]; }).map(function (k) { return [k, f.faultsInjected[k]]; })),
      card('campaign time', fmtMs(data.durationMs), [['seed', data.seed], ['started', data.startedAt.slice(0, 19).replace('T', ' ')]]),
    ]);
    s.appendChild(grid);
    if (data.scenarios.length) {
      s.appendChild(el('h3', null, 'Every scenario'));
      var cells = data.scenarios.slice(0, 4000);
      var per = 50, size = 12, gap = 2;
      var rows = Math.ceil(cells.length / per);
      var strip = svg('svg', { class: 'strip', width: per * (size + gap), height: rows * (size + gap), viewBox: '0 0 ' + per * (size + gap) + ' ' + rows * (size + gap), role: 'img', 'aria-label': 'verdict of every scenario' });
      cells.forEach(function (c, i) {
        var r = svg('rect', { x: (i % per) * (size + gap), y: Math.floor(i / per) * (size + gap), width: size, height: size, rx: 2, class: 'cell cell-' + c[2] + (c[1] === 'h' ? ' shrink' : '') });
        r.appendChild(svg('title', null, 'scenario ' + c[0] + (c[1] === 'h' ? ' (shrinking)' : '') + ': ' + ({ v: 'valid', i: 'invalid', u: 'unknown' })[c[2]] + ', ' + plural(c[5], 'step') + ', ' + fmtMs(c[4]) + (c[3] ? ', ' + plural(c[3], 'anomaly', 'anomalies') : '')));
        strip.appendChild(r);
      });
      s.appendChild(strip);
      s.appendChild(el('p', { class: 'muted' }, 'Green valid, red invalid, amber unknown; lighter cells ran while shrinking.' + (data.scenarios.length > cells.length ? ' The first ' + cells.length + ' of ' + data.scenarios.length + ' are shown.' : '')));
    }
    if (data.faultFamilies && data.faultFamilies.length) {
      s.appendChild(el('h3', null, 'Fault families'));
      var fl = el('ul', { class: 'families' });
      data.faultFamilies.forEach(function (fam) {
        var li = el('li', null, [el('strong', null, fam.family), fam.drawn.length ? ': ran ' + fam.drawn.join(', ') : ': skipped (the target can take none of them)']);
        if (fam.skipped.length) {
          var sk = el('ul', null);
          fam.skipped.forEach(function (x) { sk.appendChild(el('li', null, ['skipped ' + x.fault + ': ', x.reason])); });
          li.appendChild(sk);
        }
        fl.appendChild(li);
      });
      s.appendChild(fl);
    }
    if (data.unknowns.length) {
      s.appendChild(el('h3', null, 'Undecided scenarios'));
      var ul = el('ul', { class: 'unknowns' });
      data.unknowns.slice(0, 50).forEach(function (u) { ul.appendChild(el('li', null, ['scenario ' + u.index + ': ', u.reason])); });
      s.appendChild(ul);
    }
  }

  function footer() {
    app.appendChild(el('footer', null, 'Made by siochaos on ' + data.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') + ' from ' + data.files.results + ' and ' + data.files.history + ' in this folder.'));
  }

  header();
  anomalies();
  counterexample();
  timelineSection();
  charts();
  figures();
  footer();
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      if (window.performance && performance.mark) performance.mark('siochaos:timeline-painted');
      document.body.setAttribute('data-rendered', 'true');
    });
  });
})();
