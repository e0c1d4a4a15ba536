package lab.c10k.strategy.process;

import java.nio.file.Path;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.spi.RunningServer;

/**
 * A process-strategy server in a JVM of its own, for the tests that kill the master: {@code MasterMain ROOT
 * WORKERS}. Prints {@code port N} once it serves, drains on SIGTERM as {@code c10k serve} does, and exits when
 * stopped.
 */
public final class MasterMain {
    private MasterMain() {}

    public static void main(String[] args) throws Exception {
        ServerConfig config = ServerConfig.builder(Path.of(args[0]))
                .host("127.0.0.1")
                .port(0)
                .strategyOptions(new ProcessOptions(Integer.parseInt(args[1]), 0, 16, 0, false).values())
                .build();
        RunningServer server = new ProcessPerConnection().start(config);
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform()
                        .unstarted(() -> server.shutdown(config.timeouts().shutdownGrace())));
        System.out.println("port " + server.address().getPort());
        System.out.flush();
        server.awaitTermination();
    }
}
