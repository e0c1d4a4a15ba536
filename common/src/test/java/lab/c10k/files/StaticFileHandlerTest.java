package lab.c10k.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lab.c10k.http.Body;
import lab.c10k.http.HttpDate;
import lab.c10k.http.HttpException;
import lab.c10k.http.Method;
import lab.c10k.http.RequestHead;
import lab.c10k.http.Response;
import lab.c10k.http.Status;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFileHandlerTest {
    private static final Instant DATA_MODIFIED = Instant.parse("2024-05-06T07:08:09.123Z");
    private static final String DATA_ETAG = "\"18f4cbb3823-3e8\"";
    private static final String DATA_LAST_MODIFIED = "Mon, 06 May 2024 07:08:09 GMT";
    private static final Instant FUTURE_MODIFIED = Instant.parse("2040-02-03T04:05:06Z");

    @TempDir
    static Path base;

    static Path root;
    static byte[] data;
    static StaticFileHandler handler;
    static StaticFileHandler following;

    /**
     * The document root {@code base/root}, with a secret next to it in {@code base}:
     *
     * <pre>
     * hello.txt index.html data.bin (1000 bytes) empty.txt future.txt (2040) semi;colon.txt "space name.txt"
     * ünï.txt dir/{index.html,page.txt,.secret} noindex/x.txt weird/index.html/ a/b.txt
     * .hidden .git/config .hiddendir/x.txt
     * out-link -> ../secret.txt, abs-out-link -> /.../secret.txt, in-link -> hello.txt, dir-link -> dir,
     * out-dir-link -> .., hidden-link -> .hidden, dangling -> missing, loop-a -> loop-b -> loop-a, fifo,
     * fifo-link -> fifo, sock
     * </pre>
     */
    @BeforeAll
    static void createTree() throws Exception {
        root = Files.createDirectory(base.resolve("root"));
        Path secret = write(base.resolve("secret.txt"), "SECRET");
        write(root.resolve("hello.txt"), "hello");
        write(root.resolve("index.html"), "<h1>root</h1>");
        data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + i / 256);
        }
        Files.write(root.resolve("data.bin"), data);
        Files.setLastModifiedTime(root.resolve("data.bin"), FileTime.from(DATA_MODIFIED));
        write(root.resolve("empty.txt"), "");
        write(root.resolve("future.txt"), "future");
        Files.setLastModifiedTime(root.resolve("future.txt"), FileTime.from(FUTURE_MODIFIED));
        write(root.resolve("semi;colon.txt"), "semi");
        write(root.resolve("space name.txt"), "space");
        write(root.resolve("ünï.txt"), "unicode");
        write(Files.createDirectory(root.resolve("dir")).resolve("index.html"), "<h1>dir</h1>");
        write(root.resolve("dir/page.txt"), "page");
        write(root.resolve("dir/.secret"), "dir secret");
        write(Files.createDirectory(root.resolve("noindex")).resolve("x.txt"), "x");
        Files.createDirectories(root.resolve("weird/index.html"));
        write(Files.createDirectory(root.resolve("a")).resolve("b.txt"), "ab");
        write(root.resolve(".hidden"), "hidden");
        write(Files.createDirectory(root.resolve(".git")).resolve("config"), "git config");
        write(Files.createDirectory(root.resolve(".hiddendir")).resolve("x.txt"), "hidden x");
        for (String name : List.of("page.HTML", "style.css", "data.json", "noext", "archive.tar.gz", "pic.JPG")) {
            write(root.resolve(name), name);
        }
        Files.createSymbolicLink(root.resolve("out-link"), Path.of("../secret.txt"));
        Files.createSymbolicLink(root.resolve("abs-out-link"), secret.toAbsolutePath());
        Files.createSymbolicLink(root.resolve("in-link"), Path.of("hello.txt"));
        Files.createSymbolicLink(root.resolve("dir-link"), Path.of("dir"));
        Files.createSymbolicLink(root.resolve("out-dir-link"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("hidden-link"), Path.of(".hidden"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("missing"));
        Files.createSymbolicLink(root.resolve("loop-a"), Path.of("loop-b"));
        Files.createSymbolicLink(root.resolve("loop-b"), Path.of("loop-a"));
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("fifo").toString())
                .inheritIO()
                .start();
        assertThat(mkfifo.waitFor()).isZero();
        Files.createSymbolicLink(root.resolve("fifo-link"), Path.of("fifo"));
        try (var socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(root.resolve("sock")));
        }
        handler = StaticFileHandler.create(root, false);
        following = StaticFileHandler.create(root, true);
    }

    // --- mapping paths to files -----------------------------------------------------------------------------

    @ParameterizedTest(name = "GET {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /../x                       | 400
            /a/../../x                  | 400
            /%2e%2e/x                   | 400
            /.%2e/x                     | 400
            /%2e%2e%2f                  | 400
            /a%2fb                      | 400
            /a%5cb                      | 400
            /a\\b                       | 400
            /%00                        | 400
            /hello.txt%00.html          | 400
            /%0d%0a                     | 400
            /%c0%af                     | 400
            /%                          | 400
            /%1                         | 400
            /%zz                        | 400
            //hello.txt                 | 200 hello
            ///a//b.txt                 | 200 ab
            /a/./b.txt                  | 200 ab
            /a/%2e/b.txt                | 200 ab
            /dir/%2e%2e/hello.txt       | 200 hello
            /dir/missing/../page.txt    | 200 page
            /dir/page.txt/..            | 200 <h1>dir</h1>
            /a/b.txt/..                 | 404
            /a/..                       | 200 <h1>root</h1>
            /hello.txt/                 | 404
            /hello.txt/.                | 404
            /hello.txt/x                | 404
            /missing                    | 404
            /missing/                   | 404
            /HELLO.TXT                  | 404
            /hello.txt;.html            | 404
            /semi;colon.txt             | 200 semi
            /semi%3Bcolon.txt           | 200 semi
            /space%20name.txt           | 200 space
            /%C3%BCn%C3%AF.txt          | 200 unicode
            /%68%65%6c%6c%6f.txt        | 200 hello
            """)
    void mapsPathsSafely(String path, String expected) {
        assertThat(outcome(handler, Requests.to(path).build())).isEqualTo(expected);
        assertThat(outcome(following, Requests.to(path).build())).isEqualTo(expected);
    }

    @Test
    void aNameLongerThanAnyFileSystemAllowsIsNotFound() {
        assertThat(outcome(
                        handler,
                        Requests.to("/" + "a".repeat(DocumentRoot.NAME_MAX + 1)).build()))
                .isEqualTo("404");
        assertThat(outcome(handler, Requests.to("/" + "%C3%BC".repeat(128)).build()))
                .isEqualTo("404");
    }

    @ParameterizedTest(name = "GET {0} -> 404")
    @ValueSource(
            strings = {
                "/.hidden",
                "/.git/config",
                "/.git/",
                "/.git",
                "/dir/.secret",
                "/%2ehidden",
                "/.hiddendir/x.txt",
                "/.hiddendir/",
                "/...",
                "/dir/%2E%2E/.hidden"
            })
    void hiddenFilesAndDirectoriesAreNotFound(String path) {
        assertThat(outcome(handler, Requests.to(path).build())).isEqualTo("404");
        assertThat(outcome(following, Requests.to(path).build())).isEqualTo("404");
    }

    @ParameterizedTest(name = "GET {0} -> {1}; following links: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /out-link                     | 404 | 404
            /abs-out-link                 | 404 | 404
            /in-link                      | 404 | 200 hello
            /dir-link/page.txt            | 404 | 200 page
            /dir-link                     | 404 | 301 /dir-link/
            /dir-link/                    | 404 | 200 <h1>dir</h1>
            /out-dir-link/secret.txt      | 404 | 404
            /out-dir-link/root/hello.txt  | 404 | 404
            /hidden-link                  | 404 | 404
            /dangling                     | 404 | 404
            /loop-a                       | 404 | 404
            /loop-a/x                     | 404 | 404
            /fifo-link                    | 404 | 404
            """)
    void symbolicLinksAreDeniedByDefaultAndFollowedOnlyInsideTheRoot(String path, String plain, String followed) {
        assertThat(outcome(handler, Requests.to(path).build())).isEqualTo(plain);
        assertThat(outcome(following, Requests.to(path).build())).isEqualTo(followed);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /fifo", "HEAD, /fifo", "GET, /sock", "HEAD, /sock", "GET, /fifo-link"})
    void aFifoOrSocketIsNotFoundAndNeverOpened(Method method, String path) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(handler.handle(Requests.to(path).method(method).build()).status())
                    .isEqualTo(Status.NOT_FOUND);
            assertThat(following
                            .handle(Requests.to(path).method(method).build())
                            .status())
                    .isEqualTo(Status.NOT_FOUND);
        });
    }

    // --- directories ------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "GET {0} ? {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            /dir              | NULL        | /dir/
            /dir              | x=1&y=%20   | /dir/?x=1&y=%20
            /dir              | ''          | /dir/?
            /noindex          | NULL        | /noindex/
            //dir             | NULL        | /dir/
            ///dir            | q           | /dir/?q
            /a/../dir         | NULL        | /a/../dir/
            /%64ir            | NULL        | /%64ir/
            """)
    void aDirectoryWithoutSlashIsRedirected(String path, String query, String location) {
        Response response = handler.handle(Requests.to(path).query(query).build());
        assertThat(response.status()).isEqualTo(Status.MOVED_PERMANENTLY);
        assertThat(field(response, "Location")).isEqualTo(location);
        assertThat(field(response, "Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(response.body()).isInstanceOf(Body.Bytes.class);
    }

    @Test
    void aRedirectNeverEchoesAQueryThatCouldSplitTheHeader() {
        assertThatThrownBy(() -> handler.handle(
                        Requests.to("/dir").query("a\r\nSet-Cookie: x").build()))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(Status.BAD_REQUEST));
    }

    @ParameterizedTest(name = "GET {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /           | 200 <h1>root</h1>
            /dir/       | 200 <h1>dir</h1>
            /dir//      | 200 <h1>dir</h1>
            /noindex/   | 404
            /weird/     | 404
            """)
    void aDirectoryIsAnsweredWithItsIndexAndNeverListed(String path, String expected) {
        assertThat(outcome(handler, Requests.to(path).build())).isEqualTo(expected);
    }

    @Test
    void anIndexIsServedAsHtml() {
        Response response = handler.handle(Requests.to("/dir/").build());
        assertThat(field(response, "Content-Type")).isEqualTo("text/html; charset=utf-8");
        close(response);
    }

    // --- the response for a file ------------------------------------------------------------------------------

    @Test
    void aFileIsAnsweredWithItsValidatorsTypeAndRegion() throws IOException {
        Path file = root.resolve("hello.txt");
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        Response response = handler.handle(RequestHead.get("/hello.txt"));
        assertThat(response.status()).isEqualTo(Status.OK);
        assertThat(response.fields())
                .containsExactly(
                        new Response.Field("Content-Type", "text/plain; charset=utf-8"),
                        new Response.Field("Last-Modified", HttpDate.format(modified)),
                        new Response.Field("ETag", "\"" + Long.toHexString(modified.toEpochMilli()) + "-5\""),
                        new Response.Field("Accept-Ranges", "bytes"));
        Body.FileRegion region = (Body.FileRegion) response.body();
        assertThat(region.position()).isZero();
        assertThat(region.count()).isEqualTo(5);
        assertThat(Regions.read(region)).asString().isEqualTo("hello");
        assertThat(Regions.descriptorsOn(file)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /page.HTML        | text/html; charset=utf-8
            /style.css        | text/css; charset=utf-8
            /data.json        | application/json
            /pic.JPG          | image/jpeg
            /archive.tar.gz   | application/gzip
            /noext            | application/octet-stream
            /data.bin         | application/octet-stream
            """)
    void theContentTypeFollowsTheExtension(String path, String type) {
        Response response = handler.handle(RequestHead.get(path));
        assertThat(field(response, "Content-Type")).isEqualTo(type);
        close(response);
    }

    @ParameterizedTest
    @EnumSource(
            value = Method.class,
            names = {"GET", "HEAD"},
            mode = EnumSource.Mode.EXCLUDE)
    void otherMethodsAreNotAllowed(Method method) {
        for (String path : List.of("/hello.txt", "/missing", "/%zz", "*")) {
            Response response = handler.handle(Requests.to(path).method(method).build());
            assertThat(response.status()).isEqualTo(Status.METHOD_NOT_ALLOWED);
            assertThat(field(response, "Allow")).isEqualTo("GET, HEAD");
            assertThat(new String(((Body.Bytes) response.body()).bytes(), StandardCharsets.UTF_8))
                    .doesNotContain(path);
        }
    }

    // --- conditional requests ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            INM current tag                  | NULL          | NULL   | ETAG             | NULL   | 304
            INM list with the tag            | NULL          | NULL   | '"x", ETAG'      | NULL   | 304
            INM star                         | NULL          | NULL   | *                | NULL   | 304
            INM weak tag                     | NULL          | NULL   | W/ETAG           | NULL   | 304
            INM other tag                    | NULL          | NULL   | '"x"'            | NULL   | 200
            INM garbage                      | NULL          | NULL   | garbage          | NULL   | 200
            IM other tag                     | '"x"'         | NULL   | NULL             | NULL   | 412
            IM star                          | *             | NULL   | NULL             | NULL   | 200
            IM current tag                   | ETAG          | NULL   | NULL             | NULL   | 200
            IM weak tag                      | W/ETAG        | NULL   | NULL             | NULL   | 412
            IM list with the tag             | '"x", ETAG'   | NULL   | NULL             | NULL   | 200
            IM before INM                    | '"x"'         | NULL   | ETAG             | NULL   | 412
            IMS equal                        | NULL          | NULL   | NULL             | LM     | 304
            IMS later                        | NULL          | NULL   | NULL             | LM+1   | 304
            IMS beyond 2038                  | NULL          | NULL   | NULL             | Y2041  | 304
            IMS earlier                      | NULL          | NULL   | NULL             | LM-1   | 200
            IMS invalid                      | NULL          | NULL   | NULL             | garbage| 200
            IMS repeated                     | NULL          | NULL   | NULL             | LM,LM  | 200
            IMS ignored when INM present     | NULL          | NULL   | '"x"'            | LM     | 200
            IUS earlier                      | NULL          | LM-1   | NULL             | NULL   | 412
            IUS equal                        | NULL          | LM     | NULL             | NULL   | 200
            IUS invalid                      | NULL          | garbage| NULL             | NULL   | 200
            IUS ignored when IM present      | ETAG          | LM-1   | NULL             | NULL   | 200
            IUS before IMS                   | NULL          | LM-1   | NULL             | LM     | 412
            """)
    void evaluatesPreconditionsInOrder(
            String name,
            String ifMatch,
            String ifUnmodifiedSince,
            String ifNoneMatch,
            String ifModifiedSince,
            int status) {
        for (Method method : List.of(Method.GET, Method.HEAD)) {
            Response response = handler.handle(Requests.to("/data.bin")
                    .method(method)
                    .ifMatch(validator(ifMatch))
                    .ifUnmodifiedSince(validator(ifUnmodifiedSince))
                    .ifNoneMatch(validator(ifNoneMatch))
                    .ifModifiedSince(validator(ifModifiedSince))
                    .build());
            assertThat(response.status().code()).as(method.name()).isEqualTo(status);
            close(response);
        }
    }

    @Test
    void notModifiedCarriesTheValidatorsAndNoBody() throws IOException {
        for (Method method : List.of(Method.GET, Method.HEAD)) {
            Response response = handler.handle(Requests.to("/data.bin")
                    .method(method)
                    .ifNoneMatch(DATA_ETAG)
                    .build());
            assertThat(response.status()).isEqualTo(Status.NOT_MODIFIED);
            assertThat(response.fields())
                    .containsExactly(
                            new Response.Field("ETag", DATA_ETAG),
                            new Response.Field("Last-Modified", DATA_LAST_MODIFIED));
            assertThat(response.body()).isSameAs(Body.ABSENT);
        }
        assertThat(Regions.descriptorsOn(root.resolve("data.bin"))).isEmpty();
    }

    @Test
    void preconditionsAreNotEvaluatedForAMissingFile() {
        assertThat(handler.handle(Requests.to("/missing").ifMatch("\"x\"").build())
                        .status())
                .isEqualTo(Status.NOT_FOUND);
        assertThat(handler.handle(Requests.to("/missing").ifNoneMatch("*").build())
                        .status())
                .isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void datesBeyond2038Work() {
        Response response = handler.handle(RequestHead.get("/future.txt"));
        assertThat(field(response, "Last-Modified")).isEqualTo("Fri, 03 Feb 2040 04:05:06 GMT");
        assertThat(field(response, "ETag")).isEqualTo("\"" + Long.toHexString(FUTURE_MODIFIED.toEpochMilli()) + "-6\"");
        close(response);
        assertThat(handler.handle(Requests.to("/future.txt")
                                .ifModifiedSince("Fri, 03 Feb 2040 04:05:06 GMT")
                                .build())
                        .status())
                .isEqualTo(Status.NOT_MODIFIED);
        Response modified = handler.handle(Requests.to("/future.txt")
                .ifModifiedSince("Fri, 03 Feb 2040 04:05:05 GMT")
                .build());
        assertThat(modified.status()).isEqualTo(Status.OK);
        close(modified);
    }

    // --- ranges -----------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "Range [{0}] If-Range [{1}] -> {2} {3}-{4}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            bytes=0-8                  | NULL      | 206 | 0   | 8
            bytes=-10                  | NULL      | 206 | 990 | 999
            bytes=990-                 | NULL      | 206 | 990 | 999
            bytes=990-1990             | NULL      | 206 | 990 | 999
            bytes=999-999              | NULL      | 206 | 999 | 999
            bytes=-1000                | NULL      | 206 | 0   | 999
            BYTES=1-2                  | NULL      | 206 | 1   | 2
            ' bytes=1-2 '              | NULL      | 206 | 1   | 2
            bytes=1000-                | NULL      | 416 | 0   | 0
            bytes=1000-2000            | NULL      | 416 | 0   | 0
            bytes=-0                   | NULL      | 416 | 0   | 0
            bytes=0-1,5-6              | NULL      | 200 | 0   | 999
            'bytes=0-9, -10, 10-19'    | NULL      | 200 | 0   | 999
            bytes=alpha                | NULL      | 200 | 0   | 999
            bytes=10-alpha             | NULL      | 200 | 0   | 999
            bytes=10                   | NULL      | 200 | 0   | 999
            bytes=7-1                  | NULL      | 200 | 0   | 999
            bytes=,                    | NULL      | 200 | 0   | 999
            items=0-1                  | NULL      | 200 | 0   | 999
            bytes=0-8                  | ETAG      | 206 | 0   | 8
            bytes=0-8                  | LM        | 206 | 0   | 8
            bytes=0-8                  | '"x"'     | 200 | 0   | 999
            bytes=0-8                  | W/ETAG    | 200 | 0   | 999
            bytes=0-8                  | LM-1      | 200 | 0   | 999
            bytes=0-8                  | wrong     | 200 | 0   | 999
            bytes=1000-                | ETAG      | 416 | 0   | 0
            bytes=1000-                | '"x"'     | 200 | 0   | 999
            NULL                       | '"x"'     | 200 | 0   | 999
            """)
    void servesOneRange(String range, String ifRange, int status, long first, long last) throws IOException {
        Response response = handler.handle(Requests.to("/data.bin")
                .range(range)
                .ifRange(validator(ifRange))
                .build());
        assertThat(response.status().code()).isEqualTo(status);
        switch (response.status()) {
            case PARTIAL_CONTENT, OK -> {
                var region = (Body.FileRegion) response.body();
                assertThat(region.position()).isEqualTo(first);
                assertThat(region.count()).isEqualTo(last - first + 1);
                assertThat(field(response, "Content-Range"))
                        .isEqualTo(status == 206 ? "bytes " + first + "-" + last + "/1000" : null);
                assertThat(field(response, "ETag")).isEqualTo(DATA_ETAG);
                assertThat(Regions.read(region)).isEqualTo(Arrays.copyOfRange(data, (int) first, (int) last + 1));
            }
            default -> {
                assertThat(field(response, "Content-Range")).isEqualTo("bytes */1000");
                assertThat(response.body()).isInstanceOf(Body.Bytes.class);
            }
        }
        assertThat(Regions.descriptorsOn(root.resolve("data.bin"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-0", "bytes=-1", "bytes=-0", "bytes=5-"})
    void aRangeOfAnEmptyFileIsIgnored(String range) {
        Response response =
                handler.handle(Requests.to("/empty.txt").range(range).build());
        assertThat(response.status()).isEqualTo(Status.OK);
        assertThat(response.body().length()).isZero();
        close(response);
    }

    // --- HEAD -------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "HEAD {0} (Range {1})")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            /hello.txt   | NULL
            /data.bin    | NULL
            /data.bin    | bytes=0-8
            /data.bin    | bytes=5000-
            /dir/        | NULL
            /empty.txt   | NULL
            """)
    void headHasTheFieldsOfGetAndWithholdsTheWholeLength(String path, String range) throws IOException {
        Path file = root.resolve(path.substring(1));
        if (path.endsWith("/")) {
            file = file.resolve("index.html");
        }
        Response head = handler.handle(
                Requests.to(path).method(Method.HEAD).range(range).build());
        assertThat(Regions.descriptorsOn(file)).as("HEAD opens nothing").isEmpty();
        Response get = handler.handle(Requests.to(path).build());
        assertThat(head.status()).isEqualTo(Status.OK);
        assertThat(head.fields()).isEqualTo(get.fields());
        assertThat(head.body()).isEqualTo(new Body.Withheld(Files.size(file)));
        close(get);
    }

    @ParameterizedTest(name = "HEAD {0}")
    @ValueSource(strings = {"/missing", "/dir", "/.hidden"})
    void headOfAnErrorOrRedirectWithholdsItsText(String path) {
        Response get = handler.handle(RequestHead.get(path));
        Response head = handler.handle(Requests.to(path).method(Method.HEAD).build());
        assertThat(head.status()).isEqualTo(get.status());
        assertThat(head.fields()).isEqualTo(get.fields());
        assertThat(head.body()).isEqualTo(new Body.Withheld(get.body().length()));
    }

    // --- the root and permissions -----------------------------------------------------------------------------

    @Test
    void aMissingRootIsRefusedByName() {
        Path missing = base.resolve("no-such-root");
        assertThatThrownBy(() -> StaticFileHandler.create(missing, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("document root " + missing + " does not exist");
    }

    @Test
    void aFileAsRootIsRefusedByName() {
        Path file = root.resolve("hello.txt");
        assertThatThrownBy(() -> StaticFileHandler.create(file, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("document root " + file + " is not a directory");
    }

    @Test
    void anUnreadableRootIsRefusedByName() throws IOException {
        Path locked = Files.createDirectory(base.resolve("locked-root"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            Assumptions.assumeFalse(Files.isReadable(locked), "permissions are not enforced for this user (root)");
            assertThatThrownBy(() -> StaticFileHandler.create(locked, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("document root " + locked + " is not readable");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aRootReachedThroughALinkServesItsRealDirectory() throws IOException {
        Path link = Files.createSymbolicLink(base.resolve("root-link"), root);
        StaticFileHandler throughLink = StaticFileHandler.create(link, false);
        assertThat(outcome(throughLink, RequestHead.get("/hello.txt"))).isEqualTo("200 hello");
        assertThat(outcome(throughLink, RequestHead.get("/in-link"))).isEqualTo("404");
    }

    @Test
    void anUnreadableFileIsForbidden() throws IOException {
        Path dir = Files.createDirectory(base.resolve("perm-file"));
        Path file = write(dir.resolve("locked.txt"), "locked");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(file), "permissions are not enforced for this user (root)");
        StaticFileHandler permHandler = StaticFileHandler.create(dir, false);
        assertThat(permHandler.handle(RequestHead.get("/locked.txt")).status()).isEqualTo(Status.FORBIDDEN);
        assertThat(permHandler
                        .handle(Requests.to("/locked.txt").method(Method.HEAD).build())
                        .status())
                .isEqualTo(Status.FORBIDDEN);
    }

    @Test
    void aFileInAnUnsearchableDirectoryIsForbidden() throws IOException {
        Path dir = Files.createDirectory(base.resolve("perm-dir"));
        Path closed = Files.createDirectory(dir.resolve("closed"));
        write(closed.resolve("x.txt"), "x");
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
        try {
            Assumptions.assumeFalse(Files.isExecutable(closed), "permissions are not enforced for this user (root)");
            StaticFileHandler permHandler = StaticFileHandler.create(dir, false);
            assertThat(permHandler.handle(RequestHead.get("/closed/x.txt")).status())
                    .isEqualTo(Status.FORBIDDEN);
        } finally {
            Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * What a request gets, as a short string: {@code 400} for a refused target, {@code 301 <location>}, {@code
     * 200 <content>}, or the status code. Closes any file region.
     */
    static String outcome(StaticFileHandler handler, RequestHead request) {
        Response response;
        try {
            response = handler.handle(request);
        } catch (HttpException e) {
            return String.valueOf(e.status().code());
        }
        return switch (response.body()) {
            case Body.FileRegion region ->
                response.status().code() + " " + new String(Regions.read(region), StandardCharsets.UTF_8);
            default ->
                response.status() == Status.MOVED_PERMANENTLY
                        ? "301 " + field(response, "Location")
                        : String.valueOf(response.status().code());
        };
    }

    /** The value of the field {@code name}, or {@code null}. */
    static String field(Response response, String name) {
        Map<String, String> fields =
                response.fields().stream().collect(Collectors.toMap(Response.Field::name, Response.Field::value));
        return fields.get(name);
    }

    private static void close(Response response) {
        if (response.body() instanceof Body.FileRegion region) {
            Regions.read(region);
        }
    }

    /** Replaces the placeholders of the tables: ETAG, LM, LM-1, LM+1, LM,LM, Y2041. */
    private static String validator(String value) {
        if (value == null) {
            return null;
        }
        long second = DATA_MODIFIED.getEpochSecond();
        return switch (value) {
            case "LM" -> DATA_LAST_MODIFIED;
            case "LM-1" -> HttpDate.formatEpochSecond(second - 1);
            case "LM+1" -> HttpDate.formatEpochSecond(second + 1);
            case "LM,LM" -> DATA_LAST_MODIFIED + ", " + DATA_LAST_MODIFIED;
            case "Y2041" -> "Tue, 01 Jan 2041 00:00:00 GMT";
            default -> value.replace("ETAG", DATA_ETAG);
        };
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content);
    }
}
