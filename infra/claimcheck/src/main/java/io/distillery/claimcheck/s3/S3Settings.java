package io.distillery.claimcheck.s3;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * How to reach an S3 or S3-compatible store (MinIO, Ceph, s3proxy, GCS's XML API).
 *
 * @param endpoint endpoint override for S3-compatible stores; {@code null} for AWS itself
 * @param region signing region; {@code null} for the SDK's region chain (AWS_REGION, profile), or
 *     {@code us-east-1} when an endpoint is given and no region is configured
 * @param pathStyle path-style requests ({@code endpoint/bucket/key}), which most S3-compatible
 *     stores need
 * @param credentials where credentials come from: the SDK's default chain (AWS_ACCESS_KEY_ID and
 *     AWS_SECRET_ACCESS_KEY, the aws.* system properties, profiles, web identity, container and
 *     instance roles) unless a test gives others; they are never logged
 * @param maxAttempts attempts per request, throttling and 5xx answers retried with the SDK's
 *     standard backoff
 * @param callTimeout longest a request may take, retries included
 */
public record S3Settings(
    URI endpoint,
    String region,
    boolean pathStyle,
    AwsCredentialsProvider credentials,
    int maxAttempts,
    Duration callTimeout) {

  /** Validates the settings. */
  public S3Settings {
    if (endpoint != null && endpoint.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "S3 endpoint must not hold credentials (they would be printed in errors): use"
              + " AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or a profile");
    }
    if (endpoint != null
        && !"http".equals(endpoint.getScheme())
        && !"https".equals(endpoint.getScheme())) {
      throw new IllegalArgumentException("S3 endpoint must be an http(s) URL, got " + endpoint);
    }
    if (credentials == null) {
      throw new IllegalArgumentException("a credentials provider is required");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be > 0, got " + callTimeout);
    }
  }

  /**
   * AWS itself: the default region and credential chains, virtual-hosted requests, 5 attempts, 60 s
   * per call.
   */
  public static S3Settings defaults() {
    return new S3Settings(
        null, null, false, DefaultCredentialsProvider.builder().build(), 5, Duration.ofSeconds(60));
  }

  /** These settings with an endpoint override (and path-style access if {@code pathStyle}). */
  public S3Settings withEndpoint(URI uri, boolean pathStyleAccess) {
    return new S3Settings(uri, region, pathStyleAccess, credentials, maxAttempts, callTimeout);
  }

  /** These settings with another signing region. */
  public S3Settings withRegion(String name) {
    return new S3Settings(endpoint, name, pathStyle, credentials, maxAttempts, callTimeout);
  }

  /** These settings with other credentials (tests; deployments use the default chain). */
  public S3Settings withCredentials(AwsCredentialsProvider provider) {
    return new S3Settings(endpoint, region, pathStyle, provider, maxAttempts, callTimeout);
  }

  /** These settings with another retry budget. */
  public S3Settings withRetries(int attempts, Duration timeout) {
    return new S3Settings(endpoint, region, pathStyle, credentials, attempts, timeout);
  }

  /**
   * A client for these settings. Checksums are computed and validated only where the API requires
   * them: S3-compatible stores often reject the newer default trailing checksums.
   */
  public S3Client client() {
    return S3Client.builder()
        .httpClient(
            UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).build())
        .region(Region.of(signingRegion()))
        .credentialsProvider(credentials)
        .endpointOverride(endpoint)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(
                    AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(maxAttempts)
                        .build())
                .apiCallTimeout(callTimeout)
                .build())
        .build();
  }

  private String signingRegion() {
    if (region != null && !region.isBlank()) {
      return region;
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (RuntimeException e) {
      if (endpoint != null) {
        return "us-east-1";
      }
      throw new IllegalArgumentException(
          "No AWS region configured: set AWS_REGION or give the region option", e);
    }
  }

  /** The settings without credentials: endpoint, region, path style, retries. */
  @Override
  public String toString() {
    return "S3Settings[endpoint="
        + (endpoint == null ? "AWS" : endpoint)
        + ", region="
        + (region == null ? "default chain" : region)
        + ", pathStyle="
        + pathStyle
        + ", maxAttempts="
        + maxAttempts
        + ", callTimeout="
        + callTimeout
        + "]";
  }
}
