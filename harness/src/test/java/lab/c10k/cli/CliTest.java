package lab.c10k.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lab.c10k.harness.experiment.Contender;
import lab.c10k.harness.experiment.Profile;
import lab.c10k.harness.experiment.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as a user meets it: help, and the message and exit status for every bad value. */
class CliTest {

    private static CliRun run(String... args) {
        return CliRun.of(C10k.commandLine(), args);
    }

    @Test
    void helpListsTheCommands() {
        CliRun r = run("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("serve").contains("c10k-lab");
    }

    /** A '%' in a description that picocli cannot format makes it print warnings above the help. */
    @Test
    void everyCommandsHelpFormatsWithoutAWarning() {
        java.io.PrintStream before = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            for (String command : C10k.commandLine().getSubcommands().keySet()) {
                CliRun r = run(command, "--help");
                assertThat(r.status()).as(command).isZero();
                assertThat(r.err()).as(command).isEmpty();
            }
        } finally {
            System.setErr(before);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("WARN");
    }

    @Test
    void serveHelpDocumentsEveryFlagWithItsDefault() {
        CliRun r = run("serve", "--help");
        assertThat(r.status()).isZero();
        for (String flag : new String[] {
            "--strategy",
            "--bind",
            "--port",
            "--root",
            "--file-io",
            "--follow-symlinks",
            "--max-connections",
            "--max-requests-per-connection",
            "--backlog",
            "--header-timeout",
            "--keep-alive-timeout",
            "--write-timeout",
            "--linger-timeout",
            "--shutdown-grace",
            "--max-request-line",
            "--max-header-bytes",
            "--max-headers",
            "--max-body",
            "--reactors",
            "--workers",
            "--min-spare",
            "--max-workers",
            "--max-connections-per-worker",
            "--fork-per-connection"
        }) {
            assertThat(r.out()).contains(flag);
        }
        String text = r.out().replaceAll("\\s+", " "); // help text wraps at the terminal width
        assertThat(text)
                .contains(String.join(", ", lab.c10k.server.spi.Strategies.names()))
                .contains("read, mmap, sendfile")
                .contains("(default: 8080)")
                .contains("(default: 20s)")
                .contains("(default: sendfile)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "--strategy=nope | Invalid value for option '--strategy': 'nope' is not an installed strategy; installed: ",
                "--file-io=copy | Invalid value for option '--file-io': 'copy' is not a file-io mode; use one of read, mmap, sendfile",
                "--header-timeout=20 | Invalid value for option '--header-timeout': '20' is not a duration",
                "--keep-alive-timeout=0s | Invalid value for option '--keep-alive-timeout': '0s' is not a positive duration",
                "--max-body=lots | Invalid value for option '--max-body': 'lots' is not a size",
                "--port=70000 | Invalid value for option '--port': 70000 is above the maximum of 65535",
                "--max-connections=0 | Invalid value for option '--max-connections': 0 is below the minimum of 1",
                "--reactors=2 | --reactors does not apply to --strategy virtual",
                "--fork-per-connection | --fork-per-connection does not apply to --strategy virtual",
                "--strategy=selector --reactors=0 | Invalid options for --strategy selector: --reactors must be at least 1, was 0",
                "--strategy=process --workers=8 --max-workers=4 | --max-workers (4) must be at least --workers (8)",
                "--strat=thread | Unknown option: '--strat=thread'",
                "--control-port=70000 | Invalid value for option '--control-port': 70000 is not 0..65535"
            })
    void aBadValueNamesTheFlagAndWhatIsAccepted(String args, String message) {
        CliRun r = run(("serve " + args).split(" "));
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err())
                .contains(message)
                .contains("Run 'c10k serve --help'")
                .doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingRootIsRefusedWithItsPath(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere");
        CliRun r = run("serve", "--root", missing.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--root': " + missing + " does not exist");
    }

    @Test
    void aFileAsRootIsRefused(@TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("f.txt"), "x");
        CliRun r = run("serve", "--root", file.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains(file + " is not a directory");
    }

    @Test
    void anAddressInUseIsOneLineWithoutAStackTrace() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun r = run("serve", "--strategy", "thread", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).startsWith("c10k: cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(r.err()).doesNotContain("\tat ");
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--profile=huge | Invalid value for option '--profile': 'huge' is not a profile; use quick or full",
                "--strategies=thread,nope | Invalid value for option '--strategies' (NAME): 'nope' is not an installed strategy",
                "--reference=iis | Invalid value for option '--reference': 'iis' is not a reference server",
                "--keep-alive=maybe | Invalid value for option '--keep-alive' (on|off): 'maybe' is neither on nor off",
                "--connections=0 | Invalid value for option '--connections': 0 is not 1..100000",
                "--files=nope.bin | Invalid value for option '--files': no file 'nope.bin' in",
                "--files=../etc/passwd | Invalid value for option '--files': no file '../etc/passwd' in",
                "--repetitions=0 | Invalid value for option '--repetitions': 0 is not 1..100",
                "--fresh-server=never | Invalid value for option '--fresh-server': 'never'; use trial or strategy",
                "--file-io=copy | Invalid value for option '--file-io' (MODE): 'copy' is not a file-io mode",
                "--server-cpus=999 | CPU 999 is not one this process may use"
            })
    void compareRefusesABadValueBeforeMeasuringAnything(String arg, String message) throws Exception {
        Path out = java.nio.file.Files.createTempDirectory("c10k-cli-test-");
        CliRun r = run("compare", arg, "--output", out.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains(message).contains("Run 'c10k compare --help'");
        assertThat(out).isEmptyDirectory();
        java.nio.file.Files.delete(out);
    }

    @Test
    void freshServerTakesItsValueAsTheNextArgument() {
        CliRun r = run("compare", "--fresh-server", "trial", "--repetitions", "0");
        assertThat(r.err()).contains("Invalid value for option '--repetitions': 0 is not 1..100");
    }

    @Test
    void compareHelpExplainsTheQuickProfilesTradeOff() {
        CliRun r = run("compare", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out())
                .contains("--strategies", "--connections", "--files", "--keep-alive", "--file-io", "--duration")
                .contains("--repetitions", "--profile", "--reference", "--output")
                .contains("The trade-off that")
                .contains("holds steady")
                .contains("one server per strategy for all its cells and repetitions");
    }

    @Test
    void compareHelpAndTheReadmeGiveTheQuickProfilesEstimate() throws Exception {
        String estimate = Profile.roughly(Profile.QUICK.estimatedSeconds(Contender.installedStrategies()));
        CliRun r = run("compare", "--help");
        assertThat(r.out().replaceAll("\\s+", " ")).contains("about " + estimate + " with the installed strategies");
        String readme = Files.readString(Path.of("..", "README.md"));
        var said = Pattern.compile("about ([0-9½]+ (seconds|minutes))")
                .matcher(readme)
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(said).as("the README's durations").isNotEmpty().containsOnly(estimate);
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "compare", "idle"})
    void everyCommandRefusesAMissingRootAlike(String command, @TempDir Path dir) {
        Path missing = dir.resolve("nowhere");
        CliRun r = run(command, "--root", missing.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--root': " + missing + " does not exist");
    }

    @Test
    void aReferenceServerThatDoesNotExistIsRefusedWithTheNamesThatDo() {
        String names = Arrays.stream(Reference.values()).map(Reference::key).collect(Collectors.joining(", "));
        assertThat(run("idle", "--reference", "iis").err())
                .contains("'iis' is not a reference server; use " + names + System.lineSeparator());
        assertThat(run("compare", "--reference", "nginx,iis").err())
                .contains("'iis' is not a reference server; use " + names + " or all");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--connections=0 | Invalid value for option '--connections': 0 is not 1..100000",
                "--reference=iis | Invalid value for option '--reference': 'iis' is not a reference server",
                "--file=nope.bin | Invalid value for option '--file': no file 'nope.bin' in",
                "--strategy=nope | Invalid value for option '--strategy': 'nope' is not an installed strategy"
            })
    void idleRefusesABadValue(String arg, String message) {
        CliRun r = run("idle", arg);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains(message).contains("Run 'c10k idle --help'");
    }

    @Test
    void idleTakesAStrategyOrAReferenceNotBoth() {
        CliRun r = run("idle", "--strategy", "thread", "--reference", "nginx");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("mutually exclusive");
    }
}
