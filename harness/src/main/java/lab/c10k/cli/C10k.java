package lab.c10k.cli;

import java.io.PrintWriter;
import java.util.List;
import lab.c10k.server.spi.Strategies;
import lab.c10k.server.spi.Strategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code c10k} command: its subcommands are the things c10k-lab does. */
@Command(
        name = "c10k",
        mixinStandardHelpOptions = true,
        versionProvider = C10k.Version.class,
        subcommands = {
            CompareCommand.class,
            BenchCommand.class,
            IdleCommand.class,
            ServeCommand.class,
            HelpCommand.class
        },
        usageHelpAutoWidth = true,
        description = {
            "c10k-lab: one HTTP/1.1 static-file core under interchangeable concurrency strategies, and a harness"
                    + " that measures what each strategy costs.",
            ""
        },
        commandListHeading = "%nCommands:%n",
        footer = {"", "Run 'c10k COMMAND --help' for the flags of a command.%n"})
public final class C10k implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // Log records on one line; the time zone and the logging configuration loaded now: the first log record
        // would otherwise read them from files, which fails exactly when a server runs out of descriptors.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
        java.util.logging.Logger.getLogger("lab.c10k").getHandlers(); // reads the logging configuration
        new java.util.logging.SimpleFormatter() // loads the time zone, locale data and level names
                .format(new java.util.logging.LogRecord(java.util.logging.Level.WARNING, "warm-up"));
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, ready to execute: parameter errors print the message and a hint with status 2; failures
     * print one line, {@code c10k: ...}, with status 1, and a stack trace only when C10K_DEBUG is set.
     */
    public static CommandLine commandLine() {
        return commandLine(Strategies.installed());
    }

    /**
     * The command line with {@code strategies} to choose from instead of those installed on the class path (tests
     * add a strategy of their own); their options become flags of {@code serve}.
     */
    static CommandLine commandLine(List<Strategy> strategies) {
        CommandLine cl = new CommandLine(new C10k(), new StrategyFactory(strategies));
        StrategyFlags.declare(cl.getSubcommands().get("serve"), strategies);
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println(failed.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for the flags and their values.");
            err.flush();
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("c10k: " + describe(e));
            if (System.getenv("C10K_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Makes the classes that choose among strategies with the command line's list of them. */
    private record StrategyFactory(List<Strategy> strategies) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            Object made = cls == ServerOptions.class
                    ? new ServerOptions(strategies)
                    : cls == Converters.StrategyConverter.class
                            ? new Converters.StrategyConverter(strategies)
                            : cls == Converters.StrategyNames.class ? new Converters.StrategyNames(strategies) : null;
            return made != null ? cls.cast(made) : CommandLine.defaultFactory().create(cls);
        }
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = C10k.class.getPackage().getImplementationVersion();
            return new String[] {"c10k-lab " + (v == null ? "development" : v), "Java " + Runtime.version()};
        }
    }
}
