package lab.c10k.strategy.process;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import lab.c10k.server.ServerConfig;

/**
 * The server's listening socket, made by the master with {@code socket}, {@code bind} and {@code listen} through
 * FFM rather than with {@link java.nio.channels.ServerSocketChannel}, because the master must know its descriptor
 * number to place it as descriptor 0 of each worker; the JDK does not expose the number of its own channels.
 *
 * <p>Close-on-exec, as every descriptor of the master, so that only the workers it is placed into get it.
 * Thread-safe.
 */
final class ListeningSocket implements AutoCloseable {
    private static final ValueLayout.OfShort NETWORK_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int SOCKADDR_IN_BYTES = 16;
    private static final int SOCKADDR_IN6_BYTES = 28;

    private final int fd;
    private final InetSocketAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ListeningSocket(int fd, InetSocketAddress address) {
        this.fd = fd;
        this.address = address;
    }

    /**
     * Binds {@code config}'s address with its backlog and SO_REUSEADDR, as {@link lab.c10k.server.Listeners}
     * does for the single-process strategies.
     *
     * @throws IOException when the address cannot be bound; the message names the address
     */
    static ListeningSocket bind(ServerConfig config) throws IOException {
        InetAddress ip = InetAddress.getByName(config.host());
        boolean v6 = ip instanceof Inet6Address;
        int fd = Posix.atLeast(
                Posix.socket(v6 ? Posix.AF_INET6 : Posix.AF_INET, Posix.SOCK_STREAM | Posix.SOCK_CLOEXEC),
                WorkerMain.DESCRIPTORS);
        try (Arena a = Arena.ofConfined()) {
            Posix.setIntOption(fd, Posix.SOL_SOCKET, Posix.SO_REUSEADDR, 1);
            try {
                Posix.bind(fd, sockaddr(a, ip, config.port()));
            } catch (Posix.ErrnoException e) {
                throw new BindException(
                        "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage());
            }
            Posix.listen(fd, config.backlog());
            MemorySegment bound = a.allocate(SOCKADDR_IN6_BYTES, 4);
            Posix.getsockname(fd, bound);
            int port = Short.toUnsignedInt(bound.get(NETWORK_SHORT, 2));
            return new ListeningSocket(fd, new InetSocketAddress(ip, port));
        } catch (IOException | RuntimeException e) {
            Posix.closeQuietly(fd);
            throw e;
        }
    }

    private static MemorySegment sockaddr(Arena a, InetAddress ip, int port) {
        byte[] raw = ip.getAddress();
        if (ip instanceof Inet6Address v6) {
            MemorySegment s = a.allocate(SOCKADDR_IN6_BYTES, 4);
            s.set(JAVA_SHORT, 0, (short) Posix.AF_INET6);
            s.set(NETWORK_SHORT, 2, (short) port);
            MemorySegment.copy(MemorySegment.ofArray(raw), 0, s, 8, 16);
            s.set(ValueLayout.JAVA_INT, 24, v6.getScopeId());
            return s;
        }
        MemorySegment s = a.allocate(SOCKADDR_IN_BYTES, 4);
        s.set(JAVA_SHORT, 0, (short) Posix.AF_INET);
        s.set(NETWORK_SHORT, 2, (short) port);
        MemorySegment.copy(MemorySegment.ofArray(raw), 0, s, 4, 4);
        return s;
    }

    int fd() {
        return fd;
    }

    /** The bound address, with the actual port when port 0 was asked for. */
    InetSocketAddress address() {
        return address;
    }

    /**
     * Accepts a connection (fork per connection), blocking; its descriptor is close-on-exec.
     *
     * @throws Posix.ErrnoException EINVAL once {@link #stopListening()} was called
     */
    int accept() throws IOException {
        return Posix.accept(fd);
    }

    /**
     * Stops listening for every process that shares the socket: {@code shutdown(SHUT_RD)} on a listening socket
     * takes it out of the LISTEN state at once, so every {@code accept} blocked on it, in any worker, fails, and
     * new connections are refused, even before the last process has closed its descriptor.
     */
    void stopListening() {
        if (!closed.get()) {
            try {
                Posix.shutdown(fd, Posix.SHUT_RD);
            } catch (IOException e) {
                // ENOTCONN on some kernels for a socket that already stopped: nothing left to stop
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Posix.closeQuietly(fd);
        }
    }
}
