package lab.c10k.strategy.selector;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.spi.RunningServer;
import lab.c10k.server.spi.Strategy;
import lab.c10k.server.spi.StrategyOption;

/**
 * {@code --strategy selector}: one thread runs an event loop over a NIO {@link java.nio.channels.Selector} (epoll
 * on Linux) and serves every connection with non-blocking I/O; {@code --reactors N} runs N such loops. The model
 * of nginx (one worker process, or {@code worker_processes N}) and of Netty's event-loop group.
 *
 * <p>The trade-off. Instead of parking a thread in {@code read} for each connection and letting the kernel
 * switch between them, one thread asks the kernel which of its thousands of sockets are ready ({@code
 * epoll_wait}), and does for each exactly the work that can be done without waiting: read what has arrived,
 * write what the socket buffer takes. While requests keep arriving the loop never sleeps, so a request costs a
 * few system calls and almost no context switches, and an idle connection costs only its socket and a few
 * hundred bytes of heap, not a thread and a stack. The price is paid in the code and in the loop's discipline:
 * every step must be resumable (the core's {@code Http1Connection} is a state machine for that reason), timeouts
 * need their own structure ({@link DeadlineWheel}) because no thread waits per connection, and anything that
 * blocks the thread blocks every connection of the loop. Reading a file that is not in the page cache is such a
 * thing: {@code sendfile}, an mmap page fault and {@code pread} all wait for the disk inside the loop, which
 * nginx answers with thread pools ({@code aio threads}) and this lab leaves visible, to be measured.
 */
public final class SelectorLoops implements Strategy {

    @Override
    public String name() {
        return "selector";
    }

    @Override
    public String summary() {
        return "N selector loops, non-blocking I/O (nginx, Netty): epoll multiplexes every connection of a loop";
    }

    @Override
    public List<StrategyOption> options() {
        return SelectorOptions.DECLARED;
    }

    @Override
    public void checkOptions(Map<String, String> values) {
        SelectorOptions.from(values);
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        return SelectorServer.start(config);
    }
}
