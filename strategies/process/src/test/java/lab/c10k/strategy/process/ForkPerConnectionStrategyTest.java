package lab.c10k.strategy.process;

import lab.c10k.server.ServerConfig;
import lab.c10k.testkit.StrategySuite;

/** The shared real-socket suite against {@code --strategy process --fork-per-connection}. */
class ForkPerConnectionStrategyTest extends StrategySuite {
    @Override
    protected String strategyName() {
        return "process";
    }

    @Override
    protected ServerConfig.Builder customize(ServerConfig.Builder builder) {
        ServerConfig.ProcessOptions defaults = ServerConfig.ProcessOptions.DEFAULTS;
        return builder.process(new ServerConfig.ProcessOptions(
                defaults.workers(), defaults.minSpare(), defaults.maxWorkers(), 0, true));
    }

    /** A JVM per connection: 20 connections at once start 20 JVMs on the test machine's cores. */
    @Override
    protected int concurrentClients() {
        return 20;
    }
}
