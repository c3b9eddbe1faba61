package io.distillery.modelserver.grpc;

import io.distillery.kserve.config.ModelConfigs;
import io.distillery.modelserver.ServingException;
import io.distillery.schemas.kserve.ModelRepositoryParameter;
import io.distillery.schemas.kserve.RepositoryModelLoadRequest;
import io.distillery.schemas.kserve.config.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a load request, checked as Triton's gRPC frontend checks them: {@code config}
 * must be a string (the config as JSON), keys starting {@code file:} must be bytes, and any other
 * key is refused with INVALID_ARGUMENT "unrecognized load parameter".
 *
 * @param config the config override
 * @param files file bytes by path relative to the model's folder
 */
record LoadParameters(Optional<ModelConfig> config, Map<String, byte[]> files) {

  static final String CONFIG = "config";
  static final String FILE_PREFIX = "file:";

  static LoadParameters of(RepositoryModelLoadRequest request) {
    if (!request.getRepositoryName().isEmpty()) {
      throw new UnsupportedOperationException("'repository_name' specification is not supported");
    }
    Optional<ModelConfig> config = Optional.empty();
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Map.Entry<String, ModelRepositoryParameter> p : request.getParametersMap().entrySet()) {
      String key = p.getKey();
      ModelRepositoryParameter value = p.getValue();
      if (key.equals(CONFIG)) {
        if (value.getParameterChoiceCase()
            != ModelRepositoryParameter.ParameterChoiceCase.STRING_PARAM) {
          throw ServingException.invalid(
              "invalid value type for load parameter 'config', expected string_param.");
        }
        try {
          config = Optional.of(ModelConfigs.fromJson(value.getStringParam()));
        } catch (IllegalArgumentException e) {
          // Triton logs the bad override and answers the poll failure
          throw new ServingException(
              ServingException.Reason.INTERNAL,
              "failed to load '"
                  + request.getModelName()
                  + "', failed to poll from model repository (invalid config override: "
                  + e.getMessage()
                  + ")");
        }
      } else if (key.startsWith(FILE_PREFIX)) {
        if (value.getParameterChoiceCase()
            != ModelRepositoryParameter.ParameterChoiceCase.BYTES_PARAM) {
          throw ServingException.invalid(
              "invalid value type for load parameter '" + key + "', expected bytes_param.");
        }
        files.put(key.substring(FILE_PREFIX.length()), value.getBytesParam().toByteArray());
      } else {
        throw ServingException.invalid("unrecognized load parameter '" + key + "'.");
      }
    }
    return new LoadParameters(config, files);
  }
}
