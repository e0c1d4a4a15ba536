package lab.c10k.harness.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the Java servers run when each has a container of its own instead of a process tree under {@code taskset}
 * ({@code compare --docker}). The server inside is the same {@code c10k serve} with a control port; host
 * networking lets the harness reach both ports on loopback, and the server's own getrusage report is read the same
 * way, so that the two runs measure the same things.
 */
public interface ContainerRuntime {

    /** How every container is started, for the results. */
    ContainerSettings settings();

    /**
     * The command inside the image up to the {@code c10k} subcommand: its {@code java} with {@link
     * ServerSetup#JVM_OPTIONS} and {@code -XX:ActiveProcessorCount} to match the CPUs.
     */
    List<String> javaCommand();

    /**
     * Starts a container that runs {@code command}, with {@code root} visible at the same path, read-only, and
     * {@code dir} at the same path, writable (the server writes its {@link ReadyFile} there); its standard output
     * and error go to {@code stdout.log} and {@code stderr.log} in {@code dir} as they come.
     *
     * @throws IOException when the engine refuses or the container exits at once
     */
    Container start(String name, List<String> command, Path root, Path dir) throws IOException;

    /** A started container. */
    interface Container extends AutoCloseable {

        /**
         * The process that runs the command, as this machine's {@code /proc} numbers it (not as the container
         * does), so that its process tree, RSS and CPU are read as a native server's are.
         */
        long pid() throws IOException;

        /** Whether it still runs. */
        boolean running();

        /**
         * What went wrong that the server cannot tell itself: a process killed by the kernel at the container's
         * memory limit; empty when nothing did (or the engine cannot tell).
         */
        Optional<String> trouble();

        /** Its id, for messages. */
        String id();

        /** Stops it (SIGTERM through its init, SIGKILL after a grace period) and removes it. */
        @Override
        void close();
    }
}
