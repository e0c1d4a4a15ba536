package lab.c10k.strategy.process;

import java.util.List;
import java.util.Map;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.spi.StrategyOption;

/**
 * The process strategy's own options, Apache prefork's knobs, read from {@link ServerConfig#strategyOptions()}.
 *
 * @param workers the worker processes started at first ({@code --workers}, Apache's StartServers)
 * @param minSpare the fewest idle workers; below it the master starts more ({@code --min-spare}, MinSpareServers)
 * @param maxWorkers the most worker processes at once ({@code --max-workers}, MaxRequestWorkers)
 * @param maxConnectionsPerWorker a worker exits and is replaced after this many connections, 0 for never ({@code
 *     --max-connections-per-worker}, MaxConnectionsPerChild)
 * @param forkPerConnection the inetd mode: a fresh JVM for every connection instead of a pool ({@code
 *     --fork-per-connection})
 */
record ProcessOptions(
        int workers, int minSpare, int maxWorkers, int maxConnectionsPerWorker, boolean forkPerConnection) {

    static final StrategyOption WORKERS =
            StrategyOption.integer("workers", 8, "Worker processes started at first (Apache's StartServers).");
    static final StrategyOption MIN_SPARE = StrategyOption.integer(
            "min-spare", 2, "The fewest idle workers kept; below it more are started (MinSpareServers).");
    static final StrategyOption MAX_WORKERS =
            StrategyOption.integer("max-workers", 256, "The most worker processes at once (MaxRequestWorkers).");
    static final StrategyOption MAX_CONNECTIONS_PER_WORKER = StrategyOption.integer(
            "max-connections-per-worker",
            0,
            "Recycle a worker after N connections, 0 for never (MaxConnectionsPerChild).");
    static final StrategyOption FORK_PER_CONNECTION = StrategyOption.toggle(
            "fork-per-connection", "Start a fresh JVM for every connection (inetd) instead of a pool.");

    /** The options as the command line offers them. */
    static final List<StrategyOption> DECLARED =
            List.of(WORKERS, MIN_SPARE, MAX_WORKERS, MAX_CONNECTIONS_PER_WORKER, FORK_PER_CONNECTION);

    /** Every option at its default. */
    static final ProcessOptions DEFAULTS = from(Map.of());

    ProcessOptions {
        if (workers < 1) {
            throw new IllegalArgumentException(WORKERS.flag() + " must be at least 1, was " + workers);
        }
        if (minSpare < 0) {
            throw new IllegalArgumentException(MIN_SPARE.flag() + " must not be negative, was " + minSpare);
        }
        if (maxWorkers < workers) {
            throw new IllegalArgumentException(MAX_WORKERS.flag() + " (" + maxWorkers + ") must be at least "
                    + WORKERS.flag() + " (" + workers + ")");
        }
        if (maxConnectionsPerWorker < 0) {
            throw new IllegalArgumentException(
                    MAX_CONNECTIONS_PER_WORKER.flag() + " must not be negative, was " + maxConnectionsPerWorker);
        }
    }

    /** The options in {@code values}, defaults for those absent. */
    static ProcessOptions from(Map<String, String> values) {
        return new ProcessOptions(
                WORKERS.intIn(values),
                MIN_SPARE.intIn(values),
                MAX_WORKERS.intIn(values),
                MAX_CONNECTIONS_PER_WORKER.intIn(values),
                FORK_PER_CONNECTION.isSetIn(values));
    }

    static ProcessOptions of(ServerConfig config) {
        return from(config.strategyOptions());
    }

    /** These options as {@link ServerConfig#strategyOptions()} values, read back by {@link #from}. */
    Map<String, String> values() {
        return Map.of(
                WORKERS.name(), Integer.toString(workers),
                MIN_SPARE.name(), Integer.toString(minSpare),
                MAX_WORKERS.name(), Integer.toString(maxWorkers),
                MAX_CONNECTIONS_PER_WORKER.name(), Integer.toString(maxConnectionsPerWorker),
                FORK_PER_CONNECTION.name(), Boolean.toString(forkPerConnection));
    }
}
