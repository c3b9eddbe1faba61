package io.distillery.lab.corpus;

import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.Serdes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * The bytes of a corpus input: a file next to the manifest, or one made at test time (large cases
 * are never committed).
 */
final class CorpusInputs {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  private CorpusInputs() {}

  /**
   * The input's bytes, or null for a tombstone.
   *
   * @param input {@code file:NAME} or {@code gen:...}
   * @param key the record key, for inputs sized to the topic
   * @param maxMessageBytes the topic's {@code max.message.bytes}, for {@code gen:at-limit}
   */
  static byte[] bytes(String input, String key, int maxMessageBytes) throws IOException {
    if (input.startsWith("file:")) {
      return resource(input.substring("file:".length()));
    }
    if (!input.startsWith("gen:")) {
      throw new IllegalArgumentException("Input must be file:NAME or gen:...: " + input);
    }
    String[] gen = input.substring("gen:".length()).split(":", 2);
    return switch (gen[0]) {
      case "png" -> grayPng(Long.parseLong(gen[1]));
      case "wav" -> noiseWav(Long.parseLong(gen[1]), 16_000);
      case "png-50mb" -> rgbPng(4096, 4096);
      case "png-huge-dimensions" -> declaredPng(30_000, 30_000);
      case "wav-hour" -> wav(new byte[3600 * 16_000 * 2], 16_000);
      case "random" -> random(Integer.parseInt(gen[1]), key.hashCode());
      case "unknown-fingerprint" -> unknownFingerprint();
      case "truncated-avro" -> truncatedAvro(key);
      case "tombstone" -> null;
      case "at-limit" -> random(maxMessageBytes - 100 - key.length(), key.hashCode());
      default -> throw new IllegalArgumentException("Unknown generator " + input);
    };
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = CorpusInputs.class.getResourceAsStream("/corpus/files/" + name)) {
      if (in == null) {
        throw new IOException("No corpus file " + name);
      }
      return in.readAllBytes();
    }
  }

  /** A 28x28 grey PNG of seeded random pixels: a valid image the teacher can label. */
  static byte[] grayPng(long seed) throws IOException {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        image.getRaster().setSample(x, y, 0, random.nextInt(256));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** One second of 16-bit mono noise at {@code rate} Hz: valid audio. */
  static byte[] noiseWav(long seed, int rate) {
    Random random = new Random(seed);
    ByteBuffer pcm = ByteBuffer.allocate(rate * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rate; i++) {
      pcm.putShort((short) (random.nextGaussian() * 2000));
    }
    return wav(pcm.array(), rate);
  }

  static byte[] wav(byte[] pcm, int rate) {
    ByteBuffer out = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(ascii("RIFF")).putInt(36 + pcm.length).put(ascii("WAVEfmt ")).putInt(16);
    out.putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2);
    out.putShort((short) 2).putShort((short) 16);
    out.put(ascii("data")).putInt(pcm.length).put(pcm);
    return out.array();
  }

  /** An RGB PNG of random pixels stored without compression: about 3 bytes per pixel. */
  static byte[] rgbPng(int width, int height) throws IOException {
    int row = 1 + 3 * width;
    byte[] scanlines = new byte[row * height];
    new Random(50).nextBytes(scanlines);
    for (int y = 0; y < height; y++) {
      scanlines[y * row] = 0;
    }
    Deflater deflater = new Deflater(Deflater.NO_COMPRESSION);
    ByteArrayOutputStream idat = new ByteArrayOutputStream(scanlines.length + (1 << 20));
    try {
      deflater.setInput(scanlines);
      deflater.finish();
      byte[] buffer = new byte[1 << 20];
      while (!deflater.finished()) {
        idat.write(buffer, 0, deflater.deflate(buffer));
      }
    } finally {
      deflater.end();
    }
    return png(width, height, 2, idat.toByteArray());
  }

  /** A structurally valid grey PNG whose header declares {@code width x height} pixels. */
  static byte[] declaredPng(int width, int height) throws IOException {
    Deflater deflater = new Deflater();
    byte[] buffer = new byte[256];
    int length;
    try {
      deflater.setInput(new byte[width + 1]);
      deflater.finish();
      length = deflater.deflate(buffer);
    } finally {
      deflater.end();
    }
    return png(width, height, 0, Arrays.copyOf(buffer, length));
  }

  private static byte[] png(int width, int height, int colourType, byte[] idat) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(idat.length + 64);
    out.write(PNG_SIGNATURE);
    ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height);
    header.put((byte) 8).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", header.array());
    chunk(out, "IDAT", idat);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    CRC32 crc = new CRC32();
    crc.update(ascii(type));
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    out.write(ascii(type));
    out.write(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    bytes[0] = 0;
    return bytes;
  }

  /** Avro single-object marker C3 01 with a fingerprint no schema of this build has. */
  private static byte[] unknownFingerprint() {
    ByteBuffer out = ByteBuffer.allocate(74).order(ByteOrder.LITTLE_ENDIAN);
    out.put((byte) 0xC3).put((byte) 0x01).putLong(0x0123456789ABCDEFL);
    byte[] body = new byte[64];
    new Random(64).nextBytes(body);
    return out.put(body).array();
  }

  /** The first half of a valid raw record: right header, cut-off body. */
  private static byte[] truncatedAvro(String key) throws IOException {
    RawRecord record =
        RawRecord.newBuilder()
            .setId(key)
            .setTask("img")
            .setModality(Modality.IMAGE)
            .setContentType("image/png")
            .setInline(ByteBuffer.wrap(grayPng(99)))
            .setSource("corpus/" + key)
            .setIngestTime(Instant.now())
            .build();
    byte[] whole = Serdes.raw().encode(record);
    return Arrays.copyOf(whole, whole.length / 2);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
