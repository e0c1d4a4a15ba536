package lab.c10k.harness.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The c10k image: {@code docker/Dockerfile} (packed into the jar) with the running {@code c10k.jar}, tagged after
 * the jar's hash, so that an image is built once per build of the jar and reused after that.
 *
 * <p>Its base is {@value #PUBLIC_BASE} when the engine has it or can pull it; otherwise (no image registry answers,
 * as on the machines this project is built on) the offline base {@value #OFFLINE_BASE}, which {@code
 * docker/base-image.sh} (also packed into the jar) makes with debootstrap from the machine's own Debian mirror and
 * jlink from the local JDK, when it is not there yet. Every step prints a line of progress.
 */
public final class C10kImage {
    /** The repository of the images built here. */
    public static final String REPOSITORY = "c10k-lab/c10k";

    /** The public JRE image the Dockerfile defaults to. */
    public static final String PUBLIC_BASE = "eclipse-temurin:25-jre";

    /** The base image {@code docker/base-image.sh} builds offline. */
    public static final String OFFLINE_BASE = "c10k-lab/base:jdk25";

    /** Where the Dockerfile puts the jar. */
    public static final String JAR_IN_IMAGE = "/opt/c10k/c10k.jar";

    /** The label that names the hash of the jar an image was built from. */
    static final String JAR_LABEL = "lab.c10k.jar-sha256";

    private static final String RESOURCES = "/lab/c10k/harness/docker/";

    /**
     * An image, ready.
     *
     * @param name its name and tag
     * @param id its id
     * @param base the base image it was built on, empty when it was given ready-made
     */
    public record Image(String name, String id, String base) {}

    private C10kImage() {}

    /**
     * The image of {@code jar}: the one built from it before, or a new one.
     *
     * @param progress where each step is told, one line each
     * @throws IOException when neither base image can be had, or the build fails, with the reason
     */
    public static Image ensure(DockerEngine engine, Path jar, PrintWriter progress)
            throws IOException, InterruptedException {
        String sha = sha256(jar);
        String name = REPOSITORY + ":jar-" + sha.substring(0, 12);
        Optional<String> id = imageId(engine.client(), name);
        if (id.isPresent()) {
            String base = engine.client()
                    .inspectImageCmd(name)
                    .exec()
                    .getConfig()
                    .getLabels()
                    .getOrDefault("lab.c10k.base", "");
            return new Image(name, id.get(), base);
        }
        say(progress, "building the image " + name + " from " + jar + " (once per build of the jar)");
        String base = base(engine, progress);
        build(engine.client(), jar, name, base, sha, progress);
        return new Image(
                name,
                imageId(engine.client(), name).orElseThrow(() -> new IOException("the build left no image " + name)),
                base);
    }

    /**
     * An image given by name ({@code --docker-image}), which must exist.
     *
     * @throws IOException when the engine has no such image
     */
    public static Image existing(DockerEngine engine, String name) throws IOException {
        String id = imageId(engine.client(), name)
                .orElseThrow(() -> new IOException("--docker-image: the Docker engine has no image '" + name
                        + "'; leave the flag out to build " + REPOSITORY + " from this jar"));
        return new Image(name, id, "");
    }

    /**
     * The jar this code runs from.
     *
     * @throws IOException when it runs from classes (an IDE, the unit tests): there is no jar to put in an image
     */
    public static Path runningJar() throws IOException {
        try {
            Path p = Path.of(C10kImage.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                return p;
            }
            throw new IOException("--docker puts the packaged c10k.jar into an image, and this runs from " + p
                    + "; build it with ./mvnw package and run ./c10k");
        } catch (URISyntaxException | SecurityException e) {
            throw new IOException("cannot tell which jar this runs from: " + e.getMessage(), e);
        }
    }

    private static Optional<String> imageId(DockerClient client, String name) {
        try {
            return Optional.of(client.inspectImageCmd(name).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The public base when the engine has it or can pull it, else the offline one, built when missing. */
    private static String base(DockerEngine engine, PrintWriter progress) throws IOException, InterruptedException {
        DockerClient client = engine.client();
        if (imageId(client, PUBLIC_BASE).isPresent()) {
            say(progress, "base image " + PUBLIC_BASE + " (present)");
            return PUBLIC_BASE;
        }
        say(progress, "pulling " + PUBLIC_BASE + "...");
        try {
            String[] parts = PUBLIC_BASE.split(":", 2);
            client.pullImageCmd(parts[0])
                    .withTag(parts[1])
                    .exec(new PullProgress(progress))
                    .awaitCompletion();
            say(progress, "base image " + PUBLIC_BASE + " (pulled)");
            return PUBLIC_BASE;
        } catch (RuntimeException e) {
            say(
                    progress,
                    "no registry answers (" + DockerEngine.reason(e.getMessage()) + "); using the offline base image");
        }
        if (imageId(client, OFFLINE_BASE).isPresent()) {
            say(progress, "base image " + OFFLINE_BASE + " (present)");
            return OFFLINE_BASE;
        }
        buildOfflineBase(progress);
        return OFFLINE_BASE;
    }

    /** Runs {@code docker/base-image.sh}, its progress lines passed on. */
    private static void buildOfflineBase(PrintWriter progress) throws IOException, InterruptedException {
        say(progress, "building the offline base image " + OFFLINE_BASE + " (debootstrap and jlink, about a minute)");
        long start = System.nanoTime();
        Path script = Files.createTempFile("c10k-base-image-", ".sh");
        try {
            copyResource("base-image.sh", script);
            var pb = new ProcessBuilder("bash", script.toString(), OFFLINE_BASE).redirectErrorStream(true);
            Path home = Path.of(System.getProperty("java.home"));
            if (Files.isExecutable(home.resolve("bin/jlink"))) {
                pb.environment().put("C10K_JDK", home.toString());
            }
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String last = "";
            try (var lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    say(progress, line);
                    last = line;
                }
            }
            String cannot = "cannot build the offline base image " + OFFLINE_BASE + " (docker/base-image.sh): ";
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(cannot + "it did not finish within 10 minutes");
            }
            if (p.exitValue() != 0) {
                // The script's last line is its one-line reason ("base-image: error: ...").
                throw new IOException(cannot + last.replaceFirst("^base-image: (error: )?", ""));
            }
            say(
                    progress,
                    "built " + OFFLINE_BASE + " in " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)
                            + " s");
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** {@code docker build} of a context that holds the Dockerfile and the jar. */
    private static void build(DockerClient client, Path jar, String name, String base, String sha, PrintWriter progress)
            throws IOException, InterruptedException {
        Path context = Files.createTempDirectory("c10k-image-");
        try {
            copyResource("Dockerfile", context.resolve("Dockerfile"));
            Files.copy(jar, context.resolve("c10k.jar"));
            client.buildImageCmd(context.toFile())
                    .withBuildArg("BASE_IMAGE", base)
                    .withTags(Set.of(name))
                    .withLabels(Map.of(JAR_LABEL, sha, "lab.c10k.base", base))
                    .withPull(false)
                    .exec(new BuildProgress(progress))
                    .awaitImageId();
            say(progress, "built " + name + " on " + base);
        } catch (RuntimeException e) {
            throw new IOException("docker build of " + name + " failed: " + DockerEngine.reason(e.getMessage()), e);
        } finally {
            try (Stream<Path> files = Files.walk(context)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = C10kImage.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("docker/" + name + " is not packed into this jar");
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    d.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void say(PrintWriter progress, String line) {
        progress.println("c10k: docker: " + line.strip());
        progress.flush();
    }

    /** Prints the build's steps ({@code Step 2/4 : COPY ...}), not every line the build writes. */
    private static final class BuildProgress extends BuildImageResultCallback {
        private final PrintWriter progress;

        BuildProgress(PrintWriter progress) {
            this.progress = progress;
        }

        @Override
        public void onNext(BuildResponseItem item) {
            String stream = item.getStream();
            if (stream != null && stream.startsWith("Step ")) {
                say(progress, "build: " + stream);
            }
            super.onNext(item);
        }
    }

    /** Prints each layer's status once it changes, not every progress tick. */
    private static final class PullProgress extends PullImageResultCallback {
        private final PrintWriter progress;
        private String last = "";

        PullProgress(PrintWriter progress) {
            this.progress = progress;
        }

        @Override
        public void onNext(PullResponseItem item) {
            String status = item.getStatus();
            if (status != null && !status.equals(last) && !status.startsWith("Downloading")) {
                last = status;
                say(progress, "pull: " + status + (item.getId() == null ? "" : " " + item.getId()));
            }
            super.onNext(item);
        }
    }
}
