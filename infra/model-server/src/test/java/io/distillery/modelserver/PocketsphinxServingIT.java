package io.distillery.modelserver;

import static io.distillery.modelserver.ServingFixture.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import io.distillery.kserve.tensor.TensorCodec;
import io.distillery.models.DemoRepository;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferResponse;
import io.distillery.schemas.kserve.RepositoryIndexRequest;
import io.distillery.schemas.kserve.RepositoryIndexResponse.ModelIndex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PocketsphinxServingIT {

  @TempDir Path root;
  @TempDir Path audio;
  private ServingFixture fixture;
  private GRPCInferenceServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(ExternalTools.onPath("pocketsphinx_batch"), "no pocketsphinx_batch");
    assumeTrue(ExternalTools.onPath("espeak-ng"), "no espeak-ng");
    assumeTrue(ExternalTools.onPath("sox"), "no sox");
    DemoRepository.write(root);
    fixture = new ServingFixture(root);
    stub = fixture.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void shouldTranscribeABatchOfSyntheticUtterancesWithWordConfidences() throws Exception {
    byte[] first =
        ExternalTools.utterance(audio, "a", "the quick brown fox jumps over the lazy dog");
    byte[] second = ExternalTools.utterance(audio, "b", "please call me tomorrow morning");

    ModelInferResponse response =
        stub.modelInfer(audioRequest(DemoRepository.ASR_TEACHER, first, second));

    List<String> transcripts = strings(response, "TRANSCRIPT");
    List<String> words = strings(response, "WORDS");
    float[] confidences = floats(response.getRawOutputContents(index(response, "CONFIDENCES")));
    assertThat(transcripts).hasSize(2).allSatisfy(t -> assertThat(t).isNotBlank());
    assertThat(transcripts.get(0)).contains("fox");
    assertThat(words).hasSize(confidences.length);
    assertThat(response.getOutputs(index(response, "WORDS")).getShape(0)).isEqualTo(2);
    for (int i = 0; i < words.size(); i++) {
      if (!words.get(i).isEmpty()) {
        assertThat(confidences[i]).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void shouldServeTheNarrowBeamProxyAndReportImageModelsWithoutVersionsUnavailable()
      throws Exception {
    byte[] clip =
        ExternalTools.utterance(audio, "c", "the quick brown fox jumps over the lazy dog");

    ModelInferResponse proxy = stub.modelInfer(audioRequest(DemoRepository.ASR_PROXY, clip));

    assertThat(proxy.getModelName()).isEqualTo(DemoRepository.ASR_PROXY);
    assertThat(strings(proxy, "TRANSCRIPT")).hasSize(1);
    List<ModelIndex> index =
        stub.repositoryIndex(RepositoryIndexRequest.getDefaultInstance()).getModelsList();
    assertThat(index)
        .filteredOn(m -> m.getName().equals(DemoRepository.IMAGE_TEACHER))
        .singleElement()
        .satisfies(m -> assertThat(m.getState()).isEqualTo("UNAVAILABLE"));
    assertThat(Files.readString(root.resolve("asr-proxy/config.pbtxt"))).contains("-beam");
  }

  private static ModelInferRequest audioRequest(String model, byte[]... wavs) {
    List<byte[]> elements = List.of(wavs);
    return ModelInferRequest.newBuilder()
        .setModelName(model)
        .addInputs(
            ModelInferRequest.InferInputTensor.newBuilder()
                .setName("AUDIO")
                .setDatatype("BYTES")
                .addShape(wavs.length)
                .addShape(1))
        .addRawInputContents(ByteString.copyFrom(TensorCodec.encodeBytes(elements)))
        .build();
  }

  private static int index(ModelInferResponse response, String output) {
    for (int i = 0; i < response.getOutputsCount(); i++) {
      if (response.getOutputs(i).getName().equals(output)) {
        return i;
      }
    }
    throw new AssertionError("no output " + output);
  }

  private static List<String> strings(ModelInferResponse response, String output) {
    return TensorCodec.decodeBytes(
            response.getRawOutputContents(index(response, output)).toByteArray())
        .stream()
        .map(b -> new String(b, StandardCharsets.UTF_8))
        .toList();
  }
}
