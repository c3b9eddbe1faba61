package io.distillery.trainer.consumer;

import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.data.ScoredRecords;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes accepted image records to a real broker for the trainer's integration tests. */
final class AcceptedRecordsFixture implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final Random random = new Random(3);

  AcceptedRecordsFixture(String bootstrapServers, String transactionalId) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    producer.initTransactions();
  }

  /** Writes records {@code prefix-0 .. prefix-(n-1)} in one transaction, committed or aborted. */
  void send(String topic, String prefix, int n, boolean commit) {
    producer.beginTransaction();
    for (int i = 0; i < n; i++) {
      String id = prefix + "-" + i;
      int label = i % 10;
      ScoredRecord record =
          ScoredRecords.image(
              id,
              List.of(ScoredRecords.output(ModelRole.TEACHER, ScoredRecords.peaked(label))),
              1.0,
              i % 7 == 0,
              png(label));
      send(topic, id, Serdes.scored().encode(record));
    }
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.abortTransaction();
    }
  }

  /** Writes one record with the given value bytes in its own committed transaction. */
  void sendRaw(String topic, String key, byte[] value) {
    producer.beginTransaction();
    send(topic, key, value);
    producer.commitTransaction();
  }

  private void send(String topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
  }

  /** A 28x28 image whose brightness pattern depends on the label, with noise. */
  byte[] png(int label) {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        int base = (x / 3 == label || y / 3 == label) ? 200 : 30;
        image.getRaster().setSample(x, y, 0, Math.min(255, base + random.nextInt(40)));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    producer.close();
  }

  /** {@code n} images of the fixture's kind (a bright row and column at the label), labelled. */
  static LabelledImages heldOut(int n, long seed) {
    Random random = new Random(seed);
    float[] pixels = new float[n * 28 * 28];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int label = i % 10;
      labels[i] = label;
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          int base = (x / 3 == label || y / 3 == label) ? 200 : 30;
          pixels[i * 784 + y * 28 + x] = Math.min(255, base + random.nextInt(40)) / 255f;
        }
      }
    }
    return new LabelledImages(pixels, labels, 28, 28);
  }
}
