/**
 * Where the tests find the machine's tools: the PATH, and what the prerequisites script installed.
 */
package io.distillery.testkit.tools;
