package lab.c10k.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The document root, and the walk from it to the file a request names.
 *
 * <p>The walk resolves one name at a time from the real root and reads each step's attributes without following
 * links ({@link LinkOption#NOFOLLOW_LINKS}, an lstat), as the JDK's {@code jwebserver} does. Checking only the
 * final path would not do: {@code Path.normalize()} and {@code startsWith} are string operations, blind to a
 * symbolic link in the middle of the path that leads out of the root. Step by step, every link is seen where it
 * is. By default a link is not served (404), like a hidden name (one starting with a dot: {@code .git}, {@code
 * .env}); with {@code followSymlinks}, a link is followed only when its real target is inside the real root and is
 * not hidden there.
 *
 * <p>Only directories and regular files are served. A FIFO, device or socket is refused from its lstat, before
 * anything opens it: opening a FIFO blocks until a writer appears, and a device may be anything. Errors map as
 * nginx maps them: a missing name is 404, a permission error 403, anything else 500; a followed link that leads
 * nowhere (dangling, or a loop) is 404. A name longer than the kernel's {@code NAME_MAX} cannot exist, so it is
 * 404 rather than the 500 that {@code ENAMETOOLONG} would give. Last, the path found must still start with the
 * real root: a check that costs nothing and catches a mistake in the walk.
 *
 * <p>Immutable and thread-safe.
 */
final class DocumentRoot {

    /** Linux's {@code NAME_MAX}: the most bytes in one file name. */
    static final int NAME_MAX = 255;

    private final Path realRoot;
    private final boolean followSymlinks;

    private DocumentRoot(Path realRoot, boolean followSymlinks) {
        this.realRoot = realRoot;
        this.followSymlinks = followSymlinks;
    }

    /**
     * Validates {@code root} and keeps its real path.
     *
     * @throws IllegalArgumentException naming the root and the one reason it is not usable
     */
    static DocumentRoot of(Path root, boolean followSymlinks) {
        if (!Files.exists(root)) {
            throw new IllegalArgumentException("document root " + root + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("document root " + root + " is not a directory");
        }
        if (!Files.isReadable(root) || !Files.isExecutable(root)) {
            throw new IllegalArgumentException("document root " + root + " is not readable");
        }
        try {
            return new DocumentRoot(root.toRealPath(), followSymlinks);
        } catch (IOException e) {
            throw new IllegalArgumentException("document root " + root + " cannot be resolved: " + e.getMessage(), e);
        }
    }

    /** Walks from the root along {@code names}. */
    Lookup find(List<String> names) {
        Lookup found = new Lookup.Directory(realRoot);
        for (String name : names) {
            found = switch (found) {
                case Lookup.Directory directory -> step(directory.path(), name);
                case Lookup.RegularFile _ -> Lookup.NOT_FOUND; // a file has no names under it
                case Lookup.Refused refused -> refused;
            };
        }
        return found;
    }

    /** The {@code index.html} of {@code directory}, under the same rules as any other name. */
    Lookup index(Lookup.Directory directory) {
        return step(directory.path(), "index.html");
    }

    private Lookup step(Path directory, String name) {
        if (name.startsWith(".") || name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
            return Lookup.NOT_FOUND;
        }
        try {
            Path path = directory.resolve(name);
            BasicFileAttributes attributes =
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                if (!followSymlinks) {
                    return Lookup.NOT_FOUND;
                }
                try {
                    path = path.toRealPath();
                } catch (FileSystemException e) {
                    // Dangling, or a loop (ELOOP): the link leads to no file. Only a permission error is not 404.
                    return e instanceof AccessDeniedException ? Lookup.FORBIDDEN : Lookup.NOT_FOUND;
                }
                if (!visibleInside(path)) {
                    return Lookup.NOT_FOUND;
                }
                attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            if (!path.startsWith(realRoot)) {
                return Lookup.NOT_FOUND;
            }
            if (attributes.isDirectory()) {
                return new Lookup.Directory(path);
            }
            if (attributes.isRegularFile()) {
                return new Lookup.RegularFile(path, attributes);
            }
            return Lookup.NOT_FOUND;
        } catch (NoSuchFileException e) {
            return Lookup.NOT_FOUND;
        } catch (AccessDeniedException e) {
            return Lookup.FORBIDDEN;
        } catch (IOException e) {
            return Lookup.FAILED;
        }
    }

    /** Whether a real path is inside the real root with no hidden name on the way: where a link may lead. */
    private boolean visibleInside(Path real) {
        if (!real.startsWith(realRoot)) {
            return false;
        }
        for (Path name : realRoot.relativize(real)) {
            if (name.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }
}
