package lab.c10k.strategy.thread;

import java.io.IOException;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.spi.RunningServer;
import lab.c10k.server.spi.Strategy;

/**
 * {@code --strategy virtual}: one virtual thread per connection (Project Loom, JDK 21+), with the same blocking
 * code as {@link ThreadPerConnection}.
 *
 * <p>The trade-off. The code stays the simple blocking loop, but a blocking socket read no longer blocks a kernel
 * thread: the JDK parks the virtual thread (its stack is saved to the heap, a few hundred bytes to a few KiB),
 * registers the socket with an epoll-based poller, and runs another virtual thread on the same carrier. So the
 * kernel sees a few carrier threads, about one per core, and context switches per request fall towards those of
 * an event loop, while memory per idle connection is heap, not a kernel stack. What remains is the user-mode
 * cost of parking and unparking, and file I/O, which still blocks the carrier (the JDK compensates by adding
 * carriers). It is the event loop of the selector strategy, written by the JDK for you.
 */
public final class VirtualThreadPerConnection implements Strategy {

    @Override
    public String name() {
        return "virtual";
    }

    @Override
    public String summary() {
        return "a virtual thread per connection (Loom): blocking code, parked on an epoll poller by the JDK";
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        return ThreadPerConnectionServer.start(config, Thread.ofVirtual().name("c10k-virtual-", 0), "c10k-virtual");
    }
}
