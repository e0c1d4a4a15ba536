package lab.c10k.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A value a command refuses after picocli has parsed it, worded as picocli words its own conversion errors ("Invalid
 * value for option '--port': ..."), so that every refusal reads alike and exits with status 2.
 */
final class InvalidValue {
    private InvalidValue() {}

    /** The refusal of {@code option}'s value, for {@code why} (which names the value and what is accepted). */
    static ParameterException option(CommandSpec spec, String option, String why) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + why);
    }

    /**
     * Refuses {@code value} unless {@code min <= value <= max}.
     *
     * @throws ParameterException "{@code value} is not {@code min..max}"
     */
    static void requireWithin(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw option(spec, option, value + " is not " + min + ".." + max);
        }
    }

    /** The refusal of a positional parameter's value, such as {@code URL}. */
    static ParameterException parameter(CommandSpec spec, String label, String why) {
        return new ParameterException(spec.commandLine(), "Invalid value for " + label + ": " + why);
    }
}
