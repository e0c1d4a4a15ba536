package lab.c10k.harness.load;

/** The bytes a server sent are not an HTTP/1.x response the generator can follow. */
final class MalformedResponseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedResponseException(String message) {
        super(message);
    }
}
