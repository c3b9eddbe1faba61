/** Stages run as {@code distillery} subcommands in JVMs of their own (chaos runs, benchmarks). */
package io.distillery.lab.process;
