/**
 * The benchmark harness: every stage measured against a baseline taken in the same run, each result
 * a ratio, the whole written as a Markdown table. Benchmarks are run by {@code distillery bench},
 * never by the tests.
 */
package io.distillery.bench;
