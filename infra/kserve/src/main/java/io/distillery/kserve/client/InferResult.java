package io.distillery.kserve.client;

import io.distillery.schemas.kserve.ModelInferResponse;
import java.time.Duration;

/**
 * A successful inference call.
 *
 * @param response the server's response
 * @param server the server that answered
 * @param latency time of the successful attempt
 * @param attempts attempts it took, 1 if the first succeeded
 */
public record InferResult(
    ModelInferResponse response, ServerAddress server, Duration latency, int attempts) {}
