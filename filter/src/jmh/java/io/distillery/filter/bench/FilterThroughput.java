package io.distillery.filter.bench;

import io.distillery.filter.policy.PolicyLoader;
import io.distillery.filter.topology.FilterApp;
import io.distillery.filter.topology.FilterConfig;
import io.distillery.infra.kafka.EmbeddedKafka;
import io.distillery.infra.kafka.TopicProvisioner;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The filter topology's records/s against a plain consume-and-produce loop (assign, poll, send the
 * bytes unchanged, at-least-once) on the same embedded broker in the same run. Each side is timed
 * from its first output record to its last. Run: {@code ./mvnw -pl filter -Pjmh exec:exec
 * -Dbench.main=io.distillery.filter.bench.FilterThroughput -Dbench.args=20000}.
 */
public final class FilterThroughput {

  private FilterThroughput() {}

  /** Runs with {@code args[0]} records (default 20,000). */
  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Path dir = Files.createTempDirectory("filter-bench-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      String bootstrap = kafka.bootstrapServers();
      TaskTopics topics = TaskTopics.of("bench", 1);
      TaskTopics copy = TaskTopics.of("bench-copy", 1);
      TopicProvisioner.ensure(bootstrap, topics);
      TopicProvisioner.ensure(bootstrap, copy);
      produce(bootstrap, topics.labeled(), records);
      double loop = copyLoop(bootstrap, topics.labeled(), copy.accepted(), records);
      double filter = filter(bootstrap, topics, dir.resolve("state"), records);
      System.out.printf(
          Locale.ROOT,
          "records %d: plain loop %.0f records/s, filter topology (exactly-once v2) %.0f records/s,"
              + " ratio %.2f%n",
          records,
          loop,
          filter,
          filter / loop);
    }
  }

  private static void produce(String bootstrap, String topic, int n) {
    Random random = new Random(7);
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", bootstrap, "linger.ms", 5),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < n; i++) {
        String id = "r" + i;
        producer.send(new ProducerRecord<>(topic, id, Serdes.labeled().encode(record(id, random))));
      }
      producer.flush();
    }
  }

  private static LabeledRecord record(String id, Random random) {
    List<Float> p = new ArrayList<>();
    int top = random.nextInt(10);
    float max = 0.3f + 0.7f * random.nextFloat();
    for (int c = 0; c < 10; c++) {
      p.add(c == top ? max : (1 - max) / 9);
    }
    RawRecord raw =
        RawRecord.newBuilder()
            .setId(id)
            .setTask("bench")
            .setModality(Modality.IMAGE)
            .setContentType("application/x-idx-image")
            .setInline(ByteBuffer.wrap(new byte[784]))
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

  private static double copyLoop(String bootstrap, String from, String to, int n) {
    TopicPartition tp = new TopicPartition(from, 0);
    try (var consumer =
            new KafkaConsumer<>(
                Map.<String, Object>of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        var producer =
            new KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", bootstrap, "linger.ms", 5),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long start = 0;
      int copied = 0;
      while (copied < n) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          if (start == 0) {
            start = System.nanoTime();
          }
          producer.send(new ProducerRecord<>(to, r.key(), r.value()));
          copied++;
        }
      }
      producer.flush();
      return n / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double filter(String bootstrap, TaskTopics topics, Path state, int n)
      throws InterruptedException {
    FilterConfig config = FilterConfig.of(topics, PolicyLoader.builtIn("fmnist"), bootstrap, state);
    try (FilterApp app = FilterApp.start(config, new SimpleMeterRegistry());
        var consumer =
            new KafkaConsumer<>(
                Map.<String, Object>of(
                    "bootstrap.servers", bootstrap, "group.id", config.applicationId()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
      TopicPartition input = new TopicPartition(topics.labeled(), 0);
      long start = 0;
      long done = 0;
      while (done < n) {
        var committed = consumer.committed(java.util.Set.of(input)).get(input);
        done = committed == null ? 0 : committed.offset();
        if (start == 0 && done > 0) {
          start = System.nanoTime();
        }
        Thread.sleep(20);
      }
      return n / ((System.nanoTime() - start) / 1e9);
    }
  }
}
