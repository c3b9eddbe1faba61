/**
 * Where samples come from: a directory of files, a JSON Lines (NeMo style) or CSV manifest, and the
 * Fashion-MNIST IDX files. A source lists samples; their bytes are read only when sent.
 */
package io.distillery.producers.source;
