package io.distillery.schemas.deadletter;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every reason a record can be refused, each with the stable code a dead letter carries in its
 * {@code errorType} (and a producer prints before its message): the one catalogue all stages use.
 * The README lists them. Codes are kebab-case and never change meaning; new ones may be added.
 */
public enum DeadLetterReason {
  // --- the record itself
  /** The Kafka value is not a readable record of its topic: foreign bytes, unknown schema. */
  UNDECODABLE_RECORD("a value that is not a readable record of its topic's type"),
  /** A record with a null value (tombstone) on a topic that has no deletes. */
  TOMBSTONE("a record with no value on a topic that has no deletes"),
  /** What a stage would write for the record is larger than the output topic takes. */
  RECORD_TOO_LARGE("the stage's output for the record is larger than the output topic takes"),

  // --- where the payload is
  /** The record has neither inline bytes nor a claim check. */
  MISSING_PAYLOAD("neither inline bytes nor a claim check"),
  /** A claim-check URI outside the allowed roots, with '..' segments, or malformed. */
  CLAIM_CHECK_OUTSIDE_ROOTS("a claim-check URI outside the reader's allowed roots"),
  /** A claim-check URI of a scheme the reader does not read. */
  CLAIM_CHECK_UNSUPPORTED("a claim-check URI scheme the reader does not read"),
  /** The claim-checked blob is not there (or cannot be read). */
  CLAIM_CHECK_MISSING("the claim-checked blob is missing"),
  /** The blob is larger than the reader takes into memory. */
  CLAIM_CHECK_TOO_LARGE("a claim-checked payload larger than the reader takes"),
  /** The blob's size differs from the record's. */
  CLAIM_CHECK_SIZE_MISMATCH("the blob's size differs from the record's"),
  /** The blob's SHA-256 differs from the record's. */
  CLAIM_CHECK_HASH_MISMATCH("the blob's SHA-256 differs from the record's"),

  /** A manifest line the producer cannot read; it is reported, never sent. */
  MANIFEST_INVALID("a manifest line the producer cannot read (reported, never sent)"),

  // --- what the payload is
  /** A payload of zero bytes. */
  EMPTY_PAYLOAD("a payload of zero bytes"),
  /** Neither RIFF/WAVE audio nor a PNG or JPEG image. */
  UNSUPPORTED_CONTENT("neither RIFF/WAVE audio nor a PNG or JPEG image"),
  /** Not a RIFF/WAVE file. */
  WAV_NOT_RIFF("audio that is not a RIFF/WAVE file"),
  /** A WAV file shorter than its header or a chunk says. */
  WAV_TRUNCATED("a WAV file shorter than its header or one of its chunks says"),
  /** A WAV file without a format chunk, or with its data before it. */
  WAV_NO_FMT("a WAV file without a 'fmt ' chunk before its data"),
  /** A WAV file without a data chunk. */
  WAV_NO_DATA("a WAV file without a 'data' chunk"),
  /** A WAV header that contradicts itself (sizes, block align, byte rate). */
  WAV_INCONSISTENT_HEADER("a WAV header that contradicts itself"),
  /** Samples that are not integer PCM (IEEE float, compressed formats). */
  WAV_UNSUPPORTED_FORMAT("samples that are not integer PCM"),
  /** A sample rate the task does not take (no silent resampling). */
  WAV_SAMPLE_RATE("a sample rate the task does not take"),
  /** A channel count the task does not take (stereo is refused, not downmixed). */
  WAV_CHANNELS("a channel count the task does not take: stereo is refused, not downmixed"),
  /** A sample width the task does not take. */
  WAV_BITS("a sample width the task does not take"),
  /** A data chunk with no samples. */
  WAV_EMPTY("a data chunk with no samples"),
  /** Audio longer than the task takes. */
  WAV_TOO_LONG("audio longer than the task takes"),
  /** An image that ends before its end marker or a chunk runs past the end. */
  IMAGE_TRUNCATED("an image that ends early"),
  /** An image whose structure is damaged (PNG chunk CRC, header order). */
  IMAGE_CORRUPT("an image whose structure is damaged"),
  /** Image dimensions outside what the task takes, or that disagree with the record. */
  IMAGE_DIMENSIONS("image dimensions outside what the task takes or that disagree with the record"),
  /** An image no decoder can read. */
  IMAGE_UNDECODABLE("an image no decoder can read"),

  // --- the models
  /** The payload cannot be turned into the model's input (its binding does not fit). */
  UNSUPPORTED_MODEL_INPUT("the payload cannot be turned into the model's input"),
  /** The inference request would be larger than the message limit. */
  REQUEST_TOO_LARGE("an inference request larger than the message limit"),
  /** The teacher refused the request as such (e.g. INVALID_ARGUMENT), not for a passing outage. */
  TEACHER_REFUSED("the teacher refused the request itself (a non-retriable gRPC status)"),
  /** The teacher gave no answer within the deadline, several times. */
  TEACHER_DEADLINE_EXCEEDED(
      "the teacher gave no answer within the deadline, attempt after attempt"),
  /** The teacher's answer lacks an output the binding reads. */
  MISSING_OUTPUT("the teacher's answer lacks an output the labeler reads"),
  /** An output of the wrong datatype or shape, or a response that breaks the protocol. */
  MALFORMED_OUTPUT("an output of the wrong datatype or shape, or a malformed response"),
  /** NaN or infinite scores, or confidences outside 0..1. */
  NON_FINITE_OUTPUT("NaN or infinite scores, or confidences outside 0..1"),

  // --- the filter and the trainer
  /** A scorer failed on the record. */
  SCORING_FAILED("a scorer failed on the record"),
  /** An accepted record without a teacher (or ensemble) output the student can learn from. */
  MISSING_TEACHER_OUTPUT("no teacher or ensemble output the student can learn from"),
  /** Class probabilities of the wrong count, out of range, or not summing to 1. */
  BAD_PROBABILITIES("class probabilities of the wrong count, out of range or not summing to 1"),
  /** A sample weight that is negative or not finite. */
  BAD_WEIGHT("a sample weight that is negative or not finite"),
  /** A pseudo-transcript with no character of the student's vocabulary. */
  EMPTY_TRANSCRIPT("a pseudo-transcript with no character the student can learn"),
  /** A pseudo-transcript too long for its audio (CTC needs a frame per token). */
  TRANSCRIPT_TOO_LONG("a pseudo-transcript too long for its audio"),

  // --- anything else
  /** A failure no other reason covers; the message says what it was. */
  UNEXPECTED("a failure no other reason covers");

  private final String code;
  private final String description;

  DeadLetterReason(String description) {
    this.code = name().toLowerCase(Locale.ROOT).replace('_', '-');
    this.description = description;
  }

  /** The stable kebab-case code, e.g. {@code wav-sample-rate}. */
  public String code() {
    return code;
  }

  /** What the reason covers, for a person (the README's table). */
  public String description() {
    return description;
  }

  /** The reason of a code, if it is one of the catalogue. */
  public static Optional<DeadLetterReason> ofCode(String code) {
    return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
  }

  @Override
  public String toString() {
    return code;
  }
}
