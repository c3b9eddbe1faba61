package io.distillery.trainer.engine;

/**
 * libtorch's thread pools and graph executor. On a small machine shared with Kafka, one intra-op
 * and one inter-op thread avoid libtorch's collapse when another process holds a core; set them
 * before the first DJL call. The profiling graph executor's optimisations are turned off: with
 * them, libtorch 2.7 returns NaN from the speech student after a few dozen calls with changing
 * shapes.
 */
public final class LibtorchThreads {

  private LibtorchThreads() {}

  /**
   * Sets DJL's libtorch thread counts unless the JVM was started with them.
   *
   * @param threads intra-op threads (at least 1)
   */
  public static void configure(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("libtorch threads must be at least 1, got " + threads);
    }
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    System.setProperty("ai.djl.offline", "true");
    if (System.getProperty("ai.djl.pytorch.graph_optimizer") == null) {
      System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
    }
  }
}
