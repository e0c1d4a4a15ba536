package lab.c10k.http;

/**
 * The request methods the server recognises (RFC 9110 section 9 plus PATCH).
 *
 * <p>Methods are case-sensitive tokens: {@code get} is not {@code GET}. A token that is not one of these is
 * answered with 501 by the parser; a recognised method other than GET and HEAD is answered with 405 and {@code
 * Allow: GET, HEAD} by the file handler.
 */
public enum Method {
    GET,
    HEAD,
    POST,
    PUT,
    DELETE,
    CONNECT,
    OPTIONS,
    TRACE,
    PATCH;

    /** Whether a static file can be served for this method. */
    public boolean readsResource() {
        return this == GET || this == HEAD;
    }
}
