/** The {@code distillery} command line: one picocli subcommand per stage, tool and demo. */
package io.distillery.cli;
