/** The all-in-one demo: the embedded broker, the demo tasks and their data, one command. */
package io.distillery.lab.demo;
