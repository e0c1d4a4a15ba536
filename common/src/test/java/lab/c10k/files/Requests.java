package lab.c10k.files;

import lab.c10k.http.HttpVersion;
import lab.c10k.http.Method;
import lab.c10k.http.RequestHead;

/** Builds {@link RequestHead}s as the parser would: one field per method call, absent fields {@code null}. */
final class Requests {
    private Method method = Method.GET;
    private final String path;
    private String query;
    private String range;
    private String ifRange;
    private String ifMatch;
    private String ifNoneMatch;
    private String ifModifiedSince;
    private String ifUnmodifiedSince;

    private Requests(String path) {
        this.path = path;
    }

    static Requests to(String path) {
        return new Requests(path);
    }

    Requests method(Method value) {
        method = value;
        return this;
    }

    Requests query(String value) {
        query = value;
        return this;
    }

    Requests range(String value) {
        range = value;
        return this;
    }

    Requests ifRange(String value) {
        ifRange = value;
        return this;
    }

    Requests ifMatch(String value) {
        ifMatch = value;
        return this;
    }

    Requests ifNoneMatch(String value) {
        ifNoneMatch = value;
        return this;
    }

    Requests ifModifiedSince(String value) {
        ifModifiedSince = value;
        return this;
    }

    Requests ifUnmodifiedSince(String value) {
        ifUnmodifiedSince = value;
        return this;
    }

    RequestHead build() {
        return new RequestHead(
                method,
                query == null ? path : path + "?" + query,
                path,
                query,
                HttpVersion.HTTP_1_1,
                "localhost",
                true,
                false,
                false,
                range,
                ifRange,
                ifMatch,
                ifNoneMatch,
                ifModifiedSince,
                ifUnmodifiedSince);
    }
}
