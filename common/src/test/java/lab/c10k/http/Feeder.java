package lab.c10k.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

/**
 * Feeds bytes to a {@link RequestParser} the way a connection does: read what fits into a buffer, parse until the
 * parser wants more, compact, read again. The buffer is a slice with a non-zero array offset, so the parser's
 * index arithmetic is exercised too.
 *
 * <p>Feedings run on one daemon thread with a timeout, so that a parser that loops fails its test instead of
 * hanging the build. Its thread cannot be stopped, so every later feeding then fails at once.
 */
final class Feeder {
    private Feeder() {}

    private static final long TIMEOUT_SECONDS = 10;

    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "parser-feeder");
        t.setDaemon(true);
        return t;
    });

    /** Set once a feeding did not return in time: the runner thread is still in it. */
    private static volatile boolean hung;

    /**
     * What a parser made of an input.
     *
     * @param heads the requests returned, in order
     * @param status the status of the error that ended parsing, or {@code null}
     * @param detail the detail of that error, or {@code null}
     * @param consumed how many input bytes the parser consumed, or -1 after an error
     * @param inProgress what {@link RequestParser#inProgress()} said at the end
     */
    record Outcome(List<RequestHead> heads, Status status, String detail, int consumed, boolean inProgress) {
        boolean refused() {
            return status != null;
        }

        @Override
        public String toString() {
            return (status == null ? "accepted" : "refused " + status + " (" + detail + ")") + ", " + heads.size()
                    + " heads, consumed " + consumed + ", inProgress " + inProgress + ", heads " + heads;
        }
    }

    /** All of the input in one buffer. */
    static Outcome whole(HttpLimits limits, byte[] input) {
        int size = Math.max(1, input.length);
        return feed(limits, input, size, () -> size, 3);
    }

    /** One byte per parse call. */
    static Outcome byteAtATime(HttpLimits limits, byte[] input) {
        return feed(limits, input, 1, () -> 1, 1);
    }

    /** Pieces of random sizes into a buffer of random capacity. */
    static Outcome randomSplit(HttpLimits limits, byte[] input, Random random) {
        int capacity = 1 + random.nextInt(Math.max(1, input.length * 2));
        return feed(limits, input, capacity, () -> 1 + random.nextInt(capacity), random.nextInt(8));
    }

    /**
     * Feeds {@code input} through a buffer of {@code capacity} bytes, reading {@code pieceSize} bytes at a time
     * (less if the buffer is full), until the input is used up, the parser throws, or it returns a head with an
     * unread body (after which it is spent).
     */
    static Outcome feed(HttpLimits limits, byte[] input, int capacity, IntSupplier pieceSize, int arrayOffset) {
        if (hung) {
            throw new AssertionError("an earlier feeding never returned, its parser still loops");
        }
        Future<Outcome> outcome = RUNNER.submit(() -> feedNow(limits, input, capacity, pieceSize, arrayOffset));
        try {
            return outcome.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            hung = true;
            throw new AssertionError("the parser did not return within " + TIMEOUT_SECONDS + " s: it loops", e);
        } catch (ExecutionException e) {
            // an assertion of the feeding, or anything the parser threw other than HttpException
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Outcome feedNow(
            HttpLimits limits, byte[] input, int capacity, IntSupplier pieceSize, int arrayOffset) {
        RequestParser parser = new RequestParser(limits);
        ByteBuffer buffer = ByteBuffer.wrap(new byte[arrayOffset + capacity], arrayOffset, capacity)
                .slice();
        buffer.limit(0);
        List<RequestHead> heads = new ArrayList<>();
        int received = 0;
        while (true) {
            try {
                while (buffer.hasRemaining()) {
                    RequestHead head = parser.parse(buffer);
                    if (head == null) {
                        if (buffer.hasRemaining()) {
                            throw new AssertionError("parse returned null without consuming every byte");
                        }
                        break;
                    }
                    heads.add(head);
                    if (head.bodyUnread()) {
                        return new Outcome(heads, null, null, received - buffer.remaining(), parser.inProgress());
                    }
                }
            } catch (HttpException e) {
                // where the buffer is left after an error is unspecified: the connection closes
                return new Outcome(heads, e.status(), e.detail(), -1, parser.inProgress());
            }
            if (received == input.length) {
                return new Outcome(heads, null, null, received, parser.inProgress());
            }
            buffer.compact();
            int n = Math.min(Math.min(pieceSize.getAsInt(), buffer.remaining()), input.length - received);
            buffer.put(input, received, n);
            received += n;
            buffer.flip();
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The input as a Java string literal, for failure messages. */
    static String show(byte[] input) {
        StringBuilder s = new StringBuilder("\"");
        for (byte b : input) {
            int c = b & 0xFF;
            switch (c) {
                case '\r' -> s.append("\\r");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7F) {
                        s.append(String.format("\\u%04x", c));
                    } else {
                        s.append((char) c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
