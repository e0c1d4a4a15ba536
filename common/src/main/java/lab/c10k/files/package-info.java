/**
 * Static files from one document root: mapping a request path to a file safely, validators and conditional
 * requests, byte ranges, MIME types, and the three ways of moving file bytes to a socket ({@link
 * lab.c10k.files.FileIo}).
 *
 * <p>{@link lab.c10k.files.StaticFileHandler} turns a {@link lab.c10k.http.RequestHead} into a {@link
 * lab.c10k.http.Response}; {@link lab.c10k.files.FileTransfer} writes the file region of a response to a
 * channel, blocking or not, as far as the channel takes it.
 *
 * <p>How a request becomes a file, and who decides what:
 *
 * <ol>
 *   <li>{@code RequestPath}: decode once, refuse what cannot be mapped safely (400), remove dot segments.
 *   <li>{@code DocumentRoot}: walk from the real root one name at a time without following links, as {@code
 *       jwebserver} does; hidden names, links (by default), FIFOs, devices and sockets are 404.
 *   <li>{@code Validators} and {@code Conditionals}: ETag and Last-Modified, then 412 and 304 in the order of RFC
 *       9110 section 13.2.2.
 *   <li>{@code RangeRequest}: one byte range is served (206), one outside the file is 416, anything else is
 *       ignored (200).
 *   <li>{@code MimeTypes}: the Content-Type from the extension.
 * </ol>
 *
 * <p>A response to GET owns an open {@code FileChannel}; whoever sends it closes it, normally through {@link
 * lab.c10k.files.FileTransfer#close()}. A file that shrinks while it is sent fails the transfer with an {@code
 * IOException} (a {@code FileShrunkException}): the connection must then close, since the Content-Length already
 * sent can no longer be honoured.
 *
 * <p>Threading: the handler is immutable and shared by every connection; a transfer belongs to one connection and
 * is written and closed by one thread at a time, the same thread for a transfer in MMAP mode (its mapping lives in
 * a confined arena). The READ buffers come from one pool shared by all connections.
 */
package lab.c10k.files;
