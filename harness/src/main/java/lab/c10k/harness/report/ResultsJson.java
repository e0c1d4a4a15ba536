package lab.c10k.harness.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import lab.c10k.harness.experiment.Cell;
import lab.c10k.harness.experiment.ContainerSettings;
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
 * {@code results.json}: the machine, the plan, every trial, the per-cell medians, the idle-connection memory, the
 * warm-ups, the perf cross-check and the notes. Names are snake_case; times in microseconds ({@code _us}), seconds ({@code _s})
 * or milliseconds ({@code _ms}); sizes in bytes. A figure that could not be measured is null.
 */
public final class ResultsJson {
    private ResultsJson() {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The whole file, indented. */
    public static String write(ExperimentResult result) {
        try {
            return JSON.writeValueAsString(tree(result)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document as a tree, also embedded into report.html. */
    public static ObjectNode tree(ExperimentResult result) {
        ObjectNode o = JSON.createObjectNode();
        o.put("tool", "c10k compare");
        String version = ResultsJson.class.getPackage().getImplementationVersion();
        o.put("version", version == null ? "development" : version);
        o.put("profile", result.plan().profile());
        o.put("command", result.plan().provenance().command());
        o.put("revision", result.plan().provenance().revision());
        o.put("started", result.started().toString());
        o.put("finished", result.finished().toString());
        o.put("seconds", BenchSummary.round(result.seconds(), 1));
        o.set("machine", machine(result.machine()));
        o.put("pinning", result.plan().pinningDescription());
        ContainerSettings containers = result.plan().containers();
        if (containers == null) {
            o.putNull("containers");
        } else {
            o.set("containers", containers(containers));
        }
        ArrayNode jvm = o.putArray("jvm_options");
        result.jvmOptions().forEach(jvm::add);
        o.set("plan", plan(result.plan()));
        ArrayNode contenders = o.putArray("contenders");
        for (Contender c : result.plan().contenders()) {
            ObjectNode n = contenders.addObject();
            n.put("name", c.name());
            n.put("kind", c.kind());
            n.put("summary", c.summary());
        }
        ArrayNode notes = o.putArray("notes");
        result.notes().forEach(notes::add);
        ArrayNode trials = o.putArray("trials");
        result.trials().forEach(t -> trials.add(trial(t)));
        ArrayNode summary = o.putArray("summary");
        CellSummary.of(result).forEach(s -> summary.add(summary(s)));
        ArrayNode idle = o.putArray("idle");
        result.idle().forEach(i -> idle.add(idle(i)));
        ArrayNode warmUps = o.putArray("warm_ups");
        result.warmUps().forEach(w -> warmUps.add(warmUp(w)));
        ArrayNode perf = o.putArray("perf_checks");
        result.perfChecks().forEach(p -> perf.add(perf(p)));
        return o;
    }

    private static ObjectNode machine(Machine m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("cpu_model", m.cpuModel());
        o.put("online_cpus", m.onlineCpus());
        o.put("memory_bytes", m.memoryBytes());
        o.put("kernel", m.kernel());
        o.put("os", m.os());
        o.put("jdk", m.jdk());
        o.put("jvm", m.jvm());
        o.put("virtualized", m.virtualized());
        return o;
    }

    /** How the Java servers ran in containers (--docker), null when they ran as processes of the machine. */
    private static ObjectNode containers(ContainerSettings c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("engine", "docker");
        o.put("engine_version", c.engine());
        o.put("image", c.image());
        o.put("image_id", c.imageId());
        o.put("base_image", c.baseImage());
        o.put("cpuset_cpus", c.cpuset());
        o.put("memory_bytes", c.memoryBytes());
        o.put("network", c.network());
        o.put("init", c.init());
        o.put("java_servers_only", true);
        return o;
    }

    private static ObjectNode plan(Plan p) {
        ObjectNode o = JSON.createObjectNode();
        ints(o.putArray("connections"), p.connections());
        ArrayNode files = o.putArray("files");
        p.files().forEach(files::add);
        ArrayNode keep = o.putArray("keep_alive");
        p.keepAlive().forEach(k -> keep.add(k ? "on" : "off"));
        ArrayNode io = o.putArray("file_io");
        p.fileIo().forEach(m -> io.add(m.name().toLowerCase(java.util.Locale.ROOT)));
        o.put("server_warmup_s", p.serverWarmup().toMillis() / 1e3);
        o.put("ramp_s", p.ramp().toMillis() / 1e3);
        o.put("duration_s", p.duration().toMillis() / 1e3);
        o.put("repetitions", p.repetitions());
        o.put("fresh_server_per_trial", p.freshServerPerTrial());
        o.put("idle_connections", p.idleConnections());
        o.put("timeout_s", p.timeout().toMillis() / 1e3);
        o.put("root", p.root().toString());
        ints(o.putArray("server_cpus"), p.serverCpus());
        ints(o.putArray("load_cpus"), p.loadCpus());
        o.put("perf", p.perf());
        return o;
    }

    private static void ints(ArrayNode a, List<Integer> values) {
        values.forEach(a::add);
    }

    private static void cell(ObjectNode o, Cell c) {
        o.put("connections", c.connections());
        o.put("file", c.file());
        o.put("file_bytes", c.fileBytes());
        o.put("keep_alive", c.keepAlive());
        if (c.fileIo() == null) {
            o.putNull("file_io");
        } else {
            o.put("file_io", c.fileIoName());
        }
    }

    private static ObjectNode trial(Trial t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("strategy", t.contender());
        o.put("kind", t.kind());
        o.put("repetition", t.repetition());
        cell(o, t.cell());
        if (!t.ok()) {
            o.put("error", t.error());
            return o;
        }
        o.putNull("error");
        Trial.Client c = t.client();
        o.put("requests", c.requests());
        o.put("duration_s", BenchSummary.round(c.durationSeconds(), 6));
        o.put("requests_per_second", BenchSummary.round(c.requestsPerSecond(), 1));
        o.put("bytes_per_second", BenchSummary.round(c.bytesPerSecond(), 0));
        o.set("latency_us", BenchSummary.latencies(c.latency()));
        ObjectNode errors = o.putObject("errors");
        c.errors().byKind().forEach((k, v) -> errors.put(k.key(), v));
        o.put("connects", c.connects());
        o.put("intended", c.intended());
        o.put("open_at_end", c.openAtEnd());
        o.put("waiting_at_end", c.waitingAtEnd());
        double little = c.littleMicros(t.cell().connections());
        if (Double.isNaN(little)) {
            o.putNull("littles_law_us");
        } else {
            o.put("littles_law_us", BenchSummary.round(little, 1));
        }
        if (Double.isNaN(t.littleRatio())) {
            o.putNull("latency_agrees_with_littles_law"); // nothing answered, or connections never answered
        } else {
            o.put("latency_agrees_with_littles_law", t.latencyAgreesWithLittle());
        }
        o.put("user_average_wait_ms", BenchSummary.round(c.userWaitMillis(), 4));
        o.put("server_average_request_ms", BenchSummary.round(c.serverTimeMillis(), 6));
        ObjectNode s = o.putObject("server");
        s.put("source", t.server().source());
        s.put("requests", t.server().requests());
        o.put("counts_agree", t.countsAgree());
        s.put("voluntary_switches", t.server().voluntarySwitches());
        s.put("involuntary_switches", t.server().involuntarySwitches());
        s.put("user_cpu_us", t.server().userMicros());
        s.put("system_cpu_us", t.server().systemMicros());
        if (t.server().liveThreads() >= 0) {
            s.put("live_threads", t.server().liveThreads());
        } else {
            s.putNull("live_threads");
        }
        number(o, "ctx_switches_per_request", t.contextSwitchesPerRequest(), 4);
        number(o, "cpu_us_per_request", t.cpuMicrosPerRequest(), 2);
        ObjectNode p = o.putObject("proc");
        p.put("rss_bytes", t.tree().rssBytes());
        p.put("pss_bytes", t.tree().pssBytes());
        p.put("processes", t.tree().processes());
        p.put("threads", t.tree().threads());
        p.put("live_switches", t.tree().liveSwitches());
        p.put("cpu_us", t.tree().cpuMicros());
        return o;
    }

    private static ObjectNode summary(CellSummary s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("strategy", s.contender());
        o.put("kind", s.kind());
        cell(o, s.cell());
        o.put("measured", s.measured());
        o.put("failed", s.failed());
        if (s.error() == null) {
            o.putNull("error");
        } else {
            o.put("error", s.error());
        }
        if (s.switchSource() != null) {
            o.put("switch_source", s.switchSource());
        }
        spread(o, "requests_per_second", s.requestsPerSecond());
        spread(o, "p50_us", s.p50());
        spread(o, "p99_us", s.p99());
        spread(o, "ctx_switches_per_request", s.contextSwitchesPerRequest());
        spread(o, "cpu_us_per_request", s.cpuMicrosPerRequest());
        spread(o, "rss_bytes", s.rssBytes());
        spread(o, "pss_bytes", s.pssBytes());
        o.put("processes", s.processes());
        spread(o, "errors", s.errors());
        o.put("counts_agree", !s.countsDisagree());
        spread(o, "mean_us", s.mean());
        o.put("latency_agrees_with_littles_law", !s.littleDisagrees());
        if (!Double.isNaN(s.meanMicros())) {
            o.put("mean_over_repetitions_us", BenchSummary.round(s.meanMicros(), 1));
        }
        if (!Double.isNaN(s.littleMicros())) {
            o.put("littles_law_over_repetitions_us", BenchSummary.round(s.littleMicros(), 1));
        }
        o.put("waiting_at_end", s.waiting());
        spread(o, "intended", s.intended());
        spread(o, "served", s.served());
        return o;
    }

    /** A warm-up: the throughput of each step, and when it held steady (null when it did not before its cap). */
    private static ObjectNode warmUp(WarmUp w) {
        ObjectNode o = JSON.createObjectNode();
        o.put("contender", w.contender());
        o.put("repetition", w.repetition());
        o.put("load", w.load());
        o.put("step_s", w.stepSeconds());
        ArrayNode rps = o.putArray("requests_per_second");
        w.requestsPerSecond().forEach(v -> rps.add(BenchSummary.round(v, 1)));
        number(o, "steady_after_s", w.steadyAfterSeconds(), 3);
        o.put("steady", w.steady());
        return o;
    }

    private static void spread(ObjectNode o, String name, Spread s) {
        if (s.count() == 0) {
            o.putNull(name);
            return;
        }
        ObjectNode n = o.putObject(name);
        number(n, "median", s.median(), 4);
        number(n, "min", s.min(), 4);
        number(n, "max", s.max(), 4);
    }

    private static ObjectNode idle(IdleResult i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("strategy", i.contender());
        o.put("kind", i.kind());
        o.put("connections", i.connections());
        if (!i.ok()) {
            o.put("error", i.error());
            return o;
        }
        o.putNull("error");
        number(o, "rss_bytes_per_connection", i.rssPerConnection(), 1);
        number(o, "pss_bytes_per_connection", i.pssPerConnection(), 1);
        number(o, "heap_bytes_per_connection", i.heapPerConnection(), 1);
        number(o, "kernel_stack_bytes_per_connection", i.kernelStackPerConnection(), 1);
        o.put("rss_before", i.rssBefore());
        o.put("rss_after", i.rssAfter());
        o.put("pss_before", i.pssBefore());
        o.put("pss_after", i.pssAfter());
        o.put("heap_before", i.heapBefore());
        o.put("heap_after", i.heapAfter());
        o.put("threads_before", i.threadsBefore());
        o.put("threads_after", i.threadsAfter());
        o.put("processes_after", i.processesAfter());
        o.put("kernel_stack_delta", i.kernelStackDelta());
        return o;
    }

    private static ObjectNode perf(PerfCheck p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("strategy", p.contender());
        o.put("repetition", p.repetition());
        o.put("windows", p.windows());
        o.put("perf_switches", p.perfSwitches());
        o.put("reported_switches", p.reportedSwitches());
        o.put("source", p.source());
        number(o, "switch_ratio", p.switchRatio(), 4);
        o.put("perf_cpu_us", p.perfCpuMicros());
        o.put("reported_cpu_us", p.reportedCpuMicros());
        number(o, "cpu_ratio", p.cpuRatio(), 4);
        return o;
    }

    private static void number(ObjectNode o, String name, double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(name);
        } else {
            o.put(name, BenchSummary.round(v, decimals));
        }
    }
}
