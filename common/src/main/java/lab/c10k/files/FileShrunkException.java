package lab.c10k.files;

import java.io.IOException;

/**
 * The file became shorter than the region being sent: the response head already promised a Content-Length that
 * the file no longer has.
 *
 * <p>There is no honest way to finish such a response. Padding would send bytes that were never in the file,
 * waiting would hang the client, and the connection cannot carry another response after a short body. So this is
 * an {@link IOException}: the connection closes, and the client sees a short body, as lighttpd ("file shrunk"),
 * nginx ("was truncated") and h2o ({@code t/50file-shrink.t}) do. A file that grows is fine: the region was fixed
 * when the response was made.
 */
final class FileShrunkException extends IOException {
    private static final long serialVersionUID = 1L;

    FileShrunkException(long size, long needed) {
        super("the file shrank to " + size + " bytes under a transfer that needs " + needed);
    }

    FileShrunkException(long size, long needed, IOException cause) {
        super("the file shrank to " + size + " bytes under a transfer that needs " + needed, cause);
    }
}
