package io.distillery.filter.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads filter policies from JSON files, and the built-in defaults of the demo tasks. */
public final class PolicyLoader {

  /** Tasks that ship a default policy. */
  public static final List<String> BUILT_IN = List.of("fmnist", "asr-en");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private PolicyLoader() {}

  /**
   * Reads a policy file.
   *
   * @throws IllegalArgumentException if the file is not a valid policy, saying what to fix
   */
  public static FilterPolicy load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read policy file " + file, e);
    }
  }

  /**
   * The default policy shipped for {@code task}.
   *
   * @throws IllegalArgumentException if the task has none, listing those that do
   */
  public static FilterPolicy builtIn(String task) {
    String resource = task + ".json";
    try (InputStream in = PolicyLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "No built-in policy for task '"
                + task
                + "' (built in: "
                + BUILT_IN
                + "); pass --policy");
      }
      return parse(in, "built-in " + resource);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read built-in policy " + resource, e);
    }
  }

  /**
   * Reads a policy from a stream (a resource, say); {@code source} names it in error messages.
   *
   * @throws IllegalArgumentException if it is not a valid policy, saying what to fix
   */
  public static FilterPolicy read(InputStream in, String source) {
    try {
      return parse(in, source);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read policy " + source, e);
    }
  }

  private static FilterPolicy parse(InputStream in, String source) throws IOException {
    try {
      return JSON.readValue(in, FilterPolicy.class);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException("Invalid policy " + source + ": " + cause.getMessage(), e);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException(
          "Invalid policy " + source + ": " + e.getOriginalMessage(), e);
    }
  }
}
