package lab.c10k.http;

import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * What follows a response head on the wire, and what its Content-Length says.
 *
 * <p>A closed set: a static-file server sends either a few bytes of its own, a region of a file, or nothing.
 */
public sealed interface Body {

    /** The value of the Content-Length field, or -1 when the response carries no Content-Length. */
    long length();

    /** A small body held in memory: error pages, redirects. */
    record Bytes(byte[] bytes) implements Body {
        public Bytes {
            Objects.requireNonNull(bytes);
        }

        @Override
        public long length() {
            return bytes.length;
        }
    }

    /**
     * {@code count} bytes of an open file from {@code position}. The channel belongs to the response: whoever
     * sends it closes it, also when the send fails.
     */
    record FileRegion(FileChannel channel, long position, long count) implements Body {
        public FileRegion {
            Objects.requireNonNull(channel);
            if (position < 0 || count < 0) {
                throw new IllegalArgumentException("position " + position + ", count " + count);
            }
        }

        @Override
        public long length() {
            return count;
        }
    }

    /** The answer to HEAD: a Content-Length of {@code length} and no bytes. */
    record Withheld(long length) implements Body {}

    /** No Content-Length and no bytes: 304 Not Modified. */
    record Absent() implements Body {
        @Override
        public long length() {
            return -1;
        }
    }

    /** The one {@link Absent} instance. */
    Body ABSENT = new Absent();

    /** An empty body with {@code Content-Length: 0}. */
    Body EMPTY = new Withheld(0);
}
