package io.distillery.bench;

import io.distillery.kserve.client.ClientConfig;
import io.distillery.kserve.client.InferResult;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.client.TensorMessages;
import io.distillery.kserve.client.TritonClient;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.labeler.binding.Binder;
import io.distillery.labeler.binding.Binding;
import io.distillery.labeler.task.Batches;
import io.distillery.labeler.task.ImageClassification;
import io.distillery.labeler.task.TaskAdapter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The baseline client of NVIDIA's Kafka I/O tutorial for Triton: consume a record, send it alone in
 * one inference request, produce its label and flush the producer, then the next record. Same
 * payloads, adapter and output records as the labeler, none of its batching or pipelining; offsets
 * auto-committed, so it is not exactly-once either.
 */
final class NaiveLabeler {

  private static final AvroSerde<RawRecord> RAW = Serdes.raw();
  private static final AvroSerde<LabeledRecord> LABELED = Serdes.labeled();

  private NaiveLabeler() {}

  /**
   * Labels the first {@code n} records of {@code rawTopic} into {@code labeledTopic}; returns the
   * records per second over all but the first {@code warmUp}.
   */
  static double recordsPerSecond(
      String bootstrap, String rawTopic, String labeledTopic, int port, int n, int warmUp) {
    ClientConfig config = ClientConfig.defaults(List.of(new ServerAddress("127.0.0.1", port)));
    TaskAdapter adapter = new ImageClassification();
    try (TritonClient client = TritonClient.connect(config, new SimpleMeterRegistry());
        KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, rawTopic);
        KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      Binding model =
          Binder.bind(
              client.signature(BenchTeacher.NAME, 1, Duration.ofSeconds(30)),
              TaskKind.IMAGE,
              List.of());
      int done = 0;
      long from = 0;
      while (done < n) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (done == warmUp) {
            from = System.nanoTime();
          }
          producer.send(
              new ProducerRecord<>(labeledTopic, r.key(), label(client, adapter, model, r)));
          producer.flush();
          if (++done == n) {
            break;
          }
        }
      }
      return (n - warmUp) / ((System.nanoTime() - from) / 1e9);
    } catch (Exception e) {
      throw new IllegalStateException("naive client failed: " + e, e);
    }
  }

  private static byte[] label(
      TritonClient client, TaskAdapter adapter, Binding model, ConsumerRecord<byte[], byte[]> r)
      throws Exception {
    RawRecord raw = RAW.decode(r.value());
    ByteBuffer inline = raw.getInline().duplicate();
    byte[] payload = new byte[inline.remaining()];
    inline.get(payload);
    List<Tensor> request = Batches.stack(List.of(adapter.inputs(raw, payload, model)));
    InferResult result =
        client.infer(TensorMessages.request(model.model(), "", raw.getId(), request)).join();
    Map<String, Tensor> outputs = new HashMap<>();
    TensorMessages.outputs(result.response())
        .forEach((name, t) -> outputs.put(name, Batches.slice(t, 1, 0)));
    ModelOutput output =
        adapter.output(outputs, model, result.response().getModelVersion(), ModelRole.TEACHER);
    return LABELED.encode(
        LabeledRecord.newBuilder()
            .setRaw(raw)
            .setOutputs(List.of(output))
            .setLabeledAt(Instant.now())
            .setLabeler("naive")
            .build());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-naive-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
