package lab.c10k.strategy.thread;

import lab.c10k.testkit.StrategySuite;

/** The shared real-socket suite against {@code --strategy thread}. */
class ThreadStrategyTest extends StrategySuite {
    @Override
    protected String strategyName() {
        return "thread";
    }
}
