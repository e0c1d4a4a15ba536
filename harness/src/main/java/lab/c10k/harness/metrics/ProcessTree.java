package lab.c10k.harness.metrics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A server seen from outside, through {@code /proc}: the process and every descendant, live now.
 *
 * <p>What {@code /proc} can and cannot tell: RSS, PSS and thread counts of the live processes are exact; CPU time
 * and context switches are exact only for the live threads, because a thread that exited takes its counters with
 * it (its process's getrusage keeps them, {@code /proc/PID/task} does not). That is why the context switches of
 * a Java server come from its own getrusage ({@code /stats}), and these are shown beside them as the naive view.
 * A reaped child's CPU time survives in its parent's {@code cutime}/{@code cstime}, which are included.
 *
 * @param processes live processes in the tree
 * @param threads live threads in all of them
 * @param rssBytes the sum of their resident set sizes (pages shared between processes counted in each)
 * @param pssBytes the sum of their proportional set sizes (shared pages split between their users), -1 when
 *     {@code smaps_rollup} cannot be read
 * @param cpuMicros user and system CPU time of the live processes and their reaped children
 * @param liveVoluntarySwitches voluntary context switches of the live threads only
 * @param liveInvoluntarySwitches involuntary context switches of the live threads only
 */
public record ProcessTree(
        int processes,
        int threads,
        long rssBytes,
        long pssBytes,
        long cpuMicros,
        long liveVoluntarySwitches,
        long liveInvoluntarySwitches) {

    /** Linux reports times in /proc in USER_HZ ticks, 100 per second on every architecture it exports them on. */
    private static final long MICROS_PER_TICK = 10_000;

    private static final Path PROC = Path.of("/proc");

    /** The live context switches, voluntary and involuntary. */
    public long liveContextSwitches() {
        return liveVoluntarySwitches + liveInvoluntarySwitches;
    }

    /**
     * The tree rooted at {@code pid} now.
     *
     * @param withSwitches also read every thread's status for context switches (slower with thousands of threads)
     * @throws IOException when {@code pid} does not exist
     */
    public static ProcessTree sample(long pid, boolean withSwitches) throws IOException {
        ProcessHandle root = ProcessHandle.of(pid).orElseThrow(() -> new IOException("no process " + pid));
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        try (Stream<ProcessHandle> d = root.descendants()) {
            d.forEach(h -> pids.add(h.pid()));
        }
        int processes = 0;
        int threads = 0;
        long rss = 0;
        long pss = 0;
        boolean pssKnown = true;
        long cpu = 0;
        long vol = 0;
        long invol = 0;
        for (long p : pids) {
            Path dir = PROC.resolve(Long.toString(p));
            String status;
            String stat;
            try {
                status = Files.readString(dir.resolve("status"));
                stat = Files.readString(dir.resolve("stat"));
            } catch (IOException e) {
                continue; // exited since the list was made (ENOENT, or ESRCH while it exits)
            }
            processes++;
            threads += (int) field(status, "Threads:");
            rss += field(status, "VmRSS:") * 1024;
            cpu += cpuMicros(stat);
            Long p2 = pss(dir);
            if (p2 == null) {
                pssKnown = false;
            } else {
                pss += p2;
            }
            if (withSwitches) {
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir.resolve("task"))) {
                    for (Path t : tasks) {
                        try {
                            String ts = Files.readString(t.resolve("status"));
                            vol += field(ts, "voluntary_ctxt_switches:");
                            invol += field(ts, "nonvoluntary_ctxt_switches:");
                        } catch (IOException e) {
                            // the thread exited meanwhile (ENOENT, or ESRCH while it exits): its switches are gone
                        }
                    }
                } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                    // the process exited meanwhile
                }
            }
        }
        if (processes == 0) {
            throw new IOException("process " + pid + " has exited");
        }
        return new ProcessTree(processes, threads, rss, pssKnown ? pss : -1, cpu, vol, invol);
    }

    private static Long pss(Path dir) {
        try {
            return field(Files.readString(dir.resolve("smaps_rollup")), "Pss:") * 1024;
        } catch (IOException | RuntimeException e) {
            return null; // no permission, or a kernel without smaps_rollup
        }
    }

    /** utime + stime + cutime + cstime from {@code /proc/PID/stat}, in microseconds. */
    static long cpuMicros(String stat) {
        // the command name is in parentheses and may contain spaces and parentheses: count fields after the last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return ticks * MICROS_PER_TICK;
    }

    /** The number after {@code name} in a {@code /proc} status-style text, 0 when absent. */
    static long field(String text, String name) {
        int i = text.indexOf(name);
        if (i < 0 || (i > 0 && text.charAt(i - 1) != '\n')) {
            i = text.indexOf("\n" + name);
            if (i < 0) {
                return 0;
            }
            i++;
        }
        int p = i + name.length();
        while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
            p++;
        }
        int e = p;
        while (e < text.length() && Character.isDigit(text.charAt(e))) {
            e++;
        }
        return e == p ? 0 : Long.parseLong(text.substring(p, e));
    }
}
