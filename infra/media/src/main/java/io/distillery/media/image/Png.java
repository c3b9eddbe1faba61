package io.distillery.media.image;

import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * PNG structure and a small decoder. {@link #read} checks what decoders tolerate silently: every
 * chunk inside the file with its CRC right, IHDR first, IEND present. {@link #decode} then decodes
 * the common formats (8-bit grey, grey with alpha, RGB or RGBA, not interlaced) about a hundred
 * times faster than ImageIO, with the same levels; other PNGs return null for ImageIO.
 */
final class Png {

  static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  /** IHDR's fields and the concatenated IDAT data of a structurally sound PNG. */
  record Structure(
      int width, int height, int bitDepth, int colourType, int interlace, byte[] imageData) {}

  private Png() {}

  static boolean isPng(byte[] b) {
    if (b.length < SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (b[i] != SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  /** The checked structure of {@code png}. */
  static Structure read(byte[] png) throws RefusedRecordException {
    ByteBuffer buf = ByteBuffer.wrap(png);
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    long pos = SIGNATURE.length;
    int[] header = null;
    while (true) {
      if (pos + 12 > png.length) {
        throw new RefusedRecordException(
            DeadLetterReason.IMAGE_TRUNCATED,
            "PNG ends at byte " + png.length + " before its IEND chunk");
      }
      int at = (int) pos;
      long length = Integer.toUnsignedLong(buf.getInt(at));
      String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
      if (pos + 12 + length > png.length) {
        throw new RefusedRecordException(
            DeadLetterReason.IMAGE_TRUNCATED,
            "PNG chunk '" + type + "' declares " + length + " bytes past the end of the file");
      }
      if (header == null && !"IHDR".equals(type)) {
        throw new RefusedRecordException(
            DeadLetterReason.IMAGE_CORRUPT, "PNG does not start with IHDR");
      }
      CRC32 crc = new CRC32();
      crc.update(png, at + 4, (int) length + 4);
      long stored = Integer.toUnsignedLong(buf.getInt(at + 8 + (int) length));
      if (crc.getValue() != stored) {
        throw new RefusedRecordException(
            DeadLetterReason.IMAGE_CORRUPT,
            "PNG chunk '" + type + "' at byte " + pos + " fails its CRC");
      }
      int body = at + 8;
      switch (type) {
        case "IHDR" -> {
          if (length < 13) {
            throw new RefusedRecordException(
                DeadLetterReason.IMAGE_CORRUPT, "PNG header has " + length + " bytes, needs 13");
          }
          header =
              new int[] {
                buf.getInt(body),
                buf.getInt(body + 4),
                png[body + 8] & 0xFF,
                png[body + 9] & 0xFF,
                png[body + 12] & 0xFF
              };
        }
        case "IDAT" -> idat.write(png, body, (int) length);
        case "IEND" -> {
          return new Structure(
              header[0], header[1], header[2], header[3], header[4], idat.toByteArray());
        }
        default -> {}
      }
      pos += 12 + length;
    }
  }

  /**
   * The levels of a PNG this decoder handles, or null for another format (ImageIO's turn).
   *
   * @throws RefusedRecordException when the image data does not inflate to the size its header says
   */
  static Raster decode(Structure png) throws RefusedRecordException {
    int stored = storedChannels(png);
    if (stored == 0) {
      return null;
    }
    int stride = png.width() * stored;
    byte[] raw = new byte[Math.multiplyExact(png.height(), stride + 1)];
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(png.imageData());
      int inflated = 0;
      while (inflated < raw.length && !inflater.finished() && !inflater.needsInput()) {
        inflated += inflater.inflate(raw, inflated, raw.length - inflated);
      }
      if (inflated != raw.length) {
        throw new RefusedRecordException(
            DeadLetterReason.IMAGE_TRUNCATED,
            "PNG image data inflates to " + inflated + " bytes, its header needs " + raw.length);
      }
    } catch (DataFormatException e) {
      throw new RefusedRecordException(
          DeadLetterReason.IMAGE_UNDECODABLE, "PNG image data: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
    unfilter(raw, png.height(), stride, stored);
    return levels(raw, png.width(), png.height(), stored);
  }

  /** Bytes per pixel of a format this decoder handles, or 0. */
  private static int storedChannels(Structure png) {
    if (png.bitDepth() != 8 || png.interlace() != 0 || png.width() < 1 || png.height() < 1) {
      return 0;
    }
    return switch (png.colourType()) {
      case 0 -> 1;
      case 4 -> 2;
      case 2 -> 3;
      case 6 -> 4;
      default -> 0;
    };
  }

  private static void unfilter(byte[] raw, int height, int stride, int bpp)
      throws RefusedRecordException {
    for (int y = 0; y < height; y++) {
      int row = y * (stride + 1);
      int filter = raw[row];
      int start = row + 1;
      int previous = start - (stride + 1);
      for (int i = 0; i < stride; i++) {
        int left = i >= bpp ? raw[start + i - bpp] & 0xff : 0;
        int up = y > 0 ? raw[previous + i] & 0xff : 0;
        int upLeft = y > 0 && i >= bpp ? raw[previous + i - bpp] & 0xff : 0;
        int predictor =
            switch (filter) {
              case 0 -> 0;
              case 1 -> left;
              case 2 -> up;
              case 3 -> (left + up) >>> 1;
              case 4 -> paeth(left, up, upLeft);
              default ->
                  throw new RefusedRecordException(
                      DeadLetterReason.IMAGE_CORRUPT, "PNG row " + y + " has filter " + filter);
            };
        raw[start + i] = (byte) (raw[start + i] + predictor);
      }
    }
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    if (pa <= pb && pa <= pc) {
      return a;
    }
    return pb <= pc ? b : c;
  }

  private static Raster levels(byte[] raw, int width, int height, int stored) {
    int channels = stored <= 2 ? 1 : 3;
    byte[] levels = new byte[width * height * channels];
    int stride = width * stored + 1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int from = y * stride + 1 + x * stored;
        System.arraycopy(raw, from, levels, (y * width + x) * channels, channels);
      }
    }
    return new Raster(width, height, channels, levels);
  }
}
