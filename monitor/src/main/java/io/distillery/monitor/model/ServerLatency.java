package io.distillery.monitor.model;

/**
 * How fast one inference server answered for one model, over the most recent labeled records.
 *
 * @param server host:port of the server, as the labeler recorded it
 * @param model model name
 * @param samples how many recent answers the percentiles are taken over
 * @param p50Millis median latency of a request, milliseconds
 * @param p99Millis 99th percentile, milliseconds
 */
public record ServerLatency(
    String server, String model, int samples, double p50Millis, double p99Millis) {}
