package io.distillery.labeler.stage;

import io.distillery.kserve.client.ClientConfig;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.resilience.Backoff;
import io.distillery.labeler.batch.BatchPolicy;
import io.distillery.labeler.binding.BindOverride;
import io.distillery.labeler.config.LabelerConfig;
import io.distillery.labeler.config.ModelBinding;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.models.SyntheticModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Helpers for labeler ITs: raw records in, labeled and dead-lettered records out, configs. */
final class LabelerFixture {

  static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private LabelerFixture() {}

  /** A repository with a synthetic image classifier and its broken siblings. */
  static void imageModels(Path root, long delayMs) throws IOException {
    synthetic(root, "teacher", delayMs, "deterministic");
    synthetic(root, "proxy", delayMs, "deterministic");
    synthetic(root, "wrong", 0, "wrong_shape");
    synthetic(root, "nan", 0, "nan");
  }

  static void synthetic(Path root, String name, long delayMs, String behaviour) throws IOException {
    SyntheticModels.imageClassifier(
        root, name, 64, Map.of("delay_ms", Long.toString(delayMs), "behaviour", behaviour));
  }

  /**
   * The demo image teacher's TorchScript CNN (untrained, made by infra's definition script with the
   * system's python3-torch) as model {@code name}, served by DJL like the demo's teacher.
   */
  static void torchScriptTeacher(Path root, String name, Path cache) throws IOException {
    Path definition = ModelDefinitions.inCache(cache).ensure(DemoModel.IMAGE_TEACHER);
    Path dir = root.resolve(name);
    Files.copy(definition, Files.createDirectories(dir.resolve("1")).resolve("model.pt"));
    Files.writeString(
        dir.resolve("config.pbtxt"),
        """
        name: "%s"
        platform: "pytorch_libtorch"
        max_batch_size: 64
        input [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ 1, 28, 28 ] } ]
        output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 10 ] } ]
        dynamic_batching { max_queue_delay_microseconds: 2000 }
        instance_group [ { count: 1 kind: KIND_CPU } ]
        """
            .formatted(name));
  }

  /**
   * The demo image teacher under the signatures of other deployments, all with its weights: {@code
   * cnn-nhwc} (colour NHWC input normalised by ImageNet's mean and std, a TorchScript wrapper),
   * {@code cnn-encoded} (an ensemble taking the PNG file, decoded by the server's image decoder,
   * then {@code cnn}) and {@code cnn-classify} (a copy of {@code cnn}, for the classification
   * extension). Needs {@link #torchScriptTeacher} as {@code cnn}.
   */
  static void imagePresets(Path root, Path cache) throws IOException {
    Path nhwc = ModelDefinitions.inCache(cache).ensure(DemoModel.IMAGE_TEACHER_RGB_NHWC);
    Files.copy(nhwc, Files.createDirectories(root.resolve("cnn-nhwc/1")).resolve("model.pt"));
    Files.writeString(
        root.resolve("cnn-nhwc/config.pbtxt"),
        """
        name: "cnn-nhwc"
        platform: "pytorch_libtorch"
        max_batch_size: 64
        input [ { name: "INPUT__0" data_type: TYPE_FP32 format: FORMAT_NHWC dims: [ 28, 28, 3 ] } ]
        output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 10 ] } ]
        dynamic_batching { max_queue_delay_microseconds: 2000 }
        """);
    Files.createDirectories(root.resolve("decoder/1"));
    Files.writeString(
        root.resolve("decoder/config.pbtxt"),
        """
        name: "decoder"
        backend: "image_decoder"
        max_batch_size: 64
        input [ { name: "INPUT_0" data_type: TYPE_STRING dims: [ 1 ] } ]
        output [ { name: "OUTPUT_0" data_type: TYPE_FP32 dims: [ 1, 28, 28 ] } ]
        dynamic_batching { max_queue_delay_microseconds: 2000 }
        """);
    Files.createDirectories(root.resolve("cnn-encoded/1"));
    Files.writeString(
        root.resolve("cnn-encoded/config.pbtxt"),
        """
        name: "cnn-encoded"
        platform: "ensemble"
        max_batch_size: 64
        input [ { name: "IMAGE" data_type: TYPE_STRING dims: [ 1 ] } ]
        output [ { name: "SCORES" data_type: TYPE_FP32 dims: [ 10 ] } ]
        ensemble_scheduling {
          step [
            {
              model_name: "decoder"
              model_version: -1
              input_map { key: "INPUT_0" value: "IMAGE" }
              output_map { key: "OUTPUT_0" value: "pixels" }
            },
            {
              model_name: "cnn"
              model_version: -1
              input_map { key: "INPUT__0" value: "pixels" }
              output_map { key: "OUTPUT__0" value: "SCORES" }
            }
          ]
        }
        """);
    Path classify = Files.createDirectories(root.resolve("cnn-classify/1"));
    Files.copy(root.resolve("cnn/1/model.pt"), classify.resolve("model.pt"));
    Files.writeString(
        root.resolve("cnn-classify/config.pbtxt"),
        Files.readString(root.resolve("cnn/config.pbtxt"))
            .replace("name: \"cnn\"", "name: \"cnn-classify\""));
  }

  static InferenceServer server(Path root, int port) throws IOException {
    return InferenceServer.start(ServerConfig.loopback(root, port));
  }

  /** Fashion-MNIST test images {@code [from, from+n)} as 8-bit grayscale PNGs. */
  static List<byte[]> fashionPngs(int from, int n) throws IOException {
    byte[] idx;
    try (InputStream in =
        new GZIPInputStream(
            Files.newInputStream(FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz")))) {
      idx = in.readAllBytes();
    }
    List<byte[]> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < 784; p++) {
        image.getRaster().setSample(p % 28, p / 28, 0, idx[16 + i * 784 + p] & 0xFF);
      }
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(image, "png", png);
      out.add(png.toByteArray());
    }
    return out;
  }

  static RawRecord image(String task, String id, byte[] png) {
    return RawRecord.newBuilder()
        .setId(id)
        .setTask(task)
        .setModality(Modality.IMAGE)
        .setContentType("image/png")
        .setInline(ByteBuffer.wrap(png))
        .setWidth(28)
        .setHeight(28)
        .setSource("fashion-mnist/t10k/" + id)
        .setIngestTime(Instant.now())
        .build();
  }

  /** The raw record of a synthetic utterance, its text as the reference. */
  static RawRecord speech(String task, SpeechClips.Clip clip) {
    return RawRecord.newBuilder()
        .setId(clip.id())
        .setTask(task)
        .setModality(Modality.AUDIO)
        .setContentType("audio/wav")
        .setInline(ByteBuffer.wrap(clip.wav()))
        .setSampleRate(16_000)
        .setDurationSeconds((clip.wav().length - 44) / 32_000.0)
        .setReference(clip.text())
        .setLanguage("en")
        .setSource("synthetic/" + clip.id())
        .setIngestTime(Instant.now())
        .build();
  }

  /**
   * Sends each of {@code pngs} to the raw topic of {@code topics} as image record {@code prefix-i}
   * and waits until all are written.
   */
  static void sendImages(String bootstrap, TaskTopics topics, String prefix, List<byte[]> pngs) {
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      for (int i = 0; i < pngs.size(); i++) {
        send(producer, topics.raw(), image(topics.task(), prefix + "-" + i, pngs.get(i)));
      }
    }
  }

  /** A labeler of the images of {@code topics}, as {@code instance}, with the default batches. */
  static LabelerStage startImageLabeler(
      TaskTopics topics, String bootstrap, String instance, String models, int port) {
    return startImageLabeler(topics, bootstrap, instance, models, port, List.of());
  }

  /** An image labeler with tensor roles given by hand, {@code --bind MODEL:TENSOR=ROLE}. */
  static LabelerStage startImageLabeler(
      TaskTopics topics,
      String bootstrap,
      String instance,
      String models,
      int port,
      List<String> bindings) {
    return LabelerStage.start(
        config(
            topics,
            TaskKind.IMAGE,
            bootstrap,
            instance,
            models,
            port,
            new BatchPolicy(64, Duration.ofMillis(10), 4, 32 << 20),
            INFER_DEADLINE,
            bindings),
        new SimpleMeterRegistry());
  }

  static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static void send(KafkaProducer<byte[], byte[]> producer, String topic, RawRecord r) {
    producer.send(
        new ProducerRecord<>(
            topic, r.getId().getBytes(StandardCharsets.UTF_8), Serdes.raw().encode(r)));
  }

  static void sendBytes(
      KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] v) {
    producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), v));
  }

  /** Everything committed on {@code topic} so far (read_committed, from the beginning). */
  static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      int empty = 0;
      while (empty < 3) {
        var batch = c.poll(Duration.ofMillis(500));
        if (batch.isEmpty() && !c.assignment().isEmpty()) {
          empty++;
        }
        batch.forEach(out::add);
      }
    }
    return out;
  }

  static List<LabeledRecord> labeled(String bootstrap, TaskTopics topics) {
    return readCommitted(bootstrap, topics.labeled()).stream()
        .map(r -> Serdes.labeled().decode(r.value()))
        .toList();
  }

  static List<DeadLetter> dead(String bootstrap, TaskTopics topics) {
    return readCommitted(bootstrap, topics.dlq()).stream()
        .map(r -> Serdes.deadLetter().decode(r.value()))
        .toList();
  }

  /** How long a labeler waits for an answer unless a test says otherwise. */
  static final Duration INFER_DEADLINE = Duration.ofSeconds(30);

  static LabelerConfig config(
      TaskTopics topics,
      TaskKind kind,
      String bootstrap,
      String instance,
      String models,
      int port,
      BatchPolicy batch,
      Duration inferDeadline) {
    return config(topics, kind, bootstrap, instance, models, port, batch, inferDeadline, List.of());
  }

  static LabelerConfig config(
      TaskTopics topics,
      TaskKind kind,
      String bootstrap,
      String instance,
      String models,
      int port,
      BatchPolicy batch,
      Duration inferDeadline,
      List<String> bindings) {
    return builder(topics, kind, bootstrap, instance, models, port, batch, inferDeadline, bindings)
        .build();
  }

  /** The configuration of {@link #config}, still open to changes. */
  static LabelerConfig.Builder builder(
      TaskTopics topics,
      TaskKind kind,
      String bootstrap,
      String instance,
      String models,
      int port,
      BatchPolicy batch,
      Duration inferDeadline,
      List<String> bindings) {
    ClientConfig client =
        ClientConfig.builder(List.of(new ServerAddress("127.0.0.1", port)))
            .inferDeadline(inferDeadline)
            .backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(500), 2.0))
            .breaker(3, Duration.ofMillis(300))
            .healthInterval(Duration.ofMillis(200))
            .build();
    return LabelerConfig.builder(topics, kind, bootstrap, ModelBinding.parse(models), client)
        .bindings(BindOverride.parseAll(bindings))
        .modelWait(Duration.ofSeconds(60))
        .instanceId(instance)
        .batch(batch)
        .maxClaimCheckBytes(16 << 20)
        .consumerOverrides(Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000"));
  }
}
