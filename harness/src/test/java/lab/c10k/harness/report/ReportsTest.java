package lab.c10k.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.c10k.harness.experiment.ExperimentResult;
import org.junit.jupiter.api.Test;

/** The three result files and the table, from a made-up experiment with known numbers. */
class ReportsTest {
    private static final ExperimentResult RESULT = Fixtures.result();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void csvHasOneRowPerTrialAndTheColumnsTheIssueNames() {
        List<String> lines = ResultsCsv.write(RESULT).lines().toList();
        assertThat(lines).hasSize(1 + 3 * 2 * 2 * 3);
        List<String> header = List.of(lines.getFirst().split(","));
        assertThat(header)
                .containsSubsequence(
                        "strategy",
                        "connections",
                        "file",
                        "keep_alive",
                        "requests_per_second",
                        "p50_us",
                        "p99_us",
                        "ctx_switches_per_request",
                        "cpu_us_per_request",
                        "rss_bytes");
        assertThat(lines.get(1)).startsWith("thread,strategy,1,10,2k.bin,2048,on,sendfile,6750,0.750000,9000.0,");
        // ctx switches per request: (2 + 0.1) per request; CPU: 50 µs per request
        String first = lines.get(1);
        assertThat(first).contains(",2.1000,").contains(",50.00,");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("nginx,reference,1,10,2k.bin,2048,on,-,"));
        String failed =
                lines.stream().filter(l -> l.contains("boom")).findFirst().orElseThrow();
        assertThat(failed)
                .startsWith("virtual,strategy,2,100,2k.bin,2048,off,sendfile,,")
                .endsWith(",\"measuring failed: \"\"boom\"\", twice\"");
        assertThat(failed.split(",", -1)).hasSize(header.size() + 1); // the quoted error holds one comma
    }

    @Test
    void jsonHoldsTheTrialsTheMediansAndTheMachine() throws Exception {
        JsonNode o = JSON.readTree(ResultsJson.write(RESULT));
        assertThat(o.get("machine").get("cpu_model").asText()).isEqualTo("Test CPU");
        assertThat(o.get("trials")).hasSize(36);
        JsonNode t = o.get("trials").get(0);
        assertThat(t.get("strategy").asText()).isEqualTo("thread");
        assertThat(t.get("latency_us").get("p99").asDouble()).isEqualTo(300);
        assertThat(t.get("server").get("source").asText()).isEqualTo("getrusage");
        JsonNode s = o.get("summary").get(0);
        assertThat(s.get("requests_per_second").get("median").asDouble()).isEqualTo(10_000);
        assertThat(s.get("requests_per_second").get("min").asDouble()).isEqualTo(9_000);
        assertThat(s.get("requests_per_second").get("max").asDouble()).isEqualTo(11_000);
        assertThat(s.get("p99_us").get("median").asDouble()).isEqualTo(600);
        JsonNode failedCell = o.get("summary").get(7); // virtual, 100 connections, close
        assertThat(failedCell.get("measured").asInt()).isEqualTo(2);
        assertThat(failedCell.get("failed").asInt()).isEqualTo(1);
        assertThat(o.get("idle").get(0).get("rss_bytes_per_connection").asDouble())
                .isEqualTo(36 * 1024);
        assertThat(o.get("idle").get(1).get("pss_bytes_per_connection").isNull())
                .isTrue();
        assertThat(o.get("perf_checks").get(0).get("switch_ratio").asDouble()).isEqualTo(1.01);
        assertThat(o.get("notes").get(0).asText()).contains("apache-prefork skipped");
        JsonNode warm = o.get("warm_ups");
        assertThat(warm).hasSize(3);
        assertThat(warm.get(0).get("contender").asText()).isEqualTo("selector");
        assertThat(warm.get(0).get("step_s").asDouble()).isEqualTo(0.25);
        assertThat(warm.get(0).get("requests_per_second")).hasSize(14);
        assertThat(warm.get(0).get("steady_after_s").asDouble()).isEqualTo(3.5);
        assertThat(warm.get(2).get("steady_after_s").isNull()).isTrue();
        assertThat(warm.get(2).get("steady").asBoolean()).isFalse();
        assertThat(s.get("mean_us").get("median").asDouble()).isEqualTo(150);
    }

    @Test
    void theTableShowsMediansSpreadsAndTheIdleMemory() {
        String table = ResultsTable.text(RESULT);
        assertThat(table.lines().findFirst().orElseThrow())
                .contains("strategy")
                .contains("req/s")
                .contains("ctx sw/req")
                .contains("CPU µs/req")
                .contains("RSS");
        assertThat(table).contains("10,000 ±10%");
        assertThat(table).contains("2.10*"); // nginx, from /proc
        assertThat(table.lines().filter(l -> l.contains(" †")))
                .singleElement()
                .satisfies(
                        l -> assertThat(l).startsWith("nginx").contains(" 100 ").contains(" off "));
        assertThat(table).contains("† the median latency is longer than the 750 ms window");
        assertThat(table).contains("idle thread").contains("36.0 KiB RSS per connection");
        assertThat(table).contains("idle nginx").contains("failed: the server closed 3");
        assertThat(table)
                .as("JVMs measured with 1,000 connections")
                .contains("idle RSS of a JVM from 1,000 connections is rough")
                .contains("up to 4.1 KiB per connection here");
        assertThat(table)
                .contains("warm-up selector: steady after 3.5 s at 24,100 requests/s (2 KiB, 50 connections,"
                        + " keep-alive)")
                .contains("warm-up virtual: not steady after 10.0 s: still climbing");
        assertThat(table).contains("perf cross-check (1 servers): reported / perf context switches median 1.010");
    }

    @Test
    void theReportIsOneSelfContainedPageWithTheLibraryAndTheData() throws Exception {
        String html = HtmlReport.write(RESULT);
        assertThat(html).startsWith("<!doctype html>");
        assertThat(html).contains("Chart.js v" + HtmlReport.chartJsVersion()); // the inlined bundle's banner
        assertThat(html).doesNotContain("sourceMappingURL");
        // nothing is fetched: no external script, style sheet, image or font
        assertThat(html).doesNotContainPattern("<script[^>]+src=");
        assertThat(html).doesNotContainPattern("<link[^>]+href=");
        assertThat(html).doesNotContainPattern("<img ");
        assertThat(html).doesNotContain("@import").doesNotContain("url(");

        Matcher m = Pattern.compile("<script id=\"c10k-data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).isTrue();
        JsonNode data = JSON.readTree(m.group(1));
        assertThat(data.get("trials")).hasSize(36);
        JsonNode charts = data.get("charts");
        // requests/s and latency per (file, keep-alive); ctx and CPU per file; idle; warm-up
        assertThat(charts).hasSize(2 + 2 + 1 + 1 + 1 + 1);
        for (JsonNode c : charts) {
            assertThat(html).contains("<canvas id=\"" + c.get("id").asText() + "\"");
        }
        // text from the data is escaped, in the page and inside the JSON
        assertThat(html).contains("a &lt;thread&gt; per connection");
        assertThat(m.group(1)).doesNotContain("<thread>").contains("\\u003cthread>");
        // the machine, the pinning, a paragraph under each chart
        assertThat(html).contains("Test CPU").contains("server on CPU 1").contains("load generator on CPU 0");
        // what reproduces it, and the raw numbers beside it
        assertThat(html)
                .contains("with the code\nof commit <code>unknown</code>")
                .contains("<a href=\"results.csv\">results.csv</a>")
                .contains("<a href=\"results.json\">results.json</a>");
        assertThat(html).contains("At 100 connections nginx served the most");
        assertThat(html).contains("Little&#39;s law");
        assertThat(html.split("<p class=\"teach\">", -1)).hasSize(charts.size() + 1);
    }

    @Test
    void narrativesStateTheMeasuredNumbers() {
        var rows = CellSummary.of(RESULT).stream()
                .filter(r -> r.cell().keepAlive())
                .toList();
        String text = Narrative.throughput(rows, "2k.bin", true);
        // at 100 connections: nginx 30,000, thread 10,000 (median of 9,000 10,000 11,000)
        assertThat(text).contains("nginx served the most, 30,000 requests/s, 3.00 times thread (10,000 requests/s)");
        assertThat(text).contains("From 10 to 100 connections: thread +0%");
    }
}
