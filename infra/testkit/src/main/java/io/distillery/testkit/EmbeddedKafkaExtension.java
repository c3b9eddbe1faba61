package io.distillery.testkit;

import io.distillery.broker.EmbeddedKafka;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that runs one real embedded broker per test class, in a temporary directory
 * deleted afterwards. Register it as a static field with {@code @RegisterExtension}.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

  private Path dataDir;
  private EmbeddedKafka broker;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("distillery-kafka-");
    broker = EmbeddedKafka.start(dataDir, 0);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (broker != null) {
      broker.close();
    }
    deleteRecursively(dataDir);
  }

  /** The running broker's bootstrap servers. */
  public String bootstrapServers() {
    if (broker == null) {
      throw new IllegalStateException("The embedded broker is not running: register the extension");
    }
    return broker.bootstrapServers();
  }

  /** Creates the topics of {@code task} with {@code partitions} partitions each; its topics. */
  public TaskTopics createTopics(String task, int partitions) {
    return createTopics(TaskTopics.of(task), partitions);
  }

  /** Creates {@code topics} with {@code partitions} partitions each, if they do not exist yet. */
  public TaskTopics createTopics(TaskTopics topics, int partitions) {
    TopicProvisioner.ensure(bootstrapServers(), topics, TopicLayout.partitions(partitions));
    return topics;
  }

  /** The running broker. */
  public EmbeddedKafka broker() {
    return broker;
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }
}
