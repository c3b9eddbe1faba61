package io.distillery.modelserver.tensor;

import com.google.protobuf.ByteString;
import io.distillery.modelserver.ServingException;
import io.distillery.schemas.kserve.InferTensorContents;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferRequest.InferInputTensor;
import io.distillery.schemas.kserve.ModelInferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the input tensors of a {@link ModelInferRequest} (raw or typed contents) into {@link
 * Tensor}s with checked sizes, and output tensors into a response with raw output contents.
 */
public final class TensorCodec {

  private TensorCodec() {}

  /** The request's input tensors, each with exactly as many bytes as its shape and type need. */
  public static List<Tensor> decodeInputs(ModelInferRequest request) {
    int rawCount = request.getRawInputContentsCount();
    if (rawCount > 0 && rawCount != request.getInputsCount()) {
      throw ServingException.invalid(
          "raw_input_contents has "
              + rawCount
              + " entries for "
              + request.getInputsCount()
              + " inputs");
    }
    List<Tensor> tensors = new ArrayList<>();
    for (int i = 0; i < request.getInputsCount(); i++) {
      InferInputTensor input = request.getInputs(i);
      Datatype type = Datatype.fromWire(input.getDatatype());
      long[] shape = input.getShapeList().stream().mapToLong(Long::longValue).toArray();
      for (long dim : shape) {
        if (dim < 0) {
          throw ServingException.invalid(
              "input '" + input.getName() + "' has a negative dimension");
        }
      }
      byte[] data;
      if (rawCount > 0) {
        if (input.hasContents()) {
          throw ServingException.invalid(
              "input '" + input.getName() + "' has raw and typed contents");
        }
        data = request.getRawInputContents(i).toByteArray();
      } else {
        data = typedToBytes(input.getName(), type, input.getContents());
      }
      Tensor tensor = new Tensor(input.getName(), type, shape, data);
      checkSize(tensor);
      tensors.add(tensor);
    }
    return tensors;
  }

  /** Fails unless the tensor's data holds exactly the elements its shape describes. */
  public static void checkSize(Tensor tensor) {
    long elements = tensor.elementCount();
    if (tensor.datatype() == Datatype.BYTES) {
      int found = BytesElements.split(tensor.data()).size();
      if (found != elements) {
        throw ServingException.invalid(
            "input '"
                + tensor.name()
                + "' has "
                + found
                + " BYTES elements, shape needs "
                + elements);
      }
    } else if ((long) tensor.data().length != elements * tensor.datatype().byteSize()) {
      throw ServingException.invalid(
          "input '"
              + tensor.name()
              + "' has "
              + tensor.data().length
              + " bytes, shape and datatype need "
              + elements * tensor.datatype().byteSize());
    }
  }

  /** Adds the tensors to a response as output descriptions plus raw output contents. */
  public static void encodeOutputs(List<Tensor> outputs, ModelInferResponse.Builder response) {
    for (Tensor out : outputs) {
      ModelInferResponse.InferOutputTensor.Builder description =
          response.addOutputsBuilder().setName(out.name()).setDatatype(out.datatype().wireName());
      for (long dim : out.shape()) {
        description.addShape(dim);
      }
      response.addRawOutputContents(ByteString.copyFrom(out.data()));
    }
  }

  private static byte[] typedToBytes(String name, Datatype type, InferTensorContents contents) {
    return switch (type) {
      case BYTES ->
          BytesElements.join(
              contents.getBytesContentsList().stream().map(ByteString::toByteArray).toList());
      case FP32 -> {
        ByteBuffer out = le(contents.getFp32ContentsCount() * 4);
        contents.getFp32ContentsList().forEach(out::putFloat);
        yield out.array();
      }
      case FP64 -> {
        ByteBuffer out = le(contents.getFp64ContentsCount() * 8);
        contents.getFp64ContentsList().forEach(out::putDouble);
        yield out.array();
      }
      case INT64 -> {
        ByteBuffer out = le(contents.getInt64ContentsCount() * 8);
        contents.getInt64ContentsList().forEach(out::putLong);
        yield out.array();
      }
      case UINT64 -> {
        ByteBuffer out = le(contents.getUint64ContentsCount() * 8);
        contents.getUint64ContentsList().forEach(out::putLong);
        yield out.array();
      }
      case INT8, INT16, INT32 -> narrow(contents.getIntContentsList(), type.byteSize());
      case UINT8, UINT16, UINT32 -> narrow(contents.getUintContentsList(), type.byteSize());
      case BOOL -> {
        ByteBuffer out = le(contents.getBoolContentsCount());
        contents.getBoolContentsList().forEach(b -> out.put((byte) (b ? 1 : 0)));
        yield out.array();
      }
      case FP16, BF16 ->
          throw ServingException.invalid("input '" + name + "': " + type + " must be sent raw");
    };
  }

  private static byte[] narrow(List<Integer> values, int width) {
    ByteBuffer out = le(values.size() * width);
    for (int value : values) {
      switch (width) {
        case 1 -> out.put((byte) value);
        case 2 -> out.putShort((short) value);
        default -> out.putInt(value);
      }
    }
    return out.array();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
