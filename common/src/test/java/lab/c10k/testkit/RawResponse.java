package lab.c10k.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response as read off the wire by {@link RawClient}.
 *
 * @param statusLine the status line without CRLF
 * @param status the status code
 * @param fields the header fields, names lower-cased, in order of arrival per name
 * @param body the body bytes
 */
public record RawResponse(String statusLine, int status, Map<String, List<String>> fields, byte[] body) {

    /** The value of the field {@code name} (any case), if it was sent once; fails if it was sent more often. */
    public Optional<String> field(String name) {
        List<String> values = fields.get(name.toLowerCase(Locale.ROOT));
        if (values == null) {
            return Optional.empty();
        }
        if (values.size() != 1) {
            throw new AssertionError("field " + name + " sent " + values.size() + " times: " + values);
        }
        return Optional.of(values.get(0));
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the response says the connection closes. */
    public boolean closes() {
        return field("Connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
    }

    @Override
    public String toString() {
        return statusLine + " " + fields + " (" + body.length + " body bytes)";
    }
}
