package io.distillery.claimcheck.s3;

import java.util.List;

/** Rules for the S3 keys claim checks use. */
public final class S3Keys {

  private S3Keys() {}

  /**
   * Whether every {@code /}-separated segment of {@code key} is non-empty and neither {@code .} nor
   * {@code ..}: stores that map keys onto files (s3proxy's filesystem backend, MinIO) would resolve
   * those, and a record must not reach outside its allowed prefix through them.
   */
  public static boolean safe(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (String segment : List.of(key.split("/", -1))) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
