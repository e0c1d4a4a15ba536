package lab.c10k.harness.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What reproduces a run: the command line as the user typed it and the source revision of the code that ran, so
 * that a figure in a report can be measured again. Recorded in results.json and named in the report.
 *
 * @param command the command line, {@code c10k compare ...} with the user's own arguments
 * @param revision the git commit of the checkout the jar was built in, with {@code +changes} when its work tree
 *     differed from it, or a sentence saying why it is unknown
 */
public record Provenance(String command, String revision) {

    /** For a plan built without a command line (tests, programs). */
    public static final Provenance UNKNOWN = new Provenance("", "unknown");

    /**
     * {@code c10k ARGS...}, the arguments as the command line received them (the subcommand first), quoted where a
     * shell would split them; and the revision of this code.
     */
    public static Provenance of(List<String> args) {
        var command = new StringBuilder("c10k");
        for (String a : args) {
            command.append(' ').append(a.matches("[\\w@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return new Provenance(command.toString(), currentRevision());
    }

    /**
     * The commit of the git checkout this code was built in (the jar lies in {@code harness/target} of it), read
     * with {@code git}; a sentence instead when there is no checkout or no git.
     */
    static String currentRevision() {
        Path here;
        try {
            here = Path.of(Provenance.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (Exception e) {
            return "unknown (the code's location cannot be read)";
        }
        Path checkout = here;
        while (checkout != null && !Files.exists(checkout.resolve(".git"))) {
            checkout = checkout.getParent();
        }
        if (checkout == null) {
            return "unknown (not run from a git checkout)";
        }
        String commit = git(checkout, "rev-parse", "--short=12", "HEAD");
        if (commit == null || commit.isBlank()) {
            return "unknown (git could not read " + checkout + ")";
        }
        String changes = git(checkout, "status", "--porcelain", "--untracked-files=no");
        return commit.strip() + (changes != null && !changes.isBlank() ? "+changes" : "");
    }

    private static String git(Path dir, String... args) {
        var command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
