/** The {@code distillery monitor} command: terminal and web views of any Distillery cluster. */
package io.distillery.cli.monitor;
