package lab.c10k.harness.experiment;

import java.time.Instant;
import java.util.List;
import lab.c10k.harness.metrics.Machine;

/**
 * Everything an experiment measured, for the table and the three result files.
 *
 * @param plan what was asked
 * @param machine where it ran
 * @param jvmOptions the JVM options of the Java servers
 * @param started when it started
 * @param finished when it finished
 * @param trials every window, failed ones included
 * @param idle the idle-connection measurements, one per contender
 * @param warmUps how each fresh server's throughput rose until it held steady, in the order they ran
 * @param perfChecks perf's counts beside the reported ones, one per server (empty without perf)
 * @param notes what the reader must know: skipped contenders, failed starts, perf unavailable
 */
public record ExperimentResult(
        Plan plan,
        Machine machine,
        List<String> jvmOptions,
        Instant started,
        Instant finished,
        List<Trial> trials,
        List<IdleResult> idle,
        List<WarmUp> warmUps,
        List<PerfCheck> perfChecks,
        List<String> notes) {

    public ExperimentResult {
        trials = List.copyOf(trials);
        idle = List.copyOf(idle);
        warmUps = List.copyOf(warmUps);
        perfChecks = List.copyOf(perfChecks);
        notes = List.copyOf(notes);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The wall-clock seconds it took. */
    public double seconds() {
        return (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0;
    }
}
