package io.distillery.infra.serving.repository;

import io.distillery.infra.serving.scheduling.DynamicBatcher;
import io.distillery.infra.serving.scheduling.ModelStats;

/** One loaded version of a model: its scheduler (which owns the backend) and its statistics. */
public record ServedVersion(long version, DynamicBatcher batcher, ModelStats stats) {}
