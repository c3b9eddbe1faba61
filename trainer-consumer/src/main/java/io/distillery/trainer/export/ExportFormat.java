package io.distillery.trainer.export;

/** The training-set layouts {@link TrainingSetExport} writes. */
public enum ExportFormat {
  /**
   * NVIDIA NeMo's speech manifest: {@code manifest.jsonl}, one JSON object per utterance ({@code
   * audio_filepath}, {@code duration}, {@code text} and Distillery's fields), the WAVs under {@code
   * audio/}. Speech tasks only.
   */
  NEMO,
  /**
   * WebDataset: {@code shard-NNNNNN.tar} files, each sample a group of entries sharing a key: the
   * payload ({@code .png}, {@code .jpg} or {@code .wav}), {@code .json} (label, soft label, scores,
   * weight, provenance), and {@code .cls} (class index) or {@code .txt} (transcript).
   */
  WEBDATASET
}
