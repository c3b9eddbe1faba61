/** A real browser for tests of the web pages the product serves. */
package io.distillery.testkit.browser;
