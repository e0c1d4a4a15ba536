package lab.c10k.harness.experiment;

/**
 * perf's counts beside the server's own (getrusage) or, for a reference server, /proc's, over the whole life of one
 * server: from an idle moment after it started (before its warm-up) to an idle moment after its last window.
 *
 * @param contender the server's name
 * @param repetition the repetition the server ran in, 0 when one server ran every repetition (the quick profile)
 * @param windows the measured windows that server served, inside the span
 * @param perfSwitches perf's context switches over the span
 * @param reportedSwitches the switches of the report's source over the same span
 * @param source the report's source: {@code getrusage} or {@code /proc}
 * @param perfCpuMicros perf's task clock
 * @param reportedCpuMicros the CPU time of the report's source
 */
public record PerfCheck(
        String contender,
        int repetition,
        int windows,
        long perfSwitches,
        long reportedSwitches,
        String source,
        long perfCpuMicros,
        long reportedCpuMicros) {

    /** reported / perf for context switches: 1.0 is perfect agreement. */
    public double switchRatio() {
        return perfSwitches == 0 ? Double.NaN : (double) reportedSwitches / perfSwitches;
    }

    /** reported / perf for CPU time. */
    public double cpuRatio() {
        return perfCpuMicros == 0 ? Double.NaN : (double) reportedCpuMicros / perfCpuMicros;
    }
}
