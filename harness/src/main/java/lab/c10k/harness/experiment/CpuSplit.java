package lab.c10k.harness.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * Which CPUs the servers run on and which the load generator (the harness's own JVM) runs on. Apart by default, so
 * that the load a server is measured under never competes with it for a CPU: the upper half of the CPUs this
 * process may use for the servers, the lower half for the load.
 *
 * @param server the servers' CPUs, empty for no pinning
 * @param load the load generator's CPUs, empty for no pinning
 */
public record CpuSplit(List<Integer> server, List<Integer> load) {

    /** No pinning: servers and load share every CPU. */
    public static final CpuSplit NONE = new CpuSplit(List.of(), List.of());

    public CpuSplit {
        server = List.copyOf(server);
        load = List.copyOf(load);
    }

    /**
     * The CPUs asked for, or, when neither side is, the halves of {@code allowed}; no pinning on a single CPU,
     * where there is nothing to split.
     *
     * @param server the servers' CPUs, or null when not asked for
     * @param load the load generator's CPUs, or null when not asked for
     * @param allowed the CPUs this process may use, ascending
     * @throws IllegalArgumentException naming a CPU asked for that is not allowed
     */
    public static CpuSplit of(List<Integer> server, List<Integer> load, List<Integer> allowed) {
        if (server == null && load == null) {
            int half = allowed.size() / 2;
            return allowed.size() < 2
                    ? NONE
                    : new CpuSplit(allowed.subList(half, allowed.size()), allowed.subList(0, half));
        }
        var split = new CpuSplit(server != null ? server : List.of(), load != null ? load : List.of());
        var asked = new ArrayList<>(split.server);
        asked.addAll(split.load);
        for (int cpu : asked) {
            if (!allowed.contains(cpu)) {
                throw new IllegalArgumentException("CPU " + cpu + " is not one this process may use: " + allowed);
            }
        }
        return split;
    }
}
