package lab.c10k.files;

import java.nio.file.Path;
import lab.c10k.http.RequestHead;
import lab.c10k.http.Response;

/** Answers requests with the files under one document root. Thread-safe. */
public final class StaticFileHandler {

    /**
     * A handler for {@code root}.
     *
     * @throws IllegalArgumentException when the root is not usable, with one message per reason
     */
    public static StaticFileHandler create(Path root, boolean followSymlinks) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * The response to {@code request}.
     *
     * @throws lab.c10k.http.HttpException for a target that cannot be mapped safely (400)
     */
    public Response handle(RequestHead request) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
