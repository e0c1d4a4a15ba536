package lab.c10k.http;

/**
 * A parsed, validated request head: what the file handler and the connection need, nothing more.
 *
 * <p>The parser keeps only the header fields a static-file server acts on. A field sent more than once is
 * combined into one value joined by {@code ", "} (RFC 9110 section 5.3), so a repeated singleton such as {@code
 * Range} or {@code If-Modified-Since} becomes invalid and is then ignored by the file handler. Absent fields are
 * {@code null}.
 *
 * @param method the request method (always a recognised one: unknown methods are refused by the parser)
 * @param target the request-target exactly as received
 * @param path the path of the target, still percent-encoded: {@code /} for an absolute-form target without a
 *     path, {@code *} for the asterisk-form, the authority for CONNECT's authority-form
 * @param query the query without its {@code ?}, or {@code null}
 * @param version the protocol version
 * @param host the authority the request is for (from an absolute-form target, else the Host field), may be empty
 * @param keepAlive whether the client allows the connection to persist after this response (version defaults and
 *     the Connection field; the server may still close)
 * @param expectContinue whether the client sent {@code Expect: 100-continue}
 * @param bodyUnread whether a request body was announced but not read, which happens only when the client waits
 *     for {@code 100 Continue}; the connection must then close after its response
 * @param range the Range field
 * @param ifRange the If-Range field
 * @param ifMatch the If-Match field
 * @param ifNoneMatch the If-None-Match field
 * @param ifModifiedSince the If-Modified-Since field
 * @param ifUnmodifiedSince the If-Unmodified-Since field
 */
public record RequestHead(
        Method method,
        String target,
        String path,
        String query,
        HttpVersion version,
        String host,
        boolean keepAlive,
        boolean expectContinue,
        boolean bodyUnread,
        String range,
        String ifRange,
        String ifMatch,
        String ifNoneMatch,
        String ifModifiedSince,
        String ifUnmodifiedSince) {

    /** A GET for {@code path} over HTTP/1.1 with no conditional fields: handy in tests and benchmarks. */
    public static RequestHead get(String path) {
        return new RequestHead(
                Method.GET,
                path,
                path,
                null,
                HttpVersion.HTTP_1_1,
                "localhost",
                true,
                false,
                false,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
