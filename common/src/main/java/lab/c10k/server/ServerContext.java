package lab.c10k.server;

import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongSupplier;
import lab.c10k.files.StaticFileHandler;

/**
 * What every connection of one server shares: the config, the file handler, the counters, the Date cache.
 * Thread-safe: everything in it is immutable or concurrent.
 */
public final class ServerContext {
    private final ServerConfig config;
    private final StaticFileHandler handler;
    private final ServerCounters counters;
    private final DateField date;
    private final LongSupplier nanoClock;

    private ServerContext(
            ServerConfig config,
            StaticFileHandler handler,
            ServerCounters counters,
            DateField date,
            LongSupplier nanoClock) {
        this.config = config;
        this.handler = handler;
        this.counters = counters;
        this.date = date;
        this.nanoClock = nanoClock;
    }

    /**
     * The context for {@code config}, with the system clock.
     *
     * @throws IllegalArgumentException when the document root is not usable
     */
    public static ServerContext create(ServerConfig config) {
        return create(config, InstantSource.system(), System::nanoTime);
    }

    /**
     * The context for {@code config}, with {@code clock} for the Date field and {@code nanoClock} (a monotonic
     * clock, as {@link System#nanoTime()}) for the progress of writes.
     */
    public static ServerContext create(ServerConfig config, InstantSource clock, LongSupplier nanoClock) {
        Objects.requireNonNull(config);
        return new ServerContext(
                config,
                StaticFileHandler.create(config.root(), config.followSymlinks()),
                new ServerCounters(),
                new DateField(clock),
                nanoClock);
    }

    public ServerConfig config() {
        return config;
    }

    public StaticFileHandler handler() {
        return handler;
    }

    public ServerCounters counters() {
        return counters;
    }

    DateField date() {
        return date;
    }

    /** Monotonic nanoseconds, the clock of every deadline. */
    public long nanoTime() {
        return nanoClock.getAsLong();
    }
}
