package lab.c10k.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import lab.c10k.files.FileIo;
import lab.c10k.http.HttpLimits;

/**
 * Everything a strategy needs to start a server: where to listen, what to serve, how, and within which limits.
 *
 * <p>The same record drives every strategy, so two strategies given equal configs serve identical bytes under
 * identical limits; only the concurrency differs. What only one strategy reads (its event loops, its worker
 * processes) is not a field here: it travels as text in {@link #strategyOptions}, declared and read by the strategy
 * itself ({@link lab.c10k.server.spi.Strategy#options()}), so the core never names a strategy's knob.
 *
 * <p>Immutable. Build one with {@link #builder(Path)}; {@link #toProperties()} and {@link
 * #fromProperties(Properties)} carry it to another JVM (a strategy's worker processes).
 *
 * @param host the address to bind, a literal or a name ({@value #DEFAULT_HOST} by default)
 * @param port the port to bind, 0 for any free port ({@value #DEFAULT_PORT} by default)
 * @param backlog the listen backlog ({@value #DEFAULT_BACKLOG}; the kernel caps it at net.core.somaxconn)
 * @param root the document root
 * @param followSymlinks whether symbolic links that stay inside the root are followed (never by default)
 * @param fileIo how file bytes reach the socket
 * @param limits the request size limits
 * @param timeouts the timeouts
 * @param maxConnections the most connections open at once; at the cap the server stops accepting until one closes
 * @param maxRequestsPerConnection the most requests served on one connection, 0 for no cap; the last response
 *     carries {@code Connection: close}
 * @param strategyOptions the strategy's own options, by name without dashes ({@code queue-size -> 64}); absent ones
 *     take the defaults the strategy declares
 */
public record ServerConfig(
        String host,
        int port,
        int backlog,
        Path root,
        boolean followSymlinks,
        FileIo fileIo,
        HttpLimits limits,
        Timeouts timeouts,
        int maxConnections,
        int maxRequestsPerConnection,
        Map<String, String> strategyOptions) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_BACKLOG = 4096;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final int DEFAULT_MAX_REQUESTS_PER_CONNECTION = 10_000;

    /**
     * The timeouts, each enforced by the strategy from deadlines the connection state machine computes.
     *
     * @param header from the first byte of a request until its head (and any body) has arrived: against
     *     slowloris; answered with 408 ({@value #DEFAULT_HEADER_SECONDS} s by default)
     * @param keepAlive how long an idle persistent connection waits for its next request; then it closes
     *     silently ({@value #DEFAULT_KEEP_ALIVE_SECONDS} s)
     * @param write how long a response may make no progress against a client that does not read; then the
     *     connection is closed ({@value #DEFAULT_WRITE_SECONDS} s)
     * @param linger after an error response, how long the server keeps reading and discarding what the client
     *     still sends before it closes, so the client sees the response and not a reset
     *     ({@value #DEFAULT_LINGER_SECONDS} s)
     * @param shutdownGrace on SIGTERM or SIGINT, how long in-flight responses may take to finish before their
     *     connections are closed by force ({@value #DEFAULT_SHUTDOWN_GRACE_SECONDS} s)
     */
    public record Timeouts(
            Duration header, Duration keepAlive, Duration write, Duration linger, Duration shutdownGrace) {
        public static final int DEFAULT_HEADER_SECONDS = 20;
        public static final int DEFAULT_KEEP_ALIVE_SECONDS = 15;
        public static final int DEFAULT_WRITE_SECONDS = 60;
        public static final int DEFAULT_LINGER_SECONDS = 2;
        public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 10;

        public static final Timeouts DEFAULTS = new Timeouts(
                Duration.ofSeconds(DEFAULT_HEADER_SECONDS),
                Duration.ofSeconds(DEFAULT_KEEP_ALIVE_SECONDS),
                Duration.ofSeconds(DEFAULT_WRITE_SECONDS),
                Duration.ofSeconds(DEFAULT_LINGER_SECONDS),
                Duration.ofSeconds(DEFAULT_SHUTDOWN_GRACE_SECONDS));

        public Timeouts {
            positive("header", header);
            positive("keepAlive", keepAlive);
            positive("write", write);
            positive("linger", linger);
            positive("shutdownGrace", shutdownGrace);
        }

        /**
         * The shortest of the timeouts that bound a connection (header, keep-alive, write, linger): how often a
         * strategy must look at its deadlines is a fraction of it. The shutdown grace bounds the server, not a
         * connection, and is left out.
         */
        public Duration shortest() {
            Duration a = header.compareTo(keepAlive) <= 0 ? header : keepAlive;
            Duration b = write.compareTo(linger) <= 0 ? write : linger;
            return a.compareTo(b) <= 0 ? a : b;
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " timeout must be positive, was " + d);
            }
        }
    }

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, was " + backlog);
        }
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(fileIo, "fileIo");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeouts, "timeouts");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        if (maxRequestsPerConnection < 0) {
            throw new IllegalArgumentException(
                    "maxRequestsPerConnection must not be negative, was " + maxRequestsPerConnection);
        }
        strategyOptions = Collections.unmodifiableSortedMap(new TreeMap<>(strategyOptions));
    }

    /** The prefix of the strategy's options among {@link #toProperties()}: {@code strategy.queue-size=64}. */
    static final String STRATEGY_OPTION_PREFIX = "strategy.";

    /** The defaults, serving {@code root}. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** A builder that starts from this config. */
    public Builder toBuilder() {
        var b = new Builder(root);
        b.host = host;
        b.port = port;
        b.backlog = backlog;
        b.followSymlinks = followSymlinks;
        b.fileIo = fileIo;
        b.limits = limits;
        b.timeouts = timeouts;
        b.maxConnections = maxConnections;
        b.maxRequestsPerConnection = maxRequestsPerConnection;
        b.strategyOptions = new TreeMap<>(strategyOptions);
        return b;
    }

    /** The address to bind. */
    public InetSocketAddress bindAddress() {
        return new InetSocketAddress(host, port);
    }

    /** This config as string properties, read back by {@link #fromProperties(Properties)}. */
    public Properties toProperties() {
        var p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("backlog", Integer.toString(backlog));
        p.setProperty("root", root.toString());
        p.setProperty("followSymlinks", Boolean.toString(followSymlinks));
        p.setProperty("fileIo", fileIo.name());
        p.setProperty("limits.maxRequestLineBytes", Integer.toString(limits.maxRequestLineBytes()));
        p.setProperty("limits.maxHeaderBytes", Integer.toString(limits.maxHeaderBytes()));
        p.setProperty("limits.maxHeaderCount", Integer.toString(limits.maxHeaderCount()));
        p.setProperty("limits.maxBodyBytes", Long.toString(limits.maxBodyBytes()));
        p.setProperty("timeouts.header", timeouts.header().toString());
        p.setProperty("timeouts.keepAlive", timeouts.keepAlive().toString());
        p.setProperty("timeouts.write", timeouts.write().toString());
        p.setProperty("timeouts.linger", timeouts.linger().toString());
        p.setProperty("timeouts.shutdownGrace", timeouts.shutdownGrace().toString());
        p.setProperty("maxConnections", Integer.toString(maxConnections));
        p.setProperty("maxRequestsPerConnection", Integer.toString(maxRequestsPerConnection));
        strategyOptions.forEach((name, value) -> p.setProperty(STRATEGY_OPTION_PREFIX + name, value));
        return p;
    }

    /**
     * Reads a config written by {@link #toProperties()}.
     *
     * @throws IllegalArgumentException naming the property that is missing or malformed
     */
    public static ServerConfig fromProperties(Properties p) {
        var r = new PropertyReader(p);
        return new ServerConfig(
                r.string("host"),
                r.integer("port"),
                r.integer("backlog"),
                Path.of(r.string("root")),
                r.bool("followSymlinks"),
                r.fileIo("fileIo"),
                new HttpLimits(
                        r.integer("limits.maxRequestLineBytes"),
                        r.integer("limits.maxHeaderBytes"),
                        r.integer("limits.maxHeaderCount"),
                        r.longValue("limits.maxBodyBytes")),
                new Timeouts(
                        r.duration("timeouts.header"),
                        r.duration("timeouts.keepAlive"),
                        r.duration("timeouts.write"),
                        r.duration("timeouts.linger"),
                        r.duration("timeouts.shutdownGrace")),
                r.integer("maxConnections"),
                r.integer("maxRequestsPerConnection"),
                r.withPrefix(STRATEGY_OPTION_PREFIX));
    }

    private record PropertyReader(Properties p) {
        String string(String key) {
            String v = p.getProperty(key);
            if (v == null) {
                throw new IllegalArgumentException("server config property '" + key + "' is missing");
            }
            return v;
        }

        int integer(String key) {
            try {
                return Integer.parseInt(string(key));
            } catch (NumberFormatException e) {
                throw malformed(key);
            }
        }

        long longValue(String key) {
            try {
                return Long.parseLong(string(key));
            } catch (NumberFormatException e) {
                throw malformed(key);
            }
        }

        boolean bool(String key) {
            return switch (string(key)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw malformed(key);
            };
        }

        Duration duration(String key) {
            try {
                return Duration.parse(string(key));
            } catch (java.time.format.DateTimeParseException e) {
                throw malformed(key);
            }
        }

        Map<String, String> withPrefix(String prefix) {
            var found = new TreeMap<String, String>();
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith(prefix)) {
                    found.put(key.substring(prefix.length()), p.getProperty(key));
                }
            }
            return found;
        }

        FileIo fileIo(String key) {
            try {
                return FileIo.valueOf(string(key));
            } catch (IllegalArgumentException e) {
                throw malformed(key);
            }
        }

        private IllegalArgumentException malformed(String key) {
            return new IllegalArgumentException(
                    "server config property '" + key + "' is malformed: '" + p.getProperty(key) + "'");
        }
    }

    /** Builds a {@link ServerConfig}, starting from the defaults. Not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int backlog = DEFAULT_BACKLOG;
        private Path root;
        private boolean followSymlinks;
        private FileIo fileIo = FileIo.SENDFILE;
        private HttpLimits limits = HttpLimits.DEFAULTS;
        private Timeouts timeouts = Timeouts.DEFAULTS;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxRequestsPerConnection = DEFAULT_MAX_REQUESTS_PER_CONNECTION;
        private Map<String, String> strategyOptions = new TreeMap<>();

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root);
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        public Builder root(Path root) {
            this.root = root;
            return this;
        }

        public Builder followSymlinks(boolean followSymlinks) {
            this.followSymlinks = followSymlinks;
            return this;
        }

        public Builder fileIo(FileIo fileIo) {
            this.fileIo = fileIo;
            return this;
        }

        public Builder limits(HttpLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = timeouts;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder maxRequestsPerConnection(int maxRequestsPerConnection) {
            this.maxRequestsPerConnection = maxRequestsPerConnection;
            return this;
        }

        /** Sets one of the strategy's own options, by name without dashes ({@code queue-size}). */
        public Builder strategyOption(String name, String value) {
            strategyOptions.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** Replaces the strategy's own options. */
        public Builder strategyOptions(Map<String, String> options) {
            strategyOptions = new TreeMap<>(options);
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(
                    host,
                    port,
                    backlog,
                    root,
                    followSymlinks,
                    fileIo,
                    limits,
                    timeouts,
                    maxConnections,
                    maxRequestsPerConnection,
                    strategyOptions);
        }
    }
}
