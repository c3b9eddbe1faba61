/**
 * Claim checks: payloads too large to travel inline are written to a blob store, and the record
 * carries their URI, SHA-256 and size. Every reader verifies the hash and refuses URIs outside its
 * configured roots.
 */
package io.distillery.claimcheck;
