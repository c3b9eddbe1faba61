package io.distillery.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {

  @Test
  void shouldServeRecordedMetersInPrometheusTextFormatWithTheStageTag() throws Exception {
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.start("127.0.0.1", 0, "filter")) {
      endpoint
          .registry()
          .counter("distillery.filter.records", "task", "fmnist", "decision", "accept")
          .increment(3);

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .containsPattern(
              "distillery_filter_records_total\\{[^}]*decision=\"accept\"[^}]*stage=\"filter\"[^}]*} 3\\.0")
          .contains("jvm_memory_used_bytes");
    }
  }
}
