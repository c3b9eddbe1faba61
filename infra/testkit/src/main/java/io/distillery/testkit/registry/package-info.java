/**
 * A real schema registry for tests: Apicurio Registry's ready-to-run server (from Maven Central,
 * unpacked by {@code infra/scripts/install-prerequisites.sh}), started on loopback per test.
 */
package io.distillery.testkit.registry;
