package io.distillery.media;

import io.distillery.schemas.avro.Modality;

/**
 * What validation learnt about an accepted payload; the raw record carries these fields.
 *
 * @param modality audio or image
 * @param contentType MIME type sniffed from the bytes, e.g. {@code audio/wav}, {@code image/png}
 * @param sampleRate audio sample rate in Hz, or null for images
 * @param durationSeconds audio duration, or null for images
 * @param width image width in pixels, or null for audio
 * @param height image height in pixels, or null for audio
 */
public record Inspection(
    Modality modality,
    String contentType,
    Integer sampleRate,
    Double durationSeconds,
    Integer width,
    Integer height) {

  static Inspection audio(int sampleRate, double durationSeconds) {
    return new Inspection(Modality.AUDIO, "audio/wav", sampleRate, durationSeconds, null, null);
  }

  static Inspection image(String contentType, int width, int height) {
    return new Inspection(Modality.IMAGE, contentType, null, null, width, height);
  }
}
