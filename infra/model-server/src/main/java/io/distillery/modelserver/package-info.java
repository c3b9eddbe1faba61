/**
 * Distillery's development inference server: a KServe v2 / Triton-compatible gRPC server over a
 * Triton model repository ({@code <model>/config.pbtxt}, numeric version folders), with dynamic
 * batching, statistics and EXPLICIT model control, serving TorchScript models (DJL/libtorch), the
 * pocketsphinx English decoder and a synthetic test double.
 *
 * <p>Tensor contract of the demo models ({@link io.distillery.modelserver.DemoRepository}): image
 * models take {@code INPUT__0} FP32 {@code [N,1,28,28]} (config dims {@code [1,28,28]},
 * max_batch_size 64) and return {@code OUTPUT__0} FP32 {@code [N,10]} logits; ASR models take
 * {@code AUDIO} BYTES {@code [N,1]} (one 16 kHz mono 16-bit WAV file per element) and return {@code
 * TRANSCRIPT} BYTES {@code [N,1]}, {@code WORDS} BYTES {@code [N,W]}, {@code CONFIDENCES} FP32
 * {@code [N,W]} (word posteriors) and {@code WORD_TIMES} FP32 {@code [N,W,2]} (each word's start
 * and end in seconds); rows padded with "" / 0 to the longest utterance of the request.
 */
package io.distillery.modelserver;
