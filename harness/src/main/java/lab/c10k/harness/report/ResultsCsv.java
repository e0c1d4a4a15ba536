package lab.c10k.harness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lab.c10k.harness.experiment.ExperimentResult;
import lab.c10k.harness.experiment.Trial;

/** {@code results.csv}: one row per trial (a measured window), RFC 4180 quoting, a header row. */
public final class ResultsCsv {
    private ResultsCsv() {}

    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "strategy",
            "kind",
            "repetition",
            "connections",
            "file",
            "file_bytes",
            "keep_alive",
            "file_io",
            "requests",
            "duration_s",
            "requests_per_second",
            "bytes_per_second",
            "p50_us",
            "p90_us",
            "p99_us",
            "p999_us",
            "p9999_us",
            "max_us",
            "mean_us",
            "littles_law_us",
            "intended",
            "open_at_end",
            "waiting_at_end",
            "errors",
            "ctx_switches_per_request",
            "voluntary_switches",
            "involuntary_switches",
            "cpu_us_per_request",
            "server_requests",
            "counts_agree",
            "switch_source",
            "proc_live_switches",
            "rss_bytes",
            "pss_bytes",
            "processes",
            "threads",
            "error");

    /** The whole file. */
    public static String write(ExperimentResult result) {
        var s = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (Trial t : result.trials()) {
            s.append(String.join(",", row(t))).append("\r\n");
        }
        return s.toString();
    }

    private static List<String> row(Trial t) {
        var r = new ArrayList<String>();
        r.add(quote(t.contender()));
        r.add(t.kind());
        r.add(Integer.toString(t.repetition()));
        r.add(Integer.toString(t.cell().connections()));
        r.add(quote(t.cell().file()));
        r.add(Long.toString(t.cell().fileBytes()));
        r.add(t.cell().keepAlive() ? "on" : "off");
        r.add(t.cell().fileIoName());
        if (!t.ok()) {
            while (r.size() < COLUMNS.size() - 1) {
                r.add("");
            }
            r.add(quote(t.error()));
            return r;
        }
        Trial.Client c = t.client();
        r.add(Long.toString(c.requests()));
        r.add(number(c.durationSeconds(), 6));
        r.add(number(c.requestsPerSecond(), 1));
        r.add(number(c.bytesPerSecond(), 0));
        r.add(number(c.latency().p50(), 1));
        r.add(number(c.latency().p90(), 1));
        r.add(number(c.latency().p99(), 1));
        r.add(number(c.latency().p999(), 1));
        r.add(number(c.latency().p9999(), 1));
        r.add(number(c.latency().max(), 1));
        r.add(number(c.latency().mean(), 1));
        r.add(number(c.littleMicros(t.cell().connections()), 1));
        r.add(Long.toString(c.intended()));
        r.add(Long.toString(c.openAtEnd()));
        r.add(Long.toString(c.waitingAtEnd()));
        r.add(Long.toString(c.errors().total()));
        r.add(number(t.contextSwitchesPerRequest(), 4));
        r.add(Long.toString(t.server().voluntarySwitches()));
        r.add(Long.toString(t.server().involuntarySwitches()));
        r.add(number(t.cpuMicrosPerRequest(), 2));
        r.add(Long.toString(t.server().requests()));
        r.add(Boolean.toString(t.countsAgree()));
        r.add(t.server().source());
        r.add(Long.toString(t.tree().liveSwitches()));
        r.add(Long.toString(t.tree().rssBytes()));
        r.add(Long.toString(t.tree().pssBytes()));
        r.add(Integer.toString(t.tree().processes()));
        r.add(Integer.toString(t.tree().threads()));
        r.add("");
        return r;
    }

    static String number(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String quote(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
