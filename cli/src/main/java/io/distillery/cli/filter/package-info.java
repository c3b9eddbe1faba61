/** The filter stage's commands: {@code distillery wer} and {@code distillery filter}. */
package io.distillery.cli.filter;
