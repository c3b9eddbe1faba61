/**
 * Model bindings: which tensor of a teacher carries the audio, the lengths, the pixels, the
 * transcript or the class scores. A binding is inferred from the model's config for the signatures
 * people deploy on Triton (sherpa, FunASR, NeMo, Whisper, the image classifiers of Triton's
 * examples) and can be set per tensor; the task adapters build requests and read answers only
 * through it. Pure: no Kafka or gRPC.
 */
package io.distillery.labeler.binding;
