package io.distillery.bench;

import io.distillery.kserve.config.ModelConfigs;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.pipeline.PipelineTask;
import io.distillery.labeler.config.ModelBinding;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelDynamicBatching;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
    ModelRepository models = new ModelRepository(repository);
    models.writeConfig(config(maxBatch, serviceMillis, queueDelayMicros));
    Files.createDirectories(models.versionDir(NAME, 1));
  }

  private static ModelConfig config(int maxBatch, long serviceMillis, long queueDelayMicros) {
    return ModelConfigs.classifier(NAME, maxBatch, List.of(1L, 28L, 28L), 10)
        .setBackend("synthetic")
        .setDynamicBatching(
            ModelDynamicBatching.newBuilder().setMaxQueueDelayMicroseconds(queueDelayMicros))
        .addInstanceGroup(ModelConfigs.oneCpuInstance())
        .putParameters("delay_ms", ModelConfigs.parameter(Long.toString(serviceMillis)))
        .build();
  }

  /** An image task named {@code name} labeled by the bench teacher alone. */
  public static PipelineTask task(String name) {
    return PipelineTask.FMNIST.as(name, ModelBinding.parse("teacher=" + NAME));
  }
}
