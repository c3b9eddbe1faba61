package io.distillery.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.distillery.monitor.health.PartitionStatus;
import io.distillery.monitor.web.MonitorWebServer;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.testkit.browser.HeadlessChromium;
import io.distillery.testkit.records.Records;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Opens the monitor's page in headless Chromium and checks what a person would see. */
@Tag("integration")
@Timeout(240)
class MonitorPageBrowserIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path work;

  @Test
  void shouldRenderChartsAndNumbersOfARunningTask() throws Exception {
    assumeThat(HeadlessChromium.installed())
        .as("headless Chromium (apt package chromium) is needed for the browser test")
        .isTrue();
    TaskTopics topics = kafka.createTopics("webtask", 1);
    try (Monitor monitor =
            new Monitor(
                kafka.bootstrapServers(), Map.of(), Set.of("webtask"), Duration.ofSeconds(2));
        MonitorWebServer web = new MonitorWebServer(monitor, "127.0.0.1", 0);
        KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 10; i++) {
          Decision decision = i < 7 ? Decision.ACCEPT : Decision.REJECT;
          producer.send(
              new ProducerRecord<>(
                  decision == Decision.REJECT ? topics.rejected() : topics.accepted(),
                  Serdes.scored().encode(scored(round * 10 + i, decision))));
        }
        producer.flush();
        monitor.refresh();
      }
      // a stage that read one raw record of five, committed, and went away: STOP
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topics.raw(), 0, null, new byte[] {1})).get();
      }
      try (org.apache.kafka.clients.admin.Admin admin =
          org.apache.kafka.clients.admin.Admin.create(
              Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin
            .alterConsumerGroupOffsets(
                "web-stage",
                Map.of(
                    new org.apache.kafka.common.TopicPartition(topics.raw(), 0),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(1)))
            .all()
            .get();
      }
      // STOP once the stage's offset stood still for the whole (2 s) window
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  monitor
                      .refresh()
                      .task("webtask")
                      .map(
                          t ->
                              t.accepted() == 21
                                  && t.lag().stream()
                                      .anyMatch(
                                          l ->
                                              l.group().equals("web-stage")
                                                  && l.status() == PartitionStatus.STOP))
                      .orElse(false));

      String url = "http://127.0.0.1:" + web.port() + "/";
      HeadlessChromium browser = new HeadlessChromium(work);
      String dom = browser.dom(url);
      Path screenshot = work.resolve("monitor.png");
      browser.screenshot(url, screenshot);

      assertThat(dom).contains("data-task=\"webtask\"");
      assertThat(dom).containsPattern("id=\"accepted-webtask\".*?<div class=\"value\">21</div>");
      assertThat(dom).containsPattern("id=\"rejected-webtask\".*?<div class=\"value\">9</div>");
      assertThat(dom)
          .containsPattern("id=\"acceptance-webtask\".*?<div class=\"value\">70.0%</div>");
      assertThat(dom)
          .contains(
              "id=\"rates-webtask\"", "id=\"lagchart-webtask\"", "id=\"acceptancechart-webtask\"");
      assertThat(dom).containsPattern("class=\"series\" data-series=\"accepted share\"");
      assertThat(dom)
          .as("the partition nobody consumes stands out in the partition table")
          .containsPattern(
              "id=\"partitions-webtask\".*?<tr class=\"alert\" data-status=\"STOP\"><td>web-stage</td>");
      assertThat(Files.size(screenshot)).as("a PNG screenshot was written").isGreaterThan(5_000);
      Path kept = Path.of("target", "monitor-page.png");
      Files.createDirectories(kept.getParent());
      Files.copy(screenshot, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static ScoredRecord scored(int i, Decision decision) {
    RawRecord raw = Records.image("webtask", "r" + i, new byte[] {1}).build();
    return Records.scored(Records.labeled(raw, List.of()).build(), decision)
        .setScores(Map.of("max-probability", 0.9))
        .setReasons(decision == Decision.REJECT ? List.of("max-probability below 0.5") : List.of())
        .build();
  }
}
