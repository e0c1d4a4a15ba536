package lab.c10k.files;

import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import lab.c10k.http.HttpDate;

/**
 * The validators of a file (RFC 9110 section 8.8): what a client sends back to ask "has it changed?".
 *
 * <p>The entity-tag is strong and built from the modification time in milliseconds and the size, both in hex, as
 * Caddy builds it (lighttpd adds the inode): it changes whenever a rewrite changes either, costs no read of the
 * content, and is the same in every worker process. Last-Modified has one-second precision, so date comparisons
 * use whole seconds.
 *
 * @param entityTag the strong entity-tag, quotes included
 * @param lastModified the modification time as an HTTP date
 * @param lastModifiedSecond the modification time in seconds since the epoch, for date comparisons
 */
record Validators(String entityTag, String lastModified, long lastModifiedSecond) {

    /** The validators of a file with these attributes. */
    static Validators of(BasicFileAttributes attributes) {
        Instant modified = attributes.lastModifiedTime().toInstant();
        String tag = "\"" + Long.toHexString(attributes.lastModifiedTime().toMillis()) + "-"
                + Long.toHexString(attributes.size()) + "\"";
        return new Validators(tag, HttpDate.format(modified), modified.getEpochSecond());
    }
}
