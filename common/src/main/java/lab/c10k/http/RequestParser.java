package lab.c10k.http;

import java.nio.ByteBuffer;

/**
 * A push-based, resumable HTTP/1.1 request parser (RFC 9112), one per connection.
 *
 * <p>Feed it whatever bytes have arrived; it returns the request once the whole message (head and any body,
 * which it reads and discards) has been received, and {@code null} until then. A request split at any byte
 * parses exactly as the whole one. It never reads past the end of the request it returns: a pipelined next
 * request stays in the buffer for the next call.
 *
 * <p>Confined to one thread at a time. Not reusable after it throws.
 */
public final class RequestParser {

    public RequestParser(HttpLimits limits) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Consumes bytes from {@code in} (a heap buffer, from its position to its limit).
     *
     * @return the request, once complete; {@code null} when every byte of {@code in} was consumed and more are
     *     needed
     * @throws HttpException when the request is malformed or exceeds a limit; the parser is then spent
     */
    public RequestHead parse(ByteBuffer in) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Whether bytes of a request not yet returned have been received (the header timeout then applies). */
    public boolean inProgress() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
