package lab.c10k.strategy.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CrashGuardTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void backsOffTwiceAsLongAfterEachCrashInARow() {
        var guard = new CrashGuard();
        long now = 1_000_000 * MS;
        assertThat(guard.mayStart(now)).isTrue();
        guard.crashed(true, now);
        assertThat(guard.mayStart(now + 99 * MS)).isFalse();
        assertThat(guard.mayStart(now + 100 * MS)).isTrue();
        guard.crashed(true, now);
        assertThat(guard.notBefore()).isEqualTo(now + 200 * MS);
        for (int i = 0; i < 10; i++) {
            guard.crashed(true, now);
        }
        assertThat(guard.notBefore()).isEqualTo(now + CrashGuard.MAX_BACKOFF_MILLIS * MS);
        guard.ready();
        guard.crashed(true, now);
        assertThat(guard.notBefore()).isEqualTo(now + 100 * MS);
    }

    @Test
    void givesUpAfterFiveWorkersInARowFailToStart() {
        var guard = new CrashGuard();
        for (int i = 1; i < CrashGuard.MAX_FAILED_STARTS; i++) {
            guard.crashed(false, 0);
            assertThat(guard.givingUp()).isFalse();
        }
        guard.crashed(false, 0);
        assertThat(guard.givingUp()).isTrue();
    }

    @Test
    void workersThatCrashAfterGettingReadyNeverStopTheServer() {
        var guard = new CrashGuard();
        for (int i = 0; i < 100; i++) {
            guard.crashed(true, 0);
        }
        assertThat(guard.givingUp()).isFalse();
    }

    @Test
    void aWorkerThatGetsReadyEndsAStringOfFailedStarts() {
        var guard = new CrashGuard();
        for (int i = 1; i < CrashGuard.MAX_FAILED_STARTS; i++) {
            guard.crashed(false, 0);
        }
        guard.ready();
        guard.crashed(false, 0);
        assertThat(guard.givingUp()).isFalse();
    }
}
