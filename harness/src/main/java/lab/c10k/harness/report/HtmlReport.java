package lab.c10k.harness.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import lab.c10k.files.FileIo;
import lab.c10k.harness.experiment.Contender;
import lab.c10k.harness.experiment.ExperimentResult;
import lab.c10k.harness.experiment.IdleResult;
import lab.c10k.harness.experiment.PerfCheck;
import lab.c10k.harness.experiment.Plan;
import lab.c10k.harness.experiment.Trial;
import lab.c10k.harness.metrics.Machine;
import lab.c10k.harness.metrics.Spread;

/**
 * {@code report.html}: one self-contained page that works offline. The results are embedded as JSON; the charts
 * are drawn by Chart.js, whose minified bundle (from the {@code org.webjars.npm:chart.js} artifact, the npm
 * package repackaged on Maven Central) is inlined into the page; a small script of ours only configures them.
 * Under each chart a paragraph generated from the measured numbers says what it shows.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /** The page. */
    public static String write(ExperimentResult result) {
        List<CellSummary> rows = CellSummary.of(result);
        var charts = new ArrayList<Chart>();
        var page = new StringBuilder();
        page.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>c10k-lab: ")
                .append(esc(contenderNames(result)))
                .append(" (")
                .append(esc(result.started().toString()))
                .append(")</title>\n<style>\n")
                .append(resource("report.css"))
                .append("</style>\n</head>\n<body>\n<main>\n");
        page.append("<h1>c10k-lab: what each concurrency strategy costs</h1>\n");
        page.append("<p class=\"lead\">")
                .append(esc(contenderNames(result)))
                .append(", measured by <code>c10k compare --profile ")
                .append(esc(result.plan().profile()))
                .append(result.plan().containers() == null ? "" : " --docker")
                .append("</code> on ")
                .append(esc(result.started().toString()))
                .append(" in ")
                .append(esc(String.format(Locale.ROOT, "%.0f s", result.seconds())))
                .append(".</p>\n");
        method(page, result);
        for (String note : result.notes()) {
            page.append("<div class=\"note\">").append(esc(note)).append("</div>\n");
        }
        page.append("<h2>Results</h2>\n");
        table(page, result, rows);

        Plan plan = result.plan();
        List<FileIo> modes = hasStrategies(result) ? plan.fileIo() : java.util.Collections.singletonList(null);
        int maxConnections =
                plan.connections().stream().mapToInt(Integer::intValue).max().orElse(1);

        page.append("<h2>Throughput against connections</h2>\n<div class=\"grid\">\n");
        for (FileIo mode : modes) {
            for (String file : plan.files()) {
                for (boolean keep : plan.keepAlive()) {
                    List<CellSummary> group = group(rows, file, keep, mode);
                    var c = chart(charts, "rps", file, keep, mode, 0, "requests/s: " + title(group, file, keep, mode));
                    figure(page, c, Narrative.throughput(group, file, keep));
                }
            }
        }
        page.append("</div>\n<h2>Latency percentiles</h2>\n<div class=\"grid\">\n");
        for (FileIo mode : modes) {
            for (String file : plan.files()) {
                for (boolean keep : plan.keepAlive()) {
                    List<CellSummary> group = group(rows, file, keep, mode);
                    var c = chart(
                            charts,
                            "latency",
                            file,
                            keep,
                            mode,
                            maxConnections,
                            "latency at " + maxConnections + " connections: " + title(group, file, keep, mode));
                    figure(page, c, Narrative.latency(group, maxConnections));
                }
            }
        }
        page.append("</div>\n<h2>Context switches per request</h2>\n<div class=\"grid\">\n");
        for (FileIo mode : modes) {
            for (String file : plan.files()) {
                List<CellSummary> group = group(rows, file, null, mode);
                var c = chart(
                        charts,
                        "ctx",
                        file,
                        null,
                        mode,
                        0,
                        "context switches per request: " + title(group, file, null, mode));
                figure(page, c, Narrative.contextSwitches(group));
            }
        }
        page.append("</div>\n<h2>CPU time per request</h2>\n<div class=\"grid\">\n");
        for (FileIo mode : modes) {
            for (String file : plan.files()) {
                List<CellSummary> group = group(rows, file, null, mode);
                var c = chart(
                        charts, "cpu", file, null, mode, 0, "CPU time per request: " + title(group, file, null, mode));
                figure(page, c, Narrative.cpu(group));
            }
        }
        page.append("</div>\n<h2>Memory per idle connection</h2>\n");
        List<IdleResult> idle = result.idle();
        if (idle.stream().anyMatch(IdleResult::ok)) {
            page.append("<div class=\"grid\">\n");
            var c = chart(
                    charts,
                    "idle",
                    null,
                    null,
                    null,
                    idle.getFirst().connections(),
                    "memory per idle connection (" + idle.getFirst().connections() + " connections)");
            figure(page, c, Narrative.idle(idle));
            page.append("</div>\n");
            idleTable(page, idle);
        } else {
            page.append("<p>Not measured")
                    .append(
                            idle.isEmpty()
                                    ? " (--idle-connections 0)"
                                    : ": " + esc(idle.getFirst().error()))
                    .append(".</p>\n");
        }
        crossChecks(page, result);
        page.append("<footer><p id=\"c10k-status\">The charts need JavaScript.</p>\n<p>Generated by c10k-lab. Charts"
                        + " by Chart.js ")
                .append(esc(chartJsVersion()))
                .append(" (MIT License, https://www.chartjs.org), inlined so this page works offline. The raw numbers"
                        + " are in results.json and results.csv beside this file.</p></footer>\n");
        ObjectNode data = ResultsJson.tree(result);
        ArrayNode list = data.putArray("charts");
        for (Chart c : charts) {
            ObjectNode n = list.addObject();
            n.put("id", c.id());
            n.put("kind", c.kind());
            n.put("title", c.title());
            if (c.file() == null) {
                n.putNull("file");
            } else {
                n.put("file", c.file());
            }
            if (c.keepAlive() == null) {
                n.putNull("keep_alive");
            } else {
                n.put("keep_alive", c.keepAlive());
            }
            if (c.fileIo() == null) {
                n.putNull("file_io");
            } else {
                n.put("file_io", c.fileIo().name().toLowerCase(Locale.ROOT));
            }
            n.put("connections", c.connections());
        }
        page.append("<script id=\"c10k-data\" type=\"application/json\">")
                .append(jsonInScript(data.toString()))
                .append("</script>\n<script>\n")
                .append(chartJs())
                .append("\n</script>\n<script>\n")
                .append(resource("report.js"))
                .append("</script>\n</main>\n</body>\n</html>\n");
        return page.toString();
    }

    private record Chart(
            String id, String kind, String file, Boolean keepAlive, FileIo fileIo, int connections, String title) {}

    private static Chart chart(
            List<Chart> charts, String kind, String file, Boolean keep, FileIo mode, int connections, String title) {
        var c = new Chart(kind + "-" + charts.size(), kind, file, keep, mode, connections, title);
        charts.add(c);
        return c;
    }

    private static void figure(StringBuilder page, Chart c, String paragraph) {
        page.append("<figure style=\"margin:0\"><div class=\"chart\"><canvas id=\"")
                .append(c.id())
                .append("\" aria-label=\"")
                .append(esc(c.title()))
                .append("\"></canvas></div>\n<p class=\"teach\">")
                .append(esc(paragraph))
                .append("</p></figure>\n");
    }

    private static List<CellSummary> group(List<CellSummary> rows, String file, Boolean keep, FileIo mode) {
        return rows.stream()
                .filter(r -> r.cell().file().equals(file)
                        && (keep == null || r.cell().keepAlive() == keep)
                        && (r.cell().fileIo() == null
                                || mode == null
                                || r.cell().fileIo() == mode))
                .toList();
    }

    private static String title(List<CellSummary> group, String file, Boolean keep, FileIo mode) {
        String size = group.isEmpty() ? file : group.getFirst().cell().size() + " (" + file + ")";
        return size
                + (keep == null ? "" : keep ? ", keep-alive" : ", Connection: close")
                + (mode == null ? "" : ", file-io " + mode.name().toLowerCase(Locale.ROOT));
    }

    private static boolean hasStrategies(ExperimentResult result) {
        return result.plan().contenders().stream().anyMatch(c -> c instanceof Contender.JavaStrategy);
    }

    private static String contenderNames(ExperimentResult result) {
        return String.join(
                ", ", result.plan().contenders().stream().map(Contender::name).toList());
    }

    private static void method(StringBuilder page, ExperimentResult result) {
        Machine m = result.machine();
        Plan p = result.plan();
        page.append("<h2>Machine and method</h2>\n<table class=\"facts\">\n");
        fact(page, "CPU", m.cpuModel() + (m.virtualized() ? " (virtual machine)" : ""));
        fact(page, "CPUs online", Integer.toString(m.onlineCpus()));
        fact(page, "memory", Units.bytes(m.memoryBytes()));
        fact(page, "kernel", m.kernel() + " (" + m.os() + ")");
        fact(page, "JDK", m.jdk() + ", " + m.jvm());
        fact(page, "Java servers run with", String.join(" ", result.jvmOptions()));
        fact(page, "pinning", p.pinningDescription());
        if (p.containers() != null) {
            fact(page, "Java servers in containers", p.containers().description());
        }
        fact(
                page,
                "contenders",
                String.join(
                        "; ",
                        p.contenders().stream()
                                .map(c -> c.name() + ": " + c.summary())
                                .toList()));
        fact(
                page,
                "matrix",
                "connections " + p.connections() + " × files " + p.files() + " × keep-alive "
                        + p.keepAlive().stream().map(k -> k ? "on" : "off").toList() + " × file-io "
                        + p.fileIo().stream()
                                .map(f -> f.name().toLowerCase(Locale.ROOT))
                                .toList() + ", "
                        + p.repetitions() + " repetitions, shown as the median");
        fact(page, "each measurement", design(p));
        fact(
                page,
                "load generator",
                "c10k bench's generator in the harness JVM: closed loop (each connection"
                        + " sends its next request when the response is in), NIO, TCP_NODELAY, HdrHistogram latencies from"
                        + " the start of each request (connect included without keep-alive).");
        fact(
                page,
                "server figures",
                "context switches and CPU time from each Java server's own getrusage"
                        + " (every thread it ever had, exited ones included) read through its control port right before"
                        + " and after the window; RSS, PSS, processes and threads of the server's process tree from /proc"
                        + " at the end of the window. Reference servers from /proc only.");
        page.append("</table>\n");
    }

    /** What one measurement consisted of, and the trade-off of the profile. */
    static String design(Plan p) {
        String window = seconds(p.ramp()) + " of load discarded while the connections open, then a window of "
                + seconds(p.duration());
        if (p.freshServerPerTrial()) {
            return "a fresh server for every window, warmed up for " + seconds(p.serverWarmup()) + " with that"
                    + " window's own load, then " + window + ". Slow, but no window inherits anything from another.";
        }
        return "one fresh server per contender and repetition, warmed up once for " + seconds(p.serverWarmup())
                + " (small files kept alive and closed, then the large file), then every cell measured on it one"
                + " after the other: " + window + " each, the server's connections closed between cells. Quick, at a"
                + " price: a cell can inherit state from the cells before it (pools, the JIT's choices, the heap),"
                + " and short windows show the shape, not the tails.";
    }

    private static String seconds(java.time.Duration d) {
        double s = d.toMillis() / 1e3;
        return s == Math.rint(s) ? String.format(Locale.ROOT, "%.0f s", s) : String.format(Locale.ROOT, "%.2f s", s);
    }

    private static void fact(StringBuilder page, String name, String value) {
        page.append("<tr><td>")
                .append(esc(name))
                .append("</td><td>")
                .append(esc(value))
                .append("</td></tr>\n");
    }

    private static void table(StringBuilder page, ExperimentResult result, List<CellSummary> rows) {
        boolean io = result.plan().fileIo().size() > 1;
        page.append("<table>\n<tr><th class=\"l\">strategy</th><th>connections</th><th class=\"l\">file</th>"
                + "<th class=\"l\">keep-alive</th>");
        if (io) {
            page.append("<th class=\"l\">file-io</th>");
        }
        page.append("<th>requests/s</th><th>spread</th><th>p50</th><th>p99</th><th>ctx switches/request</th>"
                + "<th>CPU µs/request</th><th>RSS</th><th>PSS</th><th>processes</th><th>errors</th></tr>\n");
        for (CellSummary r : rows) {
            page.append("<tr><td class=\"l\">")
                    .append(esc(r.contender()))
                    .append("</td><td>")
                    .append(r.cell().connections())
                    .append("</td><td class=\"l\">")
                    .append(esc(r.cell().size()))
                    .append("</td><td class=\"l\">")
                    .append(r.cell().keepAlive() ? "on" : "off")
                    .append("</td>");
            if (io) {
                page.append("<td class=\"l\">")
                        .append(esc(r.cell().fileIoName()))
                        .append("</td>");
            }
            if (r.measured() == 0) {
                page.append("<td class=\"l fail\" colspan=\"10\">failed: ")
                        .append(esc(r.error()))
                        .append("</td></tr>\n");
                continue;
            }
            Spread rps = r.requestsPerSecond();
            page.append("<td>")
                    .append(Units.rate(rps.median()))
                    .append(r.rough() ? " †" : "")
                    .append("</td><td>")
                    .append(Units.rate(rps.min()))
                    .append(" – ")
                    .append(Units.rate(rps.max()))
                    .append("</td><td>")
                    .append(esc(Units.micros(r.p50().median())))
                    .append("</td><td>")
                    .append(esc(Units.micros(r.p99().median())))
                    .append("</td><td>")
                    .append(esc(ratioOrDash(r.contextSwitchesPerRequest().median())))
                    .append("</td><td>")
                    .append(esc(ratioOrDash(r.cpuMicrosPerRequest().median())))
                    .append("</td><td>")
                    .append(esc(Units.bytes(r.rssBytes().median())))
                    .append("</td><td>")
                    .append(
                            r.pssBytes().count() == 0
                                    ? "-"
                                    : esc(Units.bytes(r.pssBytes().median())))
                    .append("</td><td>")
                    .append(r.processes())
                    .append("</td><td>")
                    .append(Units.count(Math.round(r.errors().median())))
                    .append("</td></tr>\n");
        }
        page.append("</table>\n<p>Requests/s: the median of the repetitions and their range; the other columns are"
                + " medians. Context switches and CPU per request are the server's, over the window. RSS and PSS:"
                + " every process of the server at the end of the window; RSS counts a page shared by several"
                + " processes in each of them, PSS divides it between them, so PSS is the fair sum for a"
                + " multi-process server.");
        if (rows.stream().anyMatch(CellSummary::rough)) {
            page.append(" †: the median latency is longer than the window, so each connection completed about one"
                    + " response per window and the per-request figures of that cell rest on few completions: read"
                    + " them as rough, or measure with a longer <code>--duration</code>.");
        }
        page.append("</p>\n");
    }

    private static String ratioOrDash(double v) {
        return Double.isNaN(v) ? "-" : Units.ratio(v);
    }

    private static void idleTable(StringBuilder page, List<IdleResult> idle) {
        page.append("<table>\n<tr><th class=\"l\">strategy</th><th>connections</th><th>RSS/connection</th>"
                + "<th>PSS/connection</th><th>heap/connection</th><th>kernel stack/connection</th><th>threads"
                + " before → with</th><th>processes</th></tr>\n");
        for (IdleResult i : idle) {
            page.append("<tr><td class=\"l\">").append(esc(i.contender())).append("</td>");
            if (!i.ok()) {
                page.append("<td class=\"l fail\" colspan=\"7\">failed: ")
                        .append(esc(i.error()))
                        .append("</td></tr>\n");
                continue;
            }
            page.append("<td>")
                    .append(Units.count(i.connections()))
                    .append("</td><td>")
                    .append(esc(bytesOrDash(i.rssPerConnection())))
                    .append("</td><td>")
                    .append(esc(bytesOrDash(i.pssPerConnection())))
                    .append("</td><td>")
                    .append(esc(bytesOrDash(i.heapPerConnection())))
                    .append("</td><td>")
                    .append(esc(bytesOrDash(i.kernelStackPerConnection())))
                    .append("</td><td>")
                    .append(i.threadsBefore())
                    .append(" → ")
                    .append(i.threadsAfter())
                    .append("</td><td>")
                    .append(i.processesAfter())
                    .append("</td></tr>\n");
        }
        page.append("</table>\n");
    }

    private static String bytesOrDash(double v) {
        return Double.isNaN(v) ? "-" : Units.bytes(v);
    }

    private static void crossChecks(StringBuilder page, ExperimentResult result) {
        page.append("<h2>Where two sources exist: how far they agree</h2>\n");
        List<PerfCheck> checks = result.perfChecks();
        if (checks.isEmpty()) {
            page.append("<p>No perf cross-check in this run (see the notes above). With <code>--perf</code>, as root"
                    + " with perf installed, each server runs under <code>perf stat -e context-switches,task-clock"
                    + "</code>, started before it forks anything; it is off by default because the counters cost"
                    + " the server throughput.</p>\n");
        } else {
            page.append("<p>")
                    .append(esc(ResultsTable.perfLine(checks)))
                    .append(". perf ran around each server (--perf; its counters cost the server some throughput, so"
                            + " the figures of this run are a little lower than without it), started before it forked"
                            + " anything (its counters follow"
                            + " every thread and child, exited ones included), and counted from an idle moment"
                            + " right after the server started to one after its last window; the server's own"
                            + " getrusage (for a reference server: /proc) was read at the same two moments. 1.000"
                            + " is perfect agreement. /proc counts CPU time in 10 ms ticks per process, so a"
                            + " server of hundreds of short-working processes (Apache prefork) shows far less CPU"
                            + " there than perf's exact task clock.</p>\n<table>\n<tr><th class=\"l\">strategy</th>"
                            + "<th>repetition</th><th>windows</th><th>perf switches</th><th>reported switches</th>"
                            + "<th class=\"l\">reported from</th><th>ratio</th><th>perf CPU</th><th>reported CPU</th>"
                            + "<th>ratio</th></tr>\n");
            for (PerfCheck c : checks) {
                page.append("<tr><td class=\"l\">")
                        .append(esc(c.contender()))
                        .append("</td><td>")
                        .append(c.repetition())
                        .append("</td><td>")
                        .append(c.windows())
                        .append("</td><td>")
                        .append(Units.count(c.perfSwitches()))
                        .append("</td><td>")
                        .append(Units.count(c.reportedSwitches()))
                        .append("</td><td class=\"l\">")
                        .append(esc(c.source()))
                        .append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.3f", c.switchRatio()))
                        .append("</td><td>")
                        .append(esc(Units.micros(c.perfCpuMicros())))
                        .append("</td><td>")
                        .append(esc(Units.micros(c.reportedCpuMicros())))
                        .append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.3f", c.cpuRatio()))
                        .append("</td></tr>\n");
            }
            page.append("</table>\n");
        }
        var rows = new ArrayList<String>();
        for (String name : CellSummary.contenderOrder(result)) {
            var procVsSelf = new ArrayList<Double>();
            var cpuVsSelf = new ArrayList<Double>();
            for (Trial t : result.trials()) {
                if (t.ok()
                        && t.contender().equals(name)
                        && "getrusage".equals(t.server().source())) {
                    if (t.server().contextSwitches() > 0) {
                        procVsSelf.add(
                                (double) t.tree().liveSwitches() / t.server().contextSwitches());
                    }
                    if (t.server().cpuMicros() > 0) {
                        cpuVsSelf.add((double) t.tree().cpuMicros() / t.server().cpuMicros());
                    }
                }
            }
            if (!procVsSelf.isEmpty()) {
                Spread s = Spread.of(procVsSelf);
                Spread c = Spread.of(cpuVsSelf);
                rows.add("<tr><td class=\"l\">" + esc(name) + "</td><td>"
                        + String.format(Locale.ROOT, "%.2f (%.2f – %.2f)", s.median(), s.min(), s.max())
                        + "</td><td>"
                        + String.format(Locale.ROOT, "%.2f (%.2f – %.2f)", c.median(), c.min(), c.max())
                        + "</td></tr>\n");
            }
        }
        if (!rows.isEmpty()) {
            page.append("<p>getrusage against /proc, per window: /proc sees the threads alive at both ends of a"
                            + " window only, so where threads come and go (a thread per connection without"
                            + " keep-alive) its share of the context switches falls far below 1 (below 0 when threads alive"
                            + " at the start ended within the window); CPU time from"
                            + " /proc is in 10 ms ticks but includes reaped children.</p>\n<table>\n<tr><th"
                            + " class=\"l\">strategy</th><th>/proc live-thread switches ÷ getrusage (median, range)"
                            + "</th><th>/proc CPU ÷ getrusage CPU</th></tr>\n")
                    .append(String.join("", rows))
                    .append("</table>\n");
        }
    }

    private static String esc(String s) {
        if (s == null) {
            return "";
        }
        var b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * JSON that can sit inside a script element: a less-than sign occurs in JSON only inside strings, where its
     * escape (backslash, u003c) means the same, and then no end tag or comment opener can end the element.
     */
    static String jsonInScript(String json) {
        return json.replace("<", "\\u003c");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            Objects.requireNonNull(in, "missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Chart.js version the build bundled. */
    static String chartJsVersion() {
        var p = new Properties();
        try (InputStream in = HtmlReport.class.getResourceAsStream("chartjs.properties")) {
            Objects.requireNonNull(in, "missing resource chartjs.properties");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("chartjs.version");
    }

    /** The minified Chart.js bundle, without its source-map comment, safe inside a script element. */
    static String chartJs() {
        String path = "/META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/dist/chart.umd.min.js";
        try (InputStream in = HtmlReport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Chart.js is not on the class path (" + path + ")");
            }
            String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            js = js.replaceAll("(?m)^//# sourceMappingURL=.*$", "");
            return js.replaceAll("(?i)</script", "<\\\\/script");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
