/**
 * {@code c10k compare --docker}: each Java server in a container of its own, started from Java with Testcontainers,
 * measured exactly as a native one.
 *
 * <p>{@link lab.c10k.harness.docker.DockerEngine} finds the engine (or says in one line why there is none); {@link
 * lab.c10k.harness.docker.C10kImage} makes the image on first use: {@code docker/Dockerfile} (packed into the jar)
 * with the running {@code c10k.jar}, on the public JRE 25 image when a registry answers and otherwise on the
 * offline base that {@code docker/base-image.sh} builds with debootstrap and jlink; {@link
 * lab.c10k.harness.docker.DockerServers} starts the containers: host network, the server CPUs as the cpuset, a
 * memory limit, {@code --init}.
 *
 * <p>What is measured does not change: host networking lets the load generator and the control port stay on
 * loopback, the context switches and CPU time come from the server's own getrusage (inside a container {@code
 * /proc/stat} is the machine's, and Docker's default seccomp profile forbids perf), and RSS and PSS come from this
 * machine's {@code /proc}, where the container's processes are visible under pids of its own.
 *
 * <p>Threading: used by the experiment's thread; Testcontainers writes each container's output from a thread of
 * its own.
 */
package lab.c10k.harness.docker;
