package lab.c10k.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import lab.c10k.server.spi.Strategy;
import lab.c10k.server.spi.StrategyOption;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The command-line flags of the strategies' own options, built from what each strategy declares ({@link
 * Strategy#options()}) rather than written here: a new strategy's options appear in {@code serve} without an edit
 * of the command line.
 *
 * <p>Two strategies may declare an option of the same name with different meanings and defaults, and picocli
 * takes one flag per name, so each flag is registered once, hidden from picocli's own option list, and {@code
 * --help} lists the options again per strategy, each with its strategy's description and default.
 */
final class StrategyFlags {
    /** The key of the help section that lists the options per strategy, after picocli's option list. */
    static final String HELP_SECTION = "strategyOptions";

    private final List<Strategy> strategies;

    private StrategyFlags(List<Strategy> strategies) {
        this.strategies = List.copyOf(strategies);
    }

    /**
     * Adds a flag to {@code command} for each option the strategies declare, and the help section that lists them.
     */
    static void declare(CommandLine command, List<Strategy> strategies) {
        var flags = new StrategyFlags(strategies);
        CommandSpec spec = command.getCommandSpec();
        var seen = new LinkedHashMap<String, StrategyOption>();
        for (Strategy s : strategies) {
            for (StrategyOption o : s.options()) {
                StrategyOption first = seen.putIfAbsent(o.name(), o);
                if (first == null) {
                    spec.addOption(flags.flag(o));
                } else if (first.kind() != o.kind()) {
                    throw new IllegalStateException(o.flag() + " is declared both as a " + first.kind() + " and as a "
                            + o.kind() + " by the installed strategies");
                }
            }
        }
        if (seen.isEmpty()) {
            return;
        }
        command.getHelpSectionMap().put(HELP_SECTION, flags::help);
        List<String> keys = new ArrayList<>(command.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1, HELP_SECTION);
        command.setHelpSectionKeys(keys);
    }

    private OptionSpec flag(StrategyOption o) {
        var b = OptionSpec.builder(o.flag()).hidden(true).description(o.description());
        return switch (o.kind()) {
            case INTEGER -> b.type(int.class).paramLabel(o.paramLabel()).build();
            case SWITCH -> b.type(boolean.class).arity("0").build();
        };
    }

    /** The help section: for each strategy with options, its options, their descriptions and defaults. */
    private String help(CommandLine.Help help) {
        var text = new StringBuilder();
        for (Strategy s : strategies) {
            if (s.options().isEmpty()) {
                continue;
            }
            text.append(String.format("%nOptions of --strategy %s:%n", s.name()));
            CommandLine.Help.Layout layout = help.createDefaultLayout();
            for (StrategyOption o : s.options()) {
                var shown = OptionSpec.builder(o.flag())
                        .description(o.kind() == StrategyOption.Kind.SWITCH ? o.description() : withDefault(o))
                        .paramLabel(o.paramLabel())
                        .type(o.kind() == StrategyOption.Kind.SWITCH ? boolean.class : int.class)
                        .arity(o.kind() == StrategyOption.Kind.SWITCH ? "0" : "1")
                        .build();
                layout.addOption(shown, help.createDefaultParamLabelRenderer());
            }
            text.append(layout);
        }
        return text.toString();
    }

    /** {@code The number of loops (default: 1).}: the default where help puts it for every other flag. */
    private static String withDefault(StrategyOption o) {
        String d = o.description().strip();
        String sentence = d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
        return sentence + " (default: " + o.defaultValue() + ").";
    }

    /**
     * The values given for {@code chosen}'s options, by name, as {@link
     * lab.c10k.server.ServerConfig#strategyOptions()} holds them; checked by the strategy.
     *
     * @throws ParameterException in one line, when a flag belongs to other strategies than {@code chosen} (naming
     *     them), or when {@code chosen} refuses a value (its message names the flag and what it accepts)
     */
    static Map<String, String> values(CommandSpec spec, Strategy chosen, List<Strategy> strategies) {
        var parsed = spec.commandLine().getParseResult();
        var values = new TreeMap<String, String>();
        var declared = chosen.options().stream().collect(Collectors.toMap(StrategyOption::name, o -> o, (a, b) -> a));
        for (String name : names(strategies)) {
            String flag = "--" + name;
            if (!parsed.hasMatchedOption(flag)) {
                continue;
            }
            if (!declared.containsKey(name)) {
                String users = strategies.stream()
                        .filter(s -> s.options().stream().anyMatch(o -> o.name().equals(name)))
                        .map(Strategy::name)
                        .collect(Collectors.joining(", "));
                throw new ParameterException(
                        spec.commandLine(),
                        flag + " does not apply to --strategy " + chosen.name() + "; it applies to: " + users);
            }
            values.put(name, String.valueOf(parsed.matchedOption(flag).<Object>getValue()));
        }
        try {
            chosen.checkOptions(values);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid options for --strategy " + chosen.name() + ": " + e.getMessage());
        }
        return values;
    }

    private static List<String> names(List<Strategy> strategies) {
        return strategies.stream()
                .flatMap(s -> s.options().stream())
                .map(StrategyOption::name)
                .distinct()
                .toList();
    }
}
