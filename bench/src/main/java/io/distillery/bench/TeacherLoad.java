package io.distillery.bench;

import io.distillery.modelserver.InferenceServer;
import io.distillery.schemas.kserve.ModelStatistics;
import java.util.Locale;

/**
 * What the teacher did during one phase of a benchmark, from the development server's own
 * statistics: executions, rows per execution and the share of the wall time it was executing. A
 * client below capacity with the teacher mostly idle is starving it; with small batches it is
 * batching badly.
 */
final class TeacherLoad {

  private final InferenceServer server;
  private final ModelStatistics before;
  private final long startNanos;

  private TeacherLoad(InferenceServer server) {
    this.server = server;
    this.before = snapshot(server);
    this.startNanos = System.nanoTime();
  }

  /** Starts watching the bench teacher on {@code server}. */
  static TeacherLoad watch(InferenceServer server) {
    return new TeacherLoad(server);
  }

  /** One line on the phase so far. */
  String summary() {
    ModelStatistics after = snapshot(server);
    double wall = System.nanoTime() - startNanos;
    long executions = after.getExecutionCount() - before.getExecutionCount();
    long rows = after.getInferenceCount() - before.getInferenceCount();
    double busy =
        after.getInferenceStats().getComputeInfer().getNs()
            - before.getInferenceStats().getComputeInfer().getNs();
    long requests =
        after.getInferenceStats().getSuccess().getCount()
            - before.getInferenceStats().getSuccess().getCount();
    double queued =
        after.getInferenceStats().getQueue().getNs()
            - before.getInferenceStats().getQueue().getNs();
    // computeInfer adds an execution's time once per request in it: divide by requests/execution
    double executing = requests == 0 ? 0 : busy * executions / requests;
    return String.format(
        Locale.ROOT,
        "teacher: %d executions of %.1f rows and %.1f ms on average, executing %.0f%% of the run"
            + " (start-up included), mean queue wait %.1f ms",
        executions,
        executions == 0 ? 0.0 : (double) rows / executions,
        executions == 0 ? 0.0 : executing / executions / 1e6,
        100 * executing / wall,
        requests == 0 ? 0.0 : queued / requests / 1e6);
  }

  private static ModelStatistics snapshot(InferenceServer server) {
    return server.models().resolve(BenchTeacher.NAME, "").stats().snapshot(BenchTeacher.NAME, "");
  }
}
