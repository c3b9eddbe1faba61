package io.distillery.producers.source;

import io.distillery.media.image.Images;
import io.distillery.media.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fashion-MNIST from its IDX files (Debian's {@code dataset-fashion-mnist}). Each 28x28 image
 * travels as a PNG ({@code image/png}, 8-bit grayscale), the same way as any other image, so every
 * stage decodes one format. With labels attached, the class index (0-9, as text) is the record's
 * reference.
 *
 * @param dir folder holding {@code {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]}
 * @param split train (60,000) or test (10,000)
 * @param offset index of the first image
 * @param limit most images to take
 * @param attachLabels whether the true class becomes the reference
 */
public record FashionMnistSource(Path dir, Split split, int offset, int limit, boolean attachLabels)
    implements SampleSource {

  /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** Class names by index, for attributes and reports. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** The dataset's two splits and their file prefixes. */
  public enum Split {
    /** 60,000 labelled training images. */
    TRAIN("train"),
    /** 10,000 labelled test images. */
    TEST("t10k");

    private final String prefix;

    Split(String prefix) {
      this.prefix = prefix;
    }
  }

  /** Validates at once. */
  public FashionMnistSource {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must be >= 0");
    }
  }

  @Override
  public String description() {
    return "fashion-mnist " + split.name().toLowerCase() + " [" + offset + ", +" + limit + ")";
  }

  @Override
  public List<Sample> samples() throws IOException {
    IdxFile images = IdxFile.read(file("images-idx3"));
    IdxFile labels = IdxFile.read(file("labels-idx1"));
    if (images.count() != labels.count()) {
      throw new IOException(
          "Fashion-MNIST "
              + split
              + ": "
              + images.count()
              + " images but "
              + labels.count()
              + " labels");
    }
    int end = (int) Math.min(images.count(), (long) offset + limit);
    List<Sample> samples = new ArrayList<>(Math.max(0, end - offset));
    for (int i = offset; i < end; i++) {
      samples.add(sample(images, labels.data()[i] & 0xFF, i));
    }
    return samples;
  }

  private Sample sample(IdxFile images, int label, int index) {
    int size = images.itemSize();
    byte[] pixels = Arrays.copyOfRange(images.data(), index * size, (index + 1) * size);
    String identity = "fashion-mnist/" + split.prefix + "/" + index;
    Map<String, String> attributes =
        attachLabels
            ? Map.of(
                "split",
                split.prefix,
                "index",
                Integer.toString(index),
                "className",
                CLASS_NAMES.get(label))
            : Map.of("split", split.prefix, "index", Integer.toString(index));
    return new Sample(
        identity,
        () -> Images.png(new Raster(images.cols(), images.rows(), 1, pixels)),
        attachLabels ? Integer.toString(label) : null,
        null,
        attributes);
  }

  private Path file(String kind) throws IOException {
    Path gz = dir.resolve(split.prefix + "-" + kind + "-ubyte.gz");
    Path plain = dir.resolve(split.prefix + "-" + kind + "-ubyte");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    throw new IOException(
        "Fashion-MNIST file "
            + gz
            + " not found; install it with: "
            + "sudo apt-get install -y dataset-fashion-mnist (or pass the folder holding the IDX files)");
  }
}
