package lab.c10k.strategy.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Apache prefork's idle-server maintenance, tick by tick. */
class PoolPolicyTest {

    @Test
    void aSteadyPoolIsLeftAlone() {
        var policy = new PoolPolicy(8, 2, 256);
        assertThat(policy.decide(8, 8)).isZero();
        assertThat(policy.decide(8, 2)).isZero();
    }

    @Test
    void belowMinSpareItStartsOneTwoFourAndAtMost32PerTick() {
        var policy = new PoolPolicy(8, 2, 256);
        int processes = 8;
        var started = new ArrayList<Integer>();
        for (int tick = 0; tick < 8; tick++) {
            // Every new worker is taken by a waiting connection at once: the pool stays short of spares.
            int n = policy.decide(processes, 0);
            started.add(n);
            processes += n;
        }
        assertThat(started).as("rate 1, then 2 = what is missing").containsExactly(1, 2, 2, 2, 2, 2, 2, 2);

        var hungry = new PoolPolicy(1, 40, 256);
        var rates = new ArrayList<Integer>();
        for (int tick = 0; tick < 8; tick++) {
            rates.add(hungry.decide(1, 0));
        }
        assertThat(rates).containsExactly(1, 2, 4, 8, 16, 32, 32, 32);
    }

    @Test
    void theSpawnRateFallsBackOnceThePoolCaughtUp() {
        var policy = new PoolPolicy(1, 40, 256);
        policy.decide(1, 0);
        policy.decide(2, 0);
        assertThat(policy.decide(4, 0)).isEqualTo(4);
        assertThat(policy.decide(50, 40)).isZero();
        assertThat(policy.decide(50, 0)).isEqualTo(1);
    }

    @Test
    void missingWorkersAreReplacedUpToTheFloor() {
        var policy = new PoolPolicy(8, 0, 256);
        assertThat(policy.decide(7, 7)).isEqualTo(1);
        assertThat(policy.decide(0, 0)).isEqualTo(2);
    }

    @Test
    void itNeverGrowsBeyondTheCap() {
        var policy = new PoolPolicy(8, 4, 10);
        assertThat(policy.decide(9, 0)).isEqualTo(1);
        assertThat(policy.decide(10, 0)).isZero();
        assertThat(new PoolPolicy(20, 2, 10).floor()).isEqualTo(10);
    }

    @Test
    void surplusIdleWorkersRetireOnePerTickDownToTheFloor() {
        var policy = new PoolPolicy(2, 1, 256);
        assertThat(policy.decide(5, 5)).isEqualTo(-1);
        assertThat(policy.decide(3, 3)).isEqualTo(-1);
        assertThat(policy.decide(2, 2)).isZero();
        // Busy workers are not surplus: with idle <= max(workers, minSpare) nothing retires.
        assertThat(policy.decide(6, 2)).isZero();
    }
}
