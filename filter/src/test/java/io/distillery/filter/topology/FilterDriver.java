package io.distillery.filter.topology;

import io.distillery.filter.policy.PolicyLoader;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The filter topology of a task's built-in policy on a {@link TopologyTestDriver}: labeled records
 * in; accepted, rejected and dead-lettered records out.
 */
final class FilterDriver implements AutoCloseable {

  final TaskTopics topics;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final TopologyTestDriver driver;
  final TestInputTopic<String, byte[]> labeled;
  final TestOutputTopic<String, ScoredRecord> accepted;
  final TestOutputTopic<String, ScoredRecord> rejected;

  /** The topology of {@code task}'s built-in policy, its state under {@code stateDir}. */
  FilterDriver(String task, Path stateDir) {
    topics = TaskTopics.of(task);
    FilterConfig config =
        FilterConfig.of(topics, PolicyLoader.builtIn(task), "unused:9092", stateDir);
    driver =
        new TopologyTestDriver(FilterTopology.build(config, registry), config.streamsProperties());
    labeled =
        driver.createInputTopic(
            topics.labeled(), new StringSerializer(), new ByteArraySerializer());
    var scored = Serdes.scored().deserializer();
    accepted = driver.createOutputTopic(topics.accepted(), new StringDeserializer(), scored);
    rejected = driver.createOutputTopic(topics.rejected(), new StringDeserializer(), scored);
  }

  /** Sends {@code record} to the labeled topic, keyed by its id. */
  void send(LabeledRecord record) {
    labeled.pipeInput(record.getRaw().getId(), Serdes.labeled().encode(record));
  }

  /** The dead-letter topic, decoded. */
  TestOutputTopic<byte[], DeadLetter> deadLetters() {
    return driver.createOutputTopic(
        topics.dlq(), new ByteArrayDeserializer(), Serdes.deadLetter().deserializer());
  }

  /** The dead-letter topic as the bytes written. */
  TestOutputTopic<byte[], byte[]> deadLetterBytes() {
    return driver.createOutputTopic(
        topics.dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public void close() {
    driver.close();
  }
}
