// The live dashboard: reads GET /stats/stream (SSE, one JSON snapshot per tick) and shows it. Plain JS, no build
// step; charts by uPlot (vendored beside this file). When the server has API keys, the stream wants an admin:
// EventSource cannot send headers, so the admin key is exchanged once (POST /dashboard/session, key in a header)
// for an HttpOnly session cookie that the browser then sends with the stream.
(function () {
  'use strict';

  var POINTS = 180;           // seconds of history kept on the charts (at the default 1 s interval)
  var COLORS = ['#64b5f6', '#81c784', '#ffb74d', '#e57373', '#ba68c8', '#4dd0e1', '#fff176', '#a1887f'];
  var $ = function (id) { return document.getElementById(id); };
  var source = null;
  var charts = {};
  var history = { t: [] };

  function fmt(v, digits) {
    if (v === null || v === undefined || Number.isNaN(v)) { return '–'; }
    if (typeof v !== 'number') { return String(v); }
    return v.toLocaleString('en-US', { maximumFractionDigits: digits === undefined ? 1 : digits });
  }
  function pct(v) { return v === null || v === undefined ? '–' : fmt(100 * v, 1) + ' %'; }
  function text(id, v) { var el = $(id); if (el) { el.textContent = v; } }

  function setStatus(state, label) {
    var el = $('status');
    el.dataset.state = state;
    el.textContent = label;
  }

  // ---- charts ----
  function chart(id, names) {
    var el = $(id);
    var series = [{}].concat(names.map(function (name, i) {
      return { label: name, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: true };
    }));
    var opts = {
      width: Math.max(300, el.parentElement.clientWidth - 16), height: 200, series: series,
      scales: { x: { time: true } }, legend: { live: false },
      axes: [{ stroke: '#8b98a5', grid: { stroke: '#26313c' } }, { stroke: '#8b98a5', grid: { stroke: '#26313c' } }]
    };
    var data = [history.t].concat(names.map(function () { return []; }));
    return { plot: new uPlot(opts, data, el), names: names, data: data };
  }

  function push(key, names, values) {
    var c = charts[key];
    if (!c || c.names.join() !== names.join()) {
      // The series changed (first event, or shards appeared): start this chart over with the new series.
      if (c) { c.plot.destroy(); $('chart-' + key).textContent = ''; }
      c = charts[key] = chart('chart-' + key, names);
      for (var i = 1; i < c.data.length; i++) {
        while (c.data[i].length < history.t.length - 1) { c.data[i].push(null); }
      }
    }
    for (var j = 0; j < names.length; j++) {
      c.data[j + 1].push(values[j] === undefined ? null : values[j]);
      while (c.data[j + 1].length > history.t.length) { c.data[j + 1].shift(); }
    }
    c.data[0] = history.t;
    c.plot.setData(c.data);
  }

  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (key) {
      var el = $('chart-' + key);
      charts[key].plot.setSize({ width: Math.max(300, el.parentElement.clientWidth - 16), height: 200 });
    });
  });

  // ---- tables ----
  function table(where, head, rows) {
    var t = typeof where === 'string' ? $(where) : where;
    t.textContent = '';
    var tr = t.insertRow();
    head.forEach(function (h) { var th = document.createElement('th'); th.textContent = h; tr.appendChild(th); });
    rows.forEach(function (row) {
      var r = t.insertRow();
      row.forEach(function (cell) {
        var td = r.insertCell();
        if (cell && typeof cell === 'object') { td.textContent = cell.text; td.className = cell.cls; }
        else { td.textContent = cell === null || cell === undefined ? '–' : cell; }
      });
    });
  }
  function flag(ok, yes, no) { return { text: ok ? yes : no, cls: ok ? 'good' : 'bad' }; }
  function breakerCell(state) {
    var s = String(state || '').toUpperCase();
    return { text: s, cls: s === 'CLOSED' ? 'good' : s === 'OPEN' || s === 'FORCED_OPEN' ? 'bad' : 'warn' };
  }

  // A section the page does not know (sections.<name>): its scalar fields, then each array of objects as rows.
  function genericSection(name, value) {
    var box = document.createElement('div');
    var h = document.createElement('h2');
    h.textContent = name;
    box.appendChild(h);
    var scalars = [];
    Object.keys(value || {}).forEach(function (k) {
      var v = value[k];
      if (Array.isArray(v) && v.length && typeof v[0] === 'object') {
        var t = document.createElement('table');
        t.id = 'section-' + name + '-' + k;
        box.appendChild(t);
        var cols = Object.keys(v[0]);
        table(t, cols, v.map(function (o) { return cols.map(function (c) { return fmtCell(o[c]); }); }));
      } else {
        scalars.push([k, fmtCell(v)]);
      }
    });
    if (scalars.length) {
      var st = document.createElement('table');
      st.id = 'section-' + name;
      box.insertBefore(st, box.children[1] || null);
      table(st, ['', ''], scalars);
    }
    return box;
  }
  function fmtCell(v) { return v !== null && typeof v === 'object' ? JSON.stringify(v) : typeof v === 'number' ? fmt(v, 3) : v; }

  // ---- one event ----
  var lastEvent = null;
  function show(s) {
    lastEvent = s;
    text('seq', s.seq);
    text('at', new Date(s.at).toLocaleTimeString());
    text('window', fmt(s.window_seconds, 0));
    var totals = s.totals || {};
    text('processed', fmt(totals.total_contracts_processed, 0));
    text('successful', fmt(totals.successful_contracts, 0));
    text('failed', fmt(totals.failed_contracts, 0));
    text('invalid', fmt(totals.invalid_contracts, 0));
    var tp = s.throughput || {};
    text('stored-rate', fmt(tp.stored_per_second, 1));
    text('http-rate', fmt(tp.http_requests_per_second, 1));
    var proc = (s.latency_ms || {}).processing || {};
    var http = (s.latency_ms || {}).http || {};
    text('p50', fmt(proc.p50, 1));
    text('p99', fmt(proc.p99, 1));
    text('http-p99', fmt(http.p99, 1));
    var errors = s.errors_per_second || {};
    var errorKinds = Object.keys(errors);
    var errorSum = errorKinds.filter(function (k) { return k.indexOf('http_') !== 0; })
      .reduce(function (a, k) { return a + errors[k]; }, 0);
    text('errors-rate', fmt(errorSum, 2));
    text('errors-kinds', errorKinds.filter(function (k) { return errors[k] > 0; })
      .map(function (k) { return k + ' ' + fmt(errors[k], 2); }).join(' · ') || 'none');
    var cache = s.cache || {};
    text('cache-hit', cache.enabled ? pct(cache.hit_ratio) : 'off');
    text('cache-hit-total', pct(cache.hit_ratio_total));
    text('cache-size', fmt(cache.size, 0));
    var inFlight = s.in_flight || {};
    text('in-flight', fmt(inFlight.contracts_in_phases, 0) + ' / ' + fmt(inFlight.http_requests, 0));
    text('queued', fmt(inFlight.writes_queued, 0));
    var gate = (s.priority || {}).gate || {};
    text('waiting', fmt(gate.waiting, 0));
    var repl = s.replication || {};
    text('outbox', fmt(repl.outbox_depth, 0));
    text('outbox-age', fmt(repl.outbox_oldest_age_seconds, 1));
    var rl = s.rate_limit || {};
    text('rl-limited', rl.enabled ? fmt(rl.limited_per_second, 2) : 'off');
    text('rl-allowed', rl.enabled ? fmt(rl.allowed_per_second, 1) : '–');

    history.t.push(Date.parse(s.at) / 1000);
    while (history.t.length > POINTS) { history.t.shift(); }
    push('throughput', ['stored/s', 'contracts/s', 'HTTP req/s'],
      [tp.stored_per_second, tp.contracts_per_second, tp.http_requests_per_second]);
    push('latency', ['p50', 'p90', 'p99', 'HTTP p99'], [proc.p50, proc.p90, proc.p99, http.p99]);
    push('errors', errorKinds, errorKinds.map(function (k) { return errors[k]; }));
    var shards = s.shards || [];
    push('shards', shards.map(function (sh) { return sh.shard; }),
      shards.map(function (sh) { return (sh.write_latency_ms || {}).p99; }));

    var nodeRows = [];
    shards.forEach(function (sh) {
      (sh.nodes || []).forEach(function (n, i) {
        nodeRows.push([i === 0 ? sh.shard : '', n.role, n.node, flag(n.up, 'up', 'down'), breakerCell(n.breaker),
          fmt(n.rtt_ms, 2), n.pool_acquired + ' / ' + n.pool_max, fmt(n.outbox_depth, 0), fmt(n.outbox_oldest_age_seconds, 1),
          i === 0 ? fmt(sh.writes_per_second, 1) : '', i === 0 ? fmt((sh.write_latency_ms || {}).p50, 2) : '',
          i === 0 ? fmt((sh.write_latency_ms || {}).p99, 2) : '', i === 0 ? fmt(sh.writes_queued, 0) : '']);
      });
    });
    table('nodes', ['shard', 'role', 'node', 'health', 'breaker', 'rtt ms', 'pool', 'owes', 'oldest s', 'writes/s',
      'p50 ms', 'p99 ms', 'queued'], nodeRows);
    table('breakers', ['name', 'state', 'failure %', 'calls', 'rejected', 'changes'],
      (s.breakers || []).map(function (b) {
        return [b.name, breakerCell(b.state), b.failure_rate < 0 ? '–' : fmt(b.failure_rate, 1), b.buffered_calls,
          b.rejected_calls, b.state_changes];
      }));
    var waiting = gate.waiting_by_priority || {};
    table('priority', ['', 'now'], [['permits', gate.permits], ['in use', gate.in_flight], ['waiting', gate.waiting]]
      .concat(Object.keys(waiting).map(function (k) { return ['waiting ' + k, waiting[k]]; }))
      .concat([['admitted / s', fmt((s.priority || {}).admitted_per_second, 1)],
        ['rejected / s', fmt((s.priority || {}).rejected_per_second, 2)]]));
    var delays = repl.copy_delay_ms || {};
    table('copies', ['node', 'p50', 'p90', 'p99', 'copies'], Object.keys(delays).map(function (node) {
      var d = delays[node];
      return [node, fmt(d.p50, 2), fmt(d.p90, 2), fmt(d.p99, 2), d.samples];
    }));
    var balancer = s.balancer;
    $('balancer-box').hidden = !balancer;
    if (balancer) {
      table('balancer', ['balancer', 'backend', 'state', 'in flight', 'req/s', 'fail/s', 'p99 ms', 'ejections'],
        balancer.backends.map(function (b) {
          return [b.balancer, b.backend, { text: b.state, cls: b.state === 'healthy' ? 'good' : 'warn' },
            b.outstanding, fmt(b.requests_per_second, 1), fmt(b.failures_per_second, 2),
            fmt((b.latency_ms || {}).p99, 1), b.ejections];
        }));
    }
    var sections = $('sections');
    sections.textContent = '';
    Object.keys(s.sections || {}).forEach(function (name) { sections.appendChild(genericSection(name, s.sections[name])); });
  }

  // ---- connection ----
  function connect() {
    $('login').hidden = true;
    $('board').hidden = false;
    if (source) { source.close(); }
    source = new EventSource('/stats/stream');
    source.addEventListener('stats', function (e) {
      setStatus('live', 'live');
      show(JSON.parse(e.data));
    });
    source.onerror = function () {
      // EventSource reconnects by itself (after the server's retry hint); a lost session needs the key again.
      setStatus('down', 'reconnecting…');
      checkSession(false);
    };
  }

  function checkSession(connectIfOk) {
    return fetch('/dashboard/session', { credentials: 'same-origin' }).then(function (res) {
      if (res.ok) { if (connectIfOk) { connect(); } return; }
      if (res.status === 401 || res.status === 403) {
        if (source) { source.close(); source = null; }
        setStatus('down', 'admin key needed');
        $('board').hidden = true;
        $('login').hidden = false;
        $('key').focus();
      }
    }).catch(function () { setStatus('down', 'server unreachable'); });
  }

  $('login').addEventListener('submit', function (e) {
    e.preventDefault();
    var key = $('key').value;
    fetch('/dashboard/session', { method: 'POST', credentials: 'same-origin', headers: { 'X-API-Key': key } })
      .then(function (res) {
        $('key').value = '';
        if (res.ok) { text('login-error', ''); connect(); return; }
        return res.json().then(function (p) { text('login-error', p.detail || p.title); });
      })
      .catch(function () { text('login-error', 'server unreachable'); });
  });

  // For tests and the console: the last event and the renderer (the page holds nothing secret: the session
  // cookie is HttpOnly).
  window.smart402Dashboard = { show: show, last: function () { return lastEvent; } };

  checkSession(true);
})();
