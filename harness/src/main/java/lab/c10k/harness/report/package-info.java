/**
 * What the harness prints and writes: the summary of {@code c10k bench}, and for {@code c10k compare} the table,
 * {@code results.json}, {@code results.csv} and {@code report.html}.
 *
 * <p>The report is one self-contained page: the results as embedded JSON, the charts drawn by Chart.js (its
 * minified bundle, from the npm package repackaged as a Maven Central webjar, inlined into the page), and under
 * each chart a paragraph generated from the measured numbers by {@code Narrative}, so that the text always says
 * what this run measured.
 *
 * <p>Threading: stateless functions of an {@link lab.c10k.harness.experiment.ExperimentResult}.
 */
package lab.c10k.harness.report;
