package lab.c10k.files;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import lab.c10k.http.Status;

/** What a request path leads to under the document root: a closed set the handler switches over. */
sealed interface Lookup {

    /**
     * A regular file, with the attributes read when it was found (the validators come from them).
     *
     * @param path the file, without symbolic links
     * @param attributes its attributes, read without following links
     */
    record RegularFile(Path path, BasicFileAttributes attributes) implements Lookup {}

    /** A directory, which is never listed. */
    record Directory(Path path) implements Lookup {}

    /**
     * Nothing to serve: 404 (missing, hidden, a link, not a regular file), 403 (no permission) or 500.
     *
     * @param status the status of the answer
     * @param detail a fixed sentence for its body
     */
    record Refused(Status status, String detail) implements Lookup {}

    Refused NOT_FOUND = new Refused(Status.NOT_FOUND, "No file is served at this path.");
    Refused FORBIDDEN = new Refused(Status.FORBIDDEN, "The server may not read this file.");
    Refused FAILED = new Refused(Status.INTERNAL_SERVER_ERROR, "The file could not be read.");
}
