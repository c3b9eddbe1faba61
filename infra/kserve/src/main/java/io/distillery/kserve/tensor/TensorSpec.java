package io.distillery.kserve.tensor;

/**
 * What a model declares for one input or output.
 *
 * @param name the tensor name
 * @param type the datatype
 * @param dims dimensions of one item, without the batch dimension; {@code -1} for variable
 */
public record TensorSpec(String name, DataType type, Shape dims) {

  /** Validates at once. */
  public TensorSpec {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("A tensor spec needs a name");
    }
  }
}
