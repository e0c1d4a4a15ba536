package lab.c10k.harness.load;

import java.util.EnumMap;
import java.util.Map;

/**
 * Errors of a measured window, by kind.
 *
 * @param connect connections that could not be opened
 * @param read reads that failed or ended before a whole response, and malformed responses
 * @param write writes of a request that failed
 * @param timeout requests without a whole response within the timeout
 * @param non2xx whole responses with a status other than 2xx
 */
public record ErrorCounts(long connect, long read, long write, long timeout, long non2xx) {

    public static final ErrorCounts NONE = new ErrorCounts(0, 0, 0, 0, 0);

    static ErrorCounts of(long[] byKind) {
        return new ErrorCounts(
                byKind[ErrorKind.CONNECT.ordinal()],
                byKind[ErrorKind.READ.ordinal()],
                byKind[ErrorKind.WRITE.ordinal()],
                byKind[ErrorKind.TIMEOUT.ordinal()],
                byKind[ErrorKind.NON_2XX.ordinal()]);
    }

    /** Every error, of every kind. */
    public long total() {
        return connect + read + write + timeout + non2xx;
    }

    /** The counts by kind, in the order of {@link ErrorKind}. */
    public Map<ErrorKind, Long> byKind() {
        var m = new EnumMap<ErrorKind, Long>(ErrorKind.class);
        m.put(ErrorKind.CONNECT, connect);
        m.put(ErrorKind.READ, read);
        m.put(ErrorKind.WRITE, write);
        m.put(ErrorKind.TIMEOUT, timeout);
        m.put(ErrorKind.NON_2XX, non2xx);
        return m;
    }
}
