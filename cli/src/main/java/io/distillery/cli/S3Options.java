package io.distillery.cli;

import io.distillery.claimcheck.BlobLocation;
import io.distillery.claimcheck.s3.S3Settings;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * How to reach an S3 or S3-compatible store for {@code s3://} claim checks; a picocli mixin.
 * Credentials come from the AWS SDK's default chain only (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, AWS_PROFILE, web identity, container and instance roles), so no secret is
 * ever an option or a log line.
 */
public final class S3Options {

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description =
          "Endpoint of an S3-compatible store (MinIO, Ceph, s3proxy); leave out for AWS S3.")
  URI endpoint;

  @Option(
      names = "--s3-region",
      paramLabel = "REGION",
      description =
          "Signing region (default: AWS_REGION or the profile's; us-east-1 with an endpoint).")
  String region;

  @Option(
      names = "--s3-path-style",
      negatable = true,
      paramLabel = "BOOLEAN",
      description =
          "Path-style requests (endpoint/bucket/key), which most S3-compatible stores need"
              + " (default: on with --s3-endpoint, off for AWS).")
  Boolean pathStyle;

  /**
   * {@code text} as an S3 location ({@code s3://bucket/prefix}) reached with these settings.
   *
   * @throws IllegalArgumentException when it is not one
   */
  public BlobLocation.Bucket bucket(String text) {
    if (!(BlobLocation.parse(text, settings()) instanceof BlobLocation.Bucket bucket)) {
      throw new IllegalArgumentException("Not an s3://bucket/prefix location: " + text);
    }
    return bucket;
  }

  /** The settings these options describe. */
  public S3Settings settings() {
    S3Settings settings = S3Settings.defaults();
    if (endpoint != null) {
      settings = settings.withEndpoint(endpoint, pathStyle == null || pathStyle);
    } else if (Boolean.TRUE.equals(pathStyle)) {
      settings = settings.withEndpoint(null, true);
    }
    return region != null ? settings.withRegion(region) : settings;
  }
}
