package io.distillery.bench;

import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Records the benchmarks pre-fill topics with: labeled classification records as a teacher would
 * write them, accepted scored records as the filter would, and a fast producer to send many.
 */
public final class BenchRecords {

  private BenchRecords() {}

  /**
   * A labeled Fashion-MNIST-style record: a teacher output peaked on a random class with a random
   * top probability in [0.3, 1), and, half the time, a reference equal to that class.
   */
  public static LabeledRecord labeled(
      String id, String task, Random random, byte[] image, String contentType) {
    return labeled(id, task, random, image, contentType, random.nextInt(10));
  }

  /**
   * A labeled Fashion-MNIST-style record whose teacher output peaks on class {@code top} (the
   * image's true class, for a stage that learns from it) with a random top probability in [0.3, 1),
   * and, half the time, a reference equal to that class.
   */
  public static LabeledRecord labeled(
      String id, String task, Random random, byte[] image, String contentType, int top) {
    List<Float> p = new ArrayList<>();
    float max = 0.3f + 0.7f * random.nextFloat();
    for (int c = 0; c < 10; c++) {
      p.add(c == top ? max : (1 - max) / 9);
    }
    RawRecord raw =
        RawRecord.newBuilder()
            .setId(id)
            .setTask(task)
            .setModality(Modality.IMAGE)
            .setContentType(contentType)
            .setInline(ByteBuffer.wrap(image))
            .setReference(random.nextBoolean() ? Integer.toString(top) : null)
            .setSource("bench")
            .setIngestTime(Instant.now())
            .build();
    ModelOutput teacher =
        ModelOutput.newBuilder()
            .setModelName("teacher")
            .setModelVersion("1")
            .setRole(ModelRole.TEACHER)
            .setProbabilities(p)
            .build();
    return LabeledRecord.newBuilder()
        .setRaw(raw)
        .setOutputs(List.of(teacher))
        .setLabeledAt(Instant.now())
        .build();
  }

  /** {@code labeled} as the filter accepts it: decision ACCEPT, weight 1, its max probability. */
  public static ScoredRecord accepted(LabeledRecord labeled) {
    double max =
        labeled.getOutputs().get(0).getProbabilities().stream()
            .mapToDouble(Float::doubleValue)
            .max()
            .orElse(0);
    return ScoredRecord.newBuilder()
        .setLabeled(labeled)
        .setScores(Map.of("max-prob", max))
        .setDecision(Decision.ACCEPT)
        .setWeight(1.0)
        .setSoftTargetOnly(false)
        .setReasons(List.of())
        .setPolicy("bench")
        .setScoredAt(Instant.now())
        .build();
  }

  /**
   * Sends {@code n} records, record {@code i} with key {@code ids(i)} and value {@code values(i)}
   * (called in order of {@code i}), through one idempotent acks=all producer with large batches,
   * and waits until all are acknowledged.
   *
   * @throws IllegalStateException when a send fails
   */
  public static void produce(
      String bootstrap, String topic, int n, IntFunction<String> ids, IntFunction<byte[]> values) {
    produce(bootstrap, topic, n, ids, values, 0);
  }

  /**
   * As {@link #produce(String, String, int, IntFunction, IntFunction)}, sending at most {@code
   * perSecond} records per second (0: as fast as possible); a value is built when it is sent.
   */
  public static void produce(
      String bootstrap,
      String topic,
      int n,
      IntFunction<String> ids,
      IntFunction<byte[]> values,
      double perSecond) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      long start = System.nanoTime();
      for (int i = 0; i < n && failure.get() == null; i++) {
        if (perSecond > 0) {
          pace(start + (long) (i * 1e9 / perSecond));
        }
        producer.send(
            new ProducerRecord<>(
                topic, ids.apply(i).getBytes(StandardCharsets.UTF_8), values.apply(i)),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("pre-filling " + topic + " failed", failure.get());
    }
  }

  private static void pace(long dueNanos) {
    long wait = dueNanos - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while pacing", e);
      }
    }
  }
}
