package lab.c10k.harness.docker;

/** No Docker engine answers: {@code --docker} cannot run, and says so in one line. */
public final class NoEngineException extends Exception {
    private static final long serialVersionUID = 1L;

    NoEngineException(String message) {
        super(message);
    }
}
