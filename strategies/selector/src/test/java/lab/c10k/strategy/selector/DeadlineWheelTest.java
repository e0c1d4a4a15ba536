package lab.c10k.strategy.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The deadline wheel in memory, on a clock the test moves: never early, at most a tick late, O(1) moves. */
class DeadlineWheelTest {
    private static final long TICK = 10;
    private static final int SLOTS = 8; // a span of 80 ns: small, so that turns are exercised

    /** An entry whose deadline the test sets. */
    private static final class Timer extends DeadlineWheel.Entry {
        final String name;
        long deadline;

        Timer(String name, long deadline) {
            this.name = name;
            this.deadline = deadline;
        }

        @Override
        long deadline() {
            return deadline;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<String> fired = new ArrayList<>();

    private int expire(DeadlineWheel wheel, long now) {
        return wheel.expire(now, e -> fired.add(e.toString()));
    }

    @Test
    void anEntryExpiresInTheFirstCallAfterItsTickEndsNeverBefore() {
        var wheel = new DeadlineWheel(TICK, SLOTS, 0);
        var t = new Timer("t", 25);
        wheel.schedule(t);
        assertThat(wheel.size()).isEqualTo(1);
        for (long now = 0; now < 30; now++) {
            assertThat(expire(wheel, now)).as("at %d", now).isZero();
        }
        assertThat(expire(wheel, 30)).isEqualTo(1);
        assertThat(fired).containsExactly("t");
        assertThat(t.scheduled()).isFalse();
        assertThat(wheel.size()).isZero();
    }

    @Test
    void aDeadlineThatMovedLaterIsRefiledLazilyAndFiresAtItsNewTime() {
        var wheel = new DeadlineWheel(TICK, SLOTS, 0);
        var t = new Timer("t", 15);
        wheel.schedule(t);
        t.deadline = 47; // later: the entry stays in its slot
        wheel.schedule(t);
        assertThat(expire(wheel, 20))
                .as("its old slot came round: refiled, not fired")
                .isZero();
        assertThat(t.scheduled()).isTrue();
        assertThat(expire(wheel, 49)).isZero();
        assertThat(expire(wheel, 50)).isEqualTo(1);
    }

    @Test
    void aDeadlineThatMovedEarlierIsMovedAtOnce() {
        var wheel = new DeadlineWheel(TICK, SLOTS, 0);
        var t = new Timer("t", 75);
        wheel.schedule(t);
        t.deadline = 12;
        wheel.schedule(t);
        assertThat(wheel.size()).isEqualTo(1);
        assertThat(expire(wheel, 20)).isEqualTo(1);
    }

    @Test
    void aDeadlineBeyondTheSpanWaitsWholeTurns() {
        var wheel = new DeadlineWheel(TICK, SLOTS, 0);
        var far = new Timer("far", 1_000); // twelve turns of the wheel away
        wheel.schedule(far);
        for (long now = 0; now < 1_010; now += 3) {
            assertThat(expire(wheel, now)).as("at %d", now).isZero();
        }
        assertThat(expire(wheel, 1_010)).isEqualTo(1);
    }

    @Test
    void aLongPauseOfTheLoopExpiresEverythingDueOnce() {
        var wheel = new DeadlineWheel(TICK, SLOTS, 0);
        for (int i = 0; i < 20; i++) {
            wheel.schedule(new Timer("t" + i, 5 + i * 13L));
        }
        var later = new Timer("later", 10_000);
        wheel.schedule(later);
        assertThat(expire(wheel, 5_000)).isEqualTo(20);
        assertThat(fired).hasSize(20).doesNotHaveDuplicates();
        assertThat(wheel.size()).isEqualTo(1);
        assertThat(later.scheduled()).isTrue();
    }

    @Test
    void aDeadlineAlreadyPassedFiresAtTheNextTick() {
        var wheel = new DeadlineWheel(TICK, SLOTS, 100);
        expire(wheel, 100);
        var late = new Timer("late", 50);
        wheel.schedule(late);
        assertThat(expire(wheel, 105)).isZero();
        assertThat(expire(wheel, 120)).isEqualTo(1);
    }

    @Test
    void cancelledEntriesNeverFire() {
        var wheel = new DeadlineWheel(TICK, SLOTS, 0);
        var a = new Timer("a", 15);
        var b = new Timer("b", 15);
        var c = new Timer("c", 15);
        wheel.schedule(a);
        wheel.schedule(b);
        wheel.schedule(c);
        wheel.cancel(b);
        wheel.cancel(b);
        assertThat(wheel.size()).isEqualTo(2);
        expire(wheel, 100);
        assertThat(fired).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void theConsumerMayRescheduleOrCancelOtherEntries() {
        var wheel = new DeadlineWheel(TICK, SLOTS, 0);
        var a = new Timer("a", 15);
        var b = new Timer("b", 16);
        var again = new Timer("again", 17);
        wheel.schedule(a);
        wheel.schedule(b);
        wheel.schedule(again);
        int n = wheel.expire(20, e -> {
            fired.add(e.toString());
            if (e == again) {
                again.deadline = 45;
                wheel.schedule(again);
            } else {
                wheel.cancel(e == a ? b : a);
            }
        });
        assertThat(n).isEqualTo(2);
        assertThat(fired).hasSize(2).contains("again");
        assertThat(again.scheduled()).isTrue();
        assertThat(expire(wheel, 50)).isEqualTo(1);
    }

    @Test
    void nextCheckIsTheEndOfTheFirstTickWithAnEntry() {
        var wheel = new DeadlineWheel(TICK, SLOTS, 0);
        assertThat(wheel.nextCheck()).isEqualTo(Long.MAX_VALUE);
        wheel.schedule(new Timer("t", 34));
        assertThat(wheel.nextCheck()).isEqualTo(40);
        wheel.schedule(new Timer("u", 12));
        assertThat(wheel.nextCheck()).isEqualTo(20);
        expire(wheel, 20);
        assertThat(wheel.nextCheck()).isEqualTo(40);
    }

    @Test
    void theClockMayBeNegativeAndCrossZero() {
        var wheel = new DeadlineWheel(TICK, SLOTS, -1_000);
        wheel.schedule(new Timer("t", -5));
        assertThat(expire(wheel, -6)).isZero();
        assertThat(expire(wheel, -1)).isZero();
        assertThat(expire(wheel, 0)).isEqualTo(1);
    }

    @Test
    void randomDeadlinesFireOnceEachNeverEarlyAtMostOneTickLate() {
        var random = new Random(42);
        var wheel = new DeadlineWheel(TICK, SLOTS, 0);
        var timers = new ArrayList<Timer>();
        for (int i = 0; i < 500; i++) {
            var t = new Timer(Integer.toString(i), random.nextInt(2_000));
            timers.add(t);
            wheel.schedule(t);
        }
        long[] firedAt = new long[timers.size()];
        for (long now = 0; wheel.size() > 0; now += 1 + random.nextInt(7)) {
            // Deadlines move, as connections' do: mostly later, sometimes earlier.
            for (int k = 0; k < 5 && now < 1_500; k++) {
                Timer t = timers.get(random.nextInt(timers.size()));
                if (t.scheduled()) {
                    t.deadline = Math.max(now, t.deadline + random.nextInt(200) - 60);
                    wheel.schedule(t);
                }
            }
            long at = now;
            wheel.expire(now, e -> {
                Timer t = (Timer) e;
                assertThat(at).as("never early").isGreaterThanOrEqualTo(t.deadline);
                firedAt[Integer.parseInt(t.name)] = at;
            });
        }
        for (Timer t : timers) {
            assertThat(t.scheduled()).isFalse();
            assertThat(firedAt[Integer.parseInt(t.name)] - t.deadline)
                    .as("late by at most a tick and a step")
                    .isLessThan(2 * TICK + 8);
        }
        assertThat(wheel.size()).isZero();
    }

    @Test
    void slotsMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new DeadlineWheel(TICK, 6, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeadlineWheel(0, 8, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
