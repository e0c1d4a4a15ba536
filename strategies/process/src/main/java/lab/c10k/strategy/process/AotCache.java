package lab.c10k.strategy.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import lab.c10k.server.ServerConfig;

/**
 * The worker JVMs' ahead-of-time cache (JDK 25: JEP 483, and JEP 514's {@code -XX:AOTCacheOutput}): the classes
 * a worker loads, already parsed, verified and linked, with the lambda and method-handle shapes it spins, written
 * once by a training run of a real worker and mapped by every worker after that. It is the CDS archive of the JDK
 * extended to the application, and it spares every worker the CPU of loading and linking those classes before
 * it is ready, which is what a process per connection pays on every connection.
 *
 * <p>The JDK accepts a cache only for a class path made of jar files, checked by size and modification time. So
 * the worker class path is the master's with each directory (a build's {@code target/classes}, as in tests or an
 * IDE) packed into a jar named after a hash of its contents; the cache is named after a hash of the JDK, the
 * worker options and every jar's path, size and time, and is trained again whenever one of them changes. Both
 * live in {@code $XDG_CACHE_HOME/c10k-lab/process} (by default {@code ~/.cache/c10k-lab/process}), which keeps
 * the {@value #KEEP_CACHES} caches used last and packed jars made in the last {@value #KEEP_DAYS} days (a jar
 * deleted too early is made again, identical).
 *
 * <p>The training run starts a one-worker server on a loopback port with the cache as its output, sends it a few
 * requests of each kind (a file, a range, a 304, a 404, a redirect, a bad request, keep-alive and close), and
 * stops it: the worker writes the cache as it exits. It runs once per cache. Anything that fails only costs the
 * cache: a warning, and workers start without it. {@code -Dc10k.process.aot=false} turns it off, to measure what
 * it saves.
 */
final class AotCache {
    private static final System.Logger LOG = System.getLogger(AotCache.class.getName());
    /** The system property that turns the cache off when {@code false}. */
    static final String ENABLED_PROPERTY = "c10k.process.aot";

    static final int KEEP_DAYS = 7;
    static final int KEEP_CACHES = 4;
    private static final Duration TRAINING_GRACE = Duration.ofSeconds(60);
    private static final FileTime PACKED_TIME = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));

    private AotCache() {}

    /**
     * {@code command} with a class path of jars and the AOT cache, trained now if there is none yet for it; or
     * {@code command} unchanged when the cache cannot be made.
     */
    static WorkerCommand apply(WorkerCommand command, ServerConfig config) {
        if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))) {
            return command;
        }
        try {
            Path dir = directory();
            Files.createDirectories(dir);
            WorkerCommand packed = command.withClassPath(packDirectories(command.classPath(), dir));
            Path cache = dir.resolve("worker-" + key(packed) + ".aot");
            if (Files.isRegularFile(cache)) {
                Files.setLastModifiedTime(cache, FileTime.from(Instant.now())); // used last, kept longest
            } else {
                train(packed, config, cache);
            }
            prune(dir);
            return packed.withOption("-XX:AOTCache=" + cache);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "worker JVMs start without an AOT cache: " + e);
            return command;
        }
    }

    private static Path directory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("c10k-lab").resolve("process");
    }

    private static void prune(Path dir) throws IOException {
        Instant now = Instant.now();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.toList();
        }
        var caches = new ArrayList<Path>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".aot")) {
                caches.add(f);
            } else if (name.contains(".tmp")) {
                deleteIfOlder(f, Files.getLastModifiedTime(f), now.minus(Duration.ofHours(1)));
            } else if (name.startsWith("classes-") && name.endsWith(".jar")) {
                // Its modification time is fixed; the change time tells when it was made.
                deleteIfOlder(f, (FileTime) Files.getAttribute(f, "unix:ctime"), now.minus(Duration.ofDays(KEEP_DAYS)));
            }
        }
        caches.sort(Comparator.comparing(AotCache::modified).reversed());
        for (Path old : caches.subList(Math.min(KEEP_CACHES, caches.size()), caches.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static void deleteIfOlder(Path f, FileTime time, Instant limit) throws IOException {
        if (time.toInstant().isBefore(limit)) {
            Files.deleteIfExists(f);
        }
    }

    private static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The class path

    /** {@code classPath} with each directory replaced by a jar of its contents (an empty one dropped). */
    static String packDirectories(String classPath, Path dir) throws IOException {
        var entries = new ArrayList<String>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath().normalize();
            if (!Files.isDirectory(p)) {
                entries.add(p.toString());
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(p)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            if (!files.isEmpty()) {
                entries.add(pack(p, files, dir).toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path pack(Path root, List<Path> files, Path dir) throws IOException {
        MessageDigest sha = sha256();
        for (Path f : files) {
            sha.update(relative(root, f).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Files.readAllBytes(f));
        }
        Path jar = dir.resolve("classes-" + HexFormat.of().formatHex(sha.digest(), 0, 12) + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Path tmp = Files.createTempFile(dir, "classes-", ".tmp");
        try {
            try (var out = new JarOutputStream(Files.newOutputStream(tmp))) {
                for (Path f : files) {
                    var e = new JarEntry(relative(root, f));
                    e.setLastModifiedTime(PACKED_TIME);
                    out.putNextEntry(e);
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            // The JDK checks a cached jar by its time: a fixed one, so that a jar written again matches.
            Files.setLastModifiedTime(tmp, PACKED_TIME);
            Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return jar;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(File.separatorChar, '/');
    }

    private static String key(WorkerCommand command) throws IOException {
        MessageDigest sha = sha256();
        List<String> parts = new ArrayList<>();
        parts.add(command.java().toString());
        parts.add(System.getProperty("java.vm.version"));
        parts.addAll(command.options());
        for (String jar : command.classPath().split(File.pathSeparator)) {
            Path p = Path.of(jar);
            parts.add(jar + " " + Files.size(p) + " "
                    + Files.getLastModifiedTime(p).toMillis());
        }
        for (String part : parts) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 12);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The training run

    private static void train(WorkerCommand command, ServerConfig config, Path cache) throws IOException {
        LOG.log(System.Logger.Level.INFO, "training the AOT cache of the worker JVMs, once: " + cache);
        Path root = Files.createTempDirectory("c10k-aot-training-");
        Path output = cache.resolveSibling(
                cache.getFileName() + ".tmp" + ProcessHandle.current().pid());
        try {
            Files.writeString(root.resolve("index.html"), "<!doctype html><title>training</title>\n");
            Files.write(root.resolve("2k.bin"), new byte[2048]);
            Files.createDirectories(root.resolve("dir"));
            Files.writeString(root.resolve("dir/index.html"), "<p>dir</p>\n");
            ServerConfig training = config.toBuilder()
                    .host("127.0.0.1")
                    .port(0)
                    .root(root)
                    .maxConnections(ServerConfig.DEFAULT_MAX_CONNECTIONS)
                    .strategyOptions(new ProcessOptions(1, 0, 1, 0, false).values())
                    .build();
            Master master = Master.start(training, command.withOption("-XX:AOTCacheOutput=" + output));
            try {
                exercise(master.address());
            } finally {
                master.shutdown(TRAINING_GRACE);
            }
            if (!Files.isRegularFile(output)) {
                throw new IOException("the training run wrote no cache (see its output above)");
            }
            Files.move(output, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(output);
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** A few requests of every kind the workers answer, so that their code is loaded and linked. */
    private static void exercise(InetSocketAddress address) throws IOException {
        String[] requests = {
            "GET /2k.bin HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "HEAD /2k.bin HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
            "GET /2k.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=0-9\r\nConnection: close\r\n\r\n",
            "GET /2k.bin HTTP/1.1\r\nHost: t\r\nIf-None-Match: *\r\nConnection: close\r\n\r\n",
            "GET /missing HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
            "GET /dir HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
            "GET /dir/ HTTP/1.0\r\n\r\n",
            "GET / HTTP/1.1\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi",
        };
        for (int round = 0; round < 20; round++) {
            for (String request : requests) {
                try (var socket = new Socket()) {
                    socket.connect(address, 5000);
                    socket.setSoTimeout(5000);
                    OutputStream out = socket.getOutputStream();
                    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    socket.shutdownOutput();
                    InputStream in = socket.getInputStream();
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
        }
    }
}
