package lab.c10k.strategy.thread;

import java.io.IOException;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.spi.RunningServer;
import lab.c10k.server.spi.Strategy;

/**
 * {@code --strategy thread}: one platform thread per connection, created when the connection is accepted and
 * ended when it closes, with blocking I/O. The model of Apache's worker MPM (without its thread pool) and of
 * every first server a student writes.
 *
 * <p>The trade-off. The code is the simplest possible: a connection's thread reads a request, writes the
 * response, and blocks in between, and the kernel's scheduler does the multiplexing. The price is paid to the
 * kernel: every platform thread is a kernel task with its own stack (reserved virtual memory, of which the pages
 * touched stay resident), and every time a thread blocks in read or write the CPU switches to another thread,
 * so each request costs about one context switch of the server's (the one out of its thread; the switch back in
 * is counted to whatever ran meanwhile). With hundreds of connections on few cores the scheduler,
 * not the server, decides the latency; with thousands, memory and thread creation ({@code Connection: close}
 * creates and ends a thread per request) dominate. The harness measures exactly these costs: context switches
 * per request and memory per idle connection.
 */
public final class ThreadPerConnection implements Strategy {

    @Override
    public String name() {
        return "thread";
    }

    @Override
    public String summary() {
        return "a platform thread per connection, blocking I/O (Apache worker): a kernel task and a stack each";
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        return ThreadPerConnectionServer.start(
                config, Thread.ofPlatform().name("c10k-thread-", 0).daemon(true), "c10k-thread");
    }
}
