package lab.c10k.files;

import java.time.Instant;
import java.util.Optional;
import lab.c10k.http.HttpDate;
import lab.c10k.http.RequestHead;

/**
 * Conditional requests (RFC 9110 section 13) for GET and HEAD of an existing file.
 *
 * <p>The preconditions are evaluated in the order of RFC 9110 section 13.2.2, and a field later in the order is
 * not consulted when an earlier one decides: If-Match, else If-Unmodified-Since (412 when false); then
 * If-None-Match, else If-Modified-Since (304 when false). If-Match compares strongly (a weak tag never matches),
 * If-None-Match weakly. A date that does not parse is ignored, as the RFC requires; so is a repeated date field,
 * which the parser joins into an invalid value. An entity-tag list that does not parse matches nothing.
 *
 * <p>If-Range is separate: it only decides whether a Range is honoured, and anything but an exact strong match
 * of the entity-tag, or a date equal to Last-Modified, means "send the whole file".
 *
 * <p>Stateless.
 */
final class Conditionals {
    private Conditionals() {}

    /** What the preconditions of a request decide. */
    enum Outcome {
        /** Serve the file (with any Range). */
        PROCEED,
        /** 304: the client's copy is current. */
        NOT_MODIFIED,
        /** 412: a precondition the client set does not hold. */
        PRECONDITION_FAILED
    }

    static Outcome evaluate(RequestHead request, Validators validators) {
        if (request.ifMatch() != null) {
            if (!anyMatches(request.ifMatch(), validators.entityTag(), false)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else {
            Optional<Instant> date = HttpDate.parse(request.ifUnmodifiedSince());
            if (date.isPresent() && validators.lastModifiedSecond() > date.get().getEpochSecond()) {
                return Outcome.PRECONDITION_FAILED;
            }
        }
        if (request.ifNoneMatch() != null) {
            if (anyMatches(request.ifNoneMatch(), validators.entityTag(), true)) {
                return Outcome.NOT_MODIFIED;
            }
        } else {
            Optional<Instant> date = HttpDate.parse(request.ifModifiedSince());
            if (date.isPresent()
                    && validators.lastModifiedSecond() <= date.get().getEpochSecond()) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    /** Whether a Range is honoured given {@code ifRange}, the If-Range field ({@code null} when absent). */
    static boolean rangeApplies(String ifRange, Validators validators) {
        if (ifRange == null) {
            return true;
        }
        String value = trimOws(ifRange);
        if (value.startsWith("\"") || value.startsWith("W/")) {
            // Strong comparison: the current tag is strong, so only the identical quoted string matches.
            return value.equals(validators.entityTag());
        }
        return HttpDate.parse(value)
                .map(date -> date.getEpochSecond() == validators.lastModifiedSecond())
                .orElse(false);
    }

    /**
     * Whether {@code field}, {@code *} or a comma-separated list of entity-tags, matches {@code current} (a strong
     * tag). Weak comparison ignores the {@code W/} prefix; strong comparison never matches a weak tag. A list that
     * does not parse as a whole matches nothing.
     */
    static boolean anyMatches(String field, String current, boolean weakComparison) {
        String list = trimOws(field);
        if (list.equals("*")) {
            return true;
        }
        boolean matched = false;
        int i = 0;
        while (true) {
            while (i < list.length() && (isOws(list.charAt(i)) || list.charAt(i) == ',')) {
                i++;
            }
            if (i == list.length()) {
                return matched;
            }
            boolean weak = list.startsWith("W/", i);
            if (weak) {
                i += 2;
            }
            if (i == list.length() || list.charAt(i) != '"') {
                return false;
            }
            int close = list.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            matched |= (weakComparison || !weak) && list.substring(i, close + 1).equals(current);
            i = close + 1;
            while (i < list.length() && isOws(list.charAt(i))) {
                i++;
            }
            if (i < list.length() && list.charAt(i) != ',') {
                return false;
            }
        }
    }

    /** {@code value} without leading and trailing optional whitespace (SP and HTAB). */
    static String trimOws(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isOws(value.charAt(start))) {
            start++;
        }
        while (end > start && isOws(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
