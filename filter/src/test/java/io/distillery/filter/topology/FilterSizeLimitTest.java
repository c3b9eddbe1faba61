package io.distillery.filter.topology;

import static io.distillery.filter.fixture.Records.image;
import static io.distillery.filter.fixture.Records.labeled;
import static io.distillery.filter.fixture.Records.peaked;
import static io.distillery.filter.fixture.Records.probabilities;
import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.filter.policy.PolicyLoader;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing the filter writes is too large for its topic: a labeled record whose scored record would
 * not fit the accepted topic is dead-lettered, and a dead letter that would not fit leaves the
 * original value out.
 */
class FilterSizeLimitTest {

  @TempDir Path stateDir;

  private final TaskTopics topics = TaskTopics.of("fmnist");
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> labeled;
  private TestOutputTopic<String, ScoredRecord> accepted;
  private TestOutputTopic<byte[], byte[]> dlq;

  @BeforeEach
  void start() {
    FilterConfig config =
        FilterConfig.of(topics, PolicyLoader.builtIn("fmnist"), "unused:9092", stateDir);
    driver =
        new TopologyTestDriver(
            FilterTopology.build(config, new SimpleMeterRegistry()), config.streamsProperties());
    labeled =
        driver.createInputTopic(
            topics.labeled(), new StringSerializer(), new ByteArraySerializer());
    accepted =
        driver.createOutputTopic(
            topics.accepted(), new StringDeserializer(), Serdes.scored().deserializer());
    dlq =
        driver.createOutputTopic(
            topics.dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldDeadLetterARecordWhoseScoredFormWouldNotFitTheAcceptedTopic() {
    String id = "big";
    int limit = topics.maxValueBytes(id.length());
    LabeledRecord record = withPayload(id, limit - 300);
    byte[] value = Serdes.labeled().encode(record);
    assertThat(value.length).as("the labeled record itself fits").isLessThanOrEqualTo(limit);

    labeled.pipeInput(id, value);

    assertThat(accepted.isEmpty()).isTrue();
    byte[] letterBytes = dlq.readValue();
    assertThat(letterBytes.length).isLessThanOrEqualTo(limit);
    DeadLetter letter = Serdes.deadLetter().decode(letterBytes);
    assertThat(letter.getErrorType()).isEqualTo("record-too-large");
    assertThat(letter.getReason())
        .contains("would exceed")
        .contains("original value of " + value.length + " bytes left out");
    assertThat(letter.getOriginalValue()).isNull();
    assertThat(letter.getOffset()).isZero();
  }

  @Test
  void shouldStillAcceptARecordWellBelowTheLimit() {
    labeled.pipeInput("small", Serdes.labeled().encode(withPayload("small", 100_000)));

    assertThat(accepted.readKeyValue().key).isEqualTo("small");
    assertThat(dlq.isEmpty()).isTrue();
  }

  private static LabeledRecord withPayload(String id, int bytes) {
    RawRecord raw = image(id, null);
    raw.setInline(ByteBuffer.wrap(new byte[bytes]));
    LabeledRecord record = labeled(raw, probabilities(ModelRole.TEACHER, peaked(3, 0.95f)));
    int over = Serdes.labeled().encode(record).length - bytes;
    raw.setInline(ByteBuffer.wrap(new byte[bytes - over]));
    return record;
  }
}
