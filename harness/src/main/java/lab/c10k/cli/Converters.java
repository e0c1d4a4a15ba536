package lab.c10k.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.c10k.files.FileIo;
import lab.c10k.harness.experiment.Profile;
import lab.c10k.harness.experiment.Reference;
import lab.c10k.server.spi.Strategies;
import lab.c10k.server.spi.Strategy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Command-line value types. Each converter's message says what was wrong and what is accepted; picocli prefixes
 * it with the flag ("Invalid value for option '--header-timeout': ...") and exits with status 2.
 */
final class Converters {
    private Converters() {}

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([kmg]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    /** {@code 500ms}, {@code 20s}, {@code 2m}, {@code 1h}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.trim());
            if (!m.matches()) {
                throw new TypeConversionException("'" + value
                        + "' is not a duration: use a whole number with ms, s, m or h, such as 500ms or 20s");
            }
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
            if (d.isZero()) {
                throw new TypeConversionException("'" + value + "' is not a positive duration");
            }
            return d;
        }
    }

    /** A duration that may be zero: {@code 0}, {@code 0s}, {@code 500ms}, {@code 2s}. */
    static final class OptionalDurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            if (value.trim().matches("0+(ms|s|m|h)?")) {
                return Duration.ZERO;
            }
            return new DurationConverter().convert(value);
        }
    }

    /** Bytes: {@code 8192}, {@code 64k}, {@code 1m}, {@code 1MiB} (powers of 1024). */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            Matcher m = SIZE.matcher(value.trim());
            if (!m.matches()) {
                throw new TypeConversionException("'" + value
                        + "' is not a size: use a number of bytes, optionally with k, m or g (KiB, MiB, GiB)");
            }
            long n = Long.parseLong(m.group(1));
            int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new TypeConversionException("'" + value + "' is too large");
            }
            return n << shift;
        }
    }

    /** A strategy by name, among the installed ones (or those the command line was made with). */
    static final class StrategyConverter implements ITypeConverter<Strategy> {
        private final List<Strategy> strategies;

        StrategyConverter() {
            this(Strategies.installed());
        }

        StrategyConverter(List<Strategy> strategies) {
            this.strategies = List.copyOf(strategies);
        }

        @Override
        public Strategy convert(String value) {
            return strategies.stream()
                    .filter(s -> s.name().equals(value))
                    .findFirst()
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not an installed strategy; "
                            + "installed: " + String.join(", ", names(strategies))));
        }
    }

    /** The strategy names, for {@code ${COMPLETION-CANDIDATES}} in help texts. */
    static final class StrategyNames implements Iterable<String> {
        private final List<Strategy> strategies;

        StrategyNames() {
            this(Strategies.installed());
        }

        StrategyNames(List<Strategy> strategies) {
            this.strategies = List.copyOf(strategies);
        }

        @Override
        public Iterator<String> iterator() {
            return names(strategies).iterator();
        }
    }

    private static List<String> names(List<Strategy> strategies) {
        return strategies.stream().map(Strategy::name).toList();
    }

    /** A reference server by its name: {@code nginx}, {@code apache-prefork}, ... */
    static final class ReferenceConverter implements ITypeConverter<Reference> {
        @Override
        public Reference convert(String value) {
            return Reference.byKey(value)
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a reference server; use "
                            + String.join(", ", new ReferenceNames())));
        }
    }

    /** The reference servers' names, for {@code ${COMPLETION-CANDIDATES}} in help texts and for messages. */
    static final class ReferenceNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Reference.values()).map(Reference::key).iterator();
        }
    }

    /** {@code quick} or {@code full}. */
    static final class ProfileConverter implements ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            return Profile.byKey(value)
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a profile; use "
                            + String.join(
                                    " or ",
                                    Arrays.stream(Profile.values())
                                            .map(Profile::key)
                                            .toList())));
        }
    }

    /** When compare starts a fresh server: for every window, or once per contender and repetition. */
    enum FreshServer {
        TRIAL,
        STRATEGY
    }

    /**
     * {@code trial} or {@code strategy}. An enum and not a boolean: picocli would take a boolean option for a
     * flag and never read its value.
     */
    static final class FreshServerConverter implements ITypeConverter<FreshServer> {
        @Override
        public FreshServer convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "trial" -> FreshServer.TRIAL;
                case "strategy" -> FreshServer.STRATEGY;
                default -> throw new TypeConversionException("'" + value + "'; use trial or strategy");
            };
        }
    }

    /** {@code on} or {@code off}. */
    static final class OnOffConverter implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new TypeConversionException("'" + value + "' is neither on nor off");
            };
        }
    }

    /** {@code read}, {@code mmap}, {@code sendfile}. */
    static final class FileIoConverter implements ITypeConverter<FileIo> {
        @Override
        public FileIo convert(String value) {
            try {
                return FileIo.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not a file-io mode; use one of read, mmap, sendfile");
            }
        }
    }

    /** The file-io mode names, lower case. */
    static final class FileIoNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(FileIo.values())
                    .map(m -> m.name().toLowerCase(Locale.ROOT))
                    .iterator();
        }
    }
}
