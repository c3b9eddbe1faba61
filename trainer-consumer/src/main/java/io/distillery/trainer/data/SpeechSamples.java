package io.distillery.trainer.data;

import io.distillery.media.audio.Wav;
import io.distillery.media.audio.WavPolicy;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.label.TrainingTarget;

/**
 * Turns an accepted speech record into a {@link SpeechSample}: the pseudo-transcript is the
 * ENSEMBLE output's when there is one, else the TEACHER's, normalised to the student's vocabulary;
 * utterances longer than the training window ({@value #MAX_TRAINING_SECONDS} s) are refused.
 */
public final class SpeechSamples {

  /** The sample rate the speech student's front end expects. */
  public static final int SAMPLE_RATE = 16_000;

  /**
   * The longest utterance the student trains on, Whisper's 30 s window as in Distil-Whisper's
   * training data. A CTC step costs time and memory in proportion to the utterance, and a
   * transcript cannot be cut to match a part of its audio, so longer recordings (the producers take
   * up to 600 s) are refused for training, not cropped: cut them into utterances before ingesting.
   */
  public static final double MAX_TRAINING_SECONDS = 30;

  /**
   * The sample of {@code record} whose WAV payload is {@code payload}.
   *
   * @throws RefusedRecordException when the audio or transcript is unusable
   */
  public SpeechSample toSample(ScoredRecord record, byte[] payload) throws RefusedRecordException {
    float[] audio = audio(payload);
    double seconds = audio.length / (double) SAMPLE_RATE;
    if (seconds > MAX_TRAINING_SECONDS) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_TOO_LONG,
          String.format(
              java.util.Locale.ROOT,
              "%.1f s of audio is longer than the student's training window of %.0f s; cut long"
                  + " recordings into utterances before ingesting",
              seconds,
              MAX_TRAINING_SECONDS));
    }
    return sample(
        record.getLabeled().getRaw().getId(),
        audio,
        transcript(record),
        (float) record.getWeight());
  }

  /**
   * The 16 kHz mono samples of a WAV payload, refused exactly as the producer and the labeler
   * refuse it.
   *
   * @throws RefusedRecordException with the media reason
   */
  public static float[] audio(byte[] wav) throws RefusedRecordException {
    return Wav.read(wav, WavPolicy.SPEECH_16K).monoSamples();
  }

  /**
   * The sample of an utterance and its pseudo-transcript.
   *
   * @param audio 16 kHz mono samples
   * @throws RefusedRecordException when the transcript is empty or too long for the audio
   */
  public static SpeechSample sample(String id, float[] audio, String transcript, float weight)
      throws RefusedRecordException {
    String normalized = CharacterVocabulary.normalize(transcript);
    if (normalized.isEmpty()) {
      throw new RefusedRecordException(
          DeadLetterReason.EMPTY_TRANSCRIPT, "the teacher's transcript has no usable characters");
    }
    // CTC needs at least one output frame per token (20 ms per frame after the front end).
    if (audio.length / 320 < normalized.length()) {
      throw new RefusedRecordException(
          DeadLetterReason.TRANSCRIPT_TOO_LONG,
          normalized.length() + " characters for " + audio.length + " samples");
    }
    return new SpeechSample(id, audio, CharacterVocabulary.encode(normalized), weight);
  }

  private static String transcript(ScoredRecord record) throws RefusedRecordException {
    return TrainingTarget.transcript(record.getLabeled().getOutputs())
        .orElseThrow(
            () ->
                new RefusedRecordException(
                    DeadLetterReason.MISSING_TEACHER_OUTPUT, "no TEACHER or ENSEMBLE transcript"))
        .getTranscript();
  }
}
