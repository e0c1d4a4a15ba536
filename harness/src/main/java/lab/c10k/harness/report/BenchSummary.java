package lab.c10k.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import lab.c10k.harness.load.ErrorCounts;
import lab.c10k.harness.load.ErrorKind;
import lab.c10k.harness.load.Latencies;
import lab.c10k.harness.load.LoadProfile;
import lab.c10k.harness.load.LoadResult;
import lab.c10k.harness.load.Pacing;

/** The output of {@code c10k bench}: a summary a person reads, or one JSON object a program reads. */
public final class BenchSummary {
    private BenchSummary() {}

    static final ObjectMapper JSON = new ObjectMapper();

    /** The first lines, printed before the load begins: the URL and the load offered. */
    public static String header(LoadProfile p) {
        int threads = Math.min(p.threads(), p.connections());
        return "c10k bench " + p.target().url() + "\n  "
                + (p.openLoop() ? "open loop at " + Units.rate(p.rate()) + " requests/s" : "closed loop")
                + ": " + p.connections() + (p.connections() == 1 ? " connection" : " connections")
                + (p.keepAlive() ? ", keep-alive" : ", a new connection per request") + ", " + threads
                + (threads == 1 ? " thread" : " threads") + "\n";
    }

    /** The line printed as the warm-up begins, empty when there is none. */
    public static String warmingUp(LoadProfile p) {
        return p.warmup().isZero()
                ? ""
                : "  warming up for " + seconds(p.warmup().toNanos() / 1e9)
                        + ", and on while this JVM's compiler is busy: the same load, not counted (--warmup 0 to"
                        + " skip)\n";
    }

    /** The line printed as the measured window opens. */
    public static String measuring(LoadProfile p) {
        return "  measuring "
                + (p.requests() > 0
                        ? Units.count(p.requests()) + " requests"
                        : "for " + seconds(p.duration().toNanos() / 1e9))
                + " (Ctrl-C stops early and still prints what was measured)\n";
    }

    /** The readable summary of the measured window, several lines, each ending with a line break. */
    public static String text(LoadResult r) {
        LoadProfile p = r.profile();
        var s = new StringBuilder("\n");
        if (!r.measured()) {
            line(s, "interrupted", "during the warm-up: nothing was measured");
            return s.toString();
        }
        if (r.interrupted()) {
            line(
                    s,
                    "interrupted",
                    "after " + seconds(r.durationSeconds()) + " of the window"
                            + (p.requests() > 0
                                    ? ", before all " + Units.count(p.requests()) + " requests"
                                    : " of " + seconds(p.duration().toNanos() / 1e9))
                            + ": the figures below cover those " + seconds(r.durationSeconds()));
        }
        line(
                s,
                "requests",
                Units.count(r.requests()) + " answered in " + seconds(r.durationSeconds()) + ": "
                        + Units.rate(r.requestsPerSecond()) + " requests/s, " + Units.bytes(r.bytesPerSecond())
                        + "/s received" + (p.keepAlive() ? "" : ", " + Units.count(r.connects()) + " connections"));
        line(s, "status codes", statusCodes(r));
        line(s, "non-2xx", non2xx(r));
        line(s, "latency", percentiles(r.latencies()));
        if (p.openLoop()) {
            line(s, "", "(from when each request was due: corrected for coordinated omission)");
            line(s, "service time", percentiles(r.serviceTimes()));
            line(s, "", "(from when each request was actually sent: what an uncorrected tool reports)");
            line(s, "rate", pacing(r.pacing()));
        }
        line(s, "errors", errors(r.errors()));
        s.append('\n');
        String wait = millis(r.userWaitMillis());
        String server = millis(r.serverTimeMillis());
        int w = Math.max(wait.length(), server.length());
        String rps = Units.rate(r.requestsPerSecond()) + " requests/s";
        s.append(String.format(
                Locale.ROOT,
                "  user average wait time                  %" + w + "s   %s%n",
                wait,
                p.openLoop()
                        ? "the mean latency above: how long a user waits for a response"
                        : p.connections() + " connections / " + rps + ": how long each of the " + p.connections()
                                + " users waits for each of its responses (ab: \"Time per request\")"));
        s.append(String.format(
                Locale.ROOT,
                "  server average request processing time  %" + w + "s   %s%n",
                server,
                "1 s / " + rps + ": the mean time between two responses, all connections together (ab: \"Time"
                        + " per request ... across all concurrent requests\")"));
        return s.toString();
    }

    /**
     * Open loop: one line when the load did not keep to its clock, for whoever reads only the JSON; null when it
     * did, or in closed loop.
     */
    public static String rateWarning(LoadResult r) {
        Pacing pacing = r.pacing();
        return pacing == null || !r.measured() || pacing.kept() ? null : "c10k: warning: rate " + pacing(pacing);
    }

    private static String statusCodes(LoadResult r) {
        if (r.statusCodes().isEmpty()) {
            return "none: no whole response";
        }
        var s = new StringBuilder();
        r.statusCodes().forEach((code, n) -> {
            if (!s.isEmpty()) {
                s.append("   ");
            }
            s.append(code).append(": ").append(Units.count(n));
        });
        return s.toString();
    }

    private static String non2xx(LoadResult r) {
        long n = r.errors().non2xx();
        if (n == 0) {
            return "none";
        }
        return Units.count(n) + " of " + Units.count(r.requests()) + " responses (" + percent((double) n / r.requests())
                + "), counted in the requests above";
    }

    private static String pacing(Pacing p) {
        String head = (p.kept() ? "kept: " : "NOT KEPT: ") + Units.rate(p.asked()) + " requests/s asked, "
                + Units.rate(p.startedPerSecond()) + " begun per second ("
                + percent(p.startedPerSecond() / p.asked()) + "); " + percent(p.lateShare()) + " begun more than "
                + String.format(Locale.ROOT, "%.0f", Pacing.LATE_MILLIS) + " ms after they were due";
        if (p.kept() || p.late() == 0) {
            return head;
        }
        return head
                + (p.mostlyBehindResponses()
                        ? ", most because their connection still awaited the previous response (use more connections, -c,"
                                + " or a lower rate)"
                        : ", most while their connection was free: the generator fell behind (a lower rate, or a faster"
                                + " machine for the generator)");
    }

    /** One JSON object, on one line. */
    public static String json(LoadResult r) {
        return toJson(r).toString();
    }

    /** The JSON object of {@link #json}. */
    public static ObjectNode toJson(LoadResult r) {
        LoadProfile p = r.profile();
        ObjectNode o = JSON.createObjectNode();
        o.put("url", p.target().url());
        o.put("mode", p.openLoop() ? "open" : "closed");
        if (p.openLoop()) {
            o.put("rate", p.rate());
        }
        o.put("connections", p.connections());
        o.put("keep_alive", p.keepAlive());
        o.put("threads", r.threads());
        o.put("warmup_s", p.warmup().toNanos() / 1e9);
        o.put("interrupted", r.interrupted());
        o.put("requests", r.requests());
        o.put("duration_s", round(r.durationSeconds(), 6));
        o.put("requests_per_second", round(r.requestsPerSecond(), 1));
        o.put("bytes", r.bytes());
        o.put("bytes_per_second", round(r.bytesPerSecond(), 0));
        o.put("connects", r.connects());
        ObjectNode codes = o.putObject("status_codes");
        r.statusCodes().forEach((code, n) -> codes.put(String.valueOf(code), n));
        o.put("non_2xx", r.errors().non2xx());
        o.set("latency_us", latencies(r.latencies()));
        if (p.openLoop()) {
            o.set("service_time_us", latencies(r.serviceTimes()));
            Pacing pacing = r.pacing();
            ObjectNode rate = o.putObject("pacing");
            rate.put("asked_per_second", pacing.asked());
            rate.put("begun_per_second", round(pacing.startedPerSecond(), 1));
            rate.put("begun", pacing.started());
            rate.put("late", pacing.late());
            rate.put("late_behind_response", pacing.lateBehindResponse());
            rate.put("late_ms", Pacing.LATE_MILLIS);
            rate.put("kept", pacing.kept());
        }
        o.put("user_average_wait_ms", round(r.userWaitMillis(), 4));
        o.put("server_average_request_ms", round(r.serverTimeMillis(), 6));
        ObjectNode errors = o.putObject("errors");
        r.errors().byKind().forEach((k, v) -> errors.put(k.key(), v));
        errors.put("total", r.errors().total());
        return o;
    }

    static ObjectNode latencies(Latencies l) {
        ObjectNode o = JSON.createObjectNode();
        o.put("p50", l.p50());
        o.put("p90", l.p90());
        o.put("p99", l.p99());
        o.put("p999", l.p999());
        o.put("p9999", l.p9999());
        o.put("max", l.max());
        o.put("mean", l.mean());
        return o;
    }

    /**
     * The requests without a whole response as one line: {@code none}, or the count of each kind. Non-2xx
     * responses are whole responses, shown on a line of their own.
     */
    public static String errors(ErrorCounts e) {
        if (e.total() == e.non2xx()) {
            return "none";
        }
        var s = new StringBuilder();
        e.byKind().forEach((k, v) -> {
            if (k != ErrorKind.NON_2XX) {
                s.append(s.isEmpty() ? "" : ", ").append(k.key()).append(' ').append(Units.count(v));
            }
        });
        return s.append(": requests without a whole response, not in the requests above")
                .toString();
    }

    private static String percentiles(Latencies l) {
        return "p50 " + Units.micros(l.p50()) + "   p90 " + Units.micros(l.p90()) + "   p99 " + Units.micros(l.p99())
                + "   p99.9 " + Units.micros(l.p999()) + "   p99.99 " + Units.micros(l.p9999()) + "   max "
                + Units.micros(l.max()) + "   (mean " + Units.micros(l.mean()) + ")";
    }

    private static void line(StringBuilder s, String label, String value) {
        s.append(String.format(Locale.ROOT, "  %-14s %s%n", label, value));
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, share < 0.001 && share > 0 ? "%.2f%%" : "%.1f%%", share * 100);
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, ms < 1 ? "%.4f ms" : "%.3f ms", ms);
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
