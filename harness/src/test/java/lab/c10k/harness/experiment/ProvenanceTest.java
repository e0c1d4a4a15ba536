package lab.c10k.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a report names so that its run can be repeated: the command as typed, the commit of the code. */
class ProvenanceTest {

    @Test
    void theCommandLineIsTheUsersWithArgumentsQuotedAsAShellNeedsThem() {
        var p = Provenance.of(
                List.of("compare", "--strategies", "selector,thread", "--output", "my results", "--x=it's"));
        assertThat(p.command())
                .isEqualTo("c10k compare --strategies selector,thread --output 'my results' '--x=it'\\''s'");
    }

    @Test
    void theRevisionIsTheCheckoutsCommit() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".git"))) {
            dir = dir.getParent();
        }
        assumeTrue(dir != null, "the tests do not run in a git checkout");
        Process git = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "--short=12", "HEAD").start();
        String head = new String(git.getInputStream().readAllBytes()).strip();
        assumeTrue(git.waitFor() == 0 && !head.isEmpty(), "git cannot read the checkout");

        assertThat(Provenance.currentRevision()).matches(head + "(\\+changes)?");
    }
}
