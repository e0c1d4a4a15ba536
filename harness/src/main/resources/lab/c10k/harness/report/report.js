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
        data: { labels: conns.map(String), datasets: series(rows).map(n => ({
          label: n, borderColor: color(n), backgroundColor: color(n), pointRadius: 4,
          data: conns.map(k => med(rows.find(r => r.strategy === n && r.connections === k), 'requests_per_second'))
        })) },
        options: { plugins: plugins(c.title), scales: {
          x: { title: { display: true, text: 'connections' } }, y: axis('requests/s (median)', false) } } });
    },
    latency(c) {
      const rows = data.summary.filter(s => inGroup(s, c) && s.connections === c.connections && s.measured > 0);
      const pct = [['p50', 'p50'], ['p90', 'p90'], ['p99', 'p99'], ['p999', 'p99.9'], ['max', 'max']];
      const datasets = series(rows).map(n => {
        const s = rows.find(r => r.strategy === n);
        const trials = data.trials.filter(t => t.strategy === n && t.error === null && sameCell(t, s));
        return { label: n, backgroundColor: color(n),
          data: pct.map(p => median(trials.map(t => t.latency_us[p[0]] / 1000))) };
      });
      // a log axis that starts a decade below the smallest bar, so that every bar shows
      const values = datasets.flatMap(d => d.data).filter(v => v > 0);
      const y = axis('milliseconds (median of repetitions, log)', true);
      if (values.length) y.min = Math.pow(10, Math.floor(Math.log10(Math.min(...values))));
      draw(c, { type: 'bar', data: { labels: pct.map(p => p[1]), datasets: datasets },
        options: { plugins: plugins(c.title), scales: { y: y } } });
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
    idle(c) {
      const idle = data.idle.filter(i => i.error === null);
      const kib = v => (v === null || v === undefined) ? null : v / 1024;
      draw(c, { type: 'bar',
        data: { labels: idle.map(i => i.strategy), datasets: [
          { label: 'RSS', backgroundColor: '#3b78c4', data: idle.map(i => kib(i.rss_bytes_per_connection)) },
          { label: 'Java heap after GC', backgroundColor: '#3c9a5f',
            data: idle.map(i => kib(i.heap_bytes_per_connection)) },
          { label: 'kernel stacks (not in RSS)', backgroundColor: '#c99a2e',
            data: idle.map(i => kib(i.kernel_stack_bytes_per_connection)) }] },
        options: { plugins: plugins(c.title), scales: { y: axis('KiB per idle connection', false) } } });
    }
  };

  data.charts.forEach(c => builders[c.kind](c));
  document.body.setAttribute('data-charts-drawn', String(drawn));
  document.getElementById('c10k-status').textContent =
    drawn + ' of ' + data.charts.length + ' charts drawn with Chart.js ' + Chart.version + '.';
})();
