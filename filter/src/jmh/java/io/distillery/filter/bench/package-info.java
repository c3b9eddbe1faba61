/** Benchmarks of the filter stage (profile jmh); never run by the tests. */
package io.distillery.filter.bench;
