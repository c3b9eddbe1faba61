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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Raw image records for the labeler benchmarks: random 28x28 grayscale PNGs, Fashion-MNIST size, or
 * PNGs the caller gives (real Fashion-MNIST images, say).
 */
public final class BenchImages {

  private static final int DISTINCT = 256;

  private BenchImages() {}

  /**
   * Writes {@code n} raw image records with ids {@code img-0..n-1} into {@code topic} and waits
   * until all are acknowledged (acks=all, idempotent).
   */
  static void produce(String bootstrap, String task, String topic, int n) {
    produce(bootstrap, task, topic, n, 0);
  }

  /** As {@link #produce(String, String, String, int)}, at most {@code perSecond} records/s. */
  static void produce(String bootstrap, String task, String topic, int n, double perSecond) {
    produce(bootstrap, task, topic, n, pngs(new Random(42)), perSecond);
  }

  /**
   * Writes {@code n} raw image records with ids {@code img-0..n-1} into {@code topic}, record
   * {@code i} carrying {@code pngs[i % pngs.size()]} (28x28 PNGs), and waits until all are
   * acknowledged.
   */
  public static void produce(
      String bootstrap, String task, String topic, int n, List<byte[]> pngs) {
    produce(bootstrap, task, topic, n, pngs, 0);
  }

  /**
   * As {@link #produce(String, String, String, int, List)}, at most {@code perSecond} records per
   * second (0: as fast as possible); each record's ingest time is its send time.
   */
  public static void produce(
      String bootstrap, String task, String topic, int n, List<byte[]> pngs, double perSecond) {
    AvroSerde<RawRecord> serde = Serdes.raw();
    BenchRecords.produce(
        bootstrap,
        topic,
        n,
        i -> "img-" + i,
        i ->
            serde.encode(
                RawRecord.newBuilder()
                    .setId("img-" + i)
                    .setTask(task)
                    .setModality(Modality.IMAGE)
                    .setContentType("image/png")
                    .setInline(ByteBuffer.wrap(pngs.get(i % pngs.size())))
                    .setWidth(28)
                    .setHeight(28)
                    .setSource("bench/img-" + i)
                    .setIngestTime(Instant.now())
                    .build()),
        perSecond);
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
