package lab.c10k.harness.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What {@code c10k serve --ready-file PATH} writes once it listens, for the harness and the tests: one JSON object,
 * {@code {"address": "127.0.0.1", "port": 8080, "pid": 4242, "control": 40000, "strategy": "thread"}} ({@code
 * control} is null without a control port). The human banner on standard output says the same, but it may be
 * reworded at any time; this file is the interface.
 *
 * <p>It is written to a temporary file beside {@code PATH} and renamed, so a reader that polls for it sees either
 * nothing or the whole object.
 *
 * @param address the address the server listens on
 * @param port the port it listens on
 * @param pid the process that serves, as its own machine (or container) numbers it
 * @param control the loopback port of its control server ({@code GET /stats}, {@code GET /gc}), or null
 * @param strategy the strategy's name
 */
public record ReadyFile(String address, int port, long pid, Integer control, String strategy) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes it to {@code path} at once: a reader never sees half of it. */
    public void write(Path path) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("address", address);
        o.put("port", port);
        o.put("pid", pid);
        o.put("control", control);
        o.put("strategy", strategy);
        Path absolute = path.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temporary, o.toString() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * The file at {@code path}, or empty while there is none yet.
     *
     * @throws IOException when it cannot be read or is not such an object
     */
    public static Optional<ReadyFile> read(Path path) throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        JsonNode o = JSON.readTree(path.toFile());
        if (o == null || !o.hasNonNull("port") || !o.hasNonNull("pid")) {
            throw new IOException(path + " is not a ready file: " + o);
        }
        return Optional.of(new ReadyFile(
                o.path("address").asText(),
                o.get("port").asInt(),
                o.get("pid").asLong(),
                o.hasNonNull("control") ? o.get("control").asInt() : null,
                o.path("strategy").asText()));
    }
}
