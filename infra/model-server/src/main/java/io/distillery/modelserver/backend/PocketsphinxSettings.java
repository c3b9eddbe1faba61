package io.distillery.modelserver.backend;

import io.distillery.schemas.kserve.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decoder settings of a pocketsphinx model, from the config's parameters: {@code binary} (default
 * {@code pocketsphinx_batch}), {@code hmm}, {@code dict}, {@code lm} (default: the
 * pocketsphinx-en-us package), {@code timeout_s} (per batch, default 120), and any decoder flag as
 * {@code -flag} (e.g. {@code -beam}, {@code -lw}, {@code -fwdflat}).
 */
public record PocketsphinxSettings(String binary, Map<String, String> flags, long timeoutSeconds) {

  /** Where Debian's pocketsphinx-en-us package puts the US English model. */
  public static final String DEFAULT_MODEL_DIR = "/usr/share/pocketsphinx/model/en-us";

  /** Reads the settings from a model configuration. */
  public static PocketsphinxSettings from(ModelConfig config) {
    Map<String, String> flags = new TreeMap<>();
    flags.put("-hmm", Backends.parameter(config, "hmm", DEFAULT_MODEL_DIR + "/en-us"));
    flags.put(
        "-dict", Backends.parameter(config, "dict", DEFAULT_MODEL_DIR + "/cmudict-en-us.dict"));
    flags.put("-lm", Backends.parameter(config, "lm", DEFAULT_MODEL_DIR + "/en-us.lm.bin"));
    config
        .getParametersMap()
        .forEach(
            (key, value) -> {
              if (key.startsWith("-")) {
                flags.put(key, value.getStringValue());
              }
            });
    return new PocketsphinxSettings(
        Backends.parameter(config, "binary", "pocketsphinx_batch"),
        flags,
        Long.parseLong(Backends.parameter(config, "timeout_s", "120")));
  }

  /** The decoder flags as command-line arguments. */
  public List<String> flagArguments() {
    List<String> args = new ArrayList<>();
    flags.forEach(
        (flag, value) -> {
          args.add(flag);
          args.add(value);
        });
    return args;
  }
}
