package lab.c10k.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDateTest {
    private static final Instant RFC_EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void formatsImfFixdate() {
        assertThat(HttpDate.format(RFC_EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDate.format(Instant.parse("2026-01-02T03:04:05.999Z")))
                .isEqualTo("Fri, 02 Jan 2026 03:04:05 GMT");
    }

    @Test
    void formatsEachSecondRightWhenRecentDatesShareACacheSlot() {
        // 64 and 128 seconds apart: the same slot of the cache of recent dates, so each evicts the other.
        long s = RFC_EXAMPLE.getEpochSecond();
        for (int round = 0; round < 3; round++) {
            assertThat(HttpDate.formatEpochSecond(s)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
            assertThat(HttpDate.formatEpochSecond(s + 64)).isEqualTo("Sun, 06 Nov 1994 08:50:41 GMT");
            assertThat(HttpDate.formatEpochSecond(s + 128)).isEqualTo("Sun, 06 Nov 1994 08:51:45 GMT");
            assertThat(HttpDate.format(RFC_EXAMPLE.plusMillis(999))).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        }
        assertThat(HttpDate.formatEpochSecond(-1)).isEqualTo("Wed, 31 Dec 1969 23:59:59 GMT");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"})
    void parsesTheThreeForms(String value) {
        assertThat(HttpDate.parse(value)).contains(RFC_EXAMPLE);
    }

    @Test
    void parsesDatesBeyond2038() {
        assertThat(HttpDate.parse("Tue, 01 Jan 2041 00:00:00 GMT")).contains(Instant.parse("2041-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "garbage",
                "Mon, 06 Nov 1994 08:49:37 GMT", // wrong day of the week
                "Sun, 06 Nov 1994 08:49:37 UTC",
                "Sun, 6 Nov 1994 08:49:37 GMT",
                "Sun, 31 Feb 1994 08:49:37 GMT",
                "Sun, 06 Nov 1994 25:49:37 GMT",
                "sun, 06 nov 1994 08:49:37 gmt"
            })
    void rejectsAnythingElse(String value) {
        assertThat(HttpDate.parse(value)).isEmpty();
    }
}
