package lab.c10k.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lab.c10k.files.FileIo;
import lab.c10k.http.HttpLimits;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.spi.Strategy;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The flags that configure a server, shared by the commands that start one. */
final class ServerOptions {
    /** The strategies {@code --strategy} chooses from; their own options are flags too ({@link StrategyFlags}). */
    private final List<Strategy> strategies;

    ServerOptions(List<Strategy> strategies) {
        this.strategies = List.copyOf(strategies);
    }

    @Option(
            names = "--strategy",
            paramLabel = "NAME",
            defaultValue = "virtual",
            converter = Converters.StrategyConverter.class,
            completionCandidates = Converters.StrategyNames.class,
            description = "The concurrency strategy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Strategy strategy;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = ServerConfig.DEFAULT_HOST,
            description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT",
            defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "The port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    RootOption root;

    @Option(
            names = "--file-io",
            paramLabel = "MODE",
            defaultValue = "sendfile",
            converter = Converters.FileIoConverter.class,
            completionCandidates = Converters.FileIoNames.class,
            description = "How file bytes reach the socket: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    FileIo fileIo;

    @Option(
            names = "--follow-symlinks",
            description = "Serve symbolic links that stay inside the root (default: links are never served).")
    boolean followSymlinks;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            defaultValue = "" + ServerConfig.DEFAULT_MAX_CONNECTIONS,
            description = "The most connections open at once; at the cap the server stops accepting (default:"
                    + " ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(
            names = "--max-requests-per-connection",
            paramLabel = "N",
            defaultValue = "" + ServerConfig.DEFAULT_MAX_REQUESTS_PER_CONNECTION,
            description = "The most requests on one connection, 0 for no cap (default: ${DEFAULT-VALUE}).")
    int maxRequestsPerConnection;

    @Option(
            names = "--backlog",
            paramLabel = "N",
            defaultValue = "" + ServerConfig.DEFAULT_BACKLOG,
            description = "The listen backlog, capped by net.core.somaxconn (default: ${DEFAULT-VALUE}).")
    int backlog;

    @Option(
            names = "--header-timeout",
            paramLabel = "DURATION",
            defaultValue = ServerConfig.Timeouts.DEFAULT_HEADER_SECONDS + "s",
            converter = Converters.DurationConverter.class,
            description = "How long a request may take to arrive; then 408 (default: ${DEFAULT-VALUE}).")
    Duration headerTimeout;

    @Option(
            names = "--keep-alive-timeout",
            paramLabel = "DURATION",
            defaultValue = ServerConfig.Timeouts.DEFAULT_KEEP_ALIVE_SECONDS + "s",
            converter = Converters.DurationConverter.class,
            description = "How long an idle connection waits for its next request (default: ${DEFAULT-VALUE}).")
    Duration keepAliveTimeout;

    @Option(
            names = "--write-timeout",
            paramLabel = "DURATION",
            defaultValue = ServerConfig.Timeouts.DEFAULT_WRITE_SECONDS + "s",
            converter = Converters.DurationConverter.class,
            description = "How long a response may make no progress before the connection is closed (default:"
                    + " ${DEFAULT-VALUE}).")
    Duration writeTimeout;

    @Option(
            names = "--linger-timeout",
            paramLabel = "DURATION",
            defaultValue = ServerConfig.Timeouts.DEFAULT_LINGER_SECONDS + "s",
            converter = Converters.DurationConverter.class,
            description = "After an error response, how long to read and discard before closing (default:"
                    + " ${DEFAULT-VALUE}).")
    Duration lingerTimeout;

    @Option(
            names = "--shutdown-grace",
            paramLabel = "DURATION",
            defaultValue = ServerConfig.Timeouts.DEFAULT_SHUTDOWN_GRACE_SECONDS + "s",
            converter = Converters.DurationConverter.class,
            description = "On SIGTERM or SIGINT, how long in-flight responses may take (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @Option(
            names = "--max-request-line",
            paramLabel = "BYTES",
            defaultValue = "" + HttpLimits.DEFAULT_MAX_REQUEST_LINE_BYTES,
            converter = Converters.SizeConverter.class,
            description = "The longest request line; longer gets 414 (default: ${DEFAULT-VALUE}).")
    long maxRequestLine;

    @Option(
            names = "--max-header-bytes",
            paramLabel = "BYTES",
            defaultValue = "" + HttpLimits.DEFAULT_MAX_HEADER_BYTES,
            converter = Converters.SizeConverter.class,
            description = "The most bytes of header fields; more gets 431 (default: ${DEFAULT-VALUE}).")
    long maxHeaderBytes;

    @Option(
            names = "--max-headers",
            paramLabel = "N",
            defaultValue = "" + HttpLimits.DEFAULT_MAX_HEADER_COUNT,
            description = "The most header fields; more gets 431 (default: ${DEFAULT-VALUE}).")
    int maxHeaders;

    @Option(
            names = "--max-body",
            paramLabel = "BYTES",
            defaultValue = "" + HttpLimits.DEFAULT_MAX_BODY_BYTES,
            converter = Converters.SizeConverter.class,
            description = "The largest request body read and discarded; larger gets 413 (default: ${DEFAULT-VALUE}).")
    long maxBody;

    /**
     * The config these flags describe.
     *
     * @throws ParameterException naming the flag, when a value is out of range, the root is unusable, or a
     *     strategy's own option was given to another strategy or refused by its strategy
     */
    ServerConfig toConfig(CommandSpec spec) {
        Map<String, String> strategyOptions = StrategyFlags.values(spec, strategy, strategies);
        atLeast(spec, "--port", port, 0);
        atMost(spec, "--port", port, 65535);
        atLeast(spec, "--backlog", backlog, 1);
        atLeast(spec, "--max-connections", maxConnections, 1);
        atLeast(spec, "--max-requests-per-connection", maxRequestsPerConnection, 0);
        atLeast(spec, "--max-request-line", maxRequestLine, 16);
        atLeast(spec, "--max-header-bytes", maxHeaderBytes, 0);
        atLeast(spec, "--max-headers", maxHeaders, 0);
        Path docRoot = root.resolve(spec);
        try {
            return ServerConfig.builder(docRoot)
                    .host(bind)
                    .port(port)
                    .backlog(backlog)
                    .followSymlinks(followSymlinks)
                    .fileIo(fileIo)
                    .limits(new HttpLimits(
                            intFlag(spec, "--max-request-line", maxRequestLine),
                            intFlag(spec, "--max-header-bytes", maxHeaderBytes),
                            maxHeaders,
                            maxBody))
                    .timeouts(new ServerConfig.Timeouts(
                            headerTimeout, keepAliveTimeout, writeTimeout, lingerTimeout, shutdownGrace))
                    .maxConnections(maxConnections)
                    .maxRequestsPerConnection(maxRequestsPerConnection)
                    .strategyOptions(strategyOptions)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static void atLeast(CommandSpec spec, String flag, long value, long min) {
        if (value < min) {
            throw InvalidValue.option(spec, flag, value + " is below the minimum of " + min);
        }
    }

    private static void atMost(CommandSpec spec, String flag, long value, long max) {
        if (value > max) {
            throw InvalidValue.option(spec, flag, value + " is above the maximum of " + max);
        }
    }

    private static int intFlag(CommandSpec spec, String flag, long value) {
        if (value > Integer.MAX_VALUE) {
            throw InvalidValue.option(spec, flag, value + " is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }
}
