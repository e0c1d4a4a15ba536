package lab.c10k.http;

/**
 * The size limits a request must respect, each mapped to exactly one status.
 *
 * <table>
 *   <caption>Limits, defaults and the status for a request that exceeds them</caption>
 *   <tr><th>limit</th><th>default</th><th>status</th><th>what is counted</th></tr>
 *   <tr><td>{@link #maxRequestLineBytes}</td><td>{@value #DEFAULT_MAX_REQUEST_LINE_BYTES}</td><td>414</td>
 *       <td>the request line, without its line terminator</td></tr>
 *   <tr><td>{@link #maxHeaderBytes}</td><td>{@value #DEFAULT_MAX_HEADER_BYTES}</td><td>431</td>
 *       <td>all header field lines together (trailer lines of a chunked body too), without line terminators</td></tr>
 *   <tr><td>{@link #maxHeaderCount}</td><td>{@value #DEFAULT_MAX_HEADER_COUNT}</td><td>431</td>
 *       <td>header field lines (trailer lines too)</td></tr>
 *   <tr><td>{@link #maxBodyBytes}</td><td>{@value #DEFAULT_MAX_BODY_BYTES}</td><td>413</td>
 *       <td>the bytes of a request body, which a static-file server reads and discards</td></tr>
 * </table>
 *
 * <p>A request exactly at a limit is accepted; one byte (or one field) more is refused. Bytes are counted as they
 * arrive, so a request line that never ends is refused at byte {@code maxRequestLineBytes + 1}, not buffered.
 *
 * <p>Immutable and shared by every connection of a server.
 *
 * @param maxRequestLineBytes the longest request line accepted
 * @param maxHeaderBytes the most bytes of header field lines accepted
 * @param maxHeaderCount the most header field lines accepted
 * @param maxBodyBytes the largest request body read (and discarded)
 */
public record HttpLimits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount, long maxBodyBytes) {

    /** Default for {@link #maxRequestLineBytes}: above the 8000 octets RFC 9112 recommends supporting. */
    public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 8192;

    /** Default for {@link #maxHeaderBytes}: 16 KiB, as Caddy; nginx allows 4 x 8 KiB, Jetty 8 KiB. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16384;

    /** Default for {@link #maxHeaderCount}: Apache's {@code LimitRequestFields}. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;

    /** Default for {@link #maxBodyBytes}: 1 MiB, nginx's {@code client_max_body_size}. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;

    /** The defaults above. */
    public static final HttpLimits DEFAULTS = new HttpLimits(
            DEFAULT_MAX_REQUEST_LINE_BYTES, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_HEADER_COUNT, DEFAULT_MAX_BODY_BYTES);

    public HttpLimits {
        if (maxRequestLineBytes < 16) {
            throw new IllegalArgumentException("maxRequestLineBytes must be at least 16, was " + maxRequestLineBytes);
        }
        if (maxHeaderBytes < 0) {
            throw new IllegalArgumentException("maxHeaderBytes must not be negative, was " + maxHeaderBytes);
        }
        if (maxHeaderCount < 0) {
            throw new IllegalArgumentException("maxHeaderCount must not be negative, was " + maxHeaderCount);
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative, was " + maxBodyBytes);
        }
    }
}
