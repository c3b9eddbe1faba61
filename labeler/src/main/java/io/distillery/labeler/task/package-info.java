/**
 * Task adapters: what a raw payload becomes as a model input (image pixels, WAV audio) and what a
 * model's outputs become as a pseudo-label (soft class probabilities, transcript with word
 * confidences). Pure: no Kafka or gRPC.
 */
package io.distillery.labeler.task;
