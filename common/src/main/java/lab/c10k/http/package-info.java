/**
 * HTTP/1.1 on the wire, without I/O: the request parser, the response model and its encoding.
 *
 * <p>{@link lab.c10k.http.RequestParser} is push-based and resumable: a strategy hands it whatever bytes arrived,
 * in any split, and gets back a {@link lab.c10k.http.RequestHead} once a whole request is in, its body read and
 * discarded; a pipelined next request stays in the buffer. It works a line at a time, in place in the caller's
 * array, and copies only a line cut off by the end of a buffer. It is strict (RFC 9112): every malformed,
 * ambiguous or oversized request raises an {@link lab.c10k.http.HttpException} that names one {@link
 * lab.c10k.http.Status}, and the connection answers it once and closes. Its one leniency is the bare LF line
 * terminator of the request line and field lines. The limits and their statuses are in {@link
 * lab.c10k.http.HttpLimits}; they are checked as bytes arrive, so a line that never ends costs at most its limit.
 *
 * <p>A {@link lab.c10k.http.Response} is a status, a few fields and a {@link lab.c10k.http.Body}; the connection
 * state machine in {@code lab.c10k.server} adds the fields that belong to the connection and encodes it.
 *
 * <p>Threading: values are immutable; a parser belongs to one connection and is used by one thread at a time.
 */
package lab.c10k.http;
