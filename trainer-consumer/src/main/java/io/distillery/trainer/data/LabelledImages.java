package io.distillery.trainer.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A labelled grayscale image set held in memory, pixels scaled to [0, 1], read from the IDX files
 * Fashion-MNIST and MNIST ship ({@code *-images-idx3-ubyte[.gz]}, {@code
 * *-labels-idx1-ubyte[.gz]}).
 *
 * @param pixels row-major pixels of every image, {@code size * rows * cols} values
 * @param labels class index of every image
 * @param rows image height
 * @param cols image width
 */
public record LabelledImages(float[] pixels, int[] labels, int rows, int cols) {

  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  /** Validates that pixels and labels agree. */
  public LabelledImages {
    if ((long) labels.length * rows * cols != pixels.length) {
      throw new IllegalArgumentException("pixels do not match " + labels.length + " labels");
    }
  }

  /** The number of images. */
  public int size() {
    return labels.length;
  }

  /** The number of pixels in one image. */
  public int imageSize() {
    return rows * cols;
  }

  /**
   * The Fashion-MNIST split {@code train} or {@code t10k} in {@code dir}.
   *
   * @throws IOException when the files are missing or not IDX
   */
  public static LabelledImages fashionMnist(Path dir, String split) throws IOException {
    return read(
        dir.resolve(split + "-images-idx3-ubyte.gz"), dir.resolve(split + "-labels-idx1-ubyte.gz"));
  }

  /** Reads an IDX image file and its IDX label file (gzip-compressed when named *.gz). */
  public static LabelledImages read(Path images, Path labels) throws IOException {
    try (DataInputStream in = open(images);
        DataInputStream labelIn = open(labels)) {
      expectMagic(in.readInt(), IMAGES_MAGIC, images);
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      byte[] raw = in.readNBytes(count * rows * cols);
      expectMagic(labelIn.readInt(), LABELS_MAGIC, labels);
      int labelCount = labelIn.readInt();
      if (labelCount != count || raw.length != count * rows * cols) {
        throw new IOException(images + " and " + labels + " disagree or are truncated");
      }
      byte[] labelBytes = labelIn.readNBytes(count);
      float[] pixels = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = (raw[i] & 0xff) / 255f;
      }
      int[] classes = new int[count];
      for (int i = 0; i < count; i++) {
        classes[i] = labelBytes[i] & 0xff;
      }
      return new LabelledImages(pixels, classes, rows, cols);
    }
  }

  /** The first {@code n} images (or all when there are fewer). */
  public LabelledImages head(int n) {
    return slice(0, n);
  }

  /** Images {@code [from, to)}, clipped to the set. */
  public LabelledImages slice(int from, int to) {
    int start = Math.min(Math.max(0, from), size());
    int end = Math.min(Math.max(start, to), size());
    float[] p = java.util.Arrays.copyOfRange(pixels, start * imageSize(), end * imageSize());
    int[] l = java.util.Arrays.copyOfRange(labels, start, end);
    return new LabelledImages(p, l, rows, cols);
  }

  /** The images whose class {@code keep} accepts, in their order. */
  public LabelledImages ofClasses(java.util.function.IntPredicate keep) {
    int[] chosen =
        java.util.stream.IntStream.range(0, size()).filter(i -> keep.test(labels[i])).toArray();
    float[] p = new float[chosen.length * imageSize()];
    int[] l = new int[chosen.length];
    for (int k = 0; k < chosen.length; k++) {
      System.arraycopy(pixels, chosen[k] * imageSize(), p, k * imageSize(), imageSize());
      l[k] = labels[chosen[k]];
    }
    return new LabelledImages(p, l, rows, cols);
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
  }

  private static void expectMagic(int actual, int expected, Path file) throws IOException {
    if (actual != expected) {
      throw new IOException(
          file
              + " is not an IDX file of the expected kind (magic "
              + Integer.toHexString(actual)
              + ")");
    }
  }
}
