package io.distillery.producers.source;

import java.nio.file.Path;
import java.util.Locale;

/** How a manifest is written. */
public enum ManifestFormat {
  /**
   * JSON Lines in NeMo's style: {@code audio_filepath} (or {@code image_filepath} / {@code
   * filepath}), {@code text} (or {@code label}), {@code duration}, {@code lang}.
   */
  JSONL,
  /** CSV with a header row, a path column and an optional reference column. */
  CSV;

  /** CSV for {@code *.csv}, JSON Lines otherwise. */
  public static ManifestFormat byName(Path manifest) {
    return manifest.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
        ? CSV
        : JSONL;
  }
}
