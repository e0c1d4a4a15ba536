package lab.c10k.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import lab.c10k.harness.load.ErrorCounts;
import lab.c10k.harness.load.ErrorKind;
import lab.c10k.harness.load.Latencies;
import lab.c10k.harness.load.LoadProfile;
import lab.c10k.harness.load.LoadResult;

/** The output of {@code c10k bench}: a summary a person reads, or one JSON object a program reads. */
public final class BenchSummary {
    private BenchSummary() {}

    static final ObjectMapper JSON = new ObjectMapper();

    /** The readable summary, several lines, each ending with a line break. */
    public static String text(LoadResult r) {
        LoadProfile p = r.profile();
        var s = new StringBuilder();
        s.append("c10k bench ").append(p.target().url()).append('\n');
        s.append("  ")
                .append(p.openLoop() ? "open loop at " + Units.rate(p.rate()) + " requests/s" : "closed loop")
                .append(": ")
                .append(p.connections())
                .append(p.connections() == 1 ? " connection" : " connections")
                .append(p.keepAlive() ? ", keep-alive" : ", a new connection per request")
                .append(", ")
                .append(r.threads())
                .append(r.threads() == 1 ? " thread" : " threads");
        if (!p.warmup().isZero()) {
            s.append(", after ").append(seconds(p.warmup().toNanos() / 1e9)).append(" of warm-up");
        }
        s.append("\n\n");
        line(
                s,
                "requests",
                Units.count(r.requests()) + " in " + seconds(r.durationSeconds()) + ": "
                        + Units.rate(r.requestsPerSecond()) + " requests/s, " + Units.bytes(r.bytesPerSecond())
                        + "/s received" + (p.keepAlive() ? "" : ", " + Units.count(r.connects()) + " connections"));
        line(s, "latency", percentiles(r.latencies()));
        if (p.openLoop()) {
            line(s, "", "(from when each request was due: corrected for coordinated omission)");
            line(s, "service time", percentiles(r.serviceTimes()));
            line(s, "", "(from when each request was actually sent: what an uncorrected tool reports)");
        }
        line(s, "errors", errors(r.errors()));
        s.append('\n');
        String wait = millis(r.userWaitMillis());
        String server = millis(r.serverTimeMillis());
        int w = Math.max(wait.length(), server.length());
        s.append(String.format(
                Locale.ROOT,
                "  user average wait time                  %" + w + "s   %s%n",
                wait,
                p.openLoop()
                        ? "the mean latency: how long a user waits for a response"
                        : "connections / throughput: how long each of the " + p.connections()
                                + " users waits per request (ab: \"Time per request\")"));
        s.append(String.format(
                Locale.ROOT,
                "  server average request processing time  %" + w + "s   %s%n",
                server,
                "1 / throughput: one request's share of the server's time (ab: \"Time per request"
                        + " ... across all concurrent requests\")"));
        return s.toString();
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
        o.put("requests", r.requests());
        o.put("duration_s", round(r.durationSeconds(), 6));
        o.put("requests_per_second", round(r.requestsPerSecond(), 1));
        o.put("bytes", r.bytes());
        o.put("bytes_per_second", round(r.bytesPerSecond(), 0));
        o.put("connects", r.connects());
        o.set("latency_us", latencies(r.latencies()));
        if (p.openLoop()) {
            o.set("service_time_us", latencies(r.serviceTimes()));
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

    /** The errors as one line: {@code none}, or the count of each kind. */
    public static String errors(ErrorCounts e) {
        if (e.total() == 0) {
            return "none";
        }
        var s = new StringBuilder();
        e.byKind().forEach((k, v) -> {
            if (!s.isEmpty()) {
                s.append(", ");
            }
            s.append(k == ErrorKind.NON_2XX ? "non-2xx" : k.key()).append(' ').append(Units.count(v));
        });
        return s.toString();
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

    private static String millis(double ms) {
        return String.format(Locale.ROOT, ms < 1 ? "%.4f ms" : "%.3f ms", ms);
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
