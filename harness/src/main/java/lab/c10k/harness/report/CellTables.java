package lab.c10k.harness.report;

import static lab.c10k.harness.report.Html.esc;
import static lab.c10k.harness.report.Html.failed;
import static lab.c10k.harness.report.Html.td;
import static lab.c10k.harness.report.Html.tdLeft;
import static lab.c10k.harness.report.Html.th;
import static lab.c10k.harness.report.Html.thLeft;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import lab.c10k.files.FileIo;

/**
 * Every measured cell of {@code report.html}, as tables narrow enough for the page: one per file, keep-alive
 * setting (and file-io mode, when several ran), so those columns become the table's caption, each strategy beside the
 * others at the same connection count; the range of the repetitions written
 * beside the median instead of in a column of its own; short headers, explained in a legend under the tables;
 * columns that would hold nothing (PSS of single-process servers, errors when there were none) left out.
 */
final class CellTables {
    private CellTables() {}

    /**
     * The tables, the legend and the notes of the marked cells; {@code prose} gives the HTML of a key of
     * {@code report-text.properties}.
     */
    static String html(List<CellSummary> rows, List<FileIo> modes, UnaryOperator<String> prose) {
        var groups = new LinkedHashMap<String, List<CellSummary>>();
        var byConnections = rows.stream()
                .sorted(Comparator.comparingInt(r -> r.cell().connections()))
                .toList();
        for (CellSummary r : byConnections) {
            // a reference server has no file-io mode: it joins the strategies' first, to be read beside them
            FileIo io = r.cell().fileIo() == null && !modes.isEmpty()
                    ? modes.getFirst()
                    : r.cell().fileIo();
            String caption = r.cell().size() + " (" + r.cell().file() + "), "
                    + (r.cell().keepAlive() ? "keep-alive" : "Connection: close")
                    + (modes.size() > 1 && io != null ? ", file-io " + io.name().toLowerCase(Locale.ROOT) : "");
            groups.computeIfAbsent(caption, k -> new ArrayList<>()).add(r);
        }
        boolean pss =
                rows.stream().anyMatch(r -> r.processes() > 1 && r.pssBytes().count() > 0);
        boolean errors =
                rows.stream().anyMatch(r -> r.errors().count() > 0 && r.errors().max() > 0);
        var t = new StringBuilder();
        groups.forEach((caption, group) -> t.append(table(caption, group, pss, errors)));
        t.append("<p class=\"legend\">").append(prose.apply("results.legend"));
        if (rows.stream().anyMatch(CellSummary::rough)) {
            t.append(' ').append(prose.apply("results.rough"));
        }
        if (rows.stream().anyMatch(CellSummary::countsDisagree)) {
            t.append(' ').append(esc(ResultsTable.COUNTS_NOTE)).append('.');
        }
        if (rows.stream().anyMatch(CellSummary::littleDisagrees)) {
            t.append(' ').append(esc(ResultsTable.LITTLE_NOTE)).append('.');
        }
        t.append("</p>\n");
        var waiting = rows.stream().filter(r -> r.waiting() > 0).toList();
        if (!waiting.isEmpty()) {
            t.append("<ul class=\"waiting\">\n");
            waiting.forEach(r ->
                    t.append("<li>").append(esc(ResultsTable.waitingLine(r))).append(".</li>\n"));
            t.append("</ul>\n");
        }
        return t.toString();
    }

    private static String table(String caption, List<CellSummary> group, boolean pss, boolean errors) {
        var t = new StringBuilder("<table class=\"cells\">\n<caption>")
                .append(esc(caption))
                .append("</caption>\n<tr>");
        t.append(thLeft("strategy")).append(th("conns", "req/s (range)", "mean", "p50", "p99", "sw/req", "CPU µs/req"));
        t.append(th("RSS")).append(pss ? th("PSS") : "").append(th("procs"));
        t.append(errors ? th("errors") : "").append("</tr>\n");
        int columns = 10 + (pss ? 1 : 0) + (errors ? 1 : 0);
        for (CellSummary r : group) {
            t.append("<tr>").append(tdLeft(r.contender())).append(td(r.cell().connections()));
            if (r.measured() == 0) {
                t.append(failed(columns - 2, r.error()));
                continue;
            }
            t.append(td(Html.rateRange(r.requestsPerSecond()) + (r.rough() ? " †" : "")));
            t.append(td((r.waiting() > 0 ? "≥ " : "")
                    + Units.micros(r.meanMicros())
                    + (r.littleDisagrees() ? " ≠" : "")
                    + (r.waiting() > 0 ? " w" : "")));
            t.append(td(Units.micros(r.p50().median())))
                    .append(td(Units.micros(r.p99().median())));
            String counts = r.countsDisagree() ? " ‡" : "";
            t.append(td(ratioOrDash(r.contextSwitchesPerRequest().median()) + counts));
            t.append(td(ratioOrDash(r.cpuMicrosPerRequest().median()) + counts));
            t.append(td(Units.bytes(r.rssBytes().median())));
            if (pss) {
                t.append(td(
                        r.pssBytes().count() == 0
                                ? "-"
                                : Units.bytes(r.pssBytes().median())));
            }
            t.append(td(r.processes()));
            if (errors) {
                t.append(td(Units.count(Math.round(r.errors().median()))));
            }
            t.append("</tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String ratioOrDash(double v) {
        return Double.isNaN(v) ? "-" : Units.ratio(v);
    }
}
