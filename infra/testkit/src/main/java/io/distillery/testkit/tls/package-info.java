/**
 * A throw-away certificate authority (via the {@code openssl} command) for TLS and mutual-TLS tests
 * and local set-ups, and the settings of a broker's TLS listener.
 */
package io.distillery.testkit.tls;
