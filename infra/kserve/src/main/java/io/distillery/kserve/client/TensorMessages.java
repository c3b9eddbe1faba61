package io.distillery.kserve.client;

import com.google.protobuf.ByteString;
import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.kserve.tensor.TensorCodec;
import io.distillery.kserve.tensor.TensorException;
import io.distillery.schemas.kserve.InferParameter;
import io.distillery.schemas.kserve.InferTensorContents;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between {@link Tensor}s and KServe v2 messages, for both ends of a call. Requests and
 * responses are always written with raw contents (FP16 and BF16 have no typed form); both are read
 * from raw contents, or from typed contents when the other end sends those.
 */
public final class TensorMessages {

  /**
   * One output a request asks for.
   *
   * @param name the output's name
   * @param classes the top classes to return as {@code "score:index[:label]"} strings through
   *     Triton's classification extension; 0 for the tensor itself
   */
  public record OutputRequest(String name, int classes) {}

  private TensorMessages() {}

  /** An inference request for {@code model} with these inputs, asking for every output. */
  public static ModelInferRequest request(
      String model, String version, String id, List<Tensor> inputs) {
    return request(model, version, id, inputs, List.of());
  }

  /**
   * An inference request for {@code model} with these inputs, asking for {@code outputs} (every
   * output when empty); an output with a class count asks for Triton's classification extension.
   */
  public static ModelInferRequest request(
      String model, String version, String id, List<Tensor> inputs, List<OutputRequest> outputs) {
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
    for (OutputRequest o : outputs) {
      ModelInferRequest.InferRequestedOutputTensor.Builder requested =
          b.addOutputsBuilder().setName(o.name());
      if (o.classes() > 0) {
        requested.putParameters(
            CLASSIFICATION, InferParameter.newBuilder().setInt64Param(o.classes()).build());
      }
    }
    return b.build();
  }

  /** The output parameter of Triton's classification extension: how many top classes to return. */
  public static final String CLASSIFICATION = "classification";

  /**
   * The request's input tensors, as a server reads them: raw contents (one per input) or typed
   * contents, never both; no negative dimension; every tensor exactly as large as its shape says.
   *
   * @throws TensorException naming the input when the request is malformed
   */
  public static List<Tensor> inputs(ModelInferRequest request) {
    int rawCount = request.getRawInputContentsCount();
    if (rawCount > 0 && rawCount != request.getInputsCount()) {
      throw new TensorException(
          "bad-raw-contents",
          "raw_input_contents has "
              + rawCount
              + " entries for "
              + request.getInputsCount()
              + " inputs");
    }
    List<Tensor> tensors = new ArrayList<>();
    for (int i = 0; i < request.getInputsCount(); i++) {
      ModelInferRequest.InferInputTensor input = request.getInputs(i);
      String name = input.getName();
      try {
        DataType type = DataType.fromWire(input.getDatatype());
        long[] dims = input.getShapeList().stream().mapToLong(Long::longValue).toArray();
        for (long dim : dims) {
          if (dim < 0) {
            throw new TensorException("bad-shape", "negative dimension in " + input.getShapeList());
          }
        }
        byte[] raw;
        if (rawCount > 0) {
          if (input.hasContents()) {
            throw new TensorException("bad-raw-contents", "raw and typed contents");
          }
          raw = request.getRawInputContents(i).toByteArray();
        } else {
          raw = typed(type, input.getContents());
        }
        tensors.add(new Tensor(name, type, Shape.of(dims), raw));
      } catch (TensorException e) {
        throw new TensorException(e.errorType(), "input '" + name + "': " + e.getMessage());
      }
    }
    return tensors;
  }

  /** A response of {@code model} with these outputs, each with raw contents. */
  public static ModelInferResponse response(
      String model, String version, String id, List<Tensor> outputs) {
    ModelInferResponse.Builder b =
        ModelInferResponse.newBuilder().setModelName(model).setModelVersion(version).setId(id);
    for (Tensor t : outputs) {
      ModelInferResponse.InferOutputTensor.Builder output =
          b.addOutputsBuilder().setName(t.name()).setDatatype(t.type().wireName());
      for (long d : t.shape().dims()) {
        output.addShape(d);
      }
      b.addRawOutputContents(ByteString.copyFrom(t.raw()));
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

  /** The raw layout of typed contents; values that do not fit the datatype are refused. */
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
        // Written directly: going through floats would round every double.
        ByteBuffer v =
            ByteBuffer.allocate(Math.multiplyExact(c.getFp64ContentsCount(), Double.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        c.getFp64ContentsList().forEach(v::putDouble);
        yield v.array();
      }
      case BYTES ->
          TensorCodec.encodeBytes(
              c.getBytesContentsList().stream().map(ByteString::toByteArray).toList());
      case FP16, BF16 ->
          throw new TensorException(
              "wrong-datatype", type + " has no typed contents; it must be sent raw");
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
