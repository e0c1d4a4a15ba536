package lab.c10k.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import lab.c10k.http.Body;
import lab.c10k.http.HttpException;
import lab.c10k.http.RequestHead;
import lab.c10k.http.Response;
import lab.c10k.http.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A property: whatever path a client sends, the handler either refuses it (400) or answers 200, 301, 403 or 404,
 * and a file it serves is always one inside the root. A secret file sits next to the root, reachable by every
 * trick the random paths combine ({@code ..} decoded or not, encoded separators, links that lead out), and its
 * content must never come back.
 *
 * <p>The paths come from a seeded {@link Random}. The seed is new each run and printed in every failure; run
 * again with {@code -Dc10k.files.seed=<seed>} to replay one.
 */
class PathConfinementTest {
    private static final long SEED = Long.getLong("c10k.files.seed", new Random().nextLong());
    private static final int PATHS = 1000;
    private static final String SECRET = "SECRET";

    /** Names, dot segments in every spelling, and bytes that must be refused. */
    private static final List<String> SEGMENTS = List.of(
            "..",
            "..",
            ".",
            "%2e",
            "%2E",
            "%2e%2e",
            ".%2e",
            "%2E.",
            "a",
            "b",
            "link",
            "up",
            "outdir",
            "loop",
            "secret.txt",
            "root",
            ".h",
            "index.html",
            "%61",
            ";",
            "a;b",
            "..;",
            "%2f",
            "%5c",
            "%00",
            "%");

    /** What joins two segments: mostly a slash, sometimes an empty segment or an encoded separator. */
    private static final List<String> SEPARATORS = List.of("/", "/", "/", "/", "/", "/", "//", "%2f", "%5C", "");

    @TempDir
    static Path base;

    static Path root;
    static Set<String> inside;

    /** {@code base/secret.txt}, and a root whose links try every way out to it. */
    @BeforeAll
    static void createTree() throws IOException {
        Files.writeString(base.resolve("secret.txt"), SECRET);
        root = Files.createDirectory(base.resolve("root"));
        Files.createDirectory(root.resolve("a"));
        inside = Set.of("in:b", "in:a/b", "in:a/index", "in:index", "in:a;b", "in:.h");
        Files.writeString(root.resolve("b"), "in:b");
        Files.writeString(root.resolve("a/b"), "in:a/b");
        Files.writeString(root.resolve("a/index.html"), "in:a/index");
        Files.writeString(root.resolve("index.html"), "in:index");
        Files.writeString(root.resolve("a;b"), "in:a;b");
        Files.writeString(root.resolve(".h"), "in:.h");
        Files.createSymbolicLink(root.resolve("link"), Path.of("../secret.txt"));
        Files.createSymbolicLink(root.resolve("a/up"), Path.of("../../secret.txt"));
        Files.createSymbolicLink(root.resolve("a/loop"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("outdir"), Path.of(".."));
    }

    @TestFactory
    Stream<DynamicTest> neverServesAFileOutsideTheRoot() {
        StaticFileHandler plain = StaticFileHandler.create(root, false);
        StaticFileHandler following = StaticFileHandler.create(root, true);
        Random random = new Random(SEED);
        return IntStream.range(0, PATHS).mapToObj(i -> {
            String path = randomPath(random);
            return DynamicTest.dynamicTest("seed " + SEED + " #" + i + ": " + path, () -> {
                check(plain, path);
                check(following, path);
            });
        });
    }

    private static void check(StaticFileHandler handler, String path) {
        String description = "seed " + SEED + " (-Dc10k.files.seed=" + SEED + "), path " + path;
        Response response;
        try {
            response = handler.handle(RequestHead.get(path));
        } catch (HttpException e) {
            assertThat(e.status()).as(description).isEqualTo(Status.BAD_REQUEST);
            return;
        }
        assertThat(response.status())
                .as(description)
                .isIn(Status.OK, Status.MOVED_PERMANENTLY, Status.FORBIDDEN, Status.NOT_FOUND);
        switch (response.body()) {
            case Body.FileRegion region -> {
                String content = new String(Regions.read(region), StandardCharsets.UTF_8);
                assertThat(content).as(description).isNotEqualTo(SECRET).isIn(inside);
            }
            default -> {
                String location = StaticFileHandlerTest.field(response, "Location");
                if (location != null) {
                    assertThat(location).as(description).startsWith("/").doesNotStartWith("//");
                }
            }
        }
    }

    private static String randomPath(Random random) {
        StringBuilder path = new StringBuilder("/");
        int segments = 1 + random.nextInt(6);
        for (int i = 0; i < segments; i++) {
            if (i > 0) {
                path.append(SEPARATORS.get(random.nextInt(SEPARATORS.size())));
            }
            path.append(SEGMENTS.get(random.nextInt(SEGMENTS.size())));
        }
        if (random.nextInt(5) == 0) {
            path.append('/');
        }
        return path.toString();
    }
}
