package lab.c10k.harness.experiment;

/**
 * Told what an experiment is doing, for a progress bar. Called on the experiment's thread.
 */
public interface Progress {

    Progress NONE = new Progress() {};

    /**
     * A step begins.
     *
     * @param what what it does, one short line
     * @param doneSeconds the planned seconds of the steps done so far
     * @param totalSeconds the planned seconds of all steps
     */
    default void step(String what, double doneSeconds, double totalSeconds) {}

    /** Something the reader must know, such as a contender that could not start. */
    default void note(String message) {}

    /** The experiment is over. */
    default void finished() {}
}
