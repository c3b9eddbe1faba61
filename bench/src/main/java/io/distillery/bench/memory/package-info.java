/**
 * Benchmarks that need the stages as processes of their own, such as memory per stage under a
 * backlog; they return {@code io.distillery.bench.BenchResult}s like the in-process benchmarks.
 */
package io.distillery.bench.memory;
