package lab.c10k.server.spi;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One option of one strategy, such as {@code --queue-size N}: declared by the strategy in {@link
 * Strategy#options()}, offered by the command line as {@code --NAME}, and read back by the strategy from {@link
 * lab.c10k.server.ServerConfig#strategyOptions()}.
 *
 * <p>Values travel as text (the command line reads text, and a strategy's worker processes receive their config
 * as properties), so a strategy reads its options through {@link #intIn} and {@link #isSetIn}, which fall back
 * to the declared default and name the flag in their message when a value is malformed. Checks of one option's
 * range, or between options, belong to the typed record the strategy builds from them in its own module, and run
 * in {@link Strategy#checkOptions}.
 *
 * @param name the flag without its dashes, lower case words joined by hyphens ({@code queue-size})
 * @param kind whether the flag takes a whole number or stands alone as a switch
 * @param paramLabel how help names the value ({@code N}); empty for a switch
 * @param defaultValue the value when the flag is not given, as text ({@code "64"}; {@code "false"} for a switch)
 * @param description one sentence for help, without the default (help appends it)
 */
public record StrategyOption(String name, Kind kind, String paramLabel, String defaultValue, String description) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /** What a flag takes. */
    public enum Kind {
        /** A whole number: {@code --queue-size 64}. */
        INTEGER,
        /** No value; given means on: {@code --verbose-loop}. */
        SWITCH
    }

    public StrategyOption {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "an option name is lower case words joined by hyphens, was '" + name + "'");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(paramLabel, "paramLabel");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        if (kind == Kind.SWITCH && !(paramLabel.isEmpty() && defaultValue.equals("false"))) {
            throw new IllegalArgumentException("the switch --" + name + " has no value label and is off by default");
        }
        if (kind == Kind.INTEGER) {
            parseInt(name, defaultValue);
        }
    }

    /** A flag that takes a whole number, {@code --NAME N}. */
    public static StrategyOption integer(String name, int defaultValue, String description) {
        return new StrategyOption(name, Kind.INTEGER, "N", Integer.toString(defaultValue), description);
    }

    /** A flag that stands alone and is off unless given, {@code --NAME}. */
    public static StrategyOption toggle(String name, String description) {
        return new StrategyOption(name, Kind.SWITCH, "", "false", description);
    }

    /** The flag as typed on the command line: {@code --queue-size}. */
    public String flag() {
        return "--" + name;
    }

    /**
     * This whole-number option's value in {@code values} (a strategy's {@link
     * lab.c10k.server.ServerConfig#strategyOptions()}), or its default when absent.
     *
     * @throws IllegalArgumentException naming the flag, when the value is not a whole number
     */
    public int intIn(Map<String, String> values) {
        if (kind != Kind.INTEGER) {
            throw new IllegalStateException(flag() + " is a switch, not a number");
        }
        return parseInt(name, values.getOrDefault(name, defaultValue));
    }

    /**
     * Whether this switch is on in {@code values}.
     *
     * @throws IllegalArgumentException naming the flag, when the value is neither {@code true} nor {@code false}
     */
    public boolean isSetIn(Map<String, String> values) {
        if (kind != Kind.SWITCH) {
            throw new IllegalStateException(flag() + " takes a number, it is not a switch");
        }
        return switch (values.getOrDefault(name, defaultValue)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new IllegalArgumentException(
                        "--" + name + " is a switch: true or false, was '" + values.get(name) + "'");
        };
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, was '" + value + "'");
        }
    }
}
