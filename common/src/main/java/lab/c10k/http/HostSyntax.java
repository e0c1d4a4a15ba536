package lab.c10k.http;

/**
 * The syntax of an authority, {@code uri-host [ ":" port ]}, as the Host field, an absolute-form target and
 * CONNECT's authority-form carry it (RFC 9110 section 7.2, RFC 3986 section 3.2.2).
 *
 * <p>A host is an IP-literal holding an IPv6 address, or a reg-name, which also covers IPv4 addresses (they are
 * made of the same digits and dots). Two things RFC 3986 allows are refused on purpose: IPvFuture literals, which
 * nothing sends, and reg-names with an empty label ({@code ..}, a leading dot), which no DNS name has and which
 * path-like names such as {@code ..example.com} abuse. The host is only checked, never normalised: the request
 * keeps it as received.
 *
 * <p>Stateless.
 */
final class HostSyntax {
    private HostSyntax() {}

    private static final int MAX_PORT = 65535;

    /**
     * Whether {@code b[from, to)} is an authority.
     *
     * @param requireHost whether the host may not be empty (a URI with the http scheme must name a host)
     * @param requirePort whether the port must be present and non-empty (authority-form)
     */
    static boolean isValid(byte[] b, int from, int to, boolean requireHost, boolean requirePort) {
        int i;
        if (from < to && b[from] == '[') {
            int close = from + 1;
            while (close < to && b[close] != ']') {
                close++;
            }
            if (close == to || !isIpv6(b, from + 1, close)) {
                return false;
            }
            i = close + 1;
        } else {
            i = regNameEnd(b, from, to);
            if (i < 0 || (requireHost && i == from)) {
                return false;
            }
        }
        if (i == to) {
            return !requirePort;
        }
        return b[i] == ':' && isPort(b, i + 1, to, requirePort);
    }

    /** The index of the {@code :} or end after the reg-name that starts at {@code from}, or -1 if it is invalid. */
    private static int regNameEnd(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] != ':') {
            byte c = b[i];
            if (c == '.') {
                if (i == from || b[i - 1] == '.') {
                    return -1;
                }
                i++;
            } else if (c == '%') {
                if (to - i < 3 || !ByteClass.isHexdig(b[i + 1]) || !ByteClass.isHexdig(b[i + 2])) {
                    return -1;
                }
                i += 3;
            } else if (ByteClass.isRegName(c)) {
                i++;
            } else {
                return -1;
            }
        }
        return i;
    }

    /** {@code port = *DIGIT} (RFC 3986), and a number a TCP port can have. */
    private static boolean isPort(byte[] b, int from, int to, boolean requirePort) {
        if (requirePort && from == to) {
            return false;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            if (!ByteClass.isDigit(b[i])) {
                return false;
            }
            port = port * 10 + (b[i] - '0');
            if (port > MAX_PORT) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code IPv6address} (RFC 3986 section 3.2.2): eight groups of one to four hex digits separated by colons,
     * the last two of which may be written as a dotted IPv4 address, and at most one {@code ::} standing for one
     * or more zero groups.
     */
    static boolean isIpv6(byte[] b, int from, int to) {
        int i = from;
        int groups = 0;
        boolean compressed = false;
        if (to - i >= 2 && b[i] == ':' && b[i + 1] == ':') {
            compressed = true;
            i += 2;
            if (i == to) {
                return true;
            }
        }
        while (true) {
            int start = i;
            while (i < to && i - start < 5 && ByteClass.isHexdig(b[i])) {
                i++;
            }
            if (i < to && b[i] == '.') {
                // the tail is an IPv4 address standing for the last two groups
                if (!isIpv4(b, start, to)) {
                    return false;
                }
                groups += 2;
                break;
            }
            if (i == start || i - start > 4) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (b[i] != ':') {
                return false;
            }
            i++;
            if (i < to && b[i] == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return false;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    /** {@code IPv4address}: four dec-octets (0 to 255, no leading zero) separated by dots. */
    private static boolean isIpv4(byte[] b, int from, int to) {
        int i = from;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i == to || b[i] != '.') {
                    return false;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && ByteClass.isDigit(b[i])) {
                value = value * 10 + (b[i] - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && b[start] == '0')) {
                return false;
            }
        }
        return i == to;
    }
}
