/**
 * The thread strategies: one thread per connection, platform ({@code thread}) or virtual ({@code virtual}), over
 * the core's {@link lab.c10k.server.BlockingConnection} loop.
 *
 * <p>Threading: one acceptor thread blocks in {@code accept}; each accepted socket gets a new thread that serves
 * it to the end; one deadline-scanner thread enforces the deadlines. Nothing is shared between connection threads
 * but the server's counters.
 */
package lab.c10k.strategy.thread;
