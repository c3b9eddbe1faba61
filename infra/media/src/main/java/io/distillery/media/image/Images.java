package io.distillery.media.image;

import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes the images the pipeline carries, for every stage: PNG and JPEG by their bytes, and raw
 * IDX pixels (one unsigned byte per pixel, row-major, sized by the record). Before anything is
 * decoded, the structure is checked (PNG chunk CRCs and IEND, the JPEG end-of-image marker) and the
 * dimensions are held to the {@link ImagePolicy}, so a producer and the stages after it give the
 * same answer for the same bytes, and a header declaring 30000 x 30000 pixels allocates nothing.
 */
public final class Images {

  /** Content type of raw IDX pixels. */
  public static final String IDX = "application/x-idx-image";

  private Images() {}

  /** Whether the bytes start like a PNG or a JPEG. */
  public static boolean isImage(byte[] bytes) {
    return Png.isPng(bytes) || isJpeg(bytes);
  }

  /**
   * The content type sniffed from the bytes, {@code image/png} or {@code image/jpeg}.
   *
   * @throws RefusedRecordException {@code unsupported-content} for anything else
   */
  public static String contentType(byte[] bytes) throws RefusedRecordException {
    if (Png.isPng(bytes)) {
      return "image/png";
    }
    if (isJpeg(bytes)) {
      return "image/jpeg";
    }
    throw new RefusedRecordException(DeadLetterReason.UNSUPPORTED_CONTENT, "neither PNG nor JPEG");
  }

  /**
   * The decoded image.
   *
   * @param contentType the record's content type: {@link #IDX} for raw pixels, else sniffed
   * @param width the record's width, needed for raw pixels
   * @param height the record's height, needed for raw pixels
   * @throws RefusedRecordException with the first reason the image is refused
   */
  public static Raster decode(
      byte[] payload, String contentType, Integer width, Integer height, ImagePolicy policy)
      throws RefusedRecordException {
    if (IDX.equals(contentType)) {
      return idx(payload, width, height, policy);
    }
    if (payload.length == 0) {
      throw new RefusedRecordException(
          DeadLetterReason.EMPTY_PAYLOAD, "the image is empty (0 bytes)");
    }
    if (Png.isPng(payload)) {
      Png.Structure png = Png.read(payload);
      checkDimensions(png.width(), png.height(), policy);
      Raster fast = Png.decode(png);
      return fast != null ? fast : imageIo(payload, policy);
    }
    if (isJpeg(payload)) {
      checkJpegEnd(payload);
      return imageIo(payload, policy);
    }
    throw new RefusedRecordException(
        DeadLetterReason.UNSUPPORTED_CONTENT,
        "neither PNG nor JPEG (" + payload.length + " bytes, declared " + contentType + ")");
  }

  /**
   * The raster as a PNG file (8-bit grey or RGB), for a model that takes encoded images when the
   * record holds raw pixels.
   */
  public static byte[] png(Raster raster) {
    int type =
        raster.channels() == 1
            ? java.awt.image.BufferedImage.TYPE_BYTE_GRAY
            : java.awt.image.BufferedImage.TYPE_3BYTE_BGR;
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(raster.width(), raster.height(), type);
    int[] samples = new int[raster.levels().length];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = raster.levels()[i] & 0xFF;
    }
    image.getRaster().setPixels(0, 0, raster.width(), raster.height(), samples);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Raster idx(byte[] payload, Integer width, Integer height, ImagePolicy policy)
      throws RefusedRecordException {
    if (width == null || height == null || width < 1 || height < 1) {
      throw new RefusedRecordException(
          DeadLetterReason.IMAGE_DIMENSIONS,
          "raw IDX pixels need the record's width and height, got " + width + " x " + height);
    }
    checkDimensions(width, height, policy);
    if ((long) width * height != payload.length) {
      throw new RefusedRecordException(
          DeadLetterReason.IMAGE_DIMENSIONS,
          "raw IDX image of "
              + payload.length
              + " bytes does not match width "
              + width
              + " x height "
              + height);
    }
    return new Raster(width, height, 1, payload);
  }

  private static void checkDimensions(int width, int height, ImagePolicy policy)
      throws RefusedRecordException {
    if (width < 1 || height < 1 || width > policy.maxWidth() || height > policy.maxHeight()) {
      throw new RefusedRecordException(
          DeadLetterReason.IMAGE_DIMENSIONS,
          width
              + "x"
              + height
              + " is outside 1x1.."
              + policy.maxWidth()
              + "x"
              + policy.maxHeight());
    }
  }

  private static boolean isJpeg(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
  }

  private static void checkJpegEnd(byte[] jpeg) throws RefusedRecordException {
    int end = jpeg.length;
    while (end > 2 && jpeg[end - 1] == 0) {
      end--;
    }
    if (end < 4 || (jpeg[end - 2] & 0xFF) != 0xFF || (jpeg[end - 1] & 0xFF) != 0xD9) {
      throw new RefusedRecordException(
          DeadLetterReason.IMAGE_TRUNCATED, "JPEG has no end-of-image marker (FFD9): truncated");
    }
  }

  /** ImageIO for what the fast PNG decoder does not handle, dimensions checked before decoding. */
  private static Raster imageIo(byte[] image, ImagePolicy policy) throws RefusedRecordException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new RefusedRecordException(
            DeadLetterReason.IMAGE_UNDECODABLE, "no ImageIO reader accepts it");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        checkDimensions(reader.getWidth(0), reader.getHeight(0), policy);
        BufferedImage decoded = reader.read(0);
        if (decoded == null) {
          throw new RefusedRecordException(
              DeadLetterReason.IMAGE_UNDECODABLE, "ImageIO decoded nothing");
        }
        return raster(decoded);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw new RefusedRecordException(
          DeadLetterReason.IMAGE_UNDECODABLE, "ImageIO cannot decode it: " + e.getMessage(), e);
    }
  }

  private static Raster raster(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    var raster = image.getRaster();
    // palette and 16-bit images go through getRGB: their samples are not grey levels
    boolean grey8 = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
    int channels = grey8 ? 1 : 3;
    byte[] levels = new byte[width * height * channels];
    int i = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (grey8) {
          levels[i++] = (byte) raster.getSample(x, y, 0);
        } else {
          int rgb = image.getRGB(x, y);
          levels[i++] = (byte) (rgb >> 16);
          levels[i++] = (byte) (rgb >> 8);
          levels[i++] = (byte) rgb;
        }
      }
    }
    return new Raster(width, height, channels, levels);
  }
}
