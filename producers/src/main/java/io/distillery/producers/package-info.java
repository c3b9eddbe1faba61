/**
 * Producers: validated ingestion of audio and images from files, manifests, the Fashion-MNIST
 * dataset and synthetic speech into a task's raw topic, with large payloads by claim check.
 */
package io.distillery.producers;
