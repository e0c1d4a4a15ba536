package lab.c10k.harness.load;

import java.util.Locale;

/** Why a request did not end in a 2xx response, the kinds wrk and ab report. */
public enum ErrorKind {
    /** The connection could not be opened (refused, reset during the handshake, no route). */
    CONNECT,
    /** Reading failed, the server closed before a whole response, or the response was malformed. */
    READ,
    /** Writing the request failed (the server reset the connection). */
    WRITE,
    /** No whole response within the timeout, counted from when the request began (connect included). */
    TIMEOUT,
    /** A whole response arrived, with a status other than 2xx; it still counts as a request. */
    NON_2XX;

    /** The name in reports: {@code connect}, ..., {@code non_2xx}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
