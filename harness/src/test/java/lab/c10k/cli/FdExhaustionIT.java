package lab.c10k.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lab.c10k.server.spi.Strategies;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Out of file descriptors (EMFILE on accept), every installed strategy must back off instead of spinning on a
 * listening socket that stays readable, and recover once descriptors free up, without leaking any. The server
 * runs in its own JVM under {@code ulimit -n 256}, so the limit hits the server and not the test.
 */
class FdExhaustionIT {
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    static Stream<String> strategies() {
        return Strategies.names().stream();
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void backsOffWhenOutOfDescriptorsAndRecovers(String strategy, @TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(
                "bash",
                "-c",
                "ulimit -n 256 && exec \"$0\" \"$@\"",
                java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                Path.of("target", "c10k.jar").toString(),
                "serve",
                "--strategy",
                strategy,
                "--port",
                "0",
                "--keep-alive-timeout",
                "60s",
                "--header-timeout",
                "60s",
                "--ready-file",
                dir.resolve("ready.json").toString()));
        if (Strategies.find(strategy).orElseThrow().options().stream()
                .anyMatch(o -> o.name().equals("max-workers"))) {
            // A process pool would grow towards the 300 connections (each worker has a descriptor table of its
            // own, so it never runs out): cap it, so that the CPU measured is that of waiting, not of starting JVMs.
            command.addAll(List.of("--workers", "2", "--max-workers", "4"));
        }
        Process server = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<Socket> held = new ArrayList<>();
        try {
            var address = new InetSocketAddress(
                    "127.0.0.1",
                    ServeIT.awaitReady(server, dir.resolve("ready.json")).port());
            assertThat(get(address)).isEqualTo(200);
            long baseline = openDescriptors(server);

            for (int i = 0; i < 300; i++) {
                Socket s = new Socket();
                s.connect(address, 2000); // the kernel's backlog completes the handshake even when accept fails
                held.add(s);
            }
            Thread.sleep(1000);
            long before = cpuTicks(server);
            Thread.sleep(2000);
            long used = cpuTicks(server) - before;
            assertThat(used)
                    .as(
                            "CPU ticks (1/%d s) in 2 s while out of descriptors: a spinning accept loop burns ~%d",
                            CLOCK_TICKS_PER_SECOND, 2 * CLOCK_TICKS_PER_SECOND)
                    .isLessThan(CLOCK_TICKS_PER_SECOND / 2);

            for (Socket s : held) {
                s.close();
            }
            held.clear();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int status = -1;
            while (status != 200 && System.nanoTime() - deadline < 0) {
                try {
                    status = get(address);
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            assertThat(status).as("serves again once descriptors are free").isEqualTo(200);

            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long now = openDescriptors(server);
            while (now > baseline + 8 && System.nanoTime() - settle < 0) {
                Thread.sleep(100);
                now = openDescriptors(server);
            }
            assertThat(now)
                    .as("open descriptors back near the baseline of %d", baseline)
                    .isLessThanOrEqualTo(baseline + 8);
        } finally {
            for (Socket s : held) {
                s.close();
            }
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static int get(InetSocketAddress address) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, 2000);
            s.setSoTimeout(5000);
            s.getOutputStream()
                    .write("GET /2k.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String status =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return status == null ? -1 : Integer.parseInt(status.split(" ")[1]);
        }
    }

    /** User plus system CPU ticks of the server and all its descendants (worker processes included). */
    private static long cpuTicks(Process server) throws IOException {
        long total = 0;
        for (long pid : Stream.concat(
                        Stream.of(server.pid()), server.descendants().map(ProcessHandle::pid))
                .toList()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            } catch (IOException e) {
                // the process ended meanwhile
            }
        }
        return total;
    }

    /** Open descriptors of the server and its descendants. */
    private static long openDescriptors(Process server) throws IOException {
        long total = 0;
        for (long pid : Stream.concat(
                        Stream.of(server.pid()), server.descendants().map(ProcessHandle::pid))
                .toList()) {
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                total += fds.count();
            } catch (IOException e) {
                // the process ended meanwhile
            }
        }
        return total;
    }
}
