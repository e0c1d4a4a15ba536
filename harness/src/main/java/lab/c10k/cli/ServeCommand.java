package lab.c10k.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import lab.c10k.harness.control.ControlServer;
import lab.c10k.harness.experiment.ReadyFile;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.ServerStats;
import lab.c10k.server.spi.RunningServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code c10k serve}: one server, one strategy, until SIGINT or SIGTERM. */
@Command(
        name = "serve",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Serve a document root over HTTP/1.1 with one concurrency strategy until SIGINT or SIGTERM, then drain:"
                    + " stop accepting, close idle connections, finish the responses in flight.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  c10k serve --strategy thread",
            "  c10k serve --strategy virtual --root ./site --port 8081 --file-io mmap%n"
        })
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Option(
            names = "--control-port",
            paramLabel = "PORT",
            description = "Also answer GET /stats (the server's counters and getrusage, JSON) and GET /gc (heap in"
                    + " use after a full collection) on this loopback port, 0 for any free port; the harness reads"
                    + " it (default: no control port).")
    Integer controlPort;

    @Option(
            names = "--ready-file",
            paramLabel = "PATH",
            description = "Once listening, write {\"address\", \"port\", \"pid\", \"control\", \"strategy\"} as JSON to"
                    + " PATH (written whole, then renamed into place): what scripts and the harness read, rather than"
                    + " the line printed for people (default: no file).")
    Path readyFile;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = server.toConfig(spec);
        if (controlPort != null && (controlPort < 0 || controlPort > 65535)) {
            throw InvalidValue.option(spec, "--control-port", controlPort + " is not 0..65535");
        }
        RunningServer running = server.strategy.start(config);
        ControlServer control;
        try {
            control = controlPort == null ? null : ControlServer.start(controlPort, running::stats);
        } catch (IOException e) {
            running.shutdown(Duration.ZERO);
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        var address = running.address();
        long pid = ProcessHandle.current().pid();
        if (readyFile != null) {
            try {
                new ReadyFile(
                                address.getHostString(),
                                address.getPort(),
                                pid,
                                control == null ? null : control.address().getPort(),
                                server.strategy.name())
                        .write(readyFile);
            } catch (IOException e) {
                running.shutdown(Duration.ZERO);
                throw new IOException("cannot write the ready file " + readyFile + ": " + e.getMessage(), e);
            }
        }
        out.printf(
                "c10k: serving http://%s:%d/ with strategy %s (pid %d, %sfile-io %s, root %s)%n",
                address.getHostString(),
                address.getPort(),
                server.strategy.name(),
                pid,
                control == null
                        ? ""
                        : "control http://127.0.0.1:" + control.address().getPort() + "/stats, ",
                config.fileIo().name().toLowerCase(java.util.Locale.ROOT),
                config.root());
        out.flush();

        Thread hook = Thread.ofPlatform().unstarted(() -> {
            System.err.printf(
                    "c10k: stopping (grace %ds): no new connections, finishing responses in flight%n",
                    config.timeouts().shutdownGrace().toSeconds());
            running.shutdown(config.timeouts().shutdownGrace());
            if (readyFile != null) {
                try {
                    // a ready file that outlives its server would tell the next reader to connect to nothing
                    Files.deleteIfExists(readyFile);
                } catch (IOException e) {
                    System.err.printf("c10k: cannot remove the ready file %s: %s%n", readyFile, e.getMessage());
                }
            }
            ServerStats stats = running.stats();
            System.err.printf(
                    "c10k: stopped after %d requests on %d connections%n",
                    stats.requests(), stats.connectionsAccepted());
        });
        Runtime.getRuntime().addShutdownHook(hook);
        running.awaitTermination();
        return 0;
    }
}
