package lab.c10k.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The built-in document root, so that {@code c10k serve} and {@code c10k compare} work on a fresh machine: an
 * HTML index and files of the sizes the experiments use, generated once into the temporary folder.
 *
 * <p>The files are deterministic (a fixed seed per size) and world-readable, so the reference servers (Apache
 * runs as www-data) can serve the same root. Generation goes to a private folder first and is moved into place
 * atomically, so concurrent runs never see half a root.
 */
public final class SampleRoot {
    /** The files, by name and size; the index links to each. */
    public static final List<Sample> FILES = List.of(
            new Sample("1k.bin", 1024),
            new Sample("2k.bin", 2048),
            new Sample("100k.bin", 100 * 1024),
            new Sample("2m.bin", 2 * 1024 * 1024));

    /** Bump when the content changes, so an old root is not reused. */
    private static final String VERSION = "v1";

    /** A sample file. */
    public record Sample(String name, int size) {}

    private SampleRoot() {}

    /** The sample root under {@code java.io.tmpdir}, generated if missing or incomplete. */
    public static Path ensure() throws IOException {
        return ensure(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** The sample root under {@code parent}, generated if missing or incomplete. */
    static Path ensure(Path parent) throws IOException {
        Path root = parent.resolve("c10k-lab-sample-" + VERSION);
        if (isComplete(root)) {
            return root;
        }
        Path staging = Files.createTempDirectory(parent, ".c10k-lab-sample-");
        try {
            populate(staging);
            if (Files.exists(root)) {
                deleteTree(root); // incomplete or tampered with: replace it
            }
            try {
                Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                // another process won the race; its root is as good as ours
            }
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
        if (!isComplete(root)) {
            throw new IOException("could not create the sample root in " + root);
        }
        return root;
    }

    private static boolean isComplete(Path root) throws IOException {
        if (!Files.isRegularFile(root.resolve("index.html"))) {
            return false;
        }
        for (Sample s : FILES) {
            Path f = root.resolve(s.name());
            if (!Files.isRegularFile(f) || Files.size(f) != s.size()) {
                return false;
            }
        }
        return true;
    }

    private static void populate(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        var index = new StringBuilder(
                "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>c10k-lab sample root</title>"
                        + "</head>\n<body><h1>c10k-lab sample root</h1>\n<ul>\n");
        for (Sample s : FILES) {
            byte[] bytes = new byte[s.size()];
            new Random(s.size()).nextBytes(bytes);
            write(dir.resolve(s.name()), bytes);
            index.append("<li><a href=\"")
                    .append(s.name())
                    .append("\">")
                    .append(s.name())
                    .append("</a> (")
                    .append(s.size())
                    .append(" bytes)</li>\n");
        }
        index.append("</ul>\n</body></html>\n");
        write(dir.resolve("index.html"), index.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
