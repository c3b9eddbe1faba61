package io.distillery.filter.topology;

import static io.distillery.filter.fixture.Records.image;
import static io.distillery.filter.fixture.Records.labeled;
import static io.distillery.filter.fixture.Records.peaked;
import static io.distillery.filter.fixture.Records.probabilities;
import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AutoClose;
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

  @AutoClose private FilterDriver filter;
  private TaskTopics topics;
  private TestOutputTopic<byte[], byte[]> dlq;

  @BeforeEach
  void start() {
    filter = new FilterDriver("fmnist", stateDir);
    topics = filter.topics;
    dlq = filter.deadLetterBytes();
  }

  @Test
  void shouldDeadLetterARecordWhoseScoredFormWouldNotFitTheAcceptedTopic() {
    String id = "big";
    int limit = topics.maxValueBytes(id.length());
    LabeledRecord record = withPayload(id, limit - 300);
    byte[] value = Serdes.labeled().encode(record);
    assertThat(value.length).as("the labeled record itself fits").isLessThanOrEqualTo(limit);

    filter.labeled.pipeInput(id, value);

    assertThat(filter.accepted.isEmpty()).isTrue();
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
    filter.labeled.pipeInput("small", Serdes.labeled().encode(withPayload("small", 100_000)));

    assertThat(filter.accepted.readKeyValue().key).isEqualTo("small");
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
