package lab.c10k.strategy.selector;

import lab.c10k.testkit.StrategySuite;

/** The shared real-socket suite against {@code --strategy selector}, one loop (the default). */
class SelectorStrategyTest extends StrategySuite {
    @Override
    protected String strategyName() {
        return "selector";
    }
}
