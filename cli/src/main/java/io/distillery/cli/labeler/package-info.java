/** The {@code distillery label} command: runs one labeler instance of a task. */
package io.distillery.cli.labeler;
