package io.distillery.modelserver.backend;

import io.distillery.schemas.kserve.config.ModelConfig;
import java.nio.file.Path;

/** Picks and opens the backend a model configuration asks for. */
public final class Backends {

  /** Backend name of the pocketsphinx decoder. */
  public static final String POCKETSPHINX = "pocketsphinx";

  /** Backend name of the image decoder that preprocesses encoded images in ensembles. */
  public static final String IMAGE_DECODER = "image_decoder";

  /** Backend name of the synthetic test double. */
  public static final String SYNTHETIC = "synthetic";

  private Backends() {}

  /**
   * Opens one version of a model: platform {@code pytorch_libtorch} or backend {@code pytorch}
   * (TorchScript {@code model.pt}), backend {@code pocketsphinx}, or backend {@code synthetic}.
   *
   * @throws IllegalArgumentException for a backend this server does not have
   */
  public static ModelBackend open(ModelConfig config, Path versionDir) throws Exception {
    String backend = config.getBackend();
    if ("pytorch_libtorch".equals(config.getPlatform()) || "pytorch".equals(backend)) {
      return TorchScriptBackend.open(config, versionDir);
    }
    return switch (backend) {
      case POCKETSPHINX -> new PocketsphinxBackend(config, PocketsphinxSettings.from(config));
      case SYNTHETIC -> new SyntheticBackend(config, SyntheticSettings.from(config));
      case IMAGE_DECODER -> new ImageDecoderBackend(config);
      default ->
          throw new IllegalArgumentException(
              "model '"
                  + config.getName()
                  + "': unsupported platform '"
                  + config.getPlatform()
                  + "' / backend '"
                  + backend
                  + "' (this server has pytorch_libtorch, pocketsphinx, image_decoder, synthetic, and ensembles)");
    };
  }

  static String parameter(ModelConfig config, String key, String fallback) {
    return config.getParametersMap().containsKey(key)
        ? config.getParametersOrThrow(key).getStringValue()
        : fallback;
  }
}
