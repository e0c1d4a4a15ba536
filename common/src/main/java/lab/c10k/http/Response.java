package lab.c10k.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A response before the connection adds what belongs to the connection ({@code Date}, {@code Server}, {@code
 * Connection}) and {@code Content-Length}, which comes from the {@link Body}.
 *
 * @param status the status
 * @param fields the header fields specific to this response, in order (no Content-Length, Connection, Date)
 * @param body the body
 */
public record Response(Status status, List<Field> fields, Body body) {

    /** One header field. Names and values are ASCII and must contain no CR, LF or NUL. */
    public record Field(String name, String value) {
        public Field {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }
    }

    public Response {
        Objects.requireNonNull(status);
        fields = List.copyOf(fields);
        Objects.requireNonNull(body);
    }

    /**
     * A short plain-text response such as an error page: {@code "404 Not Found\n"} followed by the detail, if
     * any.
     */
    public static Response text(Status status, String detail, Field... fields) {
        String text = detail == null || detail.isEmpty() ? status + "\n" : status + ": " + detail + "\n";
        var all = new java.util.ArrayList<Field>(fields.length + 1);
        all.add(new Field("Content-Type", "text/plain; charset=utf-8"));
        all.addAll(List.of(fields));
        return new Response(status, all, new Body.Bytes(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The same response with an in-memory body replaced by {@link Body.Withheld} of the same length: the answer
     * to HEAD. A file region is refused: a HEAD response never opens the file it describes.
     */
    public Response withoutBody() {
        return switch (body) {
            case Body.Bytes b -> new Response(status, fields, new Body.Withheld(b.length()));
            case Body.FileRegion f ->
                throw new IllegalStateException("a HEAD response never opens the file it describes");
            case Body.Withheld w -> this;
            case Body.Absent a -> this;
        };
    }
}
