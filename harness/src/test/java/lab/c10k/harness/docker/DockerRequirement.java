package lab.c10k.harness.docker;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Whether the Docker ITs run: with an engine they do; without one they are skipped, and say why, unless {@code
 * C10K_DOCKER_REQUIRED=1} (or {@code -Dc10k.docker.required=true}) is set, as {@code .ci/run} does: then a missing
 * engine fails them, so that CI never passes by skipping.
 */
final class DockerRequirement {
    private DockerRequirement() {}

    /** The engine, or the test is skipped (or fails, when the engine is required). */
    static DockerEngine engine() {
        return engineOrWhyNot(reason -> Assumptions.abort(reason));
    }

    /**
     * The engine, or null after telling {@code whyNot} why the tests skip; fails when the engine is required. For a
     * {@code @BeforeAll}, whose abort would hide its tests from the reports instead of counting them skipped.
     */
    static DockerEngine engineOrWhyNot(java.util.function.Consumer<String> whyNot) {
        try {
            return DockerEngine.connect();
        } catch (NoEngineException e) {
            if (required()) {
                return fail("a Docker engine is required (C10K_DOCKER_REQUIRED) and " + e.getMessage());
            }
            whyNot.accept("Docker ITs skipped: " + e.getMessage()
                    + " (C10K_DOCKER_REQUIRED=1 makes a missing engine an error)");
            return null;
        }
    }

    static boolean required() {
        String env = System.getenv("C10K_DOCKER_REQUIRED");
        return Boolean.getBoolean("c10k.docker.required")
                || (env != null && (env.equals("1") || env.equalsIgnoreCase("true")));
    }
}
