package lab.c10k.http;

import static lab.c10k.http.Feeder.bytes;
import static lab.c10k.http.Feeder.show;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance table: raw requests and what the parser must make of them, from RFC 9112/9110 and the hostile
 * inputs that nginx-tests, httpd's {@code http_strict.t}, h1spec, Http11Probe and HTTP Garden use (see
 * research/anchors_reliability.md, section 1.2).
 *
 * <p>Each request is written with CRLF. Every case runs four ways: as written and with bare-LF line endings in
 * its head, each fed whole and one byte at a time; both feedings must give the same outcome, detail included.
 * The bare-LF variant is skipped where the line ending itself is the point of the case.
 */
class RequestParserConformanceTest {

    /** One row of the table. */
    record Case(String name, String request, Expected expected, boolean lineEndingMatters) {
        /** The same case without the bare-LF variant. */
        Case crlfOnly() {
            return new Case(name, request, expected, true);
        }
    }

    /** What the parser must make of a request. */
    sealed interface Expected {
        /** Exactly one request, every byte consumed, with these RequestHead properties. */
        record Accepted(Map<String, Object> properties) implements Expected {}

        /** An HttpException with this status. */
        record Refused(int status) implements Expected {}

        /** Nothing yet: every byte consumed, more needed, the request in progress. */
        record Incomplete() implements Expected {}
    }

    private static final Map<String, RecordComponent> PROPERTIES = new LinkedHashMap<>();

    static {
        for (RecordComponent c : RequestHead.class.getRecordComponents()) {
            PROPERTIES.put(c.getName(), c);
        }
    }

    /** A request accepted with these properties, given as name, value, name, value... */
    static Case ok(String name, String request, Object... properties) {
        Map<String, Object> expected = new LinkedHashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            String property = (String) properties[i];
            if (!PROPERTIES.containsKey(property)) {
                throw new IllegalArgumentException("no RequestHead property " + property + " in case " + name);
            }
            expected.put(property, properties[i + 1]);
        }
        return new Case(name, request, new Expected.Accepted(expected), false);
    }

    static Case refused(String name, String request, int status) {
        return new Case(name, request, new Expected.Refused(status), false);
    }

    static Case incomplete(String name, String request) {
        return new Case(name, request, new Expected.Incomplete(), false);
    }

    private static final String CHUNKED_POST = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    private static final String GET_HEAD = "GET / HTTP/1.1\r\nHost: a\r\n";

    static final List<Case> CASES = List.of(
            // ---- valid requests ----
            ok(
                    "minimal HTTP/1.1 GET",
                    "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                    "method",
                    Method.GET,
                    "target",
                    "/",
                    "path",
                    "/",
                    "query",
                    null,
                    "version",
                    HttpVersion.HTTP_1_1,
                    "host",
                    "a",
                    "keepAlive",
                    true,
                    "expectContinue",
                    false,
                    "bodyUnread",
                    false,
                    "range",
                    null),
            ok(
                    "wrk request",
                    "GET /2k.bin HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n",
                    "path",
                    "/2k.bin",
                    "host",
                    "127.0.0.1:8080"),
            ok("HEAD", "HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n", "method", Method.HEAD),
            ok("POST without body", "POST / HTTP/1.1\r\nHost: a\r\n\r\n", "method", Method.POST),
            ok("PUT", "PUT / HTTP/1.1\r\nHost: a\r\n\r\n", "method", Method.PUT),
            ok("DELETE", "DELETE / HTTP/1.1\r\nHost: a\r\n\r\n", "method", Method.DELETE),
            ok("TRACE", "TRACE / HTTP/1.1\r\nHost: a\r\n\r\n", "method", Method.TRACE),
            ok("PATCH", "PATCH / HTTP/1.1\r\nHost: a\r\n\r\n", "method", Method.PATCH),
            ok(
                    "HTTP/1.0 without Host",
                    "GET / HTTP/1.0\r\n\r\n",
                    "version",
                    HttpVersion.HTTP_1_0,
                    "host",
                    "",
                    "keepAlive",
                    false),
            ok("HTTP/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", "keepAlive", true),
            ok(
                    "HTTP/1.0 keep-alive and close",
                    "GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n",
                    "keepAlive",
                    false),
            ok("HTTP/1.1 close", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "keepAlive", false),
            ok(
                    "close among other options",
                    "GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade ,\tCLOSE\r\n\r\n",
                    "keepAlive",
                    false),
            ok(
                    "close in a second Connection field",
                    "GET / HTTP/1.1\r\nHost: a\r\nConnection: te\r\nConnection: close\r\n\r\n",
                    "keepAlive",
                    false),
            ok(
                    "close as a substring is not close",
                    "GET / HTTP/1.1\r\nHost: a\r\nConnection: closed\r\n\r\n",
                    "keepAlive",
                    true),
            ok("HTTP/1.2 is spoken as 1.1", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", "version", HttpVersion.HTTP_1_1),
            ok("HTTP/1.9 is spoken as 1.1", "GET / HTTP/1.9\r\nHost: a\r\n\r\n", "version", HttpVersion.HTTP_1_1),
            ok(
                    "query",
                    "GET /a/b?x=1&y=2 HTTP/1.1\r\nHost: a\r\n\r\n",
                    "target",
                    "/a/b?x=1&y=2",
                    "path",
                    "/a/b",
                    "query",
                    "x=1&y=2"),
            ok("empty query", "GET /a? HTTP/1.1\r\nHost: a\r\n\r\n", "path", "/a", "query", ""),
            ok("question mark in query", "GET /a?b?c HTTP/1.1\r\nHost: a\r\n\r\n", "path", "/a", "query", "b?c"),
            ok("percent-escapes are kept encoded", "GET /a%20b%2F HTTP/1.1\r\nHost: a\r\n\r\n", "path", "/a%20b%2F"),
            ok(
                    "truncated escape is left to the file layer",
                    "GET /foo/bar% HTTP/1.1\r\nHost: a\r\n\r\n",
                    "path",
                    "/foo/bar%"),
            ok(
                    "sub-delims and brackets in the target",
                    "GET /a;b=c,d!$&'()*+[]:@~ HTTP/1.1\r\nHost: a\r\n\r\n",
                    "path",
                    "/a;b=c,d!$&'()*+[]:@~"),
            ok("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", "method", Method.OPTIONS, "path", "*"),
            ok("OPTIONS origin-form", "OPTIONS /x HTTP/1.1\r\nHost: a\r\n\r\n", "path", "/x"),
            ok(
                    "CONNECT authority-form",
                    "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
                    "method",
                    Method.CONNECT,
                    "path",
                    "example.com:443",
                    "query",
                    null),
            ok("CONNECT IPv6 authority", "CONNECT [::1]:443 HTTP/1.1\r\nHost: a\r\n\r\n", "path", "[::1]:443"),

            // ---- leading empty lines ----
            ok("one empty line before the request", "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", "path", "/"),
            ok("eight empty lines", "\r\n".repeat(8) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "path", "/"),
            refused("nine empty lines", "\r\n".repeat(9) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("whitespace line before the request", " \r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),

            // ---- request line ----
            ok("bare LF throughout", "GET / HTTP/1.0\n\n", "version", HttpVersion.HTTP_1_0),
            ok("mixed line endings", "GET / HTTP/1.1\nHost: a\r\nX: y\n\r\n", "host", "a"),
            refused("CR inside the request line", "GET\r/ HTTP/1.0\r\n\r\n", 400)
                    .crlfOnly(),
            refused("CR as the request line terminator", "GET / HTTP/1.0\r\r", 400)
                    .crlfOnly(),
            refused("tab as separator", "GET\t/ HTTP/1.0\r\n\r\n", 400),
            refused("form feed as separator", "GET\f/ HTTP/1.0\r\n\r\n", 400),
            refused("space inside the method", "G ET / HTTP/1.0\r\n\r\n", 400),
            refused("NUL inside the method", "G\0ET / HTTP/1.0\r\n\r\n", 400),
            refused("non-token byte in the method", "GE[T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("byte >= 0x80 in the method", "G\u00c9T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("lower-case method", "get / HTTP/1.0\r\n\r\n", 501),
            refused("unknown method", "BREW / HTTP/1.1\r\nHost: a\r\n\r\n", 501),
            refused("unknown method with a token-only name", "M-SEARCH * HTTP/1.1\r\nHost: a\r\n\r\n", 501),
            refused("NUL in the target", "GET /\0 HTTP/1.0\r\n\r\n", 400),
            refused("control byte in the target", "GET /\u0001 HTTP/1.0\r\n\r\n", 400),
            refused("DEL in the target", "GET /\u007f HTTP/1.0\r\n\r\n", 400),
            refused("byte >= 0x80 in the target", "GET /caf\u00e9 HTTP/1.0\r\n\r\n", 400),
            refused("NUL after the version", "GET / HTTP/1.0\0\r\n\r\n", 400),
            refused("space inside the target", "GET / / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("fragment", "GET /#frag HTTP/1.0\r\n\r\n", 400),
            refused("double quote in the target", "GET /\" HTTP/1.0\r\n\r\n", 400),
            refused("< in the target", "GET /< HTTP/1.0\r\n\r\n", 400),
            refused("> in the target", "GET /> HTTP/1.0\r\n\r\n", 400),
            refused("backslash in the target", "GET /a\\b HTTP/1.0\r\n\r\n", 400),
            refused("^ in the target", "GET /^ HTTP/1.0\r\n\r\n", 400),
            refused("backtick in the target", "GET /` HTTP/1.0\r\n\r\n", 400),
            refused("{ in the target", "GET /{ HTTP/1.0\r\n\r\n", 400),
            refused("| in the target", "GET /| HTTP/1.0\r\n\r\n", 400),
            refused("} in the target", "GET /} HTTP/1.0\r\n\r\n", 400),
            refused("version HTTP/1.11", "GET / HTTP/1.11\r\n\r\n", 400),
            refused("version HTTP/10.0", "GET / HTTP/10.0\r\n\r\n", 400),
            refused("junk after the version", "GET / HTTP/1.0 x\r\n\r\n", 400),
            refused("version HTT/1.0", "GET / HTT/1.0\r\n\r\n", 400),
            refused("version HTTP/", "GET / HTTP/\r\n\r\n", 400),
            refused("version HTTP/1", "GET / HTTP/1\r\n\r\n", 400),
            refused("lower-case version", "GET / http/1.1\r\nHost: a\r\n\r\n", 400),
            refused("letter as minor version", "GET / HTTP/1.x\r\nHost: a\r\n\r\n", 400),
            refused("version HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", 505),
            refused("version HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
            refused("version HTTP/9.9", "GET / HTTP/9.9\r\nHost: a\r\n\r\n", 505),
            refused("junk prefix", "Extra lineGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("no version", "GET / \r\n\r\n", 400),
            refused("no method", " / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("no target", "GET  HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("HTTP/0.9 request line", "GET /\r\n\r\n", 400),
            refused("two spaces after the target", "GET /  HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("space after the version", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400),
            refused("request line over the limit", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414),
            refused("request line without end", "GET /" + "a".repeat(9000), 414),
            refused("asterisk with GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("CONNECT with origin-form", "CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("CONNECT without port", "CONNECT example.com HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("CONNECT with empty port", "CONNECT example.com: HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("authority-form with GET", "GET example.com:80 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("relative path", "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("asterisk followed by more", "OPTIONS *a HTTP/1.1\r\nHost: a\r\n\r\n", 400),

            // ---- absolute-form ----
            ok(
                    "absolute-form with query and no path",
                    "GET http://localhost:8080?args HTTP/1.1\r\nHost: localhost:8080\r\n\r\n",
                    "target",
                    "http://localhost:8080?args",
                    "path",
                    "/",
                    "query",
                    "args",
                    "host",
                    "localhost:8080"),
            ok(
                    "absolute-form authority wins over Host",
                    "GET http://example.com/x/y?q HTTP/1.1\r\nHost: other.example\r\n\r\n",
                    "host",
                    "example.com",
                    "path",
                    "/x/y",
                    "query",
                    "q"),
            ok(
                    "upper-case https scheme",
                    "GET HTTPS://Example.COM/ HTTP/1.1\r\nHost: a\r\n\r\n",
                    "host",
                    "Example.COM",
                    "path",
                    "/"),
            ok("absolute-form without path", "GET http://a HTTP/1.1\r\nHost: a\r\n\r\n", "path", "/", "query", null),
            ok("absolute-form with IPv6", "GET http://[::1]:80/i HTTP/1.1\r\nHost: a\r\n\r\n", "host", "[::1]:80"),
            ok("absolute-form in HTTP/1.0 without Host", "GET http://a/ HTTP/1.0\r\n\r\n", "host", "a"),
            refused("absolute-form with userinfo", "GET http://user@a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("absolute-form port 80x", "GET http://localhost:80x/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("absolute-form double colon", "GET http://localhost::80/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("absolute-form two ::", "GET http://[4712::abcd::]/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("absolute-form empty host", "GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("absolute-form other scheme", "GET ftp://a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            refused("absolute-form still needs Host", "GET http://a/ HTTP/1.1\r\n\r\n", 400),

            // ---- header fields ----
            refused("space before the colon", GET_HEAD + "Foo :bar\r\n\r\n", 400),
            refused("space inside the name", GET_HEAD + "Foo bar:bash\r\n\r\n", 400),
            refused("no colon", GET_HEAD + "Foo bar\r\n\r\n", 400),
            refused("name without colon", GET_HEAD + "Foo\r\n\r\n", 400),
            refused("empty name", GET_HEAD + ": bar\r\n\r\n", 400),
            refused("space before the first field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400),
            refused("obs-fold", GET_HEAD + "Foo: FOO\r\n    hoge\r\n\r\n", 400),
            refused("obs-fold with a tab", GET_HEAD + "Foo: FOO\r\n\thoge\r\n\r\n", 400),
            refused("CR inside the name", GET_HEAD + "F\ro: bar\r\n\r\n", 400).crlfOnly(),
            refused("tab inside the name", GET_HEAD + "F\to: bar\r\n\r\n", 400),
            refused("NUL in a value", GET_HEAD + "Foo: b\0ar\r\n\r\n", 400),
            refused("bare CR at the end of a value", GET_HEAD + "Fo: bar\r\r\n\r\n", 400)
                    .crlfOnly(),
            refused("bare CR inside a value", GET_HEAD + "Fo: b\rar\r\n\r\n", 400)
                    .crlfOnly(),
            refused("BEL in a value", GET_HEAD + "X-Bad: test\u0007\r\n\r\n", 400),
            refused("VT in a value", GET_HEAD + "X-Bad: \u000btest\r\n\r\n", 400),
            refused("DEL in a value", GET_HEAD + "X-Bad: te\u007fst\r\n\r\n", 400),
            refused("brackets in a name", GET_HEAD + "X-Invalid[]: test\r\n\r\n", 400),
            refused("byte >= 0x80 in a name", GET_HEAD + "X-\u00e9: test\r\n\r\n", 400),
            refused("control byte in a name", GET_HEAD + "foo\u0002: x\r\n\r\n", 400),
            ok(
                    "tab before the value, odd case in the name",
                    "GET / HTTP/1.1\r\nhoSt:\texample.com\r\n\r\n",
                    "host",
                    "example.com"),
            ok("empty value", GET_HEAD + "empty:\r\n\r\n", "host", "a"),
            ok("obs-text in a value", GET_HEAD + "X-Name: caf\u00e9 \u0080\u00ff\r\n\r\n", "host", "a"),
            ok(
                    "obs-text kept in a kept field",
                    GET_HEAD + "If-None-Match: \"caf\u00e9\"\r\n\r\n",
                    "ifNoneMatch",
                    "\"caf\u00e9\""),
            ok("OWS around a value is trimmed", GET_HEAD + "Range:  bytes=0-1 \t\r\n\r\n", "range", "bytes=0-1"),
            ok(
                    "inner whitespace of a value is kept",
                    GET_HEAD + "If-None-Match: \"a\",\t \"b\"\r\n\r\n",
                    "ifNoneMatch",
                    "\"a\",\t \"b\""),
            ok(
                    "repeated field is combined",
                    GET_HEAD + "If-Match: \"a\"\r\nif-match: \"b\"\r\n\r\n",
                    "ifMatch",
                    "\"a\", \"b\""),
            ok(
                    "repeated Range is combined",
                    GET_HEAD + "Range: bytes=0-1\r\nRange: bytes=2-3\r\n\r\n",
                    "range",
                    "bytes=0-1, bytes=2-3"),
            ok(
                    "all kept fields",
                    GET_HEAD
                            + "RANGE: bytes=1-\r\nIf-Range: \"e\"\r\nIf-Match: *\r\nIf-None-Match: W/\"x\"\r\n"
                            + "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                            + "If-Unmodified-Since: Mon, 07 Nov 1994 08:49:37 GMT\r\n\r\n",
                    "range",
                    "bytes=1-",
                    "ifRange",
                    "\"e\"",
                    "ifMatch",
                    "*",
                    "ifNoneMatch",
                    "W/\"x\"",
                    "ifModifiedSince",
                    "Sun, 06 Nov 1994 08:49:37 GMT",
                    "ifUnmodifiedSince",
                    "Mon, 07 Nov 1994 08:49:37 GMT"),
            ok(
                    "fields the server does not keep are skipped",
                    GET_HEAD + "User-Agent: wrk\r\nAccept: */*\r\nX-Range: bytes=0-1\r\nHosts: b\r\n\r\n",
                    "host",
                    "a",
                    "range",
                    null),
            ok("a hundred fields", GET_HEAD + "X: y\r\n".repeat(99) + "\r\n", "host", "a"),
            refused("a hundred and one fields", GET_HEAD + "X: y\r\n".repeat(100) + "\r\n", 431),
            refused("header section over the limit", GET_HEAD + "X: " + "v".repeat(17000) + "\r\n\r\n", 431),
            refused("header line without end", GET_HEAD + "X: " + "v".repeat(17000), 431),

            // ---- Host ----
            refused("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", 400),
            refused("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
            refused("two equal Host fields", "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", 400),
            refused("two Host fields in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", 400),
            refused("invalid Host in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a b\r\n\r\n", 400),
            ok("empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", "host", ""),
            ok("Host with empty port", "GET / HTTP/1.1\r\nHost: a:\r\n\r\n", "host", "a:"),
            ok("Host IPv6 with port", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", "host", "[::1]:8080"),
            ok("Host IPv6 with IPv4 tail", "GET / HTTP/1.1\r\nHost: [::ffff:192.0.2.1]\r\n\r\n"),
            ok("Host full IPv6", "GET / HTTP/1.1\r\nHost: [2001:db8:0:0:0:0:2:1]\r\n\r\n"),
            ok(
                    "Host reg-name with sub-delims and escapes",
                    "GET / HTTP/1.1\r\nHost: a-b_c~d!$&'()*+,;=%41.example\r\n\r\n",
                    "host",
                    "a-b_c~d!$&'()*+,;=%41.example"),
            ok("Host with trailing dot", "GET / HTTP/1.1\r\nHost: example.com.:80\r\n\r\n"),
            ok("Host port 65535", "GET / HTTP/1.1\r\nHost: a:65535\r\n\r\n"),
            refused("Host with a control byte", "GET / HTTP/1.1\r\nHost: localhost\u0002\r\n\r\n", 400),
            refused("Host with slash and backslash", "GET / HTTP/1.1\r\nHost: example.com/\\:552\r\n\r\n", 400),
            refused("Host with leading dots", "GET / HTTP/1.1\r\nHost: ..examp-LE.com\r\n\r\n", 400),
            refused("Host with a leading dot", "GET / HTTP/1.1\r\nHost: .example\r\n\r\n", 400),
            refused("Host with two dots inside", "GET / HTTP/1.1\r\nHost: a..b\r\n\r\n", 400),
            refused("Host IPv6 unclosed", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400),
            refused("Host port 99999", "GET / HTTP/1.1\r\nHost: 127.0.0.1:99999\r\n\r\n", 400),
            refused("Host with two ports", "GET / HTTP/1.1\r\nHost: a:80:80\r\n\r\n", 400),
            refused("Host with backslash", "GET / HTTP/1.1\r\nHost: abc\\foo\r\n\r\n", 400),
            refused("Host with double colon", "GET / HTTP/1.1\r\nHost: localhost::80\r\n\r\n", 400),
            refused("Host port 80x", "GET / HTTP/1.1\r\nHost: a:80x\r\n\r\n", 400),
            refused("Host with userinfo", "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", 400),
            refused("Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
            refused("Host IPv6 with two ::", "GET / HTTP/1.1\r\nHost: [4712::abcd::]\r\n\r\n", 400),
            refused("Host IPv6 with nine groups", "GET / HTTP/1.1\r\nHost: [1:2:3:4:5:6:7:8:9]\r\n\r\n", 400),
            refused("Host IPv6 with seven groups", "GET / HTTP/1.1\r\nHost: [1:2:3:4:5:6:7]\r\n\r\n", 400),
            refused("Host IPv6 with a long group", "GET / HTTP/1.1\r\nHost: [12345::]\r\n\r\n", 400),
            refused("Host IPv6 with a bad IPv4 tail", "GET / HTTP/1.1\r\nHost: [::1.2.3.256]\r\n\r\n", 400),
            refused("Host IPvFuture", "GET / HTTP/1.1\r\nHost: [v1.x]\r\n\r\n", 400),
            refused("Host junk after IPv6", "GET / HTTP/1.1\r\nHost: [::1]x\r\n\r\n", 400),
            refused("Host bad escape", "GET / HTTP/1.1\r\nHost: a%4\r\n\r\n", 400),

            // ---- framing: Content-Length ----
            ok("Content-Length body is discarded", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"),
            ok(
                    "GET body is discarded, not parsed",
                    "GET /a HTTP/1.1\r\nHost: a\r\nContent-Length: 19\r\n\r\nGET /b HTTP/1.1\r\n\r\n",
                    "path",
                    "/a"),
            ok("Content-Length 0", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"),
            ok("Content-Length with leading zeros", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0005\r\n\r\nhello"),
            ok(
                    "Content-Length of 18 digits",
                    "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 000000000000000005\r\n\r\nhello"),
            ok("Content-Length with OWS", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\t5 \r\n\r\nhello"),
            ok("HTTP/1.0 body", "POST / HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc", "version", HttpVersion.HTTP_1_0),
            refused("Content-Length 0 twice", GET_HEAD + "Content-Length: 0\r\nContent-Length: 0\r\n\r\n", 400),
            refused("Content-Length 5 and 4", GET_HEAD + "Content-Length: 5\r\nContent-Length: 4\r\n\r\nhello", 400),
            refused("Content-Length list", GET_HEAD + "Content-Length: 5, 5\r\n\r\nhello", 400),
            refused("Content-Length empty", GET_HEAD + "Content-Length:\r\n\r\n", 400),
            refused("Content-Length -1", GET_HEAD + "Content-Length: -1\r\n\r\n", 400),
            refused("Content-Length 123abc", GET_HEAD + "Content-Length: 123abc\r\n\r\n", 400),
            refused("Content-Length of 19 digits", GET_HEAD + "Content-Length: 0000000000000000001\r\n\r\n", 400),
            refused("Content-Length of 34 digits", GET_HEAD + "Content-Length: " + "1".repeat(34) + "\r\n\r\n", 400),
            refused(
                    "Content-Length hugely negative",
                    GET_HEAD + "Content-Length: -123456789123456789123456789\r\n\r\n",
                    400),
            refused("Content-Length abc", GET_HEAD + "Content-Length: abc\r\n\r\n", 400),
            refused("Content-Length +3", GET_HEAD + "Content-Length: +3\r\n\r\nabc", 400),
            refused("Content-Length 0x10", GET_HEAD + "Content-Length: 0x10\r\n\r\n", 400),
            refused("Content-Length 1_0", GET_HEAD + "Content-Length: 1_0\r\n\r\n", 400),
            refused("Content-Length with inner space", GET_HEAD + "Content-Length: 5 5\r\n\r\n", 400),
            refused("Content-Length over the body limit", GET_HEAD + "Content-Length: 999999999\r\n\r\n", 413),

            // ---- framing: Transfer-Encoding ----
            ok("chunked body is discarded", CHUNKED_POST + "5\r\nhello\r\n0\r\n\r\n", "method", Method.POST),
            ok(
                    "upper-case chunked, tab before it",
                    "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\tCHUNKED\r\n\r\n0\r\n\r\n"),
            refused(
                    "Transfer-Encoding and Content-Length",
                    "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
                    400),
            refused(
                    "Content-Length and Transfer-Encoding, odd case",
                    "POST / HTTP/1.1\r\nHost: a\r\ncontent-length: 3\r\ntransfer-ENCODING: Chunked\r\n\r\n",
                    400),
            refused(
                    "Transfer-Encoding in HTTP/1.0",
                    "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                    400),
            refused(
                    "chunked twice",
                    "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
                    400),
            refused("coding identity", GET_HEAD + "Transfer-Encoding: identity\r\n\r\n", 501),
            refused("codings chunked, identity", GET_HEAD + "Transfer-Encoding: chunked, identity\r\n\r\n", 501),
            refused("codings gzip, chunked", GET_HEAD + "Transfer-Encoding: gzip , chunked\r\n\r\n", 501),
            refused("unknown coding", GET_HEAD + "Transfer-Encoding: cow\r\n\r\n", 501),
            refused("coding chunk", GET_HEAD + "Transfer-Encoding: chunk\r\n\r\n", 501),
            refused("codings cow, chunked", GET_HEAD + "Transfer-Encoding: cow, chunked\r\n\r\n", 501),
            refused(
                    "unknown coding and Content-Length",
                    GET_HEAD + "Transfer-Encoding: cow\r\nContent-Length: 3\r\n\r\nabc",
                    400),
            refused("coding list with empty element", GET_HEAD + "Transfer-Encoding: ,chunked\r\n\r\n", 400),
            refused("coding list with trailing comma", GET_HEAD + "Transfer-Encoding: chunked,\r\n\r\n", 400),
            refused("quoted coding", GET_HEAD + "Transfer-Encoding: \"chunked\"\r\n\r\n", 400),
            refused("empty Transfer-Encoding", GET_HEAD + "Transfer-Encoding:\r\n\r\n", 400),
            refused("VT before chunked", GET_HEAD + "Transfer-Encoding: \u000bchunked\r\n\r\n", 400),
            refused("obs-text before chunked", GET_HEAD + "Transfer-Encoding: \u00ffchunked\r\n\r\n", 400),
            refused("obs-text after chunked", GET_HEAD + "Transfer-Encoding: chunked\u0096\r\n\r\n", 400),
            refused("coding with parameter", GET_HEAD + "Transfer-Encoding: chunked;q=1\r\n\r\n", 400),
            refused(
                    "space before the colon of Transfer-Encoding",
                    GET_HEAD + "Transfer-Encoding : chunked\r\n\r\n",
                    400),
            refused("Transfer-Encoding folded", GET_HEAD + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", 400),
            refused("bare CR after chunked", GET_HEAD + "Transfer-Encoding: chunked\r\r\n\r\n", 400)
                    .crlfOnly(),
            refused("CR inside the name Transfer-Encoding", GET_HEAD + "Transfer\r-Encoding: chunked\r\n\r\n", 400)
                    .crlfOnly(),
            ok("Transfer_Encoding is another field", GET_HEAD + "Transfer_Encoding: chunked\r\n\r\n"),

            // ---- chunked body ----
            ok("chunk extensions", CHUNKED_POST + "5;name=value;flag;q=\"a \\\"b\\\" ;\"\r\nhello\r\n0;last\r\n\r\n"),
            ok("chunk extensions with BWS", CHUNKED_POST + "5 ; a = b\t;\tc\r\nhello\r\n0\r\n\r\n"),
            ok("trailer fields", CHUNKED_POST + "5\r\nhello\r\n0\r\nX-T: 1\r\nChecksum: abc\r\n\r\n"),
            ok(
                    "trailer fields never reach the head",
                    CHUNKED_POST + "0\r\nContent-Length: 5\r\nHost: evil\r\nRange: bytes=0-\r\n\r\n",
                    "host",
                    "a",
                    "range",
                    null),
            ok("upper-case hex chunk size", CHUNKED_POST + "A\r\n0123456789\r\n0\r\n\r\n"),
            ok("chunk size of 16 digits", CHUNKED_POST + "000000000000000a\r\n0123456789\r\n0\r\n\r\n"),
            ok("several chunks", CHUNKED_POST + "1\r\na\r\n2\r\nbc\r\n3\r\n\r\nX\r\n0\r\n\r\n"),
            refused("chunk size of 17 digits", CHUNKED_POST + "0000000000000000a\r\n0123456789\r\n0\r\n\r\n", 400),
            refused("chunk size 0x1", CHUNKED_POST + "0x1\r\na\r\n0\r\n\r\n", 400),
            refused("chunk size +1", CHUNKED_POST + "+1\r\na\r\n0\r\n\r\n", 400),
            refused("chunk size -1", CHUNKED_POST + "-1\r\na\r\n0\r\n\r\n", 400),
            refused("chunk size _", CHUNKED_POST + "_\r\n\r\n", 400),
            refused("chunk size with leading space", CHUNKED_POST + " 1\r\na\r\n0\r\n\r\n", 400),
            refused("chunk size with trailing space", CHUNKED_POST + "1 \r\na\r\n0\r\n\r\n", 400),
            refused("empty chunk line", CHUNKED_POST + "\r\n1\r\na\r\n0\r\n\r\n", 400),
            refused("chunk line ended by bare LF", CHUNKED_POST + "1\na\r\n0\r\n\r\n", 400),
            refused("chunk data ended by bare LF", CHUNKED_POST + "1\r\na\n0\r\n\r\n", 400),
            refused("last chunk ended by bare LF", CHUNKED_POST + "0\n\r\n", 400),
            refused("chunk line ended by CR and junk", CHUNKED_POST + "1\rX\r\na\r\n0\r\n\r\n", 400),
            refused("CR in a chunk extension", CHUNKED_POST + "1;a\rb\r\na\r\n0\r\n\r\n", 400),
            refused("runaway chunk", CHUNKED_POST + "4\r\nabcdefgh\r\n0\r\n\r\n", 400),
            refused("chunk extension too long", CHUNKED_POST + "1;a=" + "b".repeat(5000) + "\r\na\r\n0\r\n\r\n", 400),
            refused("chunk extension without name", CHUNKED_POST + "1;\r\na\r\n0\r\n\r\n", 400),
            refused("chunk extension with only a value", CHUNKED_POST + "1;=b\r\na\r\n0\r\n\r\n", 400),
            refused("chunk extension with empty value", CHUNKED_POST + "1;a=\r\na\r\n0\r\n\r\n", 400),
            refused("chunk extension unterminated quote", CHUNKED_POST + "1;a=\"b\r\na\r\n0\r\n\r\n", 400),
            refused("chunk extension with trailing space", CHUNKED_POST + "1;a=b \r\na\r\n0\r\n\r\n", 400),
            refused("chunk extension with a bad byte", CHUNKED_POST + "1;a=b/c\r\na\r\n0\r\n\r\n", 400),
            refused("chunk size over the body limit", CHUNKED_POST + "100001\r\n", 413),
            refused("chunk size beyond a long", CHUNKED_POST + "ffffffffffffffff\r\n", 413),
            refused("obs-fold in the trailer", CHUNKED_POST + "0\r\nX: 1\r\n  y\r\n\r\n", 400),
            refused("trailer line without colon", CHUNKED_POST + "0\r\nX 1\r\n\r\n", 400),
            refused("NUL in a trailer value", CHUNKED_POST + "0\r\nX: \0\r\n\r\n", 400),
            refused("bare CR in the trailer", CHUNKED_POST + "0\r\nX: 1\r\r\n\r\n", 400),
            refused("too many trailer fields", CHUNKED_POST + "0\r\n" + "T: 1\r\n".repeat(101) + "\r\n", 431),

            // ---- Expect ----
            ok(
                    "100-continue with a Content-Length body",
                    "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n",
                    "expectContinue",
                    true,
                    "bodyUnread",
                    true),
            ok(
                    "100-continue with a chunked body",
                    CHUNKED_POST.replace("\r\n\r\n", "\r\nExpect: 100-Continue\r\n\r\n"),
                    "expectContinue",
                    true,
                    "bodyUnread",
                    true),
            ok(
                    "100-continue without body",
                    GET_HEAD + "Expect: 100-continue\r\n\r\n",
                    "expectContinue",
                    true,
                    "bodyUnread",
                    false),
            ok(
                    "100-continue with Content-Length 0",
                    GET_HEAD + "Expect: 100-continue\r\nContent-Length: 0\r\n\r\n",
                    "expectContinue",
                    true,
                    "bodyUnread",
                    false),
            refused("unknown expectation", GET_HEAD + "Expect: 200-ok\r\n\r\n", 417),
            refused("empty expectation", GET_HEAD + "Expect:\r\n\r\n", 417),
            refused(
                    "100-continue with a body over the limit",
                    GET_HEAD + "Expect: 100-continue\r\nContent-Length: 9999999\r\n\r\n",
                    413),
            ok(
                    "Expect is ignored in HTTP/1.0",
                    "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
                    "expectContinue",
                    false,
                    "bodyUnread",
                    false),
            ok("unknown expectation in HTTP/1.0", "GET / HTTP/1.0\r\nExpect: 200-ok\r\n\r\n"),

            // ---- fragments: nothing is decided before the bytes that decide it ----
            incomplete("only a method", "G"),
            incomplete("part of the target", "GET /hel"),
            incomplete("request line without its LF", "GET / HTTP/1.1\r"),
            incomplete("head without its empty line", "GET / HTTP/1.1\r\nHost: a\r\n"),
            incomplete("head ending in CR", "GET / HTTP/1.1\r\nHost: a\r\n\r"),
            incomplete("only empty lines", "\r\n\r\n"),
            incomplete("body cut short", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhel"),
            incomplete("chunked body without last chunk", CHUNKED_POST + "5\r\nhello\r\n"),
            incomplete("trailer without its empty line", CHUNKED_POST + "0\r\nX: 1\r\n"),
            incomplete("huge Content-Length within the limit", GET_HEAD + "Content-Length: 1048576\r\n\r\n"));

    @Test
    void theTableIsLargeAndItsNamesAreUnique() {
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(120);
        assertThat(CASES.stream().map(Case::name).distinct().count()).isEqualTo(CASES.size());
    }

    @TestFactory
    Stream<DynamicNode> everyCaseFourWays() {
        return CASES.stream().map(c -> {
            List<DynamicNode> runs = new ArrayList<>();
            runs.add(DynamicTest.dynamicTest("CRLF, whole and byte by byte", () -> check(c, bytes(c.request()))));
            if (!c.lineEndingMatters()) {
                runs.add(DynamicTest.dynamicTest(
                        "bare LF, whole and byte by byte", () -> check(c, withBareLf(bytes(c.request())))));
            }
            return DynamicContainer.dynamicContainer(c.name(), runs);
        });
    }

    /** Feeds the request whole and byte by byte: both must agree and meet the expectation. */
    private static void check(Case c, byte[] request) {
        Feeder.Outcome whole = Feeder.whole(HttpLimits.DEFAULTS, request);
        Feeder.Outcome bytewise = Feeder.byteAtATime(HttpLimits.DEFAULTS, request);
        String context = c.name() + ": " + show(request);
        assertThat(bytewise).as("byte by byte vs whole, " + context).isEqualTo(whole);
        switch (c.expected()) {
            case Expected.Accepted(Map<String, Object> properties) -> {
                assertThat(whole.status())
                        .as("%s, refused with %s", context, whole.detail())
                        .isNull();
                assertThat(whole.heads()).as(context).hasSize(1);
                assertThat(whole.consumed()).as("consumed, " + context).isEqualTo(request.length);
                assertThat(whole.inProgress()).as("inProgress, " + context).isFalse();
                RequestHead head = whole.heads().getFirst();
                properties.forEach((property, value) -> assertThat(property(head, property))
                        .as("%s, %s", property, context)
                        .isEqualTo(value));
            }
            case Expected.Refused(int status) -> {
                assertThat(whole.status()).as(context).isNotNull();
                assertThat(whole.status().code()).as("status, " + context).isEqualTo(status);
                assertThat(whole.heads()).as(context).isEmpty();
            }
            case Expected.Incomplete() -> {
                assertThat(whole.status())
                        .as("%s, refused with %s", context, whole.detail())
                        .isNull();
                assertThat(whole.heads()).as(context).isEmpty();
                assertThat(whole.consumed()).as("consumed, " + context).isEqualTo(request.length);
                assertThat(whole.inProgress()).as("inProgress, " + context).isTrue();
            }
        }
    }

    private static Object property(RequestHead head, String name) {
        try {
            return PROPERTIES.get(name).getAccessor().invoke(head);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The request with every CRLF of its head (up to and including the empty line after the request line)
     * replaced by a bare LF; the body, and so its chunk framing, is left as it is.
     */
    static byte[] withBareLf(byte[] request) {
        int start = 0;
        while (start < request.length && (request[start] == '\r' || request[start] == '\n')) {
            start++;
        }
        int headEnd = request.length;
        for (int i = start; i + 3 < request.length; i++) {
            if (request[i] == '\r' && request[i + 1] == '\n' && request[i + 2] == '\r' && request[i + 3] == '\n') {
                headEnd = i + 4;
                break;
            }
        }
        byte[] out = new byte[request.length];
        int n = 0;
        for (int i = 0; i < request.length; i++) {
            boolean crOfCrlf = i + 1 < headEnd && request[i] == '\r' && request[i + 1] == '\n';
            if (!crOfCrlf) {
                out[n++] = request[i];
            }
        }
        return Arrays.copyOf(out, n);
    }
}
