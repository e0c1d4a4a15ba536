package lab.c10k.harness.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where the load goes: an {@code http://} URL taken apart into the address to connect to and the request to send.
 *
 * @param host the host name or address literal of the URL
 * @param port the port (80 when the URL names none)
 * @param path the request target: the path and query, {@code /} when empty
 */
public record Target(String host, int port, String path) {

    public Target {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the URL has no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 1..65535");
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("the request target must start with /");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("the request target has a space or a non-ASCII character");
            }
        }
    }

    /**
     * The target of an {@code http://host[:port][/path][?query]} URL.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static Target parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException(
                    "'" + url + "' is not an http:// URL" + (scheme.equals("https") ? " (TLS is not supported)" : ""));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' has no host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + url + "' has user information or a fragment");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Target(host, uri.getPort() < 0 ? 80 : uri.getPort(), path);
    }

    /** The address to connect to, resolved now. */
    public InetSocketAddress address() {
        var a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "'");
        }
        return a;
    }

    /** The URL again, normalised. */
    public String url() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "http://" + h + ":" + port + path;
    }

    /**
     * The request the generator sends: a minimal GET, as wrk sends, with {@code Connection: close} when the
     * connection is not to be kept.
     */
    byte[] request(boolean keepAlive) {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        String hostField = port == 80 ? h : h + ":" + port;
        return ("GET " + path + " HTTP/1.1\r\nHost: " + hostField + "\r\n" + (keepAlive ? "" : "Connection: close\r\n")
                        + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
