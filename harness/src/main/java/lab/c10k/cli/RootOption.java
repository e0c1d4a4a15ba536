package lab.c10k.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --root DIR}, the document root, for every command that starts a server. */
final class RootOption {

    @Option(
            names = "--root",
            paramLabel = "DIR",
            description = "The document root (default: a built-in sample root with index.html, 1k.bin, 2k.bin,"
                    + " 100k.bin and 2m.bin, generated once in the temporary folder).")
    Path root;

    /**
     * The root given, absolute, or the built-in sample root.
     *
     * @throws ParameterException when the root given is not a readable directory, or the sample root cannot be made
     */
    Path resolve(CommandSpec spec) {
        if (root == null) {
            try {
                return SampleRoot.ensure();
            } catch (IOException e) {
                throw new ParameterException(
                        spec.commandLine(),
                        "cannot create the built-in sample root (" + e.getMessage() + "); pass --root DIR");
            }
        }
        String problem = !Files.exists(root)
                ? "does not exist"
                : !Files.isDirectory(root) ? "is not a directory" : !Files.isReadable(root) ? "is not readable" : null;
        if (problem != null) {
            throw InvalidValue.option(spec, "--root", root + " " + problem);
        }
        return root.toAbsolutePath().normalize();
    }

    /**
     * {@code file} of {@code root}, for a flag that names one.
     *
     * @throws ParameterException when {@code root} has no such regular file
     */
    static Path file(CommandSpec spec, String option, Path root, String file) {
        Path f = root.resolve(file).normalize();
        if (!f.startsWith(root) || !Files.isRegularFile(f)) {
            throw InvalidValue.option(spec, option, "no file '" + file + "' in " + root);
        }
        return f;
    }
}
