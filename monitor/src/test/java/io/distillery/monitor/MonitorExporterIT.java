package io.distillery.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.distillery.monitor.health.PartitionStatus;
import io.distillery.monitor.metrics.MonitorMetrics;
import io.distillery.monitor.model.PartitionLag;
import io.distillery.monitor.model.Snapshot;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.StudentVersion;
import io.distillery.schemas.avro.VersionStatus;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.testkit.metrics.DeployedQueries;
import io.distillery.testkit.metrics.PrometheusLint;
import io.distillery.testkit.records.Records;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code monitor --metrics-port}: lag as Kafka's own tool reports it, and stalled partitions. */
@Tag("integration")
@Timeout(180)
class MonitorExporterIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @Test
  void shouldExportTheLagThatKafkaConsumerGroupsReportsAndPassTheLint() throws Exception {
    TaskTopics topics = kafka.createTopics("exported", 2);
    produce(topics.raw(), 0, 20);
    produce(topics.raw(), 1, 10);
    String group = "exported-stage";
    // a backlog: the group read and committed 7 records of partition 0 and 3 of partition 1
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(group)) {
      TopicPartition p0 = new TopicPartition(topics.raw(), 0);
      TopicPartition p1 = new TopicPartition(topics.raw(), 1);
      consumer.assign(List.of(p0, p1));
      consumer.commitSync(
          Map.of(
              p0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(7),
              p1, new org.apache.kafka.clients.consumer.OffsetAndMetadata(3)));
    }
    deadLetter(topics.dlq(), "labeler", "teacher-unavailable");
    deadLetter(topics.dlq(), "labeler", "teacher-unavailable");
    deadLetter(topics.dlq(), "producer", "claim-check-outside-roots");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MonitorMetrics metrics = new MonitorMetrics(registry);
    long before = System.currentTimeMillis();
    try (Monitor monitor = new Monitor(kafka.bootstrapServers(), Map.of(), Set.of("exported"))) {
      metrics.update(monitor.refresh());
    }
    long after = System.currentTimeMillis();
    String scrape = registry.scrape();

    Map<Integer, Long> reference = consumerGroupsLag(group, topics.raw());
    assertThat(reference).containsEntry(0, 13L).containsEntry(1, 7L);
    for (Map.Entry<Integer, Long> partition : reference.entrySet()) {
      assertThat(
              exported(
                  scrape, "kafka_consumergroup_group_lag", group, topics.raw(), partition.getKey()))
          .as("lag of partition %d as kafka-consumer-groups reports it", partition.getKey())
          .isEqualTo(partition.getValue().doubleValue());
    }
    assertThat(exported(scrape, "kafka_consumergroup_group_offset", group, topics.raw(), 0))
        .isEqualTo(7.0);
    // the oldest unread record of partition 0 is its record 7, written at WRITTEN_AT + 7 s
    assertThat(exported(scrape, "kafka_consumergroup_group_lag_seconds", group, topics.raw(), 0))
        .as("lag in seconds: how long record 7 has been waiting")
        .isBetween((before - WRITTEN_AT - 7_000) / 1000.0, (after - WRITTEN_AT - 7_000) / 1000.0);
    assertThat(exported(scrape, "kafka_consumergroup_group_lag_seconds", group, topics.raw(), 1))
        .isBetween((before - WRITTEN_AT - 3_000) / 1000.0, (after - WRITTEN_AT - 3_000) / 1000.0);
    assertThat(scrape)
        .contains(
            "distillery_dead_letter_records{error_type=\"teacher-unavailable\",stage=\"labeler\","
                + "task=\"exported\"} 2.0",
            "distillery_dead_letter_records{error_type=\"claim-check-outside-roots\","
                + "stage=\"producer\",task=\"exported\"} 1.0");
    assertThat(PrometheusLint.problems(scrape)).isEmpty();
  }

  /**
   * Every metric the shipped Grafana dashboard and alert rules query from the monitor has a series
   * in its scrape once the task has traffic, a consumer group, decisions, dead letters and a
   * student version; and the rules pass {@code promtool check rules} where promtool is installed.
   */
  @Test
  void shouldExportEveryMonitorMetricTheDashboardAndAlertsQuery() throws Exception {
    TaskTopics topics = kafka.createTopics("deployed", 1);
    produce(topics.raw(), 0, 5);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer("deployed-labeler")) {
      consumer.commitSync(
          Map.of(
              new TopicPartition(topics.raw(), 0),
              new org.apache.kafka.clients.consumer.OffsetAndMetadata(2)));
    }
    var labeled =
        Records.labeled(Records.image("deployed", "r1", new byte[] {1}).build(), List.of()).build();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      producer
          .send(
              new ProducerRecord<>(
                  topics.accepted(),
                  Serdes.scored().encode(Records.scored(labeled, Decision.ACCEPT).build())))
          .get();
      producer
          .send(
              new ProducerRecord<>(
                  topics.rejected(),
                  Serdes.scored().encode(Records.scored(labeled, Decision.REJECT).build())))
          .get();
      producer
          .send(
              new ProducerRecord<>(
                  topics.studentVersions(),
                  "deployed-student/3".getBytes(StandardCharsets.UTF_8),
                  Serdes.studentVersion()
                      .encode(
                          StudentVersion.newBuilder()
                              .setTask("deployed")
                              .setModelName("deployed-student")
                              .setVersion(3)
                              .setParentVersion(1L)
                              .setStep(30)
                              .setSamplesSeen(300)
                              .setMetrics(Map.of("accuracy", 0.8))
                              .setArtifactUri("s3://models/repo/deployed-student/3/model.pt")
                              .setArtifactSha256("00")
                              .setStatus(VersionStatus.ROLLED_BACK)
                              .setPublishedAt(java.time.Instant.now())
                              .build())))
          .get();
    }
    deadLetter(topics.dlq(), "labeler", "teacher-unavailable");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MonitorMetrics metrics = new MonitorMetrics(registry);
    try (Monitor monitor = new Monitor(kafka.bootstrapServers(), Map.of(), Set.of("deployed"))) {
      // the monitor's tail reads the decided, dead-letter and version topics a little per refresh
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                metrics.update(monitor.refresh());
                return DeployedQueries.missing(registry.scrape(), true).isEmpty();
              });
    }
    String scrape = registry.scrape();

    // the queries are read from both files (the dashboard's panels, the rules' block expressions)
    assertThat(DeployedQueries.metrics())
        .contains(
            "kafka_consumergroup_group_lag",
            "distillery_student_version",
            "distillery_trainer_freshness_seconds_bucket",
            "distillery_labeler_server_available");
    assertThat(DeployedQueries.missing(scrape, true)).as(scrape).isEmpty();
    assertThat(scrape)
        .contains("distillery_student_version{status=\"ROLLED_BACK\",task=\"deployed\"} 3.0");
    java.util.Optional<Path> promtool = PrometheusLint.promtool();
    if (promtool.isPresent()) {
      Process check =
          new ProcessBuilder(
                  promtool.get().toString(),
                  "check",
                  "rules",
                  DeployedQueries.alertRules().toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(check.waitFor()).as(out).isZero();
      assertThat(out).contains("SUCCESS");
    }
  }

  @Test
  void shouldCallAGroupPastItsLastTransactionalRecordCaughtUpInSeconds() throws Exception {
    TaskTopics topics = kafka.createTopics("markers", 1);
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "markers-writer");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(topics.accepted(), 0, null, new byte[] {1}));
      }
      producer.commitTransaction();
    }
    // the trainer commits the offset after the last record it trained: the commit marker's
    try (KafkaConsumer<byte[], byte[]> consumer = consumer("markers-trainer")) {
      consumer.commitSync(
          Map.of(
              new TopicPartition(topics.accepted(), 0),
              new org.apache.kafka.clients.consumer.OffsetAndMetadata(3)));
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MonitorMetrics metrics = new MonitorMetrics(registry);
    try (Monitor monitor = new Monitor(kafka.bootstrapServers(), Map.of(), Set.of("markers"))) {
      metrics.update(monitor.refresh());
    }
    String scrape = registry.scrape();

    assertThat(
            exported(
                scrape, "kafka_consumergroup_group_lag", "markers-trainer", topics.accepted(), 0))
        .as("offsets count the commit marker")
        .isEqualTo(1.0);
    assertThat(
            exported(
                scrape,
                "kafka_consumergroup_group_lag_seconds",
                "markers-trainer",
                topics.accepted(),
                0))
        .as("but no record waits (a lookup that ran out of time would leave the sample out)")
        .isZero();
  }

  @Test
  void shouldRaiseTheStallStatusForAPausedPartitionAndClearItOnResume() throws Exception {
    TaskTopics topics = kafka.createTopics("stalling", 2);
    String group = "stalling-stage";
    TopicPartition p0 = new TopicPartition(topics.raw(), 0);
    AtomicBoolean paused = new AtomicBoolean(false);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread stage =
        new Thread(
            () -> {
              try (KafkaConsumer<byte[], byte[]> consumer = consumer(group)) {
                consumer.subscribe(List.of(topics.raw()));
                while (running.get()) {
                  if (paused.get() && consumer.assignment().contains(p0)) {
                    consumer.pause(List.of(p0));
                  } else {
                    consumer.resume(consumer.paused());
                  }
                  consumer.poll(Duration.ofMillis(100));
                  consumer.commitSync();
                }
              }
            },
            "paused-stage");
    Thread writer =
        new Thread(
            () -> {
              try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (int i = 0; running.get(); i++) {
                  producer.send(new ProducerRecord<>(topics.raw(), i % 2, null, new byte[] {1}));
                  Thread.sleep(50);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "writer");
    stage.start();
    writer.start();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MonitorMetrics metrics = new MonitorMetrics(registry);
    try (Monitor monitor =
        new Monitor(
            kafka.bootstrapServers(), Map.of(), Set.of("stalling"), Duration.ofSeconds(3))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  status(monitor, metrics, group, 0) == PartitionStatus.OK
                      && status(monitor, metrics, group, 1) == PartitionStatus.OK);

      paused.set(true);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> status(monitor, metrics, group, 0) == PartitionStatus.STALL);
      assertThat(status(monitor, metrics, group, 1))
          .as("the partition still consumed is not flagged")
          .isIn(PartitionStatus.OK, PartitionStatus.WARN);
      assertThat(
              exported(
                  registry.scrape(),
                  "distillery_consumergroup_partition_status",
                  group,
                  topics.raw(),
                  0))
          .isEqualTo(2.0);

      paused.set(false);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> status(monitor, metrics, group, 0) == PartitionStatus.OK);
      assertThat(
              exported(
                  registry.scrape(),
                  "distillery_consumergroup_partition_status",
                  group,
                  topics.raw(),
                  0))
          .isEqualTo(0.0);
    } finally {
      running.set(false);
      stage.join(10_000);
      writer.join(10_000);
    }
  }

  private static PartitionStatus status(
      Monitor monitor, MonitorMetrics metrics, String group, int partition) {
    Snapshot snapshot = monitor.refresh();
    metrics.update(snapshot);
    return snapshot.tasks().stream()
        .flatMap(t -> t.lag().stream())
        .filter(
            l ->
                l.group().equals(group) && l.partition() == partition && l.topic().endsWith(".raw"))
        .map(PartitionLag::status)
        .findFirst()
        .orElse(PartitionStatus.STOP);
  }

  /** The sample of {@code metric} for group, topic and partition, from a scrape. */
  private static double exported(
      String scrape, String metric, String group, String topic, int partition) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(metric + "{")
          && line.contains("group=\"" + group + "\"")
          && line.contains("topic=\"" + topic + "\"")
          && line.contains("partition=\"" + partition + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no " + metric + " for " + group + " " + topic + "/" + partition);
  }

  /**
   * Lag per partition as Kafka's own tool prints it: {@code kafka-consumer-groups --describe}, run
   * from the kafka-tools jar in a JVM of its own.
   */
  private static Map<Integer, Long> consumerGroupsLag(String group, String topic) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--describe",
                "--group",
                group)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
    Pattern row =
        Pattern.compile(
            "^"
                + Pattern.quote(group)
                + "\\s+"
                + Pattern.quote(topic)
                + "\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+).*$",
            Pattern.MULTILINE);
    Map<Integer, Long> lag = new HashMap<>();
    Matcher m = row.matcher(output);
    while (m.find()) {
      lag.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(4)));
    }
    assertThat(lag).as(output).isNotEmpty();
    return lag;
  }

  /**
   * Record i of a partition is written at this time plus i seconds: an hour before the test, well
   * inside the topics' retention.
   */
  private static final long WRITTEN_AT = System.currentTimeMillis() - 3_600_000L;

  private static void produce(String topic, int partition, int n) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    topic, partition, WRITTEN_AT + i * 1_000L, null, new byte[] {1})));
      }
      for (var f : sent) {
        f.get();
      }
    }
  }

  private static void deadLetter(String topic, String stage, String errorType) throws Exception {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setStage(stage)
            .setTask("exported")
            .setErrorType(errorType)
            .setReason("a test's " + errorType)
            .setTopic("exported.raw")
            .setPartition(0)
            .setOffset(0)
            .setFailedAt(java.time.Instant.now())
            .build();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, Serdes.deadLetter().encode(letter))).get();
    }
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String group) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
