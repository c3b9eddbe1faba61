package io.distillery.producers.ingest;

import io.distillery.producers.source.Sample;

/**
 * What happened to one sample.
 *
 * @param sample the sample
 * @param status sent, refused as invalid, or failed to send
 * @param recordId its record id (Kafka key), or null if it was never read
 * @param reason why it was refused or failed, or null when sent
 * @param payloadBytes payload size in bytes (0 if unread)
 * @param claimChecked whether the payload went by claim check
 */
public record Outcome(
    Sample sample,
    Status status,
    String recordId,
    String reason,
    long payloadBytes,
    boolean claimChecked) {

  /** The fate of a sample. */
  public enum Status {
    /** Acknowledged by the broker. */
    SENT,
    /** Refused by validation: never sent. */
    INVALID,
    /** Valid, but the send failed. */
    FAILED
  }

  static Outcome sent(Sample sample, String id, long bytes, boolean claimChecked) {
    return new Outcome(sample, Status.SENT, id, null, bytes, claimChecked);
  }

  static Outcome invalid(Sample sample, String id, String reason, long bytes) {
    return new Outcome(sample, Status.INVALID, id, reason, bytes, false);
  }

  static Outcome failed(Sample sample, String id, String reason, long bytes) {
    return new Outcome(sample, Status.FAILED, id, reason, bytes, false);
  }
}
