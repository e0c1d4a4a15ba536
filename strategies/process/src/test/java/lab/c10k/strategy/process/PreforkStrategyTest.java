package lab.c10k.strategy.process;

import lab.c10k.testkit.StrategySuite;

/** The shared real-socket suite against {@code --strategy process}, prefork mode (the default). */
class PreforkStrategyTest extends StrategySuite {
    @Override
    protected String strategyName() {
        return "process";
    }
}
