package io.distillery.labeler.inference;

import io.distillery.kserve.tensor.Tensor;
import java.util.List;

/**
 * One record ready for inference.
 *
 * @param id the record id, for request ids and logs
 * @param inputs per bound model (same order), the item's input tensors without batch dimension
 */
public record Item(String id, List<List<Tensor>> inputs) {}
