package io.distillery.kserve.client;

import com.google.protobuf.ByteString;
import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.kserve.tensor.TensorCodec;
import io.distillery.schemas.kserve.InferTensorContents;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between {@link Tensor}s and KServe v2 messages. Requests always carry raw contents (FP16
 * and BF16 have no typed form); responses are read from raw contents, or from typed contents when a
 * server sends those.
 */
public final class TensorMessages {

  private TensorMessages() {}

  /** An inference request for {@code model} with these inputs, asking for every output. */
  public static ModelInferRequest request(
      String model, String version, String id, List<Tensor> inputs) {
    ModelInferRequest.Builder b =
        ModelInferRequest.newBuilder().setModelName(model).setModelVersion(version).setId(id);
    for (Tensor t : inputs) {
      ModelInferRequest.InferInputTensor.Builder input =
          b.addInputsBuilder().setName(t.name()).setDatatype(t.type().wireName());
      for (long d : t.shape().dims()) {
        input.addShape(d);
      }
      b.addRawInputContents(ByteString.copyFrom(t.raw()));
    }
    return b.build();
  }

  /**
   * The response's outputs by name, each checked against its declared datatype and shape.
   *
   * @throws NonRetriableInferenceException if an output is malformed
   */
  public static Map<String, Tensor> outputs(ModelInferResponse response) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    boolean raw = response.getRawOutputContentsCount() > 0;
    if (raw && response.getRawOutputContentsCount() != response.getOutputsCount()) {
      throw malformed(
          response,
          response.getOutputsCount()
              + " outputs but "
              + response.getRawOutputContentsCount()
              + " raw contents");
    }
    for (int i = 0; i < response.getOutputsCount(); i++) {
      ModelInferResponse.InferOutputTensor o = response.getOutputs(i);
      try {
        DataType type = DataType.fromWire(o.getDatatype());
        Shape shape = Shape.of(o.getShapeList().stream().mapToLong(Long::longValue).toArray());
        byte[] bytes =
            raw ? response.getRawOutputContents(i).toByteArray() : typed(type, o.getContents());
        out.put(o.getName(), new Tensor(o.getName(), type, shape, bytes));
      } catch (IllegalArgumentException e) {
        throw malformed(response, "output " + o.getName() + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static byte[] typed(DataType type, InferTensorContents c) {
    return switch (type) {
      case BOOL -> {
        boolean[] v = new boolean[c.getBoolContentsCount()];
        for (int i = 0; i < v.length; i++) {
          v[i] = c.getBoolContents(i);
        }
        yield TensorCodec.encodeBooleans(v);
      }
      case INT8, INT16, INT32 ->
          TensorCodec.encodeLongs(
              type, c.getIntContentsList().stream().mapToLong(x -> x).toArray());
      case INT64 ->
          TensorCodec.encodeLongs(
              type, c.getInt64ContentsList().stream().mapToLong(x -> x).toArray());
      case UINT8, UINT16, UINT32 ->
          TensorCodec.encodeLongs(
              type, c.getUintContentsList().stream().mapToLong(Integer::toUnsignedLong).toArray());
      case UINT64 ->
          TensorCodec.encodeLongs(
              type, c.getUint64ContentsList().stream().mapToLong(x -> x).toArray());
      case FP32 -> {
        float[] v = new float[c.getFp32ContentsCount()];
        for (int i = 0; i < v.length; i++) {
          v[i] = c.getFp32Contents(i);
        }
        yield TensorCodec.encodeFloats(type, v);
      }
      case FP64 -> {
        float[] v = new float[c.getFp64ContentsCount()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) c.getFp64Contents(i);
        }
        yield TensorCodec.encodeFloats(type, v);
      }
      case BYTES ->
          TensorCodec.encodeBytes(
              c.getBytesContentsList().stream().map(ByteString::toByteArray).toList());
      default ->
          throw new IllegalArgumentException(type + " has no typed contents; it must be sent raw");
    };
  }

  private static NonRetriableInferenceException malformed(ModelInferResponse r, String what) {
    return new NonRetriableInferenceException(
        "malformed-response",
        "Model "
            + r.getModelName()
            + " version "
            + r.getModelVersion()
            + " sent a malformed response: "
            + what,
        null);
  }
}
