package lab.c10k.harness.experiment;

import java.util.Locale;
import lab.c10k.files.FileIo;
import lab.c10k.harness.report.Units;

/**
 * One point of the matrix: how many connections, which file, keep-alive or not, and the file-io mode of a Java
 * strategy.
 *
 * @param connections concurrent connections (closed loop)
 * @param file the file's name in the root
 * @param fileBytes its size
 * @param keepAlive whether connections are kept between requests
 * @param fileIo the server's file-io mode; null for a reference server, which has its own
 */
public record Cell(int connections, String file, long fileBytes, boolean keepAlive, FileIo fileIo) {

    /** {@code 100 conns, 2 KiB, keep-alive} and the file-io mode when given. */
    public String label() {
        return connections + (connections == 1 ? " conn, " : " conns, ") + size() + ", "
                + (keepAlive ? "keep-alive" : "close") + (fileIo == null ? "" : ", " + fileIoName());
    }

    /** The file size, short: {@code 2 KiB}, {@code 2 MiB}. */
    public String size() {
        return Units.bytes(fileBytes).replace(".0 ", " ");
    }

    /** The file-io mode in lower case, or {@code -}. */
    public String fileIoName() {
        return fileIo == null ? "-" : fileIo.name().toLowerCase(Locale.ROOT);
    }
}
