package io.distillery.trainer.data;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A small decoder for the PNGs the pipeline carries (8-bit grayscale, RGB or RGBA, not interlaced):
 * chunks, inflate, row filters, then grey levels as {@link ImagePayloads} defines them. About a
 * hundred times faster than {@code ImageIO.read} on a 28x28 image, which matters because the
 * trainer decodes every record on its training thread. Other PNGs return null so the caller falls
 * back to ImageIO.
 */
final class PngDecoder {

  private static final long SIGNATURE = 0x89504e470d0a1a0aL;
  private static final int IHDR = 0x49484452;
  private static final int IDAT = 0x49444154;
  private static final int IEND = 0x49454e44;

  private PngDecoder() {}

  /** Whether the payload starts with the PNG signature. */
  static boolean isPng(byte[] payload) {
    return payload.length >= 8 && ByteBuffer.wrap(payload).getLong(0) == SIGNATURE;
  }

  /**
   * The grey levels (0..255, row-major) of a PNG of {@code cols x rows} this decoder handles, or
   * null for any other PNG (another size, colour type or bit depth).
   *
   * @throws SampleException when the PNG is truncated or its image data does not inflate
   */
  static int[] greyLevels(byte[] payload, int rows, int cols) throws SampleException {
    ByteBuffer in = ByteBuffer.wrap(payload);
    int position = 8;
    int width = -1;
    int height = -1;
    int channels = 0;
    Inflater inflater = new Inflater();
    byte[] raw = null;
    int inflated = 0;
    try {
      while (position + 8 <= payload.length) {
        int length = in.getInt(position);
        int type = in.getInt(position + 4);
        int body = position + 8;
        if (length < 0 || body + length > payload.length) {
          throw new SampleException("undecodable-image", "truncated PNG chunk");
        }
        if (type == IHDR) {
          width = in.getInt(body);
          height = in.getInt(body + 4);
          channels = channels(payload[body + 8], payload[body + 9], payload[body + 12]);
          if (channels == 0) {
            return null;
          }
          if (width != cols || height != rows) {
            return null; // ImageIO decodes it and the caller resizes it, as the labeler does
          }
          raw = new byte[height * (1 + width * channels)];
        } else if (type == IDAT) {
          if (raw == null) {
            throw new SampleException("undecodable-image", "PNG image data before its header");
          }
          inflater.setInput(payload, body, length);
          inflated += inflater.inflate(raw, inflated, raw.length - inflated);
        } else if (type == IEND) {
          break;
        }
        position = body + length + 4;
      }
      if (raw == null || inflated != raw.length) {
        throw new SampleException("undecodable-image", "PNG image data is incomplete");
      }
    } catch (DataFormatException e) {
      throw new SampleException("undecodable-image", "PNG image data: " + e.getMessage());
    } finally {
      inflater.end();
    }
    unfilter(raw, height, width * channels, channels);
    return grey(raw, height, width, channels);
  }

  /** Bytes per pixel of a supported format, or 0. */
  private static int channels(byte bitDepth, byte colourType, byte interlace) {
    if (bitDepth != 8 || interlace != 0) {
      return 0;
    }
    return switch (colourType) {
      case 0 -> 1;
      case 2 -> 3;
      case 6 -> 4;
      default -> 0;
    };
  }

  private static void unfilter(byte[] raw, int height, int stride, int bpp) throws SampleException {
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
              default -> throw new SampleException("undecodable-image", "PNG filter " + filter);
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

  private static int[] grey(byte[] raw, int height, int width, int channels) {
    int[] levels = new int[height * width];
    int stride = width * channels + 1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = y * stride + 1 + x * channels;
        levels[y * width + x] =
            channels == 1
                ? raw[p] & 0xff
                : ((raw[p] & 0xff) * 299 + (raw[p + 1] & 0xff) * 587 + (raw[p + 2] & 0xff) * 114)
                    / 1000;
      }
    }
    return levels;
  }
}
