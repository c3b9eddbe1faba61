package io.distillery.cli;

import io.distillery.claimcheck.BlobLocation;
import io.distillery.lab.Home;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a reading stage may fetch claim-checked payloads from (directories or S3 bucket prefixes),
 * and how S3 is reached; a picocli mixin. A record pointing anywhere else is dead-lettered.
 */
public final class ClaimCheckOptions {

  @Option(
      names = {"--claim-check-root", "--blob-root"},
      paramLabel = "DIR|s3://BUCKET/PREFIX",
      description =
          "Where claim checks may point (repeatable): a folder or an S3 bucket prefix"
              + " (default: .distillery/blobs).")
  List<String> roots;

  @Mixin S3Options s3;

  /**
   * {@code text} as an S3 location reached with these options' S3 settings (a deployment's model
   * repository sits in the same store as its payloads).
   */
  public BlobLocation.Bucket s3Bucket(String text) {
    return s3.bucket(text);
  }

  /** The allowed locations. */
  public List<BlobLocation> locations() {
    return roots == null || roots.isEmpty()
        ? List.of(new BlobLocation.Directory(Home.state("blobs")))
        : BlobLocation.parseAll(roots, s3.settings());
  }
}
