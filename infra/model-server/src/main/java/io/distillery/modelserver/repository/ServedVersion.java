package io.distillery.modelserver.repository;

import io.distillery.modelserver.scheduling.DynamicBatcher;
import io.distillery.modelserver.scheduling.ModelStats;

/** One loaded version of a model: its scheduler (which owns the backend) and its statistics. */
public record ServedVersion(long version, DynamicBatcher batcher, ModelStats stats) {}
