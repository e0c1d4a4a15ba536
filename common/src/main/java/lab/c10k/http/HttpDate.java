package lab.c10k.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates (RFC 9110 section 5.6.7): formats IMF-fixdate, parses all three forms a recipient must accept.
 *
 * <p>Stateless and thread-safe.
 */
public final class HttpDate {
    private HttpDate() {}

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT} */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}: two-digit years count from 1970 (RFC 9110: within 50 years). */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US)
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);

    /** {@code Sun Nov  6 08:49:37 1994}: the day of the month is padded with a space. */
    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
            .appendPattern("EEE MMM ")
            .padNext(2)
            .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)
            .appendPattern(" HH:mm:ss uuuu")
            .toFormatter(Locale.US)
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);

    private record Formatted(long epochSecond, String text) {}

    /**
     * The last dates formatted, direct-mapped by second: every response for a file carries its Last-Modified
     * date, and a document root has few distinct ones, while formatting one costs about as much as parsing a
     * request. Entries are immutable (final fields), so threads that race on a slot see either entry whole.
     */
    private static final Formatted[] RECENT = new Formatted[64];

    /** {@code instant} as IMF-fixdate, truncated to the second. */
    public static String format(Instant instant) {
        return formatEpochSecond(instant.getEpochSecond());
    }

    /** {@code epochSecond} as IMF-fixdate. */
    public static String formatEpochSecond(long epochSecond) {
        int slot = (int) (epochSecond & (RECENT.length - 1));
        Formatted f = RECENT[slot];
        if (f == null || f.epochSecond() != epochSecond) {
            f = new Formatted(epochSecond, IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond)));
            RECENT[slot] = f;
        }
        return f.text();
    }

    /**
     * Parses an HTTP date in any of the three forms, or returns empty for anything else: an invalid date in a
     * conditional request field is ignored, as RFC 9110 requires.
     */
    public static Optional<Instant> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (DateTimeFormatter f : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850, ASCTIME}) {
            try {
                // "uuuu" with STRICT needs the fields resolved by hand: parse to LocalDateTime in UTC.
                return Optional.of(LocalDateTime.parse(value, f).toInstant(ZoneOffset.UTC));
            } catch (DateTimeException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }
}
