package lab.c10k.strategy.process;

import lab.c10k.server.ServerConfig;
import lab.c10k.testkit.StrategySuite;

/** The shared real-socket suite against {@code --strategy process --fork-per-connection}. */
class ForkPerConnectionStrategyTest extends StrategySuite {
    static final ServerConfig.ProcessOptions FORK_PER_CONNECTION = new ServerConfig.ProcessOptions(
            ServerConfig.ProcessOptions.DEFAULT_WORKERS,
            ServerConfig.ProcessOptions.DEFAULT_MIN_SPARE,
            ServerConfig.ProcessOptions.DEFAULT_MAX_WORKERS,
            0,
            true);

    @Override
    protected String strategyName() {
        return "process";
    }

    @Override
    protected ServerConfig.Builder customize(ServerConfig.Builder builder) {
        return builder.process(FORK_PER_CONNECTION);
    }

    /** A JVM per connection: 200 clients at once would start 200 JVMs on the test machine's cores. */
    @Override
    protected int concurrentClients() {
        return 20;
    }
}
