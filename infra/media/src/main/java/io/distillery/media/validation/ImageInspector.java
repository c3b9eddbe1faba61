package io.distillery.media.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks a PNG or JPEG image before it is sent: its structure (every PNG chunk's CRC, IHDR first
 * and IEND last; a JPEG's end-of-image marker), its dimensions against the {@link ImagePolicy}
 * before decoding, then a full decode by ImageIO. Decoders tolerate truncation silently, hence the
 * structural checks.
 */
final class ImageInspector {

  static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  private ImageInspector() {}

  static boolean isPng(byte[] b) {
    return startsWith(b, PNG_SIGNATURE);
  }

  static boolean isJpeg(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
  }

  /** The dimensions of {@code image}, or the first reason it is refused. */
  static Inspection inspect(byte[] image, ImagePolicy policy) throws InvalidPayloadException {
    String contentType;
    if (isPng(image)) {
      checkPngChunks(image);
      contentType = "image/png";
    } else if (isJpeg(image)) {
      checkJpegEnd(image);
      contentType = "image/jpeg";
    } else {
      throw new InvalidPayloadException("image-unsupported", "neither PNG nor JPEG");
    }
    return decode(image, contentType, policy);
  }

  private static void checkPngChunks(byte[] png) throws InvalidPayloadException {
    ByteBuffer buf = ByteBuffer.wrap(png);
    int pos = PNG_SIGNATURE.length;
    boolean first = true;
    while (true) {
      if (pos + 12 > png.length) {
        throw new InvalidPayloadException(
            "image-truncated", "PNG ends at byte " + png.length + " before its IEND chunk");
      }
      long length = Integer.toUnsignedLong(buf.getInt(pos));
      String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
      if (pos + 12 + length > png.length) {
        throw new InvalidPayloadException(
            "image-truncated",
            "PNG chunk '" + type + "' declares " + length + " bytes past the end of the file");
      }
      if (first && !"IHDR".equals(type)) {
        throw new InvalidPayloadException("image-corrupt", "PNG does not start with IHDR");
      }
      first = false;
      CRC32 crc = new CRC32();
      crc.update(png, pos + 4, (int) length + 4);
      long stored = Integer.toUnsignedLong(buf.getInt(pos + 8 + (int) length));
      if (crc.getValue() != stored) {
        throw new InvalidPayloadException(
            "image-corrupt", "PNG chunk '" + type + "' at byte " + pos + " fails its CRC");
      }
      pos += 12 + (int) length;
      if ("IEND".equals(type)) {
        return;
      }
    }
  }

  private static void checkJpegEnd(byte[] jpeg) throws InvalidPayloadException {
    int end = jpeg.length;
    while (end > 2 && jpeg[end - 1] == 0) {
      end--;
    }
    if (end < 4 || (jpeg[end - 2] & 0xFF) != 0xFF || (jpeg[end - 1] & 0xFF) != 0xD9) {
      throw new InvalidPayloadException(
          "image-truncated", "JPEG has no end-of-image marker (FFD9): truncated");
    }
  }

  private static Inspection decode(byte[] image, String contentType, ImagePolicy policy)
      throws InvalidPayloadException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new InvalidPayloadException("image-undecodable", "no ImageIO reader accepts it");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width < 1 || height < 1 || width > policy.maxWidth() || height > policy.maxHeight()) {
          throw new InvalidPayloadException(
              "image-dimensions",
              width
                  + "x"
                  + height
                  + " is outside 1x1.."
                  + policy.maxWidth()
                  + "x"
                  + policy.maxHeight());
        }
        if (reader.read(0) == null) {
          throw new InvalidPayloadException("image-undecodable", "ImageIO decoded nothing");
        }
        return Inspection.image(contentType, width, height);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw new InvalidPayloadException(
          "image-undecodable", "ImageIO cannot decode it: " + e.getMessage(), e);
    }
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
