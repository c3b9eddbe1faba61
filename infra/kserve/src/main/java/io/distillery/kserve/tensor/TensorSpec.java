package io.distillery.kserve.tensor;

/**
 * What a model declares for one input or output.
 *
 * @param name the tensor name
 * @param type the datatype
 * @param dims dimensions of one item, without the batch dimension; {@code -1} for variable
 * @param format the image layout the model's config declares for an input ({@code format:
 *     FORMAT_NCHW} or {@code FORMAT_NHWC}), {@link ImageFormat#NONE} when it declares none
 * @param optional whether an input may be left out of a request ({@code optional: true})
 * @param ragged whether the server batches an input's items of different lengths itself ({@code
 *     allow_ragged_batch: true}), so each request carries one item
 * @param labelled whether an output has a label file, so the classification extension names its
 *     classes
 */
public record TensorSpec(
    String name,
    DataType type,
    Shape dims,
    ImageFormat format,
    boolean optional,
    boolean ragged,
    boolean labelled) {

  /** Validates at once. */
  public TensorSpec {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("A tensor spec needs a name");
    }
  }

  /** A plain tensor: no layout, required, not ragged, no labels. */
  public TensorSpec(String name, DataType type, Shape dims) {
    this(name, type, dims, ImageFormat.NONE, false, false, false);
  }

  /** How the tensor reads in messages: {@code NAME TYPE [dims]}. */
  public String describe() {
    return name + " " + type + " " + dims;
  }
}
