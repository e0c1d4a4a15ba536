package lab.c10k.files;

/**
 * What a Range field asks of a file of a known size (RFC 9110 section 14): a closed set of three answers.
 *
 * <p>One range is served; anything else is ignored and the whole file is sent (200), which the RFC allows and
 * Apache does: several ranges (which would need {@code multipart/byteranges}, and which the "Apache Killer"
 * CVE-2011-3192 abused by asking for thousands of overlapping ones), a unit other than {@code bytes}, or a syntax
 * error ({@code bytes=alpha}, {@code 7-1}). A range that starts at or past the end, or a suffix of zero bytes, is
 * unsatisfiable (416). An empty file has no satisfiable range, so a Range on it is ignored, as Go's {@code
 * ServeContent} does. Positions are {@code long}: files over 2 GiB are ordinary. Digits that overflow a long
 * saturate, so a huge last position is clamped like any other past the end.
 */
sealed interface RangeRequest {

    /** Serve the whole file: no Range, or one the server ignores. */
    record Ignored() implements RangeRequest {}

    /**
     * Serve bytes {@code first} to {@code last}, both inclusive (206).
     *
     * @param first the first byte
     * @param last the last byte, less than the size of the file
     */
    record Slice(long first, long last) implements RangeRequest {
        /** The number of bytes in the slice. */
        long length() {
            return last - first + 1;
        }
    }

    /** No byte of the file is in the range (416). */
    record Unsatisfiable() implements RangeRequest {}

    RangeRequest IGNORED = new Ignored();
    RangeRequest UNSATISFIABLE = new Unsatisfiable();

    /** What {@code field} (the Range field, {@code null} when absent) asks of a file of {@code size} bytes. */
    static RangeRequest parse(String field, long size) {
        if (field == null || size == 0) {
            return IGNORED;
        }
        int equals = field.indexOf('=');
        if (equals < 0 || !Conditionals.trimOws(field.substring(0, equals)).equalsIgnoreCase("bytes")) {
            return IGNORED;
        }
        String spec = Conditionals.trimOws(field.substring(equals + 1));
        int dash = spec.indexOf('-');
        if (dash < 0 || spec.indexOf(',') >= 0) {
            return IGNORED;
        }
        String firstDigits = spec.substring(0, dash);
        String lastDigits = spec.substring(dash + 1);
        if (firstDigits.isEmpty()) {
            long suffix = digits(lastDigits);
            if (suffix < 0) {
                return IGNORED;
            }
            return suffix == 0 ? UNSATISFIABLE : new Slice(Math.max(0, size - suffix), size - 1);
        }
        long first = digits(firstDigits);
        long last = lastDigits.isEmpty() ? Long.MAX_VALUE : digits(lastDigits);
        if (first < 0 || last < 0 || last < first) {
            return IGNORED;
        }
        return first >= size ? UNSATISFIABLE : new Slice(first, Math.min(last, size - 1));
    }

    /** The value of one or more ASCII digits, saturated at {@code Long.MAX_VALUE}; -1 for anything else. */
    private static long digits(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - (c - '0')) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
