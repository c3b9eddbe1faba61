/**
 * Claim checks in S3 and S3-compatible stores (AWS SDK v2 over the JDK's HTTP connection): the
 * settings that reach a store, the calls claim checks make with their failures sorted into missing
 * objects and unavailable stores, and the producer-side store.
 */
package io.distillery.claimcheck.s3;
