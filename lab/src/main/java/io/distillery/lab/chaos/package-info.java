/**
 * The chaos harness: the stages as separate processes on one broker, killed with SIGKILL at random
 * and restarted, the broker restarted once, then the conservation checks read from the topics and
 * the trainer's checkpoint.
 */
package io.distillery.lab.chaos;
