package lab.c10k.cli;

import java.util.List;
import lab.c10k.harness.experiment.CpuSplit;
import lab.c10k.harness.metrics.Affinity;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --server-cpus} and {@code --no-pin}, for a command that starts servers; {@link WithLoad} adds {@code
 * --load-cpus} for one that also loads them from this JVM. The split itself is {@link CpuSplit}'s.
 */
class PinningOptions {

    @Option(
            names = "--server-cpus",
            paramLabel = "CPU",
            split = ",",
            description = "CPUs for the servers (default with 2 or more CPUs: the upper half, CPU 1 of 2).")
    List<Integer> serverCpus;

    @Option(names = "--no-pin", description = "Do not pin: the servers and this JVM share every CPU.")
    boolean noPin;

    List<Integer> loadCpus() {
        return null;
    }

    /**
     * The CPUs asked for, or the default split.
     *
     * @throws ParameterException naming a CPU this process may not use
     */
    CpuSplit split(CommandSpec spec) {
        if (noPin) {
            return CpuSplit.NONE;
        }
        try {
            return CpuSplit.of(serverCpus, loadCpus(), Affinity.allowedCpus());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The pinning of a command whose load generator runs in this JVM. */
    static final class WithLoad extends PinningOptions {
        @Option(
                names = "--load-cpus",
                paramLabel = "CPU",
                split = ",",
                description = "CPUs for the load generator (default with 2 or more CPUs: the lower half, CPU 0 of 2).")
        List<Integer> loadCpus;

        @Override
        List<Integer> loadCpus() {
            return loadCpus;
        }
    }
}
