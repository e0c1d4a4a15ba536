package lab.c10k.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lab.c10k.http.Body;
import lab.c10k.http.HttpException;
import lab.c10k.http.RequestHead;
import lab.c10k.http.Response;
import lab.c10k.http.Status;

/**
 * Answers requests with the files under one document root. Thread-safe.
 *
 * <p>The steps, in order: the method (GET and HEAD, else 405); the path, decoded and normalised ({@link
 * RequestPath}, 400 when it cannot be mapped safely); the walk from the root ({@link DocumentRoot}: 404 for what
 * is missing, hidden, a link or not a regular file, 403 and 500 for errors); a directory is redirected to its
 * address with a slash (301), or answered with its {@code index.html}, never listed; then, for a file, the
 * preconditions ({@link Conditionals}: 412, 304), the Range ({@link RangeRequest}: 206, 416) and the response.
 *
 * <p>The file is opened last, once nothing can stop the response any more, so a 304 or a 412 costs no
 * descriptor. The length sent comes from the opened descriptor, not from the earlier lstat: the file may have
 * changed in between, and the open descriptor is what the bytes will come from. It is opened with {@code
 * O_NOFOLLOW} in both modes: the walk has already replaced any followed link by its real path, so a link found
 * there at open time appeared since, and is refused. HEAD goes through the same steps with the attributes of the
 * walk, and never opens the file.
 */
public final class StaticFileHandler {

    private static final Response.Field ALLOW = new Response.Field("Allow", "GET, HEAD");
    /**
     * Read-only, never through a symbolic link; built once, as the varargs form of {@code FileChannel.open} builds a
     * new set for every request.
     */
    private static final Set<OpenOption> OPEN_OPTIONS = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private static final Response.Field ACCEPT_RANGES = new Response.Field("Accept-Ranges", "bytes");

    private final DocumentRoot root;

    private StaticFileHandler(DocumentRoot root) {
        this.root = root;
    }

    /**
     * A handler for {@code root}.
     *
     * @throws IllegalArgumentException when the root is not usable, with one message per reason
     */
    public static StaticFileHandler create(Path root, boolean followSymlinks) {
        return new StaticFileHandler(DocumentRoot.of(root, followSymlinks));
    }

    /**
     * The response to {@code request}.
     *
     * @throws lab.c10k.http.HttpException for a target that cannot be mapped safely (400)
     */
    public Response handle(RequestHead request) {
        return switch (request.method()) {
            case GET -> respond(request, false);
            case HEAD -> respond(request, true).withoutBody();
            default -> Response.text(Status.METHOD_NOT_ALLOWED, "Only GET and HEAD are served.", ALLOW);
        };
    }

    private Response respond(RequestHead request, boolean head) {
        RequestPath path = RequestPath.decode(request.path());
        return switch (root.find(path.names())) {
            case Lookup.Refused refused -> refuse(refused);
            case Lookup.Directory _ when !path.directory() -> redirectToDirectory(request);
            case Lookup.Directory directory ->
                switch (root.index(directory)) {
                    case Lookup.RegularFile index -> serve(request, index, head);
                    case Lookup.Directory _ -> refuse(Lookup.NOT_FOUND);
                    case Lookup.Refused refused -> refuse(refused);
                };
            case Lookup.RegularFile _ when path.directory() -> refuse(Lookup.NOT_FOUND);
            case Lookup.RegularFile file -> serve(request, file, head);
        };
    }

    private static Response refuse(Lookup.Refused refused) {
        return Response.text(refused.status(), refused.detail());
    }

    /**
     * 301 to the path as received plus a slash, and the query. Leading slashes are reduced to one: {@code
     * //host/dir} would otherwise redirect to another host (a scheme-relative reference).
     */
    private static Response redirectToDirectory(RequestHead request) {
        String raw = request.path();
        int start = 0;
        while (start + 1 < raw.length() && raw.charAt(start + 1) == '/') {
            start++;
        }
        StringBuilder location = new StringBuilder(raw.length() + 1)
                .append(raw, start, raw.length())
                .append('/');
        String query = request.query();
        if (query != null) {
            if (!query.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                throw new HttpException(Status.BAD_REQUEST, "The query contains a character that is not allowed.");
            }
            location.append('?').append(query);
        }
        return Response.text(
                Status.MOVED_PERMANENTLY,
                "This is a directory; its address ends with a slash.",
                new Response.Field("Location", location.toString()));
    }

    private static Response serve(RequestHead request, Lookup.RegularFile file, boolean head) {
        Validators validators = Validators.of(file.attributes());
        Response.Field etag = new Response.Field("ETag", validators.entityTag());
        Response.Field lastModified = new Response.Field("Last-Modified", validators.lastModified());
        switch (Conditionals.evaluate(request, validators)) {
            case PRECONDITION_FAILED -> {
                return Response.text(Status.PRECONDITION_FAILED, "A precondition of the request does not hold.");
            }
            case NOT_MODIFIED -> {
                return new Response(Status.NOT_MODIFIED, List.of(etag, lastModified), Body.ABSENT);
            }
            case PROCEED -> {}
        }
        List<Response.Field> fields = new ArrayList<>(5);
        fields.add(new Response.Field(
                "Content-Type", MimeTypes.of(file.path().getFileName().toString())));
        fields.add(lastModified);
        fields.add(etag);
        fields.add(ACCEPT_RANGES);
        if (head) {
            // GET finds out at open time; access(2) tells HEAD the same without opening anything.
            if (!Files.isReadable(file.path())) {
                return refuse(Lookup.FORBIDDEN);
            }
            return new Response(
                    Status.OK, fields, new Body.Withheld(file.attributes().size()));
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file.path(), OPEN_OPTIONS);
        } catch (NoSuchFileException e) {
            return refuse(Lookup.NOT_FOUND);
        } catch (AccessDeniedException e) {
            return refuse(Lookup.FORBIDDEN);
        } catch (IOException e) {
            return refuse(Lookup.FAILED);
        }
        boolean handedOver = false;
        try {
            Response response = withRange(request, validators, fields, channel);
            handedOver = response.body() instanceof Body.FileRegion;
            return response;
        } catch (IOException e) {
            return refuse(Lookup.FAILED);
        } finally {
            if (!handedOver) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // Closing a descriptor opened for reading loses nothing; the answer is already decided.
                }
            }
        }
    }

    /** 200, 206 or 416 for the open file, whose size is the truth for Content-Length and Content-Range. */
    private static Response withRange(
            RequestHead request, Validators validators, List<Response.Field> fields, FileChannel channel)
            throws IOException {
        long size = channel.size();
        RangeRequest range = Conditionals.rangeApplies(request.ifRange(), validators)
                ? RangeRequest.parse(request.range(), size)
                : RangeRequest.IGNORED;
        return switch (range) {
            case RangeRequest.Ignored _ -> new Response(Status.OK, fields, new Body.FileRegion(channel, 0, size));
            case RangeRequest.Slice slice -> {
                fields.add(new Response.Field(
                        "Content-Range", "bytes " + slice.first() + "-" + slice.last() + "/" + size));
                yield new Response(
                        Status.PARTIAL_CONTENT, fields, new Body.FileRegion(channel, slice.first(), slice.length()));
            }
            case RangeRequest.Unsatisfiable _ ->
                Response.text(
                        Status.RANGE_NOT_SATISFIABLE,
                        "The range does not overlap the file.",
                        new Response.Field("Content-Range", "bytes */" + size));
        };
    }
}
