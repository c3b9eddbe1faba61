package io.distillery.lab.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.distillery.monitor.Monitor;
import io.distillery.monitor.model.TaskView;
import io.distillery.monitor.web.MonitorWebServer;
import io.distillery.producers.ingest.Outcome;
import io.distillery.testkit.browser.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's page in headless Chromium against a live pipeline (producers, labelers on the
 * development inference server, filters, a trainer that publishes its student by upload): every
 * chart has data, on a time axis.
 */
@Tag("integration")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class MonitorPageLiveIT {

  private static final int IMAGES = 40;
  private static final int UTTERANCES = 4;

  @TempDir Path work;

  @Test
  void shouldChartEveryViewOfALivePipeline() throws Exception {
    assumeThat(HeadlessChromium.installed())
        .as("headless Chromium (apt package chromium) is needed for the browser test")
        .isTrue();
    Path inputs = Files.createDirectories(work.resolve("inputs"));
    try (CorpusPipeline pipeline = new CorpusPipeline(work.resolve("pipeline"), true);
        Monitor monitor = new Monitor(pipeline.bootstrapServers(), Map.of(), Set.of("img", "asr"));
        MonitorWebServer web = new MonitorWebServer(monitor, "127.0.0.1", 0)) {
      pipeline.startStages();
      for (int i = 0; i < IMAGES; i++) {
        Path png = Files.write(inputs.resolve("img-" + i + ".png"), CorpusInputs.grayPng(i));
        assertThat(pipeline.ingest("img", png).status()).isEqualTo(Outcome.Status.SENT);
        if (i % 10 == 0) {
          monitor.refresh();
        }
      }
      for (int i = 0; i < UTTERANCES; i++) {
        Path wav =
            Files.write(inputs.resolve("asr-" + i + ".wav"), CorpusInputs.noiseWav(i, 16_000));
        assertThat(pipeline.ingest("asr", wav).status()).isEqualTo(Outcome.Status.SENT);
      }
      // the page charts the monitor's history: one snapshot per poll while the pipeline works
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(700))
          .untilAsserted(
              () -> {
                TaskView img = monitor.refresh().task("img").orElseThrow();
                TaskView asr = monitor.latest().task("asr").orElseThrow();
                assertThat(img.accepted() + img.rejected() + img.deadLetters())
                    .as("images decided")
                    .isGreaterThanOrEqualTo(IMAGES);
                assertThat(asr.accepted() + asr.rejected() + asr.deadLetters())
                    .as("utterances decided")
                    .isGreaterThanOrEqualTo(UTTERANCES);
                assertThat(img.versions()).as("student versions published").isNotEmpty();
                assertThat(img.latencies()).as("teacher latencies read").isNotEmpty();
              });
      monitor.refresh();

      String url = "http://127.0.0.1:" + web.port() + "/";
      HeadlessChromium browser = new HeadlessChromium(work);
      String dom = browser.dom(url);

      for (String chart :
          new String[] {"rates", "lagchart", "partitionlag", "acceptancechart", "latency"}) {
        assertThat(mostPoints(dom, chart + "-img"))
            .as("chart %s has a series drawn over time:%n%s", chart, dom)
            .isGreaterThanOrEqualTo(2);
      }
      assertThat(mostPoints(dom, "quality-img"))
          .as("the published student's quality is charted")
          .isGreaterThanOrEqualTo(1);
      assertThat(chart(dom, "latency-img"))
          .as("teacher latency per server, both percentiles")
          .containsPattern("data-series=\"127\\.0\\.0\\.1:\\d+ img-teacher p50\"")
          .containsPattern("data-series=\"127\\.0\\.0\\.1:\\d+ img-teacher p99\"");
      assertThat(chart(dom, "rates-img"))
          .as("time of day on the x axis")
          .containsPattern("class=\"time-tick\">\\d{1,2}:\\d{2}:\\d{2}<");
      assertThat(dom).contains("oldest unread waiting").contains("id=\"task-asr\"");

      Path screenshot = work.resolve("monitor-live.png");
      browser.screenshot(url, screenshot);
      assertThat(Files.size(screenshot)).isGreaterThan(10_000);
      Path kept = Path.of("target", "monitor-page-live.png");
      Files.createDirectories(kept.getParent());
      Files.copy(screenshot, kept, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The markup of chart {@code id}, up to the end of its drawing. */
  private static String chart(String dom, String id) {
    Matcher m = Pattern.compile("id=\"" + id + "\".*?</svg>", Pattern.DOTALL).matcher(dom);
    assertThat(m.find()).as("the page has chart %s", id).isTrue();
    return m.group();
  }

  /** The number of points of the chart's longest series, 0 when it draws none. */
  private static int mostPoints(String dom, String id) {
    Matcher points = Pattern.compile("data-points=\"(\\d+)\"").matcher(chart(dom, id));
    int most = 0;
    while (points.find()) {
      most = Math.max(most, Integer.parseInt(points.group(1)));
    }
    return most;
  }
}
