package lab.c10k.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A document root for tests, made fresh in a temporary folder: sample files of the sizes the benchmarks use, and
 * the traps (hidden files, links out of the root, a FIFO, a secret outside the root) that must never be served.
 *
 * <pre>
 * base/
 *   outside/secret.txt          never served: "TOP SECRET"
 *   root/                       the document root
 *     index.html hello.txt page.HTML 1k.bin 2k.bin 100k.bin 2m.bin
 *     dir/index.html            a directory with an index
 *     empty/                    a directory without one
 *     .hidden  .git/config      hidden: never served
 *     link-out -> ../outside/secret.txt   a link out of the root: never served
 *     link-in -> hello.txt                a link inside the root: served only with --follow-symlinks
 *     linked-dir -> dir                   a linked directory, likewise
 *     fifo                                a named pipe: never opened
 * </pre>
 */
public final class TestDocRoot implements AutoCloseable {
    public static final String SECRET = "TOP SECRET";
    public static final String HELLO = "hello, world\n";

    private final Path base;
    private final Path root;

    private TestDocRoot(Path base) {
        this.base = base;
        this.root = base.resolve("root");
    }

    /** Creates the tree in a new temporary folder. */
    public static TestDocRoot create() {
        try {
            var d = new TestDocRoot(Files.createTempDirectory("c10k-test-"));
            d.populate();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void populate() throws IOException {
        Files.createDirectories(base.resolve("outside"));
        Files.writeString(base.resolve("outside/secret.txt"), SECRET);
        Files.createDirectories(root.resolve("dir"));
        Files.createDirectories(root.resolve("empty"));
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve("index.html"), "<!doctype html><title>c10k test</title><p>index</p>\n");
        Files.writeString(root.resolve("hello.txt"), HELLO);
        Files.writeString(root.resolve("page.HTML"), "<p>upper-case extension</p>\n");
        Files.writeString(root.resolve("dir/index.html"), "<p>dir index</p>\n");
        Files.writeString(root.resolve(".hidden"), SECRET);
        Files.writeString(root.resolve(".git/config"), SECRET);
        writeRandom("1k.bin", 1024);
        writeRandom("2k.bin", 2048);
        writeRandom("100k.bin", 100 * 1024);
        writeRandom("2m.bin", 2 * 1024 * 1024);
        Files.createSymbolicLink(root.resolve("link-out"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("link-in"), Path.of("hello.txt"));
        Files.createSymbolicLink(root.resolve("linked-dir"), Path.of("dir"));
        mkfifo(root.resolve("fifo"));
    }

    private void writeRandom(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Files.write(root.resolve(name), bytes);
    }

    private static void mkfifo(Path path) throws IOException {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString())
                    .redirectErrorStream(true)
                    .start();
            if (p.waitFor() != 0) {
                throw new IOException(
                        "mkfifo failed: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The document root. */
    public Path root() {
        return root;
    }

    /** A file of the root. */
    public Path file(String relative) {
        return root.resolve(relative);
    }

    /** The bytes of a file of the root. */
    public byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(base)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
