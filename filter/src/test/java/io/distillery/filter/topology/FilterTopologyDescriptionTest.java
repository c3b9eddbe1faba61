package io.distillery.filter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.filter.policy.PolicyLoader;
import io.distillery.schemas.topics.TaskTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Golden test of the topology's shape. If a change is intended, copy {@code
 * target/filter-topology.actual.txt} over the resource {@code filter-topology.txt}.
 */
class FilterTopologyDescriptionTest {

  @Test
  void shouldDescribeTheSameNamedTopologyAsTheGoldenFile() throws IOException {
    FilterConfig config =
        FilterConfig.of(
            TaskTopics.of("fmnist"), PolicyLoader.builtIn("fmnist"), "unused:9092", Path.of("."));
    String actual =
        FilterTopology.build(config, new SimpleMeterRegistry()).describe().toString().strip();
    Files.writeString(Path.of("target", "filter-topology.actual.txt"), actual + "\n");
    try (InputStream in = getClass().getResourceAsStream("filter-topology.txt")) {
      assertThat(in).as("golden file filter-topology.txt").isNotNull();
      String golden = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(actual).isEqualTo(golden);
    }
  }
}
