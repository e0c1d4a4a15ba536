package lab.c10k.server;

import java.io.IOException;
import java.net.BindException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/** Opens the listening socket of a server, the same way for every strategy. */
public final class Listeners {
    private Listeners() {}

    /**
     * A blocking server socket bound to {@code config}'s address with its backlog and SO_REUSEADDR (so a restart
     * does not wait for TIME_WAIT).
     *
     * @throws IOException when the address cannot be bound; the message names the address
     */
    public static ServerSocketChannel bind(ServerConfig config) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(config.bindAddress(), config.backlog());
            return listener;
        } catch (IOException e) {
            listener.close();
            if (e instanceof BindException) {
                throw new BindException(
                        "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage());
            }
            throw e;
        }
    }
}
