package io.distillery.schemas.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterEncoderTest {

  private static final TaskTopics TOPICS = TaskTopics.of("t");

  @Test
  void shouldKeepTheOriginalValueWhenTheLetterFits() {
    DeadLetter letter = letter(new byte[1000]);

    byte[] bytes = new DeadLetterEncoder(TOPICS.maxValueBytes(16)).encode(TOPICS.dlq(), letter);

    assertThat(Serdes.deadLetter().decode(bytes)).isEqualTo(letter);
  }

  @Test
  void shouldLeaveOutAnOriginalValueThatWouldMakeTheLetterTooLargeAndSaySo() {
    int limit = TOPICS.maxValueBytes(16);
    DeadLetter letter = letter(new byte[limit - 10]);

    byte[] bytes = new DeadLetterEncoder(limit).encode(TOPICS.dlq(), letter);

    assertThat(bytes.length).isLessThanOrEqualTo(limit);
    DeadLetter slim = Serdes.deadLetter().decode(bytes);
    assertThat(slim.getOriginalValue()).isNull();
    assertThat(slim.getOriginalKey()).isEqualTo(letter.getOriginalKey());
    assertThat(slim.getErrorType()).isEqualTo("undecodable-record");
    assertThat(slim.getReason())
        .startsWith("bad header")
        .contains("original value of " + (limit - 10) + " bytes left out")
        .contains("t.raw-0@42");
  }

  private static DeadLetter letter(byte[] original) {
    return DeadLetter.newBuilder()
        .setStage("labeler")
        .setTask("t")
        .setRecordId(null)
        .setErrorType("undecodable-record")
        .setReason("bad header")
        .setTopic("t.raw")
        .setPartition(0)
        .setOffset(42)
        .setOriginalKey(ByteBuffer.wrap(new byte[] {1, 2}))
        .setOriginalValue(ByteBuffer.wrap(original))
        .setFailedAt(Instant.ofEpochMilli(1000))
        .build();
  }
}
