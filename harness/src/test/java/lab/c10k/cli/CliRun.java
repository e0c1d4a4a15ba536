package lab.c10k.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of the command line in this JVM, with what it printed.
 *
 * @param status the exit status
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
record CliRun(int status, String out, String err) {

    /** Runs {@code args} on {@code cl}, help at a fixed width so that no test depends on its terminal's. */
    static CliRun of(CommandLine cl, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setUsageHelpAutoWidth(false);
        cl.setUsageHelpWidth(160);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }
}
