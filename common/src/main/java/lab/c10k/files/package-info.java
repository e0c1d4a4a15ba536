/**
 * Static files from one document root: mapping a request path to a file safely, validators and conditional
 * requests, byte ranges, MIME types, and the three ways of moving file bytes to a socket ({@link
 * lab.c10k.files.FileIo}).
 *
 * <p>{@link lab.c10k.files.StaticFileHandler} turns a {@link lab.c10k.http.RequestHead} into a {@link
 * lab.c10k.http.Response}; {@link lab.c10k.files.FileTransfer} writes the file region of a response to a
 * channel, blocking or not, as far as the channel takes it.
 *
 * <p>Threading: the handler is immutable and shared by every connection; a transfer belongs to one connection.
 */
package lab.c10k.files;
