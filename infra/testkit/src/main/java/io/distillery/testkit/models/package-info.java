/**
 * Model repositories for tests: configurations of the development server's synthetic backend,
 * written the way a model repository holds them.
 */
package io.distillery.testkit.models;
