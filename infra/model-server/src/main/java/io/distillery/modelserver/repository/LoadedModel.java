package io.distillery.modelserver.repository;

import io.distillery.schemas.kserve.config.ModelConfig;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A model as currently served: the configuration it was loaded with, its loaded versions, and the
 * class labels of its outputs that name a {@code label_filename} (read once, at load, as Triton
 * does).
 */
public record LoadedModel(
    ModelConfig config,
    NavigableMap<Long, ServedVersion> versions,
    Map<String, List<String>> labels) {

  /** Copies the labels. */
  public LoadedModel {
    labels = Map.copyOf(labels);
  }

  /** The labels of {@code output}, one per class index; empty when it has no label file. */
  public List<String> labels(String output) {
    return labels.getOrDefault(output, List.of());
  }
}
