package io.distillery.models;

import io.distillery.kserve.config.ModelConfigs;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.schemas.kserve.config.DataType;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelDynamicBatching;
import io.distillery.schemas.kserve.config.ModelInput;
import io.distillery.schemas.kserve.config.ModelOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes (or refreshes) the configurations of the demo model repository, laid out so Triton could
 * load it too: {@code fmnist-teacher} and {@code fmnist-student} (TorchScript; their {@code
 * <v>/model.pt} come from {@code distillery train-teacher} and the trainer), {@code asr-teacher}
 * (pocketsphinx with its default beams) and {@code asr-proxy} (the same decoder with narrow beams,
 * a weaker proxy). The speech models take the public Triton ASR signature (sherpa, FunASR, NeMo):
 * {@code WAV} FP32 [-1] samples with {@code WAV_LENS} INT32 [1] in dynamically batched, padded
 * requests, answering {@code TRANSCRIPTS} BYTES [1] (plus {@code WORDS}, {@code CONFIDENCES} and
 * {@code WORD_TIMES}).
 */
public final class DemoRepository {

  /** Image teacher model name. */
  public static final String IMAGE_TEACHER = "fmnist-teacher";

  /** Image student model name. */
  public static final String IMAGE_STUDENT = "fmnist-student";

  /** Speech teacher model name. */
  public static final String ASR_TEACHER = "asr-teacher";

  /** Speech proxy model name. */
  public static final String ASR_PROXY = "asr-proxy";

  /** The tensor signature of a pocketsphinx model. */
  public enum SpeechSignature {
    /**
     * {@code WAV} FP32 [-1] + {@code WAV_LENS} INT32 [1] → {@code TRANSCRIPTS} BYTES [1]: the
     * public Triton ASR entry signature, the demo's.
     */
    WAV_LENGTHS,
    /** {@code AUDIO} BYTES [1] holding the WAV file → {@code TRANSCRIPT} BYTES [1]. */
    AUDIO_FILE
  }

  private DemoRepository() {}

  /**
   * Writes every demo config.pbtxt under {@code root}, creating version 1 folders for ASR models.
   */
  public static void write(Path root) throws IOException {
    write(root, name -> true);
  }

  /** Writes the demo configs whose model name {@code include} accepts, as {@link #write(Path)}. */
  public static void write(Path root, java.util.function.Predicate<String> include)
      throws IOException {
    ModelRepository repository = new ModelRepository(root);
    for (ModelConfig config : configs()) {
      if (!include.test(config.getName())) {
        continue;
      }
      repository.writeConfig(config);
      if ("pocketsphinx".equals(config.getBackend())) {
        Files.createDirectories(repository.versionDir(config.getName(), 1));
      }
    }
  }

  /** The demo model configurations. */
  public static List<ModelConfig> configs() {
    return List.of(
        image(IMAGE_TEACHER, 2),
        image(IMAGE_STUDENT, 2),
        speech(ASR_TEACHER, SpeechSignature.WAV_LENGTHS),
        speech(
            ASR_PROXY,
            SpeechSignature.WAV_LENGTHS,
            Map.of(
                "-beam", "1e-35",
                "-pbeam", "1e-35",
                "-wbeam", "1e-25",
                "-fwdflat", "no",
                "-bestpath", "no")));
  }

  private static ModelConfig image(String name, int keptVersions) {
    return ModelConfigs.classifier(name, 64, List.of(1L, 28L, 28L), 10)
        .setPlatform("pytorch_libtorch")
        .setVersionPolicy(ModelConfigs.latestVersions(keptVersions))
        .setDynamicBatching(ModelDynamicBatching.newBuilder().setMaxQueueDelayMicroseconds(2000))
        .addInstanceGroup(ModelConfigs.oneCpuInstance())
        .build();
  }

  /** A pocketsphinx model with its default beams under {@code signature}. */
  public static ModelConfig speech(String name, SpeechSignature signature) {
    return speech(name, signature, Map.of());
  }

  private static ModelConfig speech(
      String name, SpeechSignature signature, Map<String, String> flags) {
    ModelConfig.Builder config =
        ModelConfig.newBuilder().setName(name).setBackend("pocketsphinx").setMaxBatchSize(16);
    if (signature == SpeechSignature.WAV_LENGTHS) {
      config
          .addInput(
              ModelInput.newBuilder().setName("WAV").setDataType(DataType.TYPE_FP32).addDims(-1))
          .addInput(
              ModelInput.newBuilder()
                  .setName("WAV_LENS")
                  .setDataType(DataType.TYPE_INT32)
                  .addDims(1))
          .addOutput(bytesOutput("TRANSCRIPTS", 1));
    } else {
      config
          .addInput(
              ModelInput.newBuilder().setName("AUDIO").setDataType(DataType.TYPE_STRING).addDims(1))
          .addOutput(bytesOutput("TRANSCRIPT", 1));
    }
    config
        .addOutput(bytesOutput("WORDS", -1))
        .addOutput(
            ModelOutput.newBuilder()
                .setName("CONFIDENCES")
                .setDataType(DataType.TYPE_FP32)
                .addDims(-1))
        .addOutput(
            ModelOutput.newBuilder()
                .setName("WORD_TIMES")
                .setDataType(DataType.TYPE_FP32)
                .addDims(-1)
                .addDims(2))
        .setDynamicBatching(ModelDynamicBatching.newBuilder().setMaxQueueDelayMicroseconds(20_000))
        .addInstanceGroup(ModelConfigs.oneCpuInstance());
    flags.forEach((flag, value) -> config.putParameters(flag, ModelConfigs.parameter(value)));
    return config.build();
  }

  private static ModelOutput bytesOutput(String name, long dim) {
    return ModelOutput.newBuilder()
        .setName(name)
        .setDataType(DataType.TYPE_STRING)
        .addDims(dim)
        .build();
  }
}
