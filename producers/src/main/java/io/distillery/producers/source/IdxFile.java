package io.distillery.producers.source;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An unsigned-byte IDX file (the MNIST format), optionally gzipped: images ({@code 0x00000803}, n x
 * rows x cols) or labels ({@code 0x00000801}, n).
 *
 * @param count number of items
 * @param rows rows per item (1 for labels)
 * @param cols columns per item (1 for labels)
 * @param data all items, row-major, one byte per value
 */
record IdxFile(int count, int rows, int cols, byte[] data) {

  static IdxFile read(Path path) throws IOException {
    try (InputStream raw = Files.newInputStream(path);
        InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        DataInputStream data = new DataInputStream(in)) {
      int magic = data.readInt();
      if ((magic >>> 8) != 0x08) {
        throw new IOException(path + " is not an unsigned-byte IDX file (magic " + magic + ")");
      }
      int dims = magic & 0xFF;
      if (dims != 1 && dims != 3) {
        throw new IOException(path + " has " + dims + " dimensions; expected 1 or 3");
      }
      int count = data.readInt();
      int rows = dims == 3 ? data.readInt() : 1;
      int cols = dims == 3 ? data.readInt() : 1;
      long size = (long) count * rows * cols;
      if (count < 0 || size > Integer.MAX_VALUE - 16) {
        throw new IOException(
            path + " declares an implausible size " + count + "x" + rows + "x" + cols);
      }
      byte[] values = new byte[(int) size];
      data.readFully(values);
      return new IdxFile(count, rows, cols, values);
    }
  }

  int itemSize() {
    return rows * cols;
  }
}
