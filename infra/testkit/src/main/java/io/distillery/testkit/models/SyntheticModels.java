package io.distillery.testkit.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes models of the development server's synthetic backend into a model repository: a folder per
 * model with its {@code config.pbtxt} and an empty version 1.
 */
public final class SyntheticModels {

  private SyntheticModels() {}

  /**
   * A synthetic Fashion-MNIST-shaped classifier {@code name} ({@code [1, 28, 28]} in, 10 scores
   * out) that batches up to {@code maxBatchSize}, with the backend's {@code parameters} (such as
   * {@code behaviour} or {@code delay_ms}); its folder.
   */
  public static Path imageClassifier(
      Path repository, String name, int maxBatchSize, Map<String, String> parameters)
      throws IOException {
    return write(
        repository,
        name,
        maxBatchSize,
        """
        input [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ 1, 28, 28 ] } ]
        output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 10 ] } ]
        """,
        parameters);
  }

  /**
   * A synthetic speech recogniser {@code name} (WAV bytes in as {@code AUDIO}, one word out as
   * {@code TRANSCRIPT}, {@code synthetic-<n>} derived from the audio) that batches up to {@code
   * maxBatchSize}, with the backend's {@code parameters}; its folder.
   */
  public static Path speechRecognizer(
      Path repository, String name, int maxBatchSize, Map<String, String> parameters)
      throws IOException {
    return write(
        repository,
        name,
        maxBatchSize,
        """
        input [ { name: "AUDIO" data_type: TYPE_STRING dims: [ 1 ] } ]
        output [ { name: "TRANSCRIPT" data_type: TYPE_STRING dims: [ 1 ] } ]
        """,
        parameters);
  }

  /**
   * A synthetic speech recognizer ({@code AUDIO} BYTES WAV file) that hears one word every {@code
   * wordSeconds} of each recording and answers its words with confidences and times, as the
   * development server's pocketsphinx teacher does.
   */
  public static Path timedSpeechRecognizer(
      Path repository, String name, int maxBatchSize, double wordSeconds) throws IOException {
    return write(
        repository,
        name,
        maxBatchSize,
        """
        input [ { name: "AUDIO" data_type: TYPE_STRING dims: [ 1 ] } ]
        output [
          { name: "TRANSCRIPT" data_type: TYPE_STRING dims: [ 1 ] },
          { name: "WORDS" data_type: TYPE_STRING dims: [ -1 ] },
          { name: "CONFIDENCES" data_type: TYPE_FP32 dims: [ -1 ] },
          { name: "WORD_TIMES" data_type: TYPE_FP32 dims: [ -1, 2 ] }
        ]
        """,
        Map.of("word_seconds", Double.toString(wordSeconds)));
  }

  private static Path write(
      Path repository, String name, int maxBatchSize, String io, Map<String, String> parameters)
      throws IOException {
    Path dir = Files.createDirectories(repository.resolve(name).resolve("1")).getParent();
    StringBuilder config =
        new StringBuilder(
            """
            name: "%s"
            backend: "synthetic"
            max_batch_size: %d
            %s\
            dynamic_batching { max_queue_delay_microseconds: 2000 }
            """
                .formatted(name, maxBatchSize, io));
    new TreeMap<>(parameters)
        .forEach(
            (key, value) ->
                config.append(
                    "parameters: { key: \"%s\" value: { string_value: \"%s\" } }\n"
                        .formatted(key, value)));
    Files.writeString(dir.resolve("config.pbtxt"), config);
    return dir;
  }
}
