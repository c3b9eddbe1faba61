/**
 * Commands of the trainer: teacher training and evaluation, the trainer-consumer, student versions.
 */
package io.distillery.cli.trainer;
