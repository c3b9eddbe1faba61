package io.distillery.testkit.triton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The config.pbtxt files under {@code triton-repositories/} (see its README): how sherpa, FunASR,
 * NeMo, TensorRT-LLM's Whisper and Triton's image examples declare their models.
 */
public final class PublicConfigs {

  private PublicConfigs() {}

  /** The text of {@code family/model/config.pbtxt}. */
  public static String text(String family, String model) {
    String resource = "/triton-repositories/" + family + "/" + model + "/config.pbtxt";
    try (InputStream in = PublicConfigs.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the config as {@code repository/model/config.pbtxt}, Triton's layout; its path. */
  public static Path write(String family, String model, Path repository) {
    Path file = repository.resolve(model).resolve("config.pbtxt");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text(family, model), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
