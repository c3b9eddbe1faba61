/**
 * The one in-process wiring of the pipeline: a broker, the development inference server and, per
 * task, the same labeler, filter and trainer classes the separate commands run. The demo, the
 * experiment and the benchmarks build on it.
 */
package io.distillery.lab.pipeline;
