package lab.c10k.harness.report;

import static lab.c10k.harness.report.Html.esc;
import static lab.c10k.harness.report.Html.failed;
import static lab.c10k.harness.report.Html.td;
import static lab.c10k.harness.report.Html.tdLeft;
import static lab.c10k.harness.report.Html.th;
import static lab.c10k.harness.report.Html.thLeft;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.c10k.files.FileIo;
import lab.c10k.harness.experiment.Contender;
import lab.c10k.harness.experiment.ExperimentResult;
import lab.c10k.harness.experiment.IdleResult;
import lab.c10k.harness.experiment.PerfCheck;
import lab.c10k.harness.experiment.Plan;
import lab.c10k.harness.experiment.Trial;
import lab.c10k.harness.experiment.WarmUp;
import lab.c10k.harness.metrics.Machine;
import lab.c10k.harness.metrics.Spread;

/**
 * {@code report.html}: one self-contained page that works offline. The page is the template {@code report.html}
 * (a resource beside this class) with slots this class fills from the results: tables, the paragraph under each
 * chart (from {@link Narrative}) and the prose of {@code report-text.properties}. The results are embedded as JSON;
 * the charts are drawn by Chart.js, whose minified bundle (from the {@code org.webjars.npm:chart.js} artifact, the
 * npm package repackaged on Maven Central) is inlined into the page; {@code report.js} only configures them.
 */
public final class HtmlReport {
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z-]+)}}");
    private static final Pattern FIELD = Pattern.compile("\\{([a-z]+)}");

    private final ExperimentResult result;
    private final Plan plan;
    private final List<CellSummary> rows;
    private final List<Chart> charts = new ArrayList<>();
    private final Properties text = text();

    private HtmlReport(ExperimentResult result) {
        this.result = result;
        this.plan = result.plan();
        this.rows = CellSummary.of(result);
    }

    /** The page. */
    public static String write(ExperimentResult result) {
        return new HtmlReport(result).page();
    }

    private String page() {
        var slots = new HashMap<String, String>();
        String contenders = esc(String.join(
                ", ", plan.contenders().stream().map(Contender::name).toList()));
        slots.put("contenders", contenders);
        slots.put("started", esc(result.started().toString()));
        slots.put("css", resource("report.css"));
        String command = plan.provenance().command();
        slots.put(
                "command",
                esc(
                        command.isEmpty()
                                ? "c10k compare --profile " + plan.profile()
                                        + (plan.containers() == null ? "" : " --docker")
                                : command));
        slots.put("revision", esc(plan.provenance().revision()));
        slots.put("seconds", esc(String.format(Locale.ROOT, "%.0f s", result.seconds())));
        slots.put("facts", facts());
        var notes = new StringBuilder();
        result.notes()
                .forEach(
                        n -> notes.append("<div class=\"note\">").append(esc(n)).append("</div>\n"));
        slots.put("notes", notes.toString());
        slots.put("headline", headline());
        slots.put("results", CellTables.html(rows, plan.fileIo(), this::prose));
        slots.put("cells", Integer.toString(rows.size()));
        int maxConnections =
                plan.connections().stream().mapToInt(Integer::intValue).max().orElse(1);
        slots.put("rps", charts("rps", true, 0, "requests/s: ", Narrative::throughput));
        slots.put(
                "latency",
                charts("latency", true, maxConnections, "latency at ", (g, f, k) -> Narrative.latency(g, most(g))));
        String ctx = "context switches per request: ";
        slots.put("ctx", charts("ctx", false, 0, ctx, (g, f, k) -> Narrative.contextSwitches(g)));
        slots.put("cpu", charts("cpu", false, 0, "CPU time per request: ", (g, f, k) -> Narrative.cpu(g)));
        slots.put("idle", idle());
        slots.put("warmup", warmUps());
        slots.put("checks", perfChecks() + procChecks());
        slots.put("chartjs-version", esc(chartJsVersion()));
        slots.put("data", jsonInScript(data().toString())); // after the figures: it lists their charts
        slots.put("chartjs", chartJs());
        slots.put("script", resource("report.js"));
        return fill(resource("report.html"), SLOT, slots);
    }

    /** Fills each slot of {@code template} in one pass: a filled-in value is never searched for slots itself. */
    private static String fill(String template, Pattern slot, Map<String, String> values) {
        Matcher m = slot.matcher(template);
        return m.replaceAll(r -> Matcher.quoteReplacement(
                Objects.requireNonNull(values.get(r.group(1)), () -> "no value for " + r.group())));
    }

    /** The prose called {@code key}, with its fields filled in from name-value pairs. */
    private String prose(String key, String... fields) {
        var values = new HashMap<String, String>();
        for (int i = 0; i < fields.length; i += 2) {
            values.put(fields[i], fields[i + 1]);
        }
        return fill(Objects.requireNonNull(text.getProperty(key), key), FIELD, values);
    }

    /** The paragraph under one chart, from the rows of its group. */
    private interface Teaching {
        String paragraph(List<CellSummary> group, String file, Boolean keepAlive);
    }

    private record Chart(
            String id, String kind, String file, Boolean keepAlive, String fileIo, int connections, String title) {}

    /**
     * One chart of {@code kind} per file-io mode, file and (if {@code byKeepAlive}) keep-alive setting, each with its
     * paragraph.
     */
    private String charts(String kind, boolean byKeepAlive, int connections, String title, Teaching teaching) {
        boolean strategies = plan.contenders().stream().anyMatch(c -> c instanceof Contender.JavaStrategy);
        List<FileIo> modes = strategies ? plan.fileIo() : Collections.singletonList(null);
        List<Boolean> keeps = byKeepAlive ? plan.keepAlive() : Collections.singletonList(null);
        var out = new StringBuilder();
        for (FileIo mode : modes) {
            for (String file : plan.files()) {
                for (Boolean keep : keeps) {
                    List<CellSummary> group = group(file, keep, mode);
                    String io = mode == null ? null : mode.name().toLowerCase(Locale.ROOT);
                    // latency at the most connections this file was measured with (the quick profile leaves out
                    // 2 MiB at 1000 connections)
                    int at = connections > 0 && most(group) > 0 ? most(group) : connections;
                    String heading = connections > 0 ? title + at + " connections: " : title;
                    out.append(figure(
                            kind,
                            file,
                            keep,
                            io,
                            at,
                            heading + title(group, file, keep, io),
                            teaching.paragraph(group, file, keep)));
                }
            }
        }
        return out.toString();
    }

    private String figure(
            String kind, String file, Boolean keep, String io, int connections, String title, String paragraph) {
        var c = new Chart(kind + "-" + charts.size(), kind, file, keep, io, connections, title);
        charts.add(c);
        return "<figure style=\"margin:0\"><div class=\"chart\"><canvas id=\"" + c.id() + "\" aria-label=\""
                + esc(c.title()) + "\"></canvas></div>\n<p class=\"teach\">" + esc(paragraph) + "</p></figure>\n";
    }

    /** The most connections a measured cell of {@code group} had, 0 when none was measured. */
    private static int most(List<CellSummary> group) {
        return group.stream()
                .filter(r -> r.measured() > 0)
                .mapToInt(r -> r.cell().connections())
                .max()
                .orElse(0);
    }

    private List<CellSummary> group(String file, Boolean keep, FileIo mode) {
        return rows.stream()
                .filter(r -> r.cell().file().equals(file)
                        && (keep == null || r.cell().keepAlive() == keep)
                        && (r.cell().fileIo() == null
                                || mode == null
                                || r.cell().fileIo() == mode))
                .toList();
    }

    private static String title(List<CellSummary> group, String file, Boolean keep, String io) {
        String size = group.isEmpty() ? file : group.getFirst().cell().size() + " (" + file + ")";
        return size
                + (keep == null ? "" : keep ? ", keep-alive" : ", Connection: close")
                + (io == null ? "" : ", file-io " + io);
    }

    /** The results with the list of charts that {@code report.js} draws. */
    private ObjectNode data() {
        ObjectNode data = ResultsJson.tree(result);
        ArrayNode list = data.putArray("charts");
        for (Chart c : charts) {
            list.addObject()
                    .put("id", c.id())
                    .put("kind", c.kind())
                    .put("title", c.title())
                    .put("file", c.file())
                    .put("keep_alive", c.keepAlive())
                    .put("file_io", c.fileIo())
                    .put("connections", c.connections());
        }
        return data;
    }

    private String facts() {
        Machine m = result.machine();
        var f = new StringBuilder();
        f.append(fact("CPU", esc(m.cpuModel() + (m.virtualized() ? " (virtual machine)" : ""))));
        f.append(fact("CPUs online", Integer.toString(m.onlineCpus())));
        f.append(fact("memory", esc(Units.bytes(m.memoryBytes()))));
        f.append(fact("kernel", esc(m.kernel() + " (" + m.os() + ")")));
        f.append(fact("JDK", esc(m.jdk() + ", " + m.jvm())));
        f.append(fact("Java servers run with", esc(String.join(" ", result.jvmOptions()))));
        f.append(fact("pinning", esc(plan.pinningDescription())));
        if (plan.containers() != null) {
            f.append(fact("Java servers in containers", esc(plan.containers().description())));
        }
        f.append(fact(
                "contenders",
                esc(String.join(
                        "; ",
                        plan.contenders().stream()
                                .map(c -> c.name() + ": " + c.summary())
                                .toList()))));
        f.append(fact(
                "matrix",
                esc("connections " + plan.connections() + " × files " + plan.files() + " × keep-alive "
                        + plan.keepAlive().stream().map(k -> k ? "on" : "off").toList() + " × file-io "
                        + plan.fileIo().stream()
                                .map(io -> io.name().toLowerCase(Locale.ROOT))
                                .toList() + ", "
                        + plan.repetitions() + " repetitions, shown as the median")));
        f.append(fact("each measurement", design()));
        f.append(fact("load generator", prose("method.load")));
        f.append(fact("server figures", prose("method.server")));
        return f.toString();
    }

    /** What one measurement consisted of, and the trade-off of the profile. */
    private String design() {
        String window = prose("method.window", "ramp", seconds(plan.ramp()), "duration", seconds(plan.duration()));
        return prose(
                plan.freshServerPerTrial() ? "method.fresh" : "method.shared",
                "warmup",
                seconds(plan.serverWarmup()),
                "window",
                window);
    }

    private static String seconds(Duration d) {
        double s = d.toMillis() / 1e3;
        return String.format(Locale.ROOT, s == Math.rint(s) ? "%.0f s" : "%.2f s", s);
    }

    private static String fact(String name, String valueHtml) {
        return "<tr><td>" + esc(name) + "</td><td>" + valueHtml + "</td></tr>\n";
    }

    /** The first screen: the headline figures, each in a card with its sentence. */
    private String headline() {
        var h = new StringBuilder("<div class=\"headline\">\n");
        for (Headline x : Headline.of(result, rows)) {
            h.append("<div class=\"card\"><div class=\"label\">").append(esc(x.label()));
            h.append("</div><div class=\"figure\">").append(esc(x.figure()));
            h.append("</div><p>").append(esc(x.sentence())).append("</p></div>\n");
        }
        return h.append("</div>\n").toString();
    }

    /** The warm-up chart (the first warm-up of each contender) and every warm-up in a small table. */
    private String warmUps() {
        List<WarmUp> all = result.warmUps();
        if (all.isEmpty()) {
            return "<p>" + esc(Narrative.warmUp(all)) + "</p>\n";
        }
        var t = new StringBuilder("<div class=\"grid\">\n");
        t.append(figure("warmup", null, null, null, 0, "requests/s while warming up", Narrative.warmUp(all)));
        t.append("</div>\n<details").append(all.size() <= 8 ? " open" : "").append("><summary>");
        t.append(prose("warmup.table", "count", Integer.toString(all.size()))).append("</summary>\n<table>\n<tr>");
        t.append(thLeft("strategy")).append(th("repetition")).append(thLeft("load"));
        t.append(th("length", "steady after", "last second")).append("</tr>\n");
        for (WarmUp w : all) {
            t.append("<tr>")
                    .append(tdLeft(w.contender()))
                    .append(td(w.repetition()))
                    .append(tdLeft(w.load()));
            t.append(td(String.format(Locale.ROOT, "%.2f s", w.seconds())));
            t.append(td(w.steady() ? String.format(Locale.ROOT, "%.2f s", w.steadyAfterSeconds()) : "not steady"));
            t.append(td(Units.rate(w.finalRequestsPerSecond()) + " req/s")).append("</tr>\n");
        }
        return t.append("</table></details>\n").toString();
    }

    private String idle() {
        List<IdleResult> idle = result.idle();
        if (idle.stream().noneMatch(IdleResult::ok)) {
            return "<p>Not measured"
                    + (idle.isEmpty()
                            ? " (--idle-connections 0)"
                            : ": " + esc(idle.getFirst().error())) + ".</p>\n";
        }
        int connections = idle.getFirst().connections();
        boolean sameCount = idle.stream().allMatch(i -> i.connections() == connections);
        var t = new StringBuilder("<div class=\"grid\">\n");
        t.append(figure(
                "idle",
                null,
                null,
                null,
                connections,
                "memory per idle connection"
                        + (sameCount ? " (" + connections + " connections)" : " (each strategy's count in its label)"),
                Narrative.idle(idle)));
        t.append("</div>\n<table>\n<tr>").append(thLeft("strategy"));
        t.append(th("connections", "RSS/connection", "PSS/connection", "heap/connection"));
        t.append(th("kernel stack/connection", "threads before → with", "processes"))
                .append("</tr>\n");
        for (IdleResult i : idle) {
            t.append("<tr>").append(tdLeft(i.contender()));
            if (!i.ok()) {
                t.append(failed(7, i.error()));
                continue;
            }
            t.append(td(Units.count(i.connections())))
                    .append(td(bytesOrDash(i.rssPerConnection())))
                    .append(td(bytesOrDash(i.pssPerConnection())))
                    .append(td(bytesOrDash(i.heapPerConnection())))
                    .append(td(bytesOrDash(i.kernelStackPerConnection())))
                    .append(td(i.threadsBefore() + " → " + i.threadsAfter()))
                    .append(td(i.processesAfter()))
                    .append("</tr>\n");
        }
        t.append("</table>\n");
        if (idle.stream().anyMatch(ResultsTable::anyNegative)) {
            t.append("<p>").append(esc(ResultsTable.NEGATIVE_NOTE)).append(".</p>\n");
        }
        return t.toString();
    }

    private static String bytesOrDash(double v) {
        return Double.isNaN(v) ? "-" : ResultsTable.perConnection(v);
    }

    /** perf's counts beside the servers' own, when {@code --perf} ran. */
    private String perfChecks() {
        List<PerfCheck> checks = result.perfChecks();
        if (checks.isEmpty()) {
            return "<p>" + prose("checks.noPerf") + "</p>\n";
        }
        var t = new StringBuilder("<p>")
                .append(esc(ResultsTable.perfLine(checks)))
                .append(". ");
        t.append(prose("checks.perf")).append("</p>\n<table>\n<tr>").append(thLeft("strategy"));
        t.append(th("repetition", "windows", "perf switches", "reported switches"))
                .append(thLeft("reported from"));
        t.append(th("ratio", "perf CPU", "reported CPU", "ratio")).append("</tr>\n");
        for (PerfCheck c : checks) {
            t.append("<tr>")
                    .append(tdLeft(c.contender()))
                    .append(td(c.repetition() == 0 ? "all" : Integer.toString(c.repetition())))
                    .append(td(c.windows()))
                    .append(td(Units.count(c.perfSwitches())))
                    .append(td(Units.count(c.reportedSwitches())))
                    .append(tdLeft(c.source()))
                    .append(td(String.format(Locale.ROOT, "%.3f", c.switchRatio())))
                    .append(td(Units.micros(c.perfCpuMicros())))
                    .append(td(Units.micros(c.reportedCpuMicros())))
                    .append(td(String.format(Locale.ROOT, "%.3f", c.cpuRatio())))
                    .append("</tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    /** /proc's counts against each Java server's getrusage, per window, where both exist. */
    private String procChecks() {
        var t = new StringBuilder();
        for (String name : CellSummary.contenderOrder(result)) {
            var procVsSelf = new ArrayList<Double>();
            var cpuVsSelf = new ArrayList<Double>();
            for (Trial tr : result.trials()) {
                if (tr.ok()
                        && tr.contender().equals(name)
                        && "getrusage".equals(tr.server().source())) {
                    if (tr.server().contextSwitches() > 0) {
                        procVsSelf.add(
                                (double) tr.tree().liveSwitches() / tr.server().contextSwitches());
                    }
                    if (tr.server().cpuMicros() > 0) {
                        cpuVsSelf.add(
                                (double) tr.tree().cpuMicros() / tr.server().cpuMicros());
                    }
                }
            }
            if (!procVsSelf.isEmpty()) {
                t.append("<tr>").append(tdLeft(name)).append(td(spread(Spread.of(procVsSelf))));
                t.append(td(spread(Spread.of(cpuVsSelf)))).append("</tr>\n");
            }
        }
        if (t.isEmpty()) {
            return "";
        }
        return "<p>" + prose("checks.proc") + "</p>\n<table>\n<tr>" + thLeft("strategy")
                + th("/proc live-thread switches ÷ getrusage (median, range)") + th("/proc CPU ÷ getrusage CPU")
                + "</tr>\n" + t + "</table>\n";
    }

    private static String spread(Spread s) {
        return String.format(Locale.ROOT, "%.2f (%.2f – %.2f)", s.median(), s.min(), s.max());
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

    private static Properties properties(String name) {
        var p = new Properties();
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            Objects.requireNonNull(in, "missing resource " + name);
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static Properties text() {
        return properties("report-text.properties");
    }

    /** The Chart.js version the build bundled. */
    static String chartJsVersion() {
        return properties("chartjs.properties").getProperty("chartjs.version");
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
