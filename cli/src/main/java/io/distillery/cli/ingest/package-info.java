/**
 * {@code distillery ingest}: thin picocli commands over the producers module, with a progress bar
 * and a summary on the console.
 */
package io.distillery.cli.ingest;
