package lab.c10k.harness.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A tiny HTTP server for tests of the generator: a thread per connection, answers every request with what {@code
 * answer} gives for the request's number (0, 1, ...), or with nothing when it gives null.
 */
final class StubServer implements AutoCloseable {
    /** What to do for one request. */
    record Answer(String bytes, long delayMillis, boolean closeAfter) {
        static Answer of(String bytes) {
            return new Answer(bytes, 0, false);
        }
    }

    private final ServerSocket socket;
    private final IntFunction<Answer> answer;
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread acceptor;

    StubServer(IntFunction<Answer> answer) throws IOException {
        this.socket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        this.answer = answer;
        this.acceptor = Thread.ofPlatform().daemon(true).start(this::accept);
    }

    int port() {
        return socket.getLocalPort();
    }

    Target target() {
        return new Target("127.0.0.1", port(), "/");
    }

    int requests() {
        return requests.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (readHead(in)) {
                Answer a = answer.apply(requests.getAndIncrement());
                if (a == null) {
                    Thread.sleep(Long.MAX_VALUE); // never answers
                }
                if (a.delayMillis() > 0) {
                    Thread.sleep(a.delayMillis());
                }
                out.write(a.bytes().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (a.closeAfter()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            matched = switch (b) {
                case '\r' -> matched == 2 ? 3 : (matched == 0 ? 1 : 1);
                case '\n' -> matched == 1 ? 2 : (matched == 3 ? 4 : 0);
                default -> 0;
            };
            if (matched == 4) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
