/**
 * Text normalisers applied to reference and hypothesis before WER: {@code none} (sclite's default),
 * {@code english} (after Whisper's English normaliser) and {@code basic} (any language).
 */
package io.distillery.asrmetrics.text;
