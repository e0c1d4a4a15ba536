package lab.c10k.http;

import java.util.Objects;

/**
 * A request that the server refuses, with the one status that answers it.
 *
 * <p>Thrown by {@link RequestParser} (and by the file layer for a malformed target). It becomes a response at
 * exactly one place, the connection state machine, which then closes the connection: after a protocol error
 * the framing of whatever follows cannot be trusted.
 *
 * <p>The detail is a fixed, human-readable sentence that never echoes request bytes, so it is safe to send in
 * the error body.
 */
public final class HttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Status status;

    public HttpException(Status status, String detail) {
        super(detail, null, false, false);
        this.status = Objects.requireNonNull(status);
    }

    /** The status this error is answered with. */
    public Status status() {
        return status;
    }

    /** The sentence that explains the refusal, sent in the body of the error response. */
    public String detail() {
        return getMessage();
    }

    @Override
    public String toString() {
        return status + ": " + getMessage();
    }
}
