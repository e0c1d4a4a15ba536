package lab.c10k.harness.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a run happened on, for the report: results are only comparable on the same one.
 *
 * @param cpuModel the CPU model name from {@code /proc/cpuinfo}
 * @param onlineCpus the CPUs online
 * @param memoryBytes the memory installed
 * @param kernel the kernel release
 * @param os the operating system name
 * @param jdk the Java runtime version that runs the harness and the servers
 * @param jvm the JVM name and vendor
 * @param virtualized whether the CPU says it runs under a hypervisor
 */
public record Machine(
        String cpuModel,
        int onlineCpus,
        long memoryBytes,
        String kernel,
        String os,
        String jdk,
        String jvm,
        boolean virtualized) {

    /** This machine. */
    public static Machine describe() {
        String cpuinfo = read("/proc/cpuinfo");
        String model = "unknown";
        boolean hypervisor = false;
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("model name") && model.equals("unknown")) {
                model = line.substring(line.indexOf(':') + 1).trim();
            } else if (line.startsWith("flags") && line.contains(" hypervisor")) {
                hypervisor = true;
            }
        }
        long memory = ProcessTree.field(read("/proc/meminfo"), "MemTotal:") * 1024;
        return new Machine(
                model,
                countOnlineCpus(),
                memory,
                System.getProperty("os.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name") + " (" + System.getProperty("java.vm.vendor") + ")",
                hypervisor);
    }

    private static int countOnlineCpus() {
        String online = read("/sys/devices/system/cpu/online").trim();
        if (online.isEmpty()) {
            return Runtime.getRuntime().availableProcessors();
        }
        int n = 0;
        for (String range : online.split(",")) {
            String[] ends = range.split("-");
            n += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
        }
        return n;
    }

    /** The system-wide memory of kernel stacks ({@code KernelStack} in {@code /proc/meminfo}), bytes. */
    public static long kernelStackBytes() {
        return ProcessTree.field(read("/proc/meminfo"), "KernelStack:") * 1024;
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
    }
}
