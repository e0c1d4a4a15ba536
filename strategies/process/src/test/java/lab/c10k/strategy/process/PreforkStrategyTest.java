package lab.c10k.strategy.process;

import java.lang.reflect.Method;
import lab.c10k.server.ServerConfig;
import lab.c10k.testkit.StrategySuite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The shared real-socket suite against {@code --strategy process} in prefork mode (the default).
 *
 * <p>One test gets a bigger pool. {@code slowClientsDoNotKeepOthersWaiting} parks 50 connections on unfinished
 * requests and expects a 51st to be answered within 2 s. A prefork server gives each connection a process, so
 * only a pool of more than 50 workers passes it: that is what the test teaches about prefork (slowloris; Apache
 * prefork's anchor runs StartServers 64 for the same reason). A pool cannot grow by 43 JVMs within 2 s on two
 * cores (each pays a JVM's start-up in CPU), so that test starts with 56 workers; every other test
 * runs with the default pool of 8, to keep the suite fast.
 */
class PreforkStrategyTest extends StrategySuite {
    private static final ProcessOptions SLOWLORIS_POOL =
            new ProcessOptions(56, ProcessOptions.DEFAULTS.minSpare(), ProcessOptions.DEFAULTS.maxWorkers(), 0, false);

    private String test = "";

    @BeforeEach
    void rememberTest(TestInfo info) {
        test = info.getTestMethod().map(Method::getName).orElse("");
    }

    @Override
    protected String strategyName() {
        return "process";
    }

    @Override
    protected ServerConfig.Builder customize(ServerConfig.Builder builder) {
        return test.equals("slowClientsDoNotKeepOthersWaiting")
                ? builder.strategyOptions(SLOWLORIS_POOL.values())
                : builder;
    }
}
