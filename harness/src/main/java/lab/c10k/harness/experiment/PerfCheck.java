package lab.c10k.harness.experiment;

/**
 * perf's count beside the figure the report uses, over the same windows of one server.
 *
 * @param contender the server's name
 * @param repetition the repetition the server ran in
 * @param windows how many measured windows perf counted (the cells measured on that server)
 * @param perfSwitches perf's context switches
 * @param reportedSwitches the sum of the switches the report uses for those windows
 * @param source where the reported switches come from: {@code getrusage} or {@code /proc}
 * @param perfCpuMicros perf's task clock
 * @param reportedCpuMicros the sum of the CPU time the report uses
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
