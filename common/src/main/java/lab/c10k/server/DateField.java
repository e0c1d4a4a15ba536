package lab.c10k.server;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import lab.c10k.http.HttpDate;

/**
 * The value of the Date field, formatted once per second and shared by every connection (formatting a date per
 * response would cost more than parsing the request).
 *
 * <p>Thread-safe without locks: the cache is one immutable pair behind a volatile reference; two threads that
 * both see a stale second both format it, harmlessly.
 */
final class DateField {
    private record Cached(long epochSecond, byte[] value) {}

    private final InstantSource clock;
    private volatile Cached cached = new Cached(Long.MIN_VALUE, new byte[0]);

    DateField(InstantSource clock) {
        this.clock = clock;
    }

    /** The current date as IMF-fixdate ASCII bytes. Callers must not modify the array. */
    byte[] now() {
        long second = Math.floorDiv(clock.millis(), 1000);
        Cached c = cached;
        if (c.epochSecond() != second) {
            c = new Cached(second, HttpDate.formatEpochSecond(second).getBytes(StandardCharsets.US_ASCII));
            cached = c;
        }
        return c.value();
    }
}
