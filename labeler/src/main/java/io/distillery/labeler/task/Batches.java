package io.distillery.labeler.task;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.kserve.tensor.TensorCodec;
import io.distillery.kserve.tensor.TensorException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stacks items' tensors into one batch tensor (a new leading dimension) and splits a batch output
 * back into items. Raw contents concatenate for every datatype, BYTES included, because each BYTES
 * element carries its own length.
 */
public final class Batches {

  private Batches() {}

  /**
   * Whether every item's tensor at each position has the same shape, so the items can stack;
   * positions in {@code padded} may differ in their last dimension.
   */
  public static boolean stackable(List<List<Tensor>> items, java.util.Set<Integer> padded) {
    for (int i = 0; i < items.get(0).size(); i++) {
      if (padded.contains(i)) {
        continue;
      }
      Shape first = items.get(0).get(i).shape();
      for (List<Tensor> item : items) {
        if (!item.get(i).shape().equals(first)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The batch tensors of stackable items: one per input, shape {@code [n, ...item shape]}. */
  public static List<Tensor> stack(List<List<Tensor>> items) {
    return stack(items, java.util.Set.of());
  }

  /**
   * The batch tensors of stackable items, those at positions in {@code padded} (fixed-size types
   * only) zero-padded at the end of their last dimension to the longest item's.
   */
  public static List<Tensor> stack(List<List<Tensor>> items, java.util.Set<Integer> padded) {
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < items.get(0).size(); i++) {
      Tensor first = items.get(0).get(i);
      Shape shape = first.shape();
      boolean pad = padded.contains(i) && first.type().fixedSize() && shape.rank() > 0;
      if (pad) {
        long longest = 0;
        for (List<Tensor> item : items) {
          longest = Math.max(longest, item.get(i).shape().dim(shape.rank() - 1));
        }
        long[] dims = shape.dims().clone();
        dims[dims.length - 1] = longest;
        shape = Shape.of(dims);
      }
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      for (List<Tensor> item : items) {
        Tensor t = item.get(i);
        raw.writeBytes(t.raw());
        if (pad) {
          raw.writeBytes(
              new byte[Math.toIntExact(shape.elementCount() * t.type().size()) - t.raw().length]);
        }
      }
      out.add(
          new Tensor(first.name(), first.type(), shape.withBatch(items.size()), raw.toByteArray()));
    }
    return out;
  }

  /**
   * Item {@code index}'s slice of a batch output with leading dimension {@code n}.
   *
   * @throws TensorException with {@code wrong-shape} if the leading dimension is not {@code n}
   */
  public static Tensor slice(Tensor batch, int n, int index) {
    if (batch.shape().rank() == 0 || batch.shape().dim(0) != n) {
      throw new TensorException(
          "wrong-shape",
          "Output " + batch.name() + " has shape " + batch.shape() + " for a batch of " + n);
    }
    Shape item = batch.shape().withoutBatch();
    int per = Math.toIntExact(item.elementCount());
    if (batch.type() == DataType.BYTES) {
      List<byte[]> all = batch.byteElements();
      return Tensor.ofBytes(batch.name(), item, all.subList(index * per, (index + 1) * per));
    }
    int size = batch.type().size();
    byte[] raw = Arrays.copyOfRange(batch.raw(), index * per * size, (index + 1) * per * size);
    return new Tensor(batch.name(), batch.type(), item, raw);
  }

  /** Encodes BYTES elements, for adapters. */
  static byte[] bytes(List<byte[]> elements) {
    return TensorCodec.encodeBytes(elements);
  }
}
