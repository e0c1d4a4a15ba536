package lab.c10k.http;

/**
 * The response statuses this server sends, each with its reason phrase.
 *
 * <p>The set is closed on purpose: a static-file server answers with a handful of statuses, and every protocol
 * error maps to exactly one of them (see {@link HttpLimits} for the limits and {@link HttpException} for the
 * errors).
 */
public enum Status {
    CONTINUE(100, "Continue"),
    OK(200, "OK"),
    PARTIAL_CONTENT(206, "Partial Content"),
    MOVED_PERMANENTLY(301, "Moved Permanently"),
    NOT_MODIFIED(304, "Not Modified"),
    BAD_REQUEST(400, "Bad Request"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not Found"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
    REQUEST_TIMEOUT(408, "Request Timeout"),
    PRECONDITION_FAILED(412, "Precondition Failed"),
    CONTENT_TOO_LARGE(413, "Content Too Large"),
    URI_TOO_LONG(414, "URI Too Long"),
    RANGE_NOT_SATISFIABLE(416, "Range Not Satisfiable"),
    EXPECTATION_FAILED(417, "Expectation Failed"),
    REQUEST_HEADER_FIELDS_TOO_LARGE(431, "Request Header Fields Too Large"),
    INTERNAL_SERVER_ERROR(500, "Internal Server Error"),
    NOT_IMPLEMENTED(501, "Not Implemented"),
    SERVICE_UNAVAILABLE(503, "Service Unavailable"),
    HTTP_VERSION_NOT_SUPPORTED(505, "HTTP Version Not Supported");

    private final int code;
    private final String reason;

    Status(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** The three-digit status code. */
    public int code() {
        return code;
    }

    /** The reason phrase sent on the status line. */
    public String reason() {
        return reason;
    }

    /** Whether a response with this status carries no content and no Content-Length (1xx and 304). */
    public boolean hasNoContent() {
        return code < 200 || code == 304;
    }

    @Override
    public String toString() {
        return code + " " + reason;
    }
}
