package lab.c10k.http;

/** The protocol versions the server speaks; the response is always sent as HTTP/1.1. */
public enum HttpVersion {
    /** {@code HTTP/1.0}: connections close after each response unless the client asks for keep-alive. */
    HTTP_1_0,
    /** {@code HTTP/1.1} (and any higher 1.x minor version): persistent by default. */
    HTTP_1_1
}
