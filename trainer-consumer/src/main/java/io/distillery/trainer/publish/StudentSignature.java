package io.distillery.trainer.publish;

import io.distillery.kserve.config.ModelConfigs;
import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.kserve.tensor.TensorSpec;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelDynamicBatching;
import io.distillery.schemas.kserve.config.ModelInput;
import io.distillery.schemas.kserve.config.ModelOutput;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.trainer.data.CharacterVocabulary;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the trainer publishes a TorchScript model as (Triton's platform {@code pytorch_libtorch}):
 * its signature and serving settings, from which {@link #modelConfig()} builds the config.pbtxt,
 * plus the warm-up request a publisher sends to a freshly loaded version. The image teacher shares
 * the image student's signature.
 *
 * @param name the model name, equal to its folder name
 * @param maxBatchSize the largest batch; the batch dimension is implicit in the dims. 0: no
 *     batching, every request is run alone with its shapes taken literally (and no dynamic batcher)
 * @param inputs input tensors, in the order of the module's {@code forward} arguments; dims without
 *     the batch dimension (-1: any size)
 * @param outputs output tensors, in the order of the module's {@code forward} results
 * @param versionsKept how many latest versions the server keeps loaded (2 makes rollback instant)
 * @param warmUp the inputs of one request every published version must answer, batch dimension
 *     included when the model batches
 * @param parameters backend parameters (Triton's {@code parameters} map), e.g. {@code
 *     DISABLE_OPTIMIZED_EXECUTION}
 */
public record StudentSignature(
    String name,
    int maxBatchSize,
    List<TensorSpec> inputs,
    List<TensorSpec> outputs,
    int versionsKept,
    List<Tensor> warmUp,
    Map<String, String> parameters) {

  /**
   * Triton's PyTorch-backend switch that runs TorchScript without the profiling graph executor's
   * optimisations. libtorch 2.7's optimised graph of the speech student returns NaN after a few
   * dozen calls with changing shapes; unoptimised it does not.
   */
  public static final String DISABLE_OPTIMIZED_EXECUTION = "DISABLE_OPTIMIZED_EXECUTION";

  /** Copies the lists; the parameters are kept sorted, so the same signature prints the same. */
  public StudentSignature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    warmUp = List.copyOf(warmUp);
    parameters = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
  }

  /** The signature of a student of {@code kind}, published as {@code name}. */
  public static StudentSignature of(TaskKind kind, String name) {
    return kind == TaskKind.SPEECH
        ? speechRecognizer(name, CharacterVocabulary.TOKENS.length())
        : imageClassifier(name);
  }

  /**
   * The agreed image-classifier signature: INPUT__0 FP32 [1,28,28] to OUTPUT__0 FP32 [10], batches
   * up to 64; warmed up with one black image.
   */
  public static StudentSignature imageClassifier(String name) {
    return new StudentSignature(
        name,
        64,
        List.of(spec("INPUT__0", DataType.FP32, 1, 28, 28)),
        List.of(spec("OUTPUT__0", DataType.FP32, 10)),
        2,
        List.of(
            Tensor.ofFloats("INPUT__0", DataType.FP32, Shape.of(1, 1, 28, 28), new float[28 * 28])),
        Map.of());
  }

  /**
   * The speech student's signature (see {@code infra/models/speech_student.py}): INPUT__0 FP32
   * {@code [B,T]} 16 kHz samples and INPUT__1 INT64 {@code [B]} valid lengths, to OUTPUT__0 INT64
   * {@code [B,U]} best-path token ids (padded with -1) and OUTPUT__1 FP32 {@code [B,T',V]}
   * log-probabilities. Utterances differ in length, so the model does not batch across requests
   * (max_batch_size 0): each request is one forward call with its own {@code [B,T]}. Warmed up with
   * one second of a quiet tone. Served without optimised execution ({@link
   * #DISABLE_OPTIMIZED_EXECUTION}). Its characters are declared as the config's {@value
   * ModelSignature#CTC_VOCABULARY}, so a labeler binding it as a student reads its token ids as
   * text.
   *
   * @param vocabularySize V, the number of CTC tokens including the blank
   */
  public static StudentSignature speechRecognizer(String name, int vocabularySize) {
    int samples = 16_000;
    float[] tone = new float[samples];
    for (int i = 0; i < samples; i++) {
      tone[i] = (float) (0.1 * Math.sin(2 * Math.PI * 440 * i / samples));
    }
    return new StudentSignature(
        name,
        0,
        List.of(spec("INPUT__0", DataType.FP32, -1, -1), spec("INPUT__1", DataType.INT64, -1)),
        List.of(
            spec("OUTPUT__0", DataType.INT64, -1, -1),
            spec("OUTPUT__1", DataType.FP32, -1, -1, vocabularySize)),
        2,
        List.of(
            Tensor.ofFloats("INPUT__0", DataType.FP32, Shape.of(1, samples), tone),
            Tensor.ofLongs("INPUT__1", DataType.INT64, Shape.of(1), new long[] {samples})),
        Map.of(
            DISABLE_OPTIMIZED_EXECUTION,
            "true",
            ModelSignature.CTC_VOCABULARY,
            CharacterVocabulary.TOKENS.substring(1)));
  }

  /**
   * The model's configuration: platform {@code pytorch_libtorch}, the inputs and outputs, the
   * latest {@link #versionsKept} versions served, one CPU instance, the parameters, and a dynamic
   * batcher only when the model batches (Triton refuses one on a model that does not).
   */
  public ModelConfig modelConfig() {
    ModelConfig.Builder config =
        ModelConfig.newBuilder()
            .setName(name)
            .setPlatform("pytorch_libtorch")
            .setMaxBatchSize(maxBatchSize);
    for (TensorSpec in : inputs) {
      config.addInput(
          ModelInput.newBuilder()
              .setName(in.name())
              .setDataType(in.type().toConfig())
              .addAllDims(dims(in)));
    }
    for (TensorSpec out : outputs) {
      config.addOutput(
          ModelOutput.newBuilder()
              .setName(out.name())
              .setDataType(out.type().toConfig())
              .addAllDims(dims(out)));
    }
    config
        .setVersionPolicy(ModelConfigs.latestVersions(versionsKept))
        .addInstanceGroup(ModelConfigs.oneCpuInstance());
    parameters.forEach((key, value) -> config.putParameters(key, ModelConfigs.parameter(value)));
    if (maxBatchSize > 0) {
      config.setDynamicBatching(ModelDynamicBatching.getDefaultInstance());
    }
    return config.build();
  }

  private static TensorSpec spec(String name, DataType type, long... dims) {
    return new TensorSpec(name, type, Shape.of(dims));
  }

  private static List<Long> dims(TensorSpec spec) {
    return Arrays.stream(spec.dims().dims()).boxed().toList();
  }
}
