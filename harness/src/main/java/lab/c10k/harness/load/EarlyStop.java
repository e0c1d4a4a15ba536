package lab.c10k.harness.load;

/**
 * Ends a run before its window is over, from any thread: {@code c10k bench} pulls it on Ctrl-C so that what was
 * measured until then is still reported, as wrk and ab do. The run then returns a {@link LoadResult} marked {@link
 * LoadResult#interrupted()} whose window ends at the stop. One stop serves one run.
 */
public final class EarlyStop {
    private boolean pulled;
    private Run run;

    /** Stops the run now, or as soon as it begins. Any thread; pulling twice does nothing more. */
    public synchronized void stop() {
        pulled = true;
        if (run != null) {
            run.over.countDown();
        }
    }

    synchronized boolean pulled() {
        return pulled;
    }

    /** The run this stop ends: a stop pulled before the run began ends it at once. */
    synchronized void attach(Run r) {
        run = r;
        if (pulled) {
            r.over.countDown();
        }
    }
}
