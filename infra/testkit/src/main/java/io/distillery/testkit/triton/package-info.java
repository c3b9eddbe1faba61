/**
 * Model configurations of public Triton deployments, written for tests from their documentation.
 */
package io.distillery.testkit.triton;
