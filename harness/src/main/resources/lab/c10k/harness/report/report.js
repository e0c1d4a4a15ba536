// Draws the charts of report.html with Chart.js (inlined above this script) from the embedded results.
// The report generator lists the charts in data.charts; each has a canvas with the same id.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('c10k-data').textContent);
  const palette = ['#3b78c4', '#d0583c', '#3c9a5f', '#8a5cc2', '#c99a2e', '#2aa1a8', '#b24a86', '#6b7380'];
  const names = data.contenders.map(c => c.name);
  const color = n => palette[Math.max(0, names.indexOf(n)) % palette.length];
  const median = a => {
    const v = a.filter(x => x !== null && x !== undefined && !isNaN(x)).sort((x, y) => x - y);
    if (!v.length) return null;
    const m = v.length >> 1;
    return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
  };
  const med = (s, field) => (s && s[field]) ? s[field].median : null;
  const inGroup = (s, c) => s.file === c.file && (c.keep_alive === null || s.keep_alive === c.keep_alive)
    && (s.file_io === null || c.file_io === null || s.file_io === c.file_io);
  const sameCell = (t, s) => t.connections === s.connections && t.file === s.file && t.keep_alive === s.keep_alive
    && t.file_io === s.file_io;
  const series = rows => names.filter(n => rows.some(r => r.strategy === n));
  const axis = (text, log) => ({ type: log ? 'logarithmic' : 'linear', beginAtZero: !log,
    title: { display: true, text: text } });
  const plugins = text => ({ title: { display: true, text: text }, legend: { position: 'bottom' } });
  let drawn = 0;

  // Vertical bars from each point's min to its max (the spread of the repetitions), for datasets with `ranges`.
  const rangeBars = { id: 'c10kRanges', afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    const y = chart.scales.y;
    chart.data.datasets.forEach((ds, i) => {
      const meta = chart.getDatasetMeta(i);
      if (!ds.ranges || meta.hidden) return;
      ctx.save();
      ctx.strokeStyle = ds.borderColor;
      ctx.lineWidth = 1.5;
      meta.data.forEach((pt, j) => {
        const r = ds.ranges[j];
        if (!r || r[0] === null || r[1] === null) return;
        const top = y.getPixelForValue(r[1]);
        const bottom = y.getPixelForValue(r[0]);
        ctx.beginPath();
        ctx.moveTo(pt.x, top); ctx.lineTo(pt.x, bottom);
        ctx.moveTo(pt.x - 4, top); ctx.lineTo(pt.x + 4, top);
        ctx.moveTo(pt.x - 4, bottom); ctx.lineTo(pt.x + 4, bottom);
        ctx.stroke();
      });
      ctx.restore();
    });
  } };
  // A dashed vertical line at each dataset's `steadyAt` (seconds), labelled, in the dataset's colour.
  const steadyLines = { id: 'c10kSteady', afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    const x = chart.scales.x;
    const area = chart.chartArea;
    chart.data.datasets.forEach((ds, i) => {
      if (ds.steadyAt === null || ds.steadyAt === undefined || chart.getDatasetMeta(i).hidden) return;
      const px = x.getPixelForValue(ds.steadyAt);
      ctx.save();
      ctx.strokeStyle = ds.borderColor;
      ctx.fillStyle = ds.borderColor;
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom);
      ctx.stroke();
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillText(ds.label + ' steady', px + 3, area.top + 12 + 13 * i);
      ctx.restore();
    });
  } };
  // The warm-ups the chart shows: of each contender the first of its first repetition, as Narrative.firstWarmUps.
  const firstWarmUps = all => {
    const first = [];
    all.forEach(w => {
      const i = first.findIndex(f => f.contender === w.contender);
      if (i < 0) first.push(w);
      else if (w.repetition < first[i].repetition) { first.splice(i, 1); first.push(w); }
    });
    return first;
  };
  // A logarithmic x axis whose ticks are exactly the given values, labelled by `label`.
  const logTicks = (title, values, label) => ({ type: 'logarithmic', title: { display: true, text: title },
    afterBuildTicks: a => { a.ticks = values.map(v => ({ value: v })); },
    ticks: { callback: v => label(v) } });

  function draw(c, config) {
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false },
      config.options);
    new Chart(document.getElementById(c.id), config);
    drawn++;
  }

  const builders = {
    rps(c) {
      const rows = data.summary.filter(s => inGroup(s, c) && s.requests_per_second);
      const conns = [...new Set(rows.map(r => r.connections))].sort((a, b) => a - b);
      draw(c, { type: 'line',
        data: { datasets: series(rows).map(n => {
          const mine = rows.filter(r => r.strategy === n).sort((a, b) => a.connections - b.connections);
          return { label: n, borderColor: color(n), backgroundColor: color(n), pointRadius: 4,
            data: mine.map(r => ({ x: r.connections, y: r.requests_per_second.median })),
            ranges: mine.map(r => [r.requests_per_second.min, r.requests_per_second.max]) };
        }) },
        options: { plugins: plugins(c.title), scales: {
          x: logTicks('connections (log scale)', conns, v => String(v)),
          y: axis('requests/s: median, bar from min to max of the repetitions', false) } },
        plugins: [rangeBars] });
    },
    latency(c) {
      const rows = data.summary.filter(s => inGroup(s, c) && s.connections === c.connections && s.measured > 0);
      const pct = [['p50', 'p50'], ['p90', 'p90'], ['p99', 'p99'], ['p999', 'p99.9'], ['max', 'max']];
      // A percentile spectrum, as HdrHistogram plots one: x is 1 / (1 - percentile) on a log scale, so p50, p90,
      // p99 and p99.9 are evenly spaced and the tail gets the room it deserves; the maximum stands at the end.
      const at = { p50: 2, p90: 10, p99: 100, p999: 1000, max: 10000 };
      const datasets = series(rows).map(n => {
        const s = rows.find(r => r.strategy === n);
        const trials = data.trials.filter(t => t.strategy === n && t.error === null && sameCell(t, s));
        return { label: n, borderColor: color(n), backgroundColor: color(n), pointRadius: 3,
          data: pct.map(p => ({ x: at[p[0]], y: median(trials.map(t => t.latency_us[p[0]] / 1000)) })) };
      });
      const labelOf = Object.fromEntries(pct.map(p => [at[p[0]], p[1]]));
      draw(c, { type: 'line', data: { datasets: datasets },
        options: { plugins: plugins(c.title), scales: {
          x: logTicks('percentile', pct.map(p => at[p[0]]), v => labelOf[v] || ''),
          y: axis('milliseconds (median of repetitions, log scale)', true) } } });
    },
    perCell(c, field, yTitle) {
      const rows = data.summary.filter(s => inGroup(s, c) && s.measured > 0);
      const cells = [];
      rows.forEach(r => { if (!cells.some(x => x.c === r.connections && x.k === r.keep_alive))
        cells.push({ c: r.connections, k: r.keep_alive }); });
      cells.sort((a, b) => (b.k - a.k) || (a.c - b.c));
      draw(c, { type: 'bar',
        data: { labels: cells.map(x => x.c + (x.k ? ' keep-alive' : ' close')),
          datasets: series(rows).map(n => {
            const row = x => rows.find(r => r.strategy === n && r.connections === x.c && r.keep_alive === x.k);
            // a bar whose server and client counted different requests is drawn pale (‡ in the table)
            return { label: n, borderColor: color(n), borderWidth: 1,
              backgroundColor: cells.map(x => row(x) && row(x).counts_agree === false ? 'rgba(0,0,0,0.08)' : color(n)),
              data: cells.map(x => med(row(x), field)) };
          }) },
        options: { plugins: plugins(c.title), scales: {
          x: { title: { display: true, text: 'connections' } }, y: axis(yTitle, false) } } });
    },
    ctx(c) { builders.perCell(c, 'ctx_switches_per_request', 'context switches per request (median)'); },
    cpu(c) { builders.perCell(c, 'cpu_us_per_request', 'CPU µs per request (median)'); },
    warmup(c) {
      const shown = firstWarmUps(data.warm_ups);
      const others = shown.map(w => w.contender).filter(n => names.indexOf(n) < 0);
      const datasets = shown.map(w => {
        const k = names.indexOf(w.contender);
        const col = palette[(k >= 0 ? k : names.length + others.indexOf(w.contender)) % palette.length];
        return { label: w.steady ? w.contender : w.contender + ' (not steady)', borderColor: col,
          backgroundColor: col, pointRadius: 0, borderWidth: 2, steadyAt: w.steady ? w.steady_after_s : null,
          data: w.requests_per_second.map((v, i) => ({ x: (i + 1) * w.step_s, y: v })) };
      });
      draw(c, { type: 'line', data: { datasets: datasets },
        options: { plugins: plugins(c.title), scales: {
          x: { type: 'linear', min: 0, title: { display: true,
            text: 'seconds since the first request (each point: the throughput of one step)' } },
          y: axis('requests/s', false) } },
        plugins: [steadyLines] });
    },
    idle(c) {
      const idle = data.idle.filter(i => i.error === null);
      const kib = v => (v === null || v === undefined) ? null : v / 1024;
      // each strategy's own connection count in its label: a process per connection measures fewer
      draw(c, { type: 'bar',
        data: { labels: idle.map(i => i.strategy + ' (' + i.connections.toLocaleString('en') + ' connections)'),
          datasets: [
          { label: 'RSS', backgroundColor: '#3b78c4', data: idle.map(i => kib(i.rss_bytes_per_connection)) },
          { label: 'Java heap after GC', backgroundColor: '#3c9a5f',
            data: idle.map(i => kib(i.heap_bytes_per_connection)) },
          { label: 'kernel stacks (not in RSS)', backgroundColor: '#c99a2e',
            data: idle.map(i => kib(i.kernel_stack_bytes_per_connection)) }] },
        options: { plugins: plugins(c.title),
          scales: { y: axis('KiB per idle connection (log scale; a figure below zero is not drawn)', true) } } });
    }
  };

  data.charts.forEach(c => builders[c.kind](c));
  document.body.setAttribute('data-charts-drawn', String(drawn));
  document.getElementById('c10k-status').textContent =
    drawn + ' of ' + data.charts.length + ' charts drawn with Chart.js ' + Chart.version + '.';
})();
