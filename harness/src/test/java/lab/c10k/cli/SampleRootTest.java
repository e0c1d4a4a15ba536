package lab.c10k.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleRootTest {

    @Test
    void generatesTheFilesOnceWorldReadable(@TempDir Path parent) throws Exception {
        Path root = SampleRoot.ensure(parent);
        assertThat(root.resolve("index.html")).isRegularFile();
        for (SampleRoot.Sample s : SampleRoot.FILES) {
            assertThat(Files.size(root.resolve(s.name()))).isEqualTo(s.size());
            assertThat(Files.getPosixFilePermissions(root.resolve(s.name()))).contains(PosixFilePermission.OTHERS_READ);
            assertThat(Files.readString(root.resolve("index.html"))).contains("href=\"" + s.name() + "\"");
        }
        byte[] before = Files.readAllBytes(root.resolve("2k.bin"));
        var modified = Files.getLastModifiedTime(root.resolve("2k.bin"));
        assertThat(SampleRoot.ensure(parent)).isEqualTo(root);
        assertThat(Files.getLastModifiedTime(root.resolve("2k.bin")))
                .as("not regenerated")
                .isEqualTo(modified);
        assertThat(Files.readAllBytes(root.resolve("2k.bin"))).isEqualTo(before);
        try (var entries = Files.list(parent)) {
            assertThat(entries).as("no staging folder left behind").containsExactly(root);
        }
    }

    @Test
    void repairsAnIncompleteRoot(@TempDir Path parent) throws Exception {
        Path root = SampleRoot.ensure(parent);
        Files.delete(root.resolve("2m.bin"));
        Files.writeString(root.resolve("2k.bin"), "truncated");
        assertThat(SampleRoot.ensure(parent)).isEqualTo(root);
        assertThat(Files.size(root.resolve("2m.bin"))).isEqualTo(2 * 1024 * 1024);
        assertThat(Files.size(root.resolve("2k.bin"))).isEqualTo(2048);
    }

    @Test
    void isDeterministic(@TempDir Path a, @TempDir Path b) throws Exception {
        assertThat(Files.readAllBytes(SampleRoot.ensure(a).resolve("100k.bin")))
                .isEqualTo(Files.readAllBytes(SampleRoot.ensure(b).resolve("100k.bin")));
    }
}
