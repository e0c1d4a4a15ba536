package lab.c10k.harness.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import lab.c10k.server.ResourceUsage;
import lab.c10k.server.ServerStats;

/**
 * The wire format of {@code GET /stats}: a {@link ServerStats} as one flat JSON object with snake_case names.
 *
 * <pre>{@code
 * {"requests":1000,"bytes_written":2200000,"connections_accepted":10,"connections_open":10,"errors":0,
 *  "user_cpu_us":81000,"system_cpu_us":120000,"voluntary_switches":2040,"involuntary_switches":31,
 *  "max_rss_kib":61000,"live_threads":24,"processes":1}
 * }</pre>
 */
public final class StatsJson {
    private StatsJson() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code stats} as JSON. */
    public static String write(ServerStats stats) {
        ObjectNode o = JSON.createObjectNode();
        o.put("requests", stats.requests());
        o.put("bytes_written", stats.bytesWritten());
        o.put("connections_accepted", stats.connectionsAccepted());
        o.put("connections_open", stats.connectionsOpen());
        o.put("errors", stats.errors());
        ResourceUsage u = stats.usage();
        o.put("user_cpu_us", u.userMicros());
        o.put("system_cpu_us", u.systemMicros());
        o.put("voluntary_switches", u.voluntarySwitches());
        o.put("involuntary_switches", u.involuntarySwitches());
        o.put("max_rss_kib", u.maxRssKiB());
        o.put("live_threads", stats.liveThreads());
        o.put("processes", stats.processes());
        return o.toString();
    }

    /**
     * The stats in {@code json}.
     *
     * @throws IOException when it is not JSON or a field is missing
     */
    public static ServerStats read(String json) throws IOException {
        JsonNode o = JSON.readTree(json);
        if (o == null || !o.isObject()) {
            throw new IOException("the stats are not a JSON object");
        }
        return new ServerStats(
                field(o, "requests"),
                field(o, "bytes_written"),
                field(o, "connections_accepted"),
                field(o, "connections_open"),
                field(o, "errors"),
                new ResourceUsage(
                        field(o, "user_cpu_us"),
                        field(o, "system_cpu_us"),
                        field(o, "voluntary_switches"),
                        field(o, "involuntary_switches"),
                        field(o, "max_rss_kib")),
                (int) field(o, "live_threads"),
                (int) field(o, "processes"));
    }

    private static long field(JsonNode o, String name) throws IOException {
        JsonNode n = o.get(name);
        if (n == null || !n.isIntegralNumber()) {
            throw new IOException("the stats have no integer field '" + name + "'");
        }
        return n.asLong();
    }
}
