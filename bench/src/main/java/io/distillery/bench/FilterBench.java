package io.distillery.bench;

import io.distillery.broker.EmbeddedKafka;
import io.distillery.filter.policy.PolicyLoader;
import io.distillery.filter.topology.FilterApp;
import io.distillery.filter.topology.FilterConfig;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The filter topology's records/s (exactly-once v2, the fmnist policy with its balance store)
 * against two consume-and-produce loops that send the bytes unchanged, on the same broker and the
 * same labeled records in the same run: a plain at-least-once one, and a transactional one with the
 * filter's delivery guarantee and commit interval (read_committed, offsets in a transaction every
 * 100 ms), which is the like-for-like baseline: the ratio against it is the cost of decoding,
 * scoring, routing and the changelogged store. The loops are timed from their first non-empty read
 * to their last output being durable (flushed, or the last transaction committed); the filter,
 * which starts in its own time, from the arrival of its first output to that of its last, as a
 * read_committed reader sees them. Either way every output record is read back before a rate
 * counts. Each contender first runs once on warm-up records of its own (half as many), so that the
 * figures compare steady states: on 2 cores the JIT compiler, still compiling Kafka Streams',
 * RocksDB's and Avro's paths, otherwise takes a third of the machine during a cold filter run,
 * while the copy loops' few paths are compiled within their first second. Then {@value #ROUNDS}
 * measured rounds, each contender in turn on fresh topics; the round with the median ratio is
 * reported (single rounds on a shared 2-core machine vary by ±15%). The same at 2 and 4 partitions:
 * one filter instance with a stream thread per partition against a transactional loop per
 * partition. A fourth contender, a Kafka Streams application with the filter's settings whose
 * topology only forwards the bytes (timed as the loops are, from its first record processed to its
 * last), splits the gap into the framework's share (pass-through against the loop) and the filter's
 * own work (filter against pass-through).
 */
public final class FilterBench {

  /**
   * @param records labeled records to route
   */
  public record Settings(int records) {}

  private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);

  private static final int ROUNDS = 3;

  /** Instances (partitions, stream threads, copy loops) measured. */
  private static final List<Integer> INSTANCES = List.of(1, 2, 4);

  /**
   * One round's rates, records/s: the filter, the transactional copy loops, the plain copy loop
   * (one partition only) and a Kafka Streams application with the filter's settings that only
   * forwards the bytes.
   */
  private record Round(double filter, double transactional, double loop, double passThrough) {}

  private FilterBench() {}

  /** Starts a broker of its own under {@code workDir} and measures. */
  public static List<BenchResult> run(Settings settings, Path workDir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("filter-bench-kafka"), 0)) {
      String bootstrap = kafka.bootstrapServers();
      int n = settings.records();
      int warm = Math.max(1_000, n / 2);
      measure(bootstrap, workDir, 1, "-warm-up", warm);
      List<BenchResult> results = new ArrayList<>();
      for (int instances : INSTANCES) {
        List<Round> rounds = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
          rounds.add(measure(bootstrap, workDir, instances, "-" + instances + "-" + round, n));
        }
        rounds.sort(Comparator.comparingDouble(r -> r.filter() / r.transactional()));
        Round median = rounds.get(rounds.size() / 2);
        String name =
            instances == 1
                ? "filter topology vs transactional consume-produce loop"
                : String.format(
                    Locale.ROOT,
                    "filter, %d stream threads vs %d transactional copy loops",
                    instances,
                    instances);
        String note =
            instances == 1
                ? String.format(
                    Locale.ROOT,
                    "%d labeled fmnist records after %d to warm up, median of %d rounds, 1"
                        + " partition, both exactly-once (read_committed, a transaction per 100"
                        + " ms); the loop copies bytes, the filter decodes, scores, routes and"
                        + " keeps its balance store",
                    n,
                    warm,
                    ROUNDS)
                : String.format(
                    Locale.ROOT,
                    "%d records over %d partitions, median of %d rounds; one filter instance with"
                        + " a stream thread per partition against a loop per partition, each"
                        + " with its own transactional id; on a machine with fewer cores than"
                        + " threads neither side runs them all at once",
                    n,
                    instances,
                    ROUNDS);
        results.add(
            new BenchResult(
                name, median.filter(), median.transactional(), "records/s", 0.8, true, note));
        if (instances == 1) {
          results.add(
              new BenchResult(
                  "filter topology vs plain consume-produce loop",
                  median.filter(),
                  median.loop(),
                  "records/s",
                  Double.NaN,
                  true,
                  String.format(
                      Locale.ROOT,
                      "%d labeled fmnist records, the same round, 1 partition, exactly_once_v2 vs"
                          + " at-least-once copy",
                      n)));
        }
        results.add(
            new BenchResult(
                String.format(
                    Locale.ROOT,
                    "Kafka Streams pass-through vs transactional copy loop, %d partition%s",
                    instances,
                    instances == 1 ? "" : "s"),
                median.passThrough(),
                median.transactional(),
                "records/s",
                Double.NaN,
                true,
                "the same round: a Streams application with the filter's settings (exactly_once_v2,"
                    + " commit and poll intervals, stream threads) whose topology only forwards the"
                    + " bytes, timed from its first record processed to its last; the framework's"
                    + " own share of the gap"));
        results.add(
            new BenchResult(
                String.format(
                    Locale.ROOT,
                    "filter topology vs Kafka Streams pass-through, %d partition%s",
                    instances,
                    instances == 1 ? "" : "s"),
                median.filter(),
                median.passThrough(),
                "records/s",
                Double.NaN,
                true,
                "the same round: what decoding, scoring, routing and the balance store cost inside"
                    + " Kafka Streams (the filter timed by the arrival of its committed outputs, the"
                    + " pass-through from its first record processed to its last)"));
      }
      return results;
    }
  }

  /**
   * One round at {@code instances} partitions: the same {@code records} labeled records filtered
   * and copied by each contender in turn, on topics of their own named with {@code suffix}.
   */
  private static Round measure(
      String bootstrap, Path workDir, int instances, String suffix, int records) throws Exception {
    TaskTopics topics = topics(bootstrap, "bench-filter" + suffix, instances);
    produce(bootstrap, topics.labeled(), records);
    String from = topics.labeled();
    double loop =
        instances == 1
            ? copyLoop(
                bootstrap,
                from,
                topics(bootstrap, "bench-filter-copy" + suffix, 1).accepted(),
                records)
            : Double.NaN;
    double transactional =
        transactionalCopyLoops(
            bootstrap,
            from,
            topics(bootstrap, "bench-filter-txn-copy" + suffix, instances).accepted(),
            instances,
            suffix);
    double filter =
        filter(
            bootstrap, topics, workDir.resolve("filter-bench-state" + suffix), instances, records);
    double passThrough =
        passThrough(
            bootstrap,
            from,
            topics(bootstrap, "bench-filter-streams-copy" + suffix, instances),
            workDir.resolve("filter-bench-pass-through-state" + suffix),
            instances,
            records);
    return new Round(filter, transactional, loop, passThrough);
  }

  private static TaskTopics topics(String bootstrap, String task, int partitions) {
    TaskTopics topics = TaskTopics.of(task);
    TopicProvisioner.ensure(bootstrap, topics, TopicLayout.partitions(partitions));
    return topics;
  }

  private static void produce(String bootstrap, String topic, int n) {
    Random random = new Random(7);
    byte[] blank = new byte[784];
    BenchRecords.produce(
        bootstrap,
        topic,
        n,
        i -> "r" + i,
        i ->
            Serdes.labeled()
                .encode(
                    BenchRecords.labeled(
                        "r" + i, "bench-filter", random, blank, "application/x-idx-image")));
  }

  private static double copyLoop(String bootstrap, String from, String to, int n) {
    TopicPartition tp = new TopicPartition(from, 0);
    try (var consumer =
            new KafkaConsumer<>(
                Map.<String, Object>of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        var producer =
            new KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", bootstrap, "linger.ms", 5),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        OutputClock clock = new OutputClock(bootstrap, List.of(to))) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      int copied = 0;
      long started = 0;
      while (copied < n) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (started == 0 && !records.isEmpty()) {
          started = System.nanoTime();
        }
        for (var r : records) {
          producer.send(new ProducerRecord<>(to, r.key(), r.value()));
          copied++;
        }
      }
      producer.flush();
      return clock.confirmRate(started, System.nanoTime(), n, Duration.ofMinutes(10));
    }
  }

  /**
   * Read-process-write with the filter's guarantee and nothing else: one loop per partition of
   * {@code from}, each copying its partition's records unchanged in transactions that carry its
   * consumer's offsets, committed every {@link #COMMIT_INTERVAL} (Kafka Streams' exactly-once
   * default). Timed from the first loop's first non-empty read to the last loop's last commit.
   */
  private static double transactionalCopyLoops(
      String bootstrap, String from, String to, int partitions, String suffix) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(partitions);
    try (OutputClock clock = new OutputClock(bootstrap, List.of(to))) {
      List<Future<long[]>> loops = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        TopicPartition tp = new TopicPartition(from, p);
        String id = "bench-filter-txn-copy" + suffix + "-" + p;
        loops.add(pool.submit(() -> transactionalCopyLoop(bootstrap, tp, to, id)));
      }
      long started = Long.MAX_VALUE;
      long ended = 0;
      long copied = 0;
      for (Future<long[]> loop : loops) {
        long[] timed = loop.get(10, TimeUnit.MINUTES);
        copied += timed[0];
        started = Math.min(started, timed[1]);
        ended = Math.max(ended, timed[2]);
      }
      return clock.confirmRate(started, ended, copied, Duration.ofMinutes(10));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Copies partition {@code tp} to its end; {records copied, first read, last commit} nanos. */
  private static long[] transactionalCopyLoop(
      String bootstrap, TopicPartition tp, String to, String id) {
    try (var consumer =
            new KafkaConsumer<>(
                Map.<String, Object>of(
                    "bootstrap.servers",
                    bootstrap,
                    "group.id",
                    id,
                    "enable.auto.commit",
                    false,
                    "isolation.level",
                    "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        var producer =
            new KafkaProducer<>(
                Map.<String, Object>of(
                    "bootstrap.servers", bootstrap, "transactional.id", id, "linger.ms", 5),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
      producer.initTransactions();
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      producer.beginTransaction();
      long committedAt = System.nanoTime();
      long next = 0;
      long copied = 0;
      long started = 0;
      while (next < end) {
        var records = consumer.poll(Duration.ofMillis(20));
        if (started == 0 && !records.isEmpty()) {
          started = System.nanoTime();
        }
        for (var r : records) {
          producer.send(new ProducerRecord<>(to, r.key(), r.value()));
          next = r.offset() + 1;
          copied++;
        }
        if (System.nanoTime() - committedAt >= COMMIT_INTERVAL.toNanos() || next >= end) {
          producer.sendOffsetsToTransaction(
              Map.of(tp, new OffsetAndMetadata(next)), consumer.groupMetadata());
          producer.commitTransaction();
          committedAt = System.nanoTime();
          if (next < end) {
            producer.beginTransaction();
          }
        }
      }
      return new long[] {copied, started, committedAt};
    }
  }

  private static double filter(
      String bootstrap, TaskTopics topics, Path state, int streamThreads, int n) {
    FilterConfig config = config(bootstrap, topics, state, streamThreads);
    try (OutputClock clock =
            new OutputClock(
                bootstrap, List.of(topics.accepted(), topics.rejected(), topics.dlq()));
        FilterApp app = FilterApp.start(config, new SimpleMeterRegistry())) {
      return clock.awaitRate(n, Duration.ofMinutes(10));
    }
  }

  /**
   * A Kafka Streams application configured as the filter is (its {@link
   * FilterConfig#streamsProperties()}) whose topology forwards each record of {@code from} to
   * {@code to}'s accepted topic as bytes. Timed as the copy loops are, from the first record
   * processed to the {@code n}-th (by a processor that forwards each record unchanged), once every
   * output is read back: at tens of thousands of records a second it runs for only a few of its 100
   * ms commits, too few for timing by the arrival of committed outputs as the filter is.
   */
  private static double passThrough(
      String bootstrap, String from, TaskTopics to, Path state, int streamThreads, int n)
      throws InterruptedException {
    FilterConfig config = config(bootstrap, to, state, streamThreads);
    AtomicLong processed = new AtomicLong();
    AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    AtomicLong last = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    Topology topology = new Topology();
    topology.addSource("source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), from);
    topology.addProcessor(
        "forward",
        () ->
            new Processor<byte[], byte[], byte[], byte[]>() {
              private ProcessorContext<byte[], byte[]> context;

              @Override
              public void init(ProcessorContext<byte[], byte[]> context) {
                this.context = context;
              }

              @Override
              public void process(Record<byte[], byte[]> record) {
                long now = System.nanoTime();
                first.accumulateAndGet(now, Math::min);
                context.forward(record);
                if (processed.incrementAndGet() == n) {
                  last.set(now);
                  done.countDown();
                }
              }
            },
        "source");
    topology.addSink(
        "sink", to.accepted(), new ByteArraySerializer(), new ByteArraySerializer(), "forward");
    try (OutputClock clock = new OutputClock(bootstrap, List.of(to.accepted()));
        KafkaStreams streams = new KafkaStreams(topology, config.streamsProperties())) {
      streams.start();
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException(
            "the pass-through processed only " + processed.get() + " of " + n + " records");
      }
      return clock.confirmRate(first.get(), last.get(), n, Duration.ofMinutes(10));
    }
  }

  /** The fmnist filter's settings for {@code topics}, with {@code streamThreads} threads. */
  private static FilterConfig config(
      String bootstrap, TaskTopics topics, Path state, int streamThreads) {
    return FilterConfig.of(topics, PolicyLoader.builtIn("fmnist"), bootstrap, state)
        .withStreamThreads(streamThreads);
  }

  /** Runs with {@code args[0]} records (default 20,000) and prints the table. */
  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    BenchTable table = new BenchTable(Machine.describe());
    run(new Settings(records), Files.createTempDirectory("filter-bench-")).forEach(table::add);
    System.out.print(table.toMarkdown());
  }
}
