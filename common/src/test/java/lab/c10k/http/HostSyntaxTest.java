package lab.c10k.http;

import static lab.c10k.http.Feeder.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostSyntaxTest {

    private static boolean hostField(String value) {
        byte[] b = bytes(value);
        return HostSyntax.isValid(b, 0, b.length, false, false);
    }

    private static boolean ipv6(String literal) {
        byte[] b = bytes(literal);
        return HostSyntax.isIpv6(b, 0, b.length);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "localhost",
                "localhost:",
                ":80",
                "example.com.",
                "EXAMPLE.com:443",
                "127.0.0.1:8080",
                "999.1.1.1", // not an IPv4 address, but a valid reg-name
                "a-b_c~d!$&'()*+,;=",
                "%41%2e",
                "xn--bcher-kva.example",
                "a:0",
                "a:00080",
                "a:65535",
                "[::1]",
                "[::1]:8080",
                "[::1]:"
            })
    void validHostFields(String value) {
        assertThat(hostField(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                " ",
                "a b",
                ".",
                ".a",
                "a..b",
                "..examp-LE.com",
                "a/b",
                "example.com/\\:552",
                "abc\\foo",
                "user@host",
                "a:80:80",
                "localhost::80",
                "a:80x",
                "a:-1",
                "a:65536",
                "127.0.0.1:99999",
                "a:999999999999",
                "%4",
                "%zz",
                "a%",
                "[::1",
                "::1",
                "[::1]x",
                "[::1]]",
                "[]",
                "[v1.fe]",
                "[fe80::1%25eth0]",
                "a\u0002",
                "caf\u00e9"
            })
    void invalidHostFields(String value) {
        assertThat(hostField(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "::",
                "::1",
                "1::",
                "1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7::",
                "::2:3:4:5:6:7:8",
                "1::8",
                "2001:DB8::abcd",
                "::ffff:192.0.2.1",
                "1:2:3:4:5:6:1.2.3.4",
                "::1.2.3.4",
                "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"
            })
    void validIpv6(String literal) {
        assertThat(ipv6(literal)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ":",
                ":::",
                "1",
                "1:",
                ":1",
                "1:2:3:4:5:6:7",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7:8::",
                "::1:2:3:4:5:6:7:8",
                "4712::abcd::",
                "12345::",
                "g::",
                "1::2::3",
                "1:2:3:4:5:6:7:1.2.3.4",
                "::1.2.3",
                "::1.2.3.4.5",
                "::1.2.3.256",
                "::01.2.3.4",
                "::1.2.3.4:5",
                "1.2.3.4"
            })
    void invalidIpv6(String literal) {
        assertThat(ipv6(literal)).isFalse();
    }

    @Test
    void authorityFormNeedsAHostAndAPort() {
        byte[] b = bytes("example.com:443");
        assertThat(HostSyntax.isValid(b, 0, b.length, true, true)).isTrue();
        byte[] noPort = bytes("example.com");
        assertThat(HostSyntax.isValid(noPort, 0, noPort.length, true, true)).isFalse();
        byte[] emptyPort = bytes("example.com:");
        assertThat(HostSyntax.isValid(emptyPort, 0, emptyPort.length, true, true))
                .isFalse();
        byte[] noHost = bytes(":443");
        assertThat(HostSyntax.isValid(noHost, 0, noHost.length, true, true)).isFalse();
    }
}
