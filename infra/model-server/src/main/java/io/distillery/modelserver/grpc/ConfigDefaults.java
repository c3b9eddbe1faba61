package io.distillery.modelserver.grpc;

import io.distillery.kserve.config.ModelConfigs;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelInstanceGroup;

/**
 * The defaults Triton fills into a model's config before it answers ModelConfig: a version policy
 * serving the latest version, the backend and platform of a TorchScript model, its default file
 * name, the dynamic batcher's preferred batch size (the max batch size), and named instance groups
 * ({@code <model>} for the default group, {@code <model>_<i>} for unnamed ones) of at least one
 * instance, on the CPU where it says AUTO (this server has no GPU). Ensembles get no instance
 * group.
 */
final class ConfigDefaults {

  private ConfigDefaults() {}

  static ModelConfig fill(ModelConfig config) {
    ModelConfig.Builder b = config.toBuilder();
    if (!b.hasVersionPolicy()) {
      b.setVersionPolicy(ModelConfigs.latestVersions(1));
    }
    boolean torch = "pytorch_libtorch".equals(b.getPlatform()) || "pytorch".equals(b.getBackend());
    if (torch) {
      b.setPlatform("pytorch_libtorch").setBackend("pytorch");
      if (b.getDefaultModelFilename().isEmpty()) {
        b.setDefaultModelFilename("model.pt");
      }
    }
    if (b.hasDynamicBatching()
        && b.getDynamicBatching().getPreferredBatchSizeCount() == 0
        && b.getMaxBatchSize() > 0) {
      b.getDynamicBatchingBuilder().addPreferredBatchSize(b.getMaxBatchSize());
    }
    if ("ensemble".equals(b.getPlatform())) {
      return b.build();
    }
    if (b.getInstanceGroupCount() == 0) {
      b.addInstanceGroup(
          ModelInstanceGroup.newBuilder()
              .setName(b.getName())
              .setKind(ModelInstanceGroup.Kind.KIND_CPU)
              .setCount(1));
    }
    for (int i = 0; i < b.getInstanceGroupCount(); i++) {
      ModelInstanceGroup.Builder g = b.getInstanceGroupBuilder(i);
      if (g.getName().isEmpty()) {
        g.setName(b.getName() + "_" + i);
      }
      if (g.getCount() < 1) {
        g.setCount(1);
      }
      if (g.getKind() == ModelInstanceGroup.Kind.KIND_AUTO) {
        g.setKind(ModelInstanceGroup.Kind.KIND_CPU);
      }
    }
    return b.build();
  }
}
