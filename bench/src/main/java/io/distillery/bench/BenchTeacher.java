package io.distillery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmarks' teacher: a {@code synthetic} image classifier on the development server whose
 * every execution (one dynamic batch of up to {@code maxBatch} rows) takes a fixed service time, so
 * its capacity is {@code maxBatch / serviceMillis} rows per millisecond when saturated.
 */
public final class BenchTeacher {

  /** The model's name. */
  public static final String NAME = "bench-teacher";

  static final String INPUT = "INPUT__0";

  private BenchTeacher() {}

  /** Writes the model's {@code config.pbtxt} and version folder under {@code repository}. */
  public static void write(Path repository, int maxBatch, long serviceMillis, long queueDelayMicros)
      throws IOException {
    Path dir = Files.createDirectories(repository.resolve(NAME).resolve("1")).getParent();
    Files.writeString(
        dir.resolve("config.pbtxt"),
        """
        name: "%s"
        backend: "synthetic"
        max_batch_size: %d
        input [ { name: "%s" data_type: TYPE_FP32 dims: [ 1, 28, 28 ] } ]
        output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 10 ] } ]
        dynamic_batching { max_queue_delay_microseconds: %d }
        instance_group [ { count: 1 kind: KIND_CPU } ]
        parameters: { key: "delay_ms" value: { string_value: "%d" } }
        """
            .formatted(NAME, maxBatch, INPUT, queueDelayMicros, serviceMillis));
  }
}
