/** Commands that run the embedded broker and manage task topics. */
package io.distillery.cli.kafka;
