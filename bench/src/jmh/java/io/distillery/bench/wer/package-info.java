/** The WER microbenchmark (profile jmh); never run by the tests. */
package io.distillery.bench.wer;
