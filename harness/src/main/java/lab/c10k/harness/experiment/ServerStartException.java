package lab.c10k.harness.experiment;

import java.io.IOException;

/** A server under test did not come up; the message says why, with the end of its output. */
public final class ServerStartException extends IOException {
    private static final long serialVersionUID = 1L;

    public ServerStartException(String message) {
        super(message);
    }
}
