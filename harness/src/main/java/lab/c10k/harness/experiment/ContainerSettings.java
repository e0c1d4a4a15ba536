package lab.c10k.harness.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How the Java servers of an experiment run when each is in a container of its own ({@code compare --docker}):
 * recorded in the results, since a figure measured in a container is only comparable with one measured the same
 * way.
 *
 * @param engine the Docker engine's version
 * @param image the image, by name and tag
 * @param imageId its id ({@code sha256:...})
 * @param baseImage the base image it was built from (a public JRE image or the offline one), empty when the image
 *     was given ready-made
 * @param cpus the CPUs of {@code --cpuset-cpus}, empty for none
 * @param memoryBytes the memory limit ({@code --memory}, swap included)
 * @param network the network mode, {@code host}: the harness reaches the server and its control port on loopback
 * @param init whether the container runs {@code --init} (a tiny init as pid 1 that forwards signals and reaps)
 */
public record ContainerSettings(
        String engine,
        String image,
        String imageId,
        String baseImage,
        List<Integer> cpus,
        long memoryBytes,
        String network,
        boolean init) {

    public ContainerSettings {
        Objects.requireNonNull(engine);
        Objects.requireNonNull(image);
        Objects.requireNonNull(imageId);
        Objects.requireNonNull(baseImage);
        cpus = List.copyOf(cpus);
        Objects.requireNonNull(network);
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("the memory limit must be positive");
        }
    }

    /** {@code 1} or {@code 2,3}, as {@code --cpuset-cpus} takes it; empty for none. */
    public String cpuset() {
        return cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** One line for the report: the image and the {@code docker run} flags that matter. */
    public String description() {
        String shortId = imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
        shortId = shortId.substring(0, Math.min(12, shortId.length()));
        return "image " + image + " (" + shortId + (baseImage.isEmpty() ? "" : ", on " + baseImage) + "), --network "
                + network + (cpus.isEmpty() ? "" : ", --cpuset-cpus " + cpuset()) + ", --memory "
                + memory(memoryBytes) + (init ? ", --init" : "") + "; Docker " + engine;
    }

    private static String memory(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + "g";
        }
        if (bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + "m";
        }
        return Long.toString(bytes).toLowerCase(Locale.ROOT);
    }
}
