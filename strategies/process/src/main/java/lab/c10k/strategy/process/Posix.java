package lab.c10k.strategy.process;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;
import lab.c10k.server.ResourceUsage;

/**
 * The few C library calls the process strategy needs and the JDK does not offer, through FFM: a listening socket
 * whose descriptor number the master owns, {@code posix_spawn} with descriptors placed at fixed numbers in the
 * child, {@code wait4} for a child's exit status and resource usage, pidfds and {@code poll} to watch children
 * and their output from one thread.
 *
 * <p>Linux with glibc 2.34 or newer ({@code posix_spawn_file_actions_addclosefrom_np}) and a 5.3 or newer kernel
 * ({@code pidfd_open}); the constants are those of Linux on x86-64 and AArch64. Calls that fail throw {@link
 * ErrnoException} with the text of {@code strerror}.
 *
 * <p>Thread-safe: every call allocates what it passes in a confined arena of its own.
 */
@SuppressWarnings("restricted") // FFM downcalls: the launcher and the tests enable native access
final class Posix {
    private Posix() {}

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int O_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SHUT_RD = 0;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int MFD_CLOEXEC = 1;
    static final int EFD_CLOEXEC = 0x80000;
    static final int WNOHANG = 1;
    static final short POLLIN = 0x1;
    static final int SIGHUP = 1;
    static final int SIGINT = 2;
    static final int SIGQUIT = 3;
    static final int SIGKILL = 9;
    static final int SIGPIPE = 13;
    static final int SIGTERM = 15;
    static final int EINTR = 4;

    private static final int POSIX_SPAWN_SETPGROUP = 0x02;
    private static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final int POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int SYS_PIDFD_OPEN = 434; // the same number on x86-64 and AArch64
    // glibc: posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128; allocate with room.
    private static final long FILE_ACTIONS_BYTES = 256;
    private static final long SPAWNATTR_BYTES = 512;
    private static final long SIGSET_BYTES = 128;
    private static final long RUSAGE_BYTES = 144;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option SAVE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = errno("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SETSOCKOPT =
            errno("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle BIND = errno("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LISTEN = errno("listen", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle GETSOCKNAME = errno("getsockname", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ACCEPT4 = errno("accept4", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle SHUTDOWN = errno("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle CLOSE = errno("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle PIPE2 = errno("pipe2", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle EVENTFD = errno("eventfd", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle MEMFD_CREATE = errno("memfd_create", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle FTRUNCATE = errno("ftruncate", JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle FCNTL = LINKER.downcallHandle(
            symbol("fcntl"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            SAVE_ERRNO,
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SYSCALL_PIDFD_OPEN = LINKER.downcallHandle(
            symbol("syscall"),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT),
            SAVE_ERRNO,
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle READ = errno("read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle WRITE = errno("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle POLL = errno("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle WAIT4 = errno("wait4", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
    private static final MethodHandle KILL = errno("kill", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle STRERROR = plain("strerror", ADDRESS, JAVA_INT);
    private static final MethodHandle SIGEMPTYSET = plain("sigemptyset", JAVA_INT, ADDRESS);
    private static final MethodHandle SIGADDSET = plain("sigaddset", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle FA_INIT = plain("posix_spawn_file_actions_init", JAVA_INT, ADDRESS);
    private static final MethodHandle FA_DESTROY = plain("posix_spawn_file_actions_destroy", JAVA_INT, ADDRESS);
    private static final MethodHandle FA_ADDDUP2 =
            plain("posix_spawn_file_actions_adddup2", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle FA_ADDCLOSEFROM =
            plain("posix_spawn_file_actions_addclosefrom_np", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle ATTR_INIT = plain("posix_spawnattr_init", JAVA_INT, ADDRESS);
    private static final MethodHandle ATTR_DESTROY = plain("posix_spawnattr_destroy", JAVA_INT, ADDRESS);
    private static final MethodHandle ATTR_SETFLAGS = plain("posix_spawnattr_setflags", JAVA_INT, ADDRESS, JAVA_SHORT);
    private static final MethodHandle ATTR_SETSIGMASK = plain("posix_spawnattr_setsigmask", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ATTR_SETSIGDEFAULT =
            plain("posix_spawnattr_setsigdefault", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ATTR_SETPGROUP = plain("posix_spawnattr_setpgroup", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle POSIX_SPAWN =
            plain("posix_spawn", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);

    /** A failed call: what was called and the errno it set. */
    static final class ErrnoException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        ErrnoException(String call, int errno) {
            super(call + ": " + strerror(errno));
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    /**
     * How a reaped child ended, and what it used.
     *
     * @param exitCode its exit code, or -1 when a signal killed it
     * @param signal the signal that killed it, or 0 when it exited
     * @param usage its {@code wait4} resource usage: every thread of it, from start to end
     */
    record Exit(int exitCode, int signal, ResourceUsage usage) {
        @Override
        public String toString() {
            return signal != 0 ? "killed by signal " + signal + signalName(signal) : "exit code " + exitCode;
        }

        private static String signalName(int signal) {
            return switch (signal) {
                case SIGHUP -> " (SIGHUP)";
                case SIGINT -> " (SIGINT)";
                case SIGQUIT -> " (SIGQUIT)";
                case 6 -> " (SIGABRT)";
                case SIGKILL -> " (SIGKILL)";
                case 11 -> " (SIGSEGV)";
                case SIGTERM -> " (SIGTERM)";
                default -> "";
            };
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Sockets

    static int socket(int domain, int type) throws IOException {
        return (int) check("socket", SOCKET, domain, type, 0);
    }

    static void setIntOption(int fd, int level, int option, int value) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocateFrom(JAVA_INT, value);
            check("setsockopt", SETSOCKOPT, fd, level, option, v, (int) JAVA_INT.byteSize());
        }
    }

    static void bind(int fd, MemorySegment sockaddr) throws IOException {
        check("bind", BIND, fd, sockaddr, (int) sockaddr.byteSize());
    }

    static void listen(int fd, int backlog) throws IOException {
        check("listen", LISTEN, fd, backlog);
    }

    /** The local address of {@code fd} into {@code sockaddr} (which must be large enough). */
    static void getsockname(int fd, MemorySegment sockaddr) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment len = a.allocateFrom(JAVA_INT, (int) sockaddr.byteSize());
            check("getsockname", GETSOCKNAME, fd, sockaddr, len);
        }
    }

    /** Accepts a connection, blocking; the new descriptor is close-on-exec. */
    static int accept(int fd) throws IOException {
        return (int) check("accept4", ACCEPT4, fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
    }

    static void shutdown(int fd, int how) throws IOException {
        check("shutdown", SHUTDOWN, fd, how);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Descriptors

    static void close(int fd) throws IOException {
        check("close", CLOSE, fd);
    }

    /** Closes {@code fd}, ignoring failure: for descriptors whose last use is over. */
    static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                close(fd);
            } catch (IOException e) {
                // Only EBADF or EINTR are possible; either way the descriptor is gone.
            }
        }
    }

    /** A pipe, both ends close-on-exec: {@code [read end, write end]}. */
    static int[] pipe() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            check("pipe2", PIPE2, fds, O_CLOEXEC);
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    /** An eventfd, close-on-exec, for waking a thread blocked in {@link #poll}. */
    static int eventfd() throws IOException {
        return (int) check("eventfd", EVENTFD, 0, EFD_CLOEXEC);
    }

    /** An anonymous shared-memory file of {@code bytes} bytes, close-on-exec. */
    static int memfd(String name, long bytes) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) check("memfd_create", MEMFD_CREATE, a.allocateFrom(name), MFD_CLOEXEC);
            try {
                check("ftruncate", FTRUNCATE, fd, bytes);
            } catch (IOException e) {
                closeQuietly(fd);
                throw e;
            }
            return fd;
        }
    }

    /**
     * {@code fd} moved to a number of at least {@code min} (close-on-exec), so that placing descriptors at
     * 0..min-1 in a child can never overwrite one that is still to be placed.
     */
    static int atLeast(int fd, int min) throws IOException {
        if (fd >= min) {
            return fd;
        }
        int moved = (int) check("fcntl(F_DUPFD_CLOEXEC)", FCNTL, fd, F_DUPFD_CLOEXEC, min);
        closeQuietly(fd);
        return moved;
    }

    /** Reads up to {@code into.byteSize()} bytes; 0 at end of file. */
    static int read(int fd, MemorySegment into) throws IOException {
        return (int) check("read", READ, fd, into, into.byteSize());
    }

    /** Writes all of {@code bytes} (a pipe write of up to 4 KiB is atomic). */
    static void write(int fd, byte[] bytes) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocateFrom(JAVA_BYTE, bytes);
            long done = 0;
            while (done < bytes.length) {
                done += check("write", WRITE, fd, buf.asSlice(done), bytes.length - done);
            }
        }
    }

    /**
     * Waits for events on the first {@code count} of {@code pollfds} (an array of {@link PollSet#POLLFD}) for at
     * most {@code timeoutMillis}; 0 when it timed out or a signal interrupted it.
     */
    static int poll(MemorySegment pollfds, int count, int timeoutMillis) throws IOException {
        try {
            return (int) check("poll", POLL, pollfds, (long) count, timeoutMillis);
        } catch (ErrnoException e) {
            if (e.errno() == EINTR) {
                return 0;
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Processes

    /**
     * Starts {@code argv} with the environment {@code env}; the descriptor {@code fds[i]} becomes descriptor
     * {@code i} of the child and every other descriptor is closed in it. The child gets a process group of its
     * own (a Ctrl-C in the terminal reaches the master only, which drains its workers itself), an empty signal
     * mask and the default action for the signals a shell may have set to be ignored.
     *
     * @return the child's pid
     */
    static int spawn(List<String> argv, List<String> env, int[] fds) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment actions = a.allocate(FILE_ACTIONS_BYTES, 8);
            plainCheck("posix_spawn_file_actions_init", FA_INIT, actions);
            try {
                for (int target = 0; target < fds.length; target++) {
                    plainCheck("posix_spawn_file_actions_adddup2", FA_ADDDUP2, actions, fds[target], target);
                }
                plainCheck("posix_spawn_file_actions_addclosefrom_np", FA_ADDCLOSEFROM, actions, fds.length);
                MemorySegment attr = a.allocate(SPAWNATTR_BYTES, 8);
                plainCheck("posix_spawnattr_init", ATTR_INIT, attr);
                try {
                    MemorySegment mask = a.allocate(SIGSET_BYTES, 8);
                    plainCheck("sigemptyset", SIGEMPTYSET, mask);
                    MemorySegment defaults = a.allocate(SIGSET_BYTES, 8);
                    plainCheck("sigemptyset", SIGEMPTYSET, defaults);
                    for (int sig : new int[] {SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM}) {
                        plainCheck("sigaddset", SIGADDSET, defaults, sig);
                    }
                    plainCheck("posix_spawnattr_setsigmask", ATTR_SETSIGMASK, attr, mask);
                    plainCheck("posix_spawnattr_setsigdefault", ATTR_SETSIGDEFAULT, attr, defaults);
                    plainCheck("posix_spawnattr_setpgroup", ATTR_SETPGROUP, attr, 0);
                    plainCheck("posix_spawnattr_setflags", ATTR_SETFLAGS, attr, (short)
                            (POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));
                    MemorySegment pid = a.allocate(JAVA_INT);
                    int err = (int) invoke(
                            POSIX_SPAWN,
                            pid,
                            a.allocateFrom(argv.getFirst()),
                            actions,
                            attr,
                            strings(a, argv),
                            strings(a, env));
                    if (err != 0) {
                        throw new ErrnoException("posix_spawn " + argv.getFirst(), err);
                    }
                    return pid.get(JAVA_INT, 0);
                } finally {
                    invoke(ATTR_DESTROY, attr);
                }
            } finally {
                invoke(FA_DESTROY, actions);
            }
        }
    }

    /** A pidfd for {@code pid}: readable once the process has exited. Close-on-exec. */
    static int pidfd(int pid) throws IOException {
        return (int) check("pidfd_open", SYSCALL_PIDFD_OPEN, (long) SYS_PIDFD_OPEN, pid, 0);
    }

    /** Reaps {@code pid} if it has exited: its exit, or null while it runs. */
    static Exit reap(int pid) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment status = a.allocate(JAVA_INT);
            MemorySegment ru = a.allocate(RUSAGE_BYTES, 8);
            int r = (int) check("wait4", WAIT4, pid, status, WNOHANG, ru);
            if (r == 0) {
                return null;
            }
            int s = status.get(JAVA_INT, 0);
            int signal = s & 0x7f;
            var usage = new ResourceUsage(
                    micros(ru, 0),
                    micros(ru, 16),
                    ru.get(JAVA_LONG, 128),
                    ru.get(JAVA_LONG, 136),
                    ru.get(JAVA_LONG, 32));
            return signal == 0 ? new Exit((s >> 8) & 0xff, 0, usage) : new Exit(-1, signal, usage);
        }
    }

    /** Sends {@code signal} to {@code pid}, which must be an unreaped child (so the pid cannot be reused). */
    static void kill(int pid, int signal) throws IOException {
        check("kill", KILL, pid, signal);
    }

    private static long micros(MemorySegment ru, long offset) {
        return ru.get(JAVA_LONG, offset) * 1_000_000L + ru.get(JAVA_LONG, offset + 8);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static MemorySegment strings(Arena a, List<String> strings) {
        MemorySegment array = a.allocate(ADDRESS, strings.size() + 1);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, a.allocateFrom(strings.get(i)));
        }
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    static String strerror(int errno) {
        MemorySegment s = (MemorySegment) invokeObject(STRERROR, errno);
        return s.equals(MemorySegment.NULL)
                ? "errno " + errno
                : s.reinterpret(1024).getString(0) + " (errno " + errno + ")";
    }

    private static long check(String what, MethodHandle h, Object... args) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CAPTURE);
            Object[] all = new Object[args.length + 1];
            all[0] = state;
            System.arraycopy(args, 0, all, 1, args.length);
            long r = invoke(h, all);
            if (r == -1) {
                throw new ErrnoException(what, (int) ERRNO.get(state, 0L));
            }
            return r;
        }
    }

    /** For the calls that return an error number instead of setting errno. */
    private static void plainCheck(String what, MethodHandle h, Object... args) throws IOException {
        int err = (int) invoke(h, args);
        if (err != 0) {
            throw new ErrnoException(what, err);
        }
    }

    private static long invoke(MethodHandle h, Object... args) {
        Object r = invokeObject(h, args);
        return r instanceof Integer i ? i : (Long) r;
    }

    private static Object invokeObject(MethodHandle h, Object... args) {
        try {
            return h.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MethodHandle errno(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, args), SAVE_ERRNO);
    }

    private static MethodHandle plain(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, args));
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup()
                .find(name)
                .orElseThrow(() -> new UnsupportedOperationException(
                        "the C library has no " + name + ": the process strategy needs Linux with glibc 2.34+"));
    }
}
