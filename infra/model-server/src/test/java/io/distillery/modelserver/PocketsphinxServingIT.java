package io.distillery.modelserver;

import static io.distillery.modelserver.ServingFixture.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.kserve.tensor.TensorCodec;
import io.distillery.media.audio.Wav;
import io.distillery.media.audio.WavPolicy;
import io.distillery.models.DemoRepository;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferResponse;
import io.distillery.schemas.kserve.RepositoryIndexRequest;
import io.distillery.schemas.kserve.RepositoryIndexResponse.ModelIndex;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    new ModelRepository(root)
        .writeConfig(DemoRepository.speech("asr-file", DemoRepository.SpeechSignature.AUDIO_FILE));
    Files.createDirectories(root.resolve("asr-file/1"));
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
  void shouldTranscribeABatchOfSyntheticUtterancesWithWordConfidencesAndTimes() throws Exception {
    byte[] first =
        ExternalTools.utterance(audio, "a", "the quick brown fox jumps over the lazy dog");
    byte[] second = ExternalTools.utterance(audio, "b", "please call me tomorrow morning");

    // the public ASR signature: samples padded to the longest, with each row's count
    ModelInferResponse response =
        stub.modelInfer(samplesRequest(DemoRepository.ASR_TEACHER, first, second));
    ModelInferResponse wholeFiles = stub.modelInfer(audioRequest("asr-file", first, second));

    List<String> transcripts = strings(response, "TRANSCRIPTS");
    assertThat(transcripts)
        .as("the padding is cut off: the same transcripts as from the files")
        .isEqualTo(strings(wholeFiles, "TRANSCRIPT"));
    List<String> words = strings(response, "WORDS");
    float[] confidences = floats(response.getRawOutputContents(index(response, "CONFIDENCES")));
    assertThat(transcripts).hasSize(2).allSatisfy(t -> assertThat(t).isNotBlank());
    assertThat(transcripts.get(0)).contains("fox");
    assertThat(words).hasSize(confidences.length);
    assertThat(response.getOutputs(index(response, "WORDS")).getShape(0)).isEqualTo(2);
    float[] times = floats(response.getRawOutputContents(index(response, "WORD_TIMES")));
    assertThat(times).hasSize(2 * words.size());
    int width = words.size() / 2;
    for (int i = 0; i < words.size(); i++) {
      if (!words.get(i).isEmpty()) {
        assertThat(confidences[i]).isBetween(0f, 1f);
        // each word within its utterance, in order
        float seconds = (i < width ? first.length : second.length) / 32_000f;
        assertThat(times[2 * i]).isBetween(i % width == 0 ? 0f : times[2 * i - 2], seconds);
        assertThat(times[2 * i + 1]).isBetween(times[2 * i], seconds);
      }
    }
  }

  @Test
  void shouldServeTheNarrowBeamProxyAndReportImageModelsWithoutVersionsUnavailable()
      throws Exception {
    byte[] clip =
        ExternalTools.utterance(audio, "c", "the quick brown fox jumps over the lazy dog");

    ModelInferResponse proxy = stub.modelInfer(samplesRequest(DemoRepository.ASR_PROXY, clip));

    assertThat(proxy.getModelName()).isEqualTo(DemoRepository.ASR_PROXY);
    assertThat(strings(proxy, "TRANSCRIPTS")).hasSize(1);
    List<ModelIndex> index =
        stub.repositoryIndex(RepositoryIndexRequest.getDefaultInstance()).getModelsList();
    assertThat(index)
        .filteredOn(m -> m.getName().equals(DemoRepository.IMAGE_TEACHER))
        .singleElement()
        .satisfies(m -> assertThat(m.getState()).isEqualTo("UNAVAILABLE"));
    assertThat(Files.readString(root.resolve("asr-proxy/config.pbtxt"))).contains("-beam");
  }

  @Test
  void shouldRefuseABytesElementThatIsNotAudioAsInvalidArgument() throws Exception {
    // Triton's ASR models fail a request whose audio they cannot decode; an empty transcript with
    // status OK would be labelled as silence
    byte[] clip = ExternalTools.utterance(audio, "d", "hello there");
    byte[] text = "this is not audio".getBytes(StandardCharsets.UTF_8);

    StatusRuntimeException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () -> stub.modelInfer(audioRequest("asr-file", clip, text)));

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refused.getStatus().getDescription()).contains("not a WAV file");
    assertThat(strings(stub.modelInfer(audioRequest("asr-file", clip)), "TRANSCRIPT"))
        .singleElement()
        .asString()
        .isNotBlank();
  }

  /** {@code WAV} FP32 [B, longest] zero-padded and {@code WAV_LENS} INT32 [B, 1]. */
  private static ModelInferRequest samplesRequest(String model, byte[]... wavs) throws Exception {
    List<float[]> clips = new java.util.ArrayList<>();
    int longest = 0;
    for (byte[] wav : wavs) {
      float[] clip = Wav.read(wav, WavPolicy.SPEECH_16K).monoSamples();
      clips.add(clip);
      longest = Math.max(longest, clip.length);
    }
    ByteBuffer samples =
        ByteBuffer.allocate(wavs.length * longest * 4).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer lengths = ByteBuffer.allocate(wavs.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] clip : clips) {
      for (int i = 0; i < longest; i++) {
        samples.putFloat(i < clip.length ? clip[i] : 0f);
      }
      lengths.putInt(clip.length);
    }
    return ModelInferRequest.newBuilder()
        .setModelName(model)
        .addInputs(
            ModelInferRequest.InferInputTensor.newBuilder()
                .setName("WAV")
                .setDatatype("FP32")
                .addShape(wavs.length)
                .addShape(longest))
        .addInputs(
            ModelInferRequest.InferInputTensor.newBuilder()
                .setName("WAV_LENS")
                .setDatatype("INT32")
                .addShape(wavs.length)
                .addShape(1))
        .addRawInputContents(ByteString.copyFrom(samples.array()))
        .addRawInputContents(ByteString.copyFrom(lengths.array()))
        .build();
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
