package io.distillery.modelserver.repository;

import io.distillery.schemas.kserve.config.ModelConfig;
import java.util.NavigableMap;

/** A model as currently served: the configuration it was loaded with and its loaded versions. */
public record LoadedModel(ModelConfig config, NavigableMap<Long, ServedVersion> versions) {}
