/**
 * The selector strategy: N event loops, each one thread with one NIO selector, serving every connection with
 * non-blocking I/O through the core's {@link lab.c10k.server.Http1Connection} state machine.
 *
 * <p><b>The event loop.</b> An {@link lab.c10k.strategy.selector.EventLoop} waits in {@code Selector.select}
 * (on Linux {@code epoll_wait}) until some of its sockets are ready, then serves each ready socket as far as it
 * can go without blocking: a readable socket is read into the loop's one read buffer and the bytes handed to the
 * connection's state machine; a response is written at once, and only if the socket buffer fills up does the
 * connection ask for OP_WRITE and wait. Then the loop expires the deadlines that have passed and waits again,
 * for at most the time until the nearest deadline.
 *
 * <p><b>Level-triggered readiness.</b> NIO's epoll selector is level-triggered: a socket is reported ready in
 * every {@code select} for as long as it is readable (or writable), not only when it becomes so. So a connection
 * may stop reading after a fair share and is called again in the next turn; nothing is lost by leaving bytes
 * behind. The flip side is that interest must follow the state exactly: a socket that waits for nothing must not
 * be registered for OP_WRITE (it would be reported on every turn, a busy loop), and a listening socket the loop
 * cannot accept from (at {@code --max-connections}, or out of descriptors) must drop OP_ACCEPT until it can. A
 * fast download that has had its turn (2 MiB, as nginx's {@code sendfile_max_chunk}) while its socket still takes
 * bytes is therefore not registered for OP_WRITE: it waits in the loop's own queue and resumes right after the
 * next select, as nginx's posted events do. OP_WRITE is asked for only while a response waits on a full socket.
 * Edge-triggered epoll, which saves the re-registration calls, is not available from Java without native code;
 * Netty removed its use, and measurements (Gammo 2004) found the gain slight.
 *
 * <p><b>Why almost no context switches.</b> A thread-per-connection server blocks in {@code read} after every
 * response and is woken by the kernel for every request: about one context switch of its own per request (the
 * harness's {@code ctx sw/req} column shows it for the thread strategy; {@code docs/measurements.md}). A loop with
 * many busy connections finds, at each {@code epoll_wait}, several sockets already ready and returns without
 * sleeping; it sleeps only when every connection is waiting for its client. Under load the switches per request
 * fall towards zero, and the CPU time goes to system calls that do work.
 *
 * <p><b>Memory.</b> An idle connection holds its socket channel, its selection key, the core's state machine
 * and parser, and its links in the deadline wheel: no buffer. The read buffer belongs to the loop (the state
 * machine consumes every byte it is given, keeping only a pipelined remainder), a response head exists only
 * while it is written, and file bytes go from the page cache to the socket with {@code sendfile}.
 *
 * <p><b>Blocking that remains.</b> Opening a file and reading it ({@code sendfile} from a file not in the page
 * cache, an mmap page fault, {@code pread} in READ mode and for a small body gathered behind its head) can wait
 * for the disk inside the loop, delaying every connection of that loop; with a warm page cache (the benchmarks)
 * it does not. A download evicted from the page cache keeps its loop inside {@code sendfile} for as long as the
 * disk takes to deliver each chunk, many times longer than from a warm cache, and every other connection of the
 * loop waits that long ({@code docs/measurements.md} has a measured case and how to repeat it). nginx moves such
 * reads to a thread pool ({@code aio threads}); this strategy leaves the cost visible.
 *
 * <p><b>Threading.</b> Everything about a connection happens on its loop's thread: its state machine, its
 * file transfer (MMAP mode's confined arena is written and closed there), its deadline. Other threads talk to a
 * loop only by posting a task and waking its selector: loop 0 hands accepted sockets to the other loops this
 * way, and {@code shutdown} drains and aborts the loops this way.
 */
package lab.c10k.strategy.selector;
