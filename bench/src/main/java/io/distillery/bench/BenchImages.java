package io.distillery.bench;

import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Raw image records for the labeler benchmarks: random 28x28 grayscale PNGs, Fashion-MNIST size.
 */
final class BenchImages {

  private static final int DISTINCT = 256;

  private BenchImages() {}

  /**
   * Writes {@code n} raw image records with ids {@code img-0..n-1} into {@code topic} and waits
   * until all are acknowledged (acks=all, idempotent).
   */
  static void produce(String bootstrap, String task, String topic, int n) {
    List<byte[]> pngs = pngs(new Random(42));
    AvroSerde<RawRecord> serde = Serdes.raw();
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < n; i++) {
        String id = "img-" + i;
        RawRecord raw =
            RawRecord.newBuilder()
                .setId(id)
                .setTask(task)
                .setModality(Modality.IMAGE)
                .setContentType("image/png")
                .setInline(ByteBuffer.wrap(pngs.get(i % DISTINCT)))
                .setWidth(28)
                .setHeight(28)
                .setSource("bench/" + id)
                .setIngestTime(Instant.now())
                .build();
        producer.send(
            new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), serde.encode(raw)));
      }
      producer.flush();
    }
  }

  private static List<byte[]> pngs(Random random) {
    List<byte[]> out = new ArrayList<>(DISTINCT);
    for (int i = 0; i < DISTINCT; i++) {
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      for (int px = 0; px < 784; px++) {
        image.getRaster().setSample(px % 28, px / 28, 0, random.nextInt(256));
      }
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      try {
        ImageIO.write(image, "png", png);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.add(png.toByteArray());
    }
    return out;
  }
}
