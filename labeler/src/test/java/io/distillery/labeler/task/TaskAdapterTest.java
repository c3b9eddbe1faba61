package io.distillery.labeler.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.kserve.tensor.TensorException;
import io.distillery.kserve.tensor.TensorSpec;
import io.distillery.labeler.config.ModelBinding;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TaskAdapterTest {

  @Test
  void shouldTurnAGrayPngIntoAScaledModelInput() throws Exception {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(3, 2, 0, 255);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    List<Tensor> in =
        new ImageClassification()
            .inputs(
                record("image/png"),
                png.toByteArray(),
                Signatures.image(Signatures.IMAGE_CLASSIFIER));
    assertThat(in.get(0).shape()).isEqualTo(Shape.of(1, 28, 28));
    float[] v = in.get(0).floats();
    assertThat(v[2 * 28 + 3]).isEqualTo(1.0f);
    assertThat(v[0]).isEqualTo(0.0f);
  }

  @Test
  void shouldReadRawIdxImagesAndResizeToTheModel() throws Exception {
    ModelSignature small =
        Signatures.single(
            "s",
            1,
            new TensorSpec("x", DataType.FP32, Shape.of(14, 14)),
            new TensorSpec("y", DataType.FP32, Shape.of(10)));
    byte[] pixels = new byte[784];
    java.util.Arrays.fill(pixels, (byte) 128);
    RawRecord idx = record("application/x-idx-image");
    List<Tensor> in = new ImageClassification().inputs(idx, pixels, Signatures.image(small));
    assertThat(in.get(0).shape()).isEqualTo(Shape.of(14, 14));
    assertThat(in.get(0).floats()[0])
        .isCloseTo(128 / 255f, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void shouldRefuseBytesThatAreNoImage() {
    assertThatThrownBy(
            () ->
                new ImageClassification()
                    .inputs(
                        record("image/png"),
                        "garbage".getBytes(StandardCharsets.UTF_8),
                        Signatures.image(Signatures.IMAGE_CLASSIFIER)))
        .isInstanceOf(RefusedRecordException.class)
        .extracting(e -> ((RefusedRecordException) e).reason().code())
        .isEqualTo("unsupported-content");
  }

  @Test
  void shouldSoftmaxLogitsAndRefuseNaNAndWrongShapes() {
    float[] logits = {2, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    ModelOutput out = imageOutput("7", Shape.of(10), logits);
    assertThat(out.getModelVersion()).isEqualTo("7");
    assertThat(out.getProbabilities().get(0)).isGreaterThan(out.getProbabilities().get(1));
    assertThat(out.getProbabilities().stream().mapToDouble(Float::doubleValue).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    float[] nan = new float[10];
    nan[4] = Float.NaN;
    assertThatThrownBy(() -> imageOutput("1", Shape.of(10), nan))
        .isInstanceOf(TensorException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> imageOutput("1", Shape.of(11), new float[11]))
        .extracting(e -> ((TensorException) e).errorType())
        .isEqualTo("wrong-shape");
  }

  @Test
  void shouldSendWavAsABytesElementAndReadTranscriptWithWordConfidences() throws Exception {
    byte[] wav = wav(new short[] {0, 1000, -1000, 0});
    List<Tensor> in =
        new SpeechRecognition()
            .inputs(record("audio/wav"), wav, Signatures.speech(Signatures.WAV_RECOGNIZER));
    assertThat(in.get(0).byteElements().get(0)).containsExactly(wav);
    ModelOutput out =
        new SpeechRecognition()
            .output(
                helloWorld(), Signatures.speech(Signatures.WAV_RECOGNIZER), "1", ModelRole.PROXY);
    assertThat(out.getTranscript()).isEqualTo("hello world");
    assertThat(out.getWords()).extracting(w -> w.getWord()).containsExactly("hello", "world");
    assertThat(out.getWords().get(0).getConfidence()).isEqualTo(0.9f);
    assertThatThrownBy(
            () ->
                new SpeechRecognition()
                    .inputs(
                        record("audio/wav"),
                        utf8("RIFFxxxxWAVX"),
                        Signatures.speech(Signatures.WAV_RECOGNIZER)))
        .isInstanceOf(RefusedRecordException.class);
  }

  private static final String VOCABULARY = " abcdefghijklmnopqrstuvwxyz'";

  /**
   * The project's speech student as the trainer publishes it: no batching, samples FP32 [-1,-1] and
   * their count INT64 [-1], token ids INT64 [-1,-1] padded with -1 beside the log-probabilities,
   * and its characters declared as the config's ctc_vocabulary.
   */
  private static final ModelSignature CTC_STUDENT =
      new ModelSignature(
          "asr-student",
          "3",
          0,
          List.of(
              new TensorSpec("INPUT__0", DataType.FP32, Shape.of(-1, -1)),
              new TensorSpec("INPUT__1", DataType.INT64, Shape.of(-1))),
          List.of(
              new TensorSpec("OUTPUT__0", DataType.INT64, Shape.of(-1, -1)),
              new TensorSpec("OUTPUT__1", DataType.FP32, Shape.of(-1, -1, 29))),
          "pytorch_libtorch",
          false,
          Map.of(ModelSignature.CTC_VOCABULARY, VOCABULARY));

  @Test
  void shouldBindACtcStudentByItsDeclaredVocabularyAndReadItsTokenIdsAsText() throws Exception {
    var binding = Signatures.speech(CTC_STUDENT);
    assertThat(binding.describe().get("inputs"))
        .isEqualTo(Map.of("INPUT__0", "samples", "INPUT__1", "sample-count"));
    assertThat(binding.describe().get("outputs"))
        .as("the log-probabilities are not asked for")
        .isEqualTo(Map.of("OUTPUT__0", "token-ids:" + VOCABULARY));

    List<Tensor> in =
        new SpeechRecognition()
            .inputs(record("audio/wav"), wav(new short[] {0, 1000, -1000}), binding);
    assertThat(in.get(0).shape()).isEqualTo(Shape.of(1, 3));
    assertThat(in.get(1).longs()).containsExactly(3);

    // "it's  ok" with a blank, a doubled space and -1 padding; ids count from 1 after the blank
    long[] ids = new long[12];
    String text = "it's  ok";
    int n = 0;
    ids[n++] = 0;
    for (char c : text.toCharArray()) {
      ids[n++] = VOCABULARY.indexOf(c) + 1;
    }
    java.util.Arrays.fill(ids, n, ids.length, -1);
    ModelOutput out =
        new SpeechRecognition()
            .output(
                Map.of(
                    "OUTPUT__0", Tensor.ofLongs("OUTPUT__0", DataType.INT64, Shape.of(1, 12), ids)),
                binding,
                "3",
                ModelRole.STUDENT);
    assertThat(out.getTranscript()).isEqualTo("it's ok");
    assertThat(out.getModelVersion()).isEqualTo("3");

    long[] pastTheVocabulary = {5, VOCABULARY.length() + 1};
    assertThatThrownBy(
            () ->
                new SpeechRecognition()
                    .output(
                        Map.of(
                            "OUTPUT__0",
                            Tensor.ofLongs(
                                "OUTPUT__0", DataType.INT64, Shape.of(1, 2), pastTheVocabulary)),
                        binding,
                        "3",
                        ModelRole.STUDENT))
        .isInstanceOf(TensorException.class)
        .hasMessageContaining("token id 29");
  }

  @Test
  void shouldAskForTheVocabularyOfTokenIdsThatDeclareNone() {
    ModelSignature undeclared =
        new ModelSignature(
            CTC_STUDENT.name(),
            "1",
            0,
            CTC_STUDENT.inputs(),
            CTC_STUDENT.outputs(),
            "pytorch_libtorch",
            false,
            Map.of());
    assertThatThrownBy(() -> Signatures.speech(undeclared))
        .hasMessageContaining("token-ids:VOCABULARY");
    var byHand =
        io.distillery.labeler.binding.Binder.bind(
            undeclared,
            io.distillery.schemas.topics.TaskKind.SPEECH,
            io.distillery.labeler.binding.BindOverride.parseAll(
                List.of("asr-student:OUTPUT__0=token-ids:abc")));
    assertThat(byHand.describe().get("outputs")).isEqualTo(Map.of("OUTPUT__0", "token-ids:abc"));
  }

  @Test
  void shouldClampAConfidenceRoundedJustPastOneAndRefuseOneFarOutside() {
    assertThat(SpeechRecognition.confidence("sleeping", 1.001f))
        .as("pocketsphinx's posterior of a certain word, rounded in its log domain")
        .isEqualTo(1f);
    assertThat(SpeechRecognition.confidence("a", -0.0001f)).isZero();
    assertThat(SpeechRecognition.confidence("a", 0.42f)).isEqualTo(0.42f);
    for (float garbage : new float[] {1.5f, -0.2f, Float.NaN, Float.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> SpeechRecognition.confidence("a", garbage))
          .as("confidence %s", garbage)
          .extracting(e -> ((TensorException) e).errorType())
          .isEqualTo("non-finite-output");
    }
  }

  @Test
  void shouldKeepEachWordsTimesAndRefuseTimesOutOfOrderOrNotFinite() {
    ModelOutput out = timedOutput(new float[] {0.2f, 0.6f, 0.7f, 1.4f, 0f, 0f});
    assertThat(out.getWords())
        .extracting(w -> w.getWord(), w -> w.getStartSeconds(), w -> w.getEndSeconds())
        .containsExactly(tuple("hello", 0.2f, 0.6f), tuple("world", 0.7f, 1.4f));
    assertThatThrownBy(() -> timedOutput(new float[] {0.7f, 1.4f, 0.2f, 0.6f, 0f, 0f}))
        .extracting(e -> ((TensorException) e).errorType())
        .isEqualTo("malformed-output");
    assertThatThrownBy(() -> timedOutput(new float[] {0.2f, 0.1f, 0.7f, 1.4f, 0f, 0f}))
        .extracting(e -> ((TensorException) e).errorType())
        .isEqualTo("malformed-output");
    assertThatThrownBy(() -> timedOutput(new float[] {0.2f, Float.NaN, 0.7f, 1.4f, 0f, 0f}))
        .extracting(e -> ((TensorException) e).errorType())
        .isEqualTo("non-finite-output");
    assertThatThrownBy(() -> timedOutput(new float[] {0.2f, 0.6f, 0.7f, 1.4f}))
        .extracting(e -> ((TensorException) e).errorType())
        .isEqualTo("wrong-shape");
  }

  private static ModelOutput timedOutput(float[] times) {
    Map<String, Tensor> outputs = new java.util.HashMap<>(helloWorld());
    outputs.put(
        "WORD_TIMES",
        Tensor.ofFloats("WORD_TIMES", DataType.FP32, Shape.of(times.length / 2, 2), times));
    return new SpeechRecognition()
        .output(outputs, Signatures.speech(Signatures.TIMED_RECOGNIZER), "1", ModelRole.TEACHER);
  }

  /** A recognizer's answer "hello world": its words, padded with "", and their confidences. */
  private static Map<String, Tensor> helloWorld() {
    return Map.of(
        "TRANSCRIPT", Tensor.ofBytes("TRANSCRIPT", Shape.of(1), List.of(utf8("hello world"))),
        "WORDS",
            Tensor.ofBytes("WORDS", Shape.of(3), List.of(utf8("hello"), utf8("world"), utf8(""))),
        "CONFIDENCES",
            Tensor.ofFloats(
                "CONFIDENCES", DataType.FP32, Shape.of(3), new float[] {0.9f, 0.5f, 0f}));
  }

  @Test
  void shouldAverageEnsembleDistributionsAndParseModelRoles() {
    assertThat(Probabilities.average(List.of(List.of(1f, 0f), List.of(0f, 1f))))
        .containsExactly(0.5f, 0.5f);
    assertThat(ModelBinding.parse("teacher=t,proxy=p,ensemble=a+b,student=s"))
        .extracting(ModelBinding::role)
        .containsExactly(
            ModelRole.TEACHER,
            ModelRole.PROXY,
            ModelRole.COMMITTEE,
            ModelRole.COMMITTEE,
            ModelRole.STUDENT);
    assertThatThrownBy(() -> ModelBinding.parse("proxy=p")).hasMessageContaining("teacher");
  }

  @Test
  void shouldStackItemsAndSliceBatchOutputsBackIncludingBytes() {
    Tensor a = Tensor.ofBytes("s", Shape.of(2), List.of(utf8("a"), utf8("bb")));
    Tensor b = Tensor.ofBytes("s", Shape.of(2), List.of(utf8("ccc"), utf8("")));
    Tensor batch = Batches.stack(List.of(List.of(a), List.of(b))).get(0);
    assertThat(batch.shape()).isEqualTo(Shape.of(2, 2));
    assertThat(Batches.slice(batch, 2, 1).byteElements())
        .extracting(String::new)
        .containsExactly("ccc", "");
    assertThatThrownBy(() -> Batches.slice(batch, 3, 0)).hasMessageContaining("batch of 3");
  }

  /** The image teacher's output for {@code logits} of {@code shape} sent by {@code version}. */
  private static ModelOutput imageOutput(String version, Shape shape, float[] logits) {
    return new ImageClassification()
        .output(
            Map.of("OUTPUT__0", Tensor.ofFloats("OUTPUT__0", DataType.FP32, shape, logits)),
            Signatures.image(Signatures.IMAGE_CLASSIFIER),
            version,
            ModelRole.TEACHER);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] wav(short[] samples) {
    ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put(utf8("RIFF")).putInt(36 + samples.length * 2).put(utf8("WAVE"));
    b.put(utf8("fmt "))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(16000)
        .putInt(32000)
        .putShort((short) 2)
        .putShort((short) 16);
    b.put(utf8("data")).putInt(samples.length * 2);
    for (short s : samples) {
      b.putShort(s);
    }
    return b.array();
  }

  private static RawRecord record(String contentType) {
    return RawRecord.newBuilder()
        .setId("r")
        .setTask("t")
        .setModality(Modality.IMAGE)
        .setContentType(contentType)
        .setWidth(28)
        .setHeight(28)
        .setSource("test")
        .setIngestTime(Instant.now())
        .build();
  }
}
