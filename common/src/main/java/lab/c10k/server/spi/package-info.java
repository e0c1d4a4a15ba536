/**
 * The strategy SPI: the seam between the shared core and a concurrency strategy.
 *
 * <p>A {@link lab.c10k.server.spi.Strategy} binds a listening socket and returns a {@link
 * lab.c10k.server.spi.RunningServer}. Strategies are discovered with {@link java.util.ServiceLoader} through
 * {@code META-INF/services} files: the project runs on the class path rather than the module path because the
 * process strategy starts worker JVMs from the same class path and the CLI ships as one shaded jar, where
 * {@code module-info} {@code provides} clauses would not be seen.
 */
package lab.c10k.server.spi;
