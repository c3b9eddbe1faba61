package io.distillery.trainer.data;

import io.distillery.media.MediaException;
import io.distillery.schemas.deadletter.DeadLetterReason;

/** An accepted record that cannot become a training sample; it goes to the dead-letter topic. */
public final class SampleException extends Exception {

  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  /**
   * @param reason the catalogue reason the dead letter carries
   * @param message what is wrong, for a person
   */
  public SampleException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The media refusal of the record's payload, as the producer or the labeler would say it. */
  public SampleException(MediaException refused) {
    super(refused.getMessage(), refused);
    this.reason = refused.reason();
  }

  /** The catalogue reason. */
  public DeadLetterReason reason() {
    return reason;
  }
}
