package io.distillery.cli.kafka;

import io.distillery.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code distillery kafka}: a standalone single-node KRaft broker that keeps its data. */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a single-node KRaft Kafka broker in this process until Ctrl-C.",
      "Data stays in --data-dir: restarted on the same directory it serves what it had."
    })
public final class KafkaCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      defaultValue = ".distillery/kafka",
      description = "Broker data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--port",
      defaultValue = "9092",
      description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Override
  public Integer call() {
    EmbeddedKafka broker = EmbeddedKafka.start(dataDir, port);
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-shutdown"));
    System.out.println("Kafka broker ready: bootstrap servers " + broker.bootstrapServers());
    System.out.println("Data directory: " + broker.dataDir() + "  (Ctrl-C to stop)");
    broker.awaitShutdown();
    return 0;
  }
}
