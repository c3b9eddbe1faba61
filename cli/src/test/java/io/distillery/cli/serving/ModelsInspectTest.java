package io.distillery.cli.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distillery.cli.Distillery;
import io.distillery.testkit.triton.PublicConfigs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code distillery models inspect} against the configs of the models people deploy on Triton,
 * written from their public examples ({@link PublicConfigs}).
 */
class ModelsInspectTest {

  @TempDir Path repository;

  /** What one run printed. */
  record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(out);
    }
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "sherpa-zipformer,transducer,512",
    "paraformer-offline,infer_pipeline,64",
    "parakeet-ctc,asr_ctc,32",
  })
  void shouldBindTheOfflineAsrEntryModelsToSamplesCountAndTranscript(
      String family, String model, int maxBatch) throws Exception {
    Run run = inspect(family, model, "speech");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("model").asText()).isEqualTo(model);
    assertThat(json.get("kind").asText()).isEqualTo("speech");
    assertThat(roles(json.get("inputs")))
        .containsExactly(Map.entry("WAV", "samples"), Map.entry("WAV_LENS", "sample-count"));
    assertThat(roles(json.get("outputs"))).containsExactly(Map.entry("TRANSCRIPTS", "transcript"));
    assertThat(json.get("max_batch_size").asInt()).isEqualTo(maxBatch);
    assertThat(json.get("decoupled").asBoolean()).isFalse();
  }

  @Test
  void shouldRefuseSenseVoiceUntilItsControlInputsAreGivenAndThenBindThem() throws Exception {
    Run bare = inspect("sensevoice", "sensevoice", "speech");
    assertThat(bare.exit()).isEqualTo(ModelsCommand.UNBOUND);
    assertThat(bare.err())
        .contains("LANGUAGE")
        .contains("--bind sensevoice:LANGUAGE=constant:<value>");

    Run bound =
        inspect(
            "sensevoice",
            "sensevoice",
            "speech",
            "--bind",
            "LANGUAGE=constant:4",
            "--bind",
            "sensevoice:TEXT_NORM=constant:15");

    assertThat(bound.exit()).as(bound.err()).isZero();
    assertThat(roles(bound.json().get("inputs")))
        .containsExactly(
            Map.entry("WAV", "samples"),
            Map.entry("WAV_LENS", "sample-count"),
            Map.entry("LANGUAGE", "constant:4"),
            Map.entry("TEXT_NORM", "constant:15"));
    assertThat(roles(bound.json().get("outputs")))
        .containsExactly(Map.entry("TRANSCRIPTS", "transcript"));
  }

  @Test
  void shouldBindWhisperWithTheEnglishPromptAndReportItDecoupled() throws Exception {
    Run run = inspect("whisper-trtllm", "whisper_bls", "speech");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("inputs").get("TEXT_PREFIX").asText())
        .isEqualTo("constant:<|startoftranscript|><|en|><|transcribe|><|notimestamps|>");
    assertThat(json.get("inputs").get("WAV").asText()).isEqualTo("samples");
    assertThat(json.get("decoupled").asBoolean()).isTrue();
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "sherpa-zipformer,encoder,no input takes audio",
    "sherpa-zipformer,feature_extractor,no output holds a transcript",
    "sherpa-zipformer,scorer,no input takes audio",
    "paraformer-offline,encoder,no input takes audio",
    "whisper-trtllm,whisper,no output holds a transcript",
  })
  void shouldRefuseTheInternalStepsOfAsrPipelinesWithTheReason(
      String family, String model, String reason) {
    Run run = inspect(family, model, "speech");

    assertThat(run.exit()).isEqualTo(ModelsCommand.UNBOUND);
    assertThat(run.err()).contains("Model " + model).contains(reason).contains("entry model");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "densenet_onnx,data_0,pixels,fc6_1,scores,NCHW 3x224x224",
    "inception_onnx,input:0,pixels,InceptionV3/Predictions/Softmax:0,probabilities,NHWC 3x299x299",
    "resnet50,input__0,pixels,output__0,scores,NCHW 3x224x224",
  })
  void shouldBindTheImageClassifiersOfTritonsExamples(
      String model, String input, String inputRole, String output, String outputRole, String layout)
      throws Exception {
    Run run = inspect("image-classifiers", model, "image");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(roles(json.get("inputs"))).containsExactly(Map.entry(input, inputRole));
    assertThat(roles(json.get("outputs"))).containsExactly(Map.entry(output, outputRole));
    assertThat(json.get("layout").asText()).isEqualTo(layout);
    assertThat(json.get("scaling").asText()).isEqualTo("imagenet");
    assertThat(json.get("max_batch_size").asInt()).isZero();
  }

  @Test
  void shouldBindTheEncodedImageEnsembleAndLetAScalingBeChosen() throws Exception {
    Run encoded = inspect("image-classifiers", "ensemble_python_resnet50", "image");
    assertThat(encoded.exit()).as(encoded.err()).isZero();
    assertThat(roles(encoded.json().get("inputs")))
        .containsExactly(Map.entry("INPUT", "encoded-image"));

    Run inception =
        inspect("image-classifiers", "densenet_onnx", "image", "--bind", "data_0=pixels:inception");
    assertThat(inception.json().get("scaling").asText()).isEqualTo("inception");

    Run preprocess = inspect("image-classifiers", "preprocess", "image");
    assertThat(preprocess.exit()).isEqualTo(ModelsCommand.UNBOUND);
    assertThat(preprocess.err()).contains("no output holds class scores");
  }

  @Test
  void shouldRefuseABindingThatNamesNoTensor() {
    Run run = inspect("parakeet-ctc", "asr_ctc", "speech", "--bind", "LANG=constant:4");

    assertThat(run.exit()).isEqualTo(ModelsCommand.UNBOUND);
    assertThat(run.err()).contains("LANG").contains("names no tensor");
  }

  @Test
  void shouldPrintTheBindingAsTextWithoutJson() {
    Path config = PublicConfigs.write("parakeet-ctc", "asr_ctc", repository);
    Run run = run("models", "inspect", "--config", config.toString(), "--kind", "speech");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("asr_ctc (python) binds as a speech model")
        .containsPattern("WAV FP32 \\[-1\\]\\s+samples")
        .contains("up to 1 records per request");
  }

  private Run inspect(String family, String model, String kind, String... more) {
    Path config = PublicConfigs.write(family, model, repository);
    List<String> args =
        new ArrayList<>(
            List.of("models", "inspect", "--config", config.toString(), "--kind", kind, "--json"));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Distillery.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static List<Map.Entry<String, String>> roles(JsonNode node) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    node.fields().forEachRemaining(e -> out.add(Map.entry(e.getKey(), e.getValue().asText())));
    return out;
  }
}
