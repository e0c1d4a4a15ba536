package lab.c10k.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import lab.c10k.harness.docker.C10kImage;
import lab.c10k.harness.docker.DockerServers;
import lab.c10k.harness.docker.NoEngineException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --docker} and the flags that only apply with it. */
final class DockerOptions {

    /** The memory limit of a server container unless --docker-memory says otherwise. */
    static final long DOCKER_MEMORY = 2L << 30;

    private static final long DOCKER_MEMORY_MIN = 128L << 20;

    @Option(
            names = "--docker",
            description = "Run each Java server in a container of its own, started with Testcontainers: host"
                    + " network, --cpuset-cpus the server CPUs, --memory, --init; same matrix, same report. The image"
                    + " is built from this jar on first use (on the offline base image when no registry answers)."
                    + " Reference servers stay native.")
    boolean docker;

    @Option(
            names = "--docker-memory",
            paramLabel = "SIZE",
            converter = Converters.SizeConverter.class,
            description = "With --docker: the memory limit of each container, e.g. 512m or 2g (default: 2g).")
    Long dockerMemory;

    @Option(
            names = "--docker-image",
            paramLabel = "IMAGE",
            description = "With --docker: run this image as it is instead of building "
                    + C10kImage.REPOSITORY
                    + " from this jar.")
    String dockerImage;

    /**
     * Refuses the flags that make no sense: a memory limit too small for a JVM, a Docker flag without --docker.
     *
     * @throws ParameterException naming the flag
     */
    void check(CommandSpec spec) {
        if (!docker && (dockerMemory != null || dockerImage != null)) {
            throw new ParameterException(
                    spec.commandLine(),
                    (dockerMemory != null ? "--docker-memory" : "--docker-image") + " applies only with --docker");
        }
        if (dockerMemory != null && dockerMemory < DOCKER_MEMORY_MIN) {
            throw InvalidValue.option(
                    spec, "--docker-memory", dockerMemory + " bytes is less than 128m, too little for a server JVM");
        }
    }

    /**
     * The containers of the Java servers, pinned to {@code cpus}, or empty without --docker.
     *
     * @throws NoEngineException when no Docker engine answers
     */
    Optional<DockerServers> prepare(List<Integer> cpus, PrintWriter progress)
            throws IOException, InterruptedException, NoEngineException {
        if (!docker) {
            return Optional.empty();
        }
        return Optional.of(DockerServers.prepare(
                cpus,
                dockerMemory != null ? dockerMemory : DOCKER_MEMORY,
                Optional.ofNullable(dockerImage),
                C10kImage.runningJar(),
                progress));
    }
}
