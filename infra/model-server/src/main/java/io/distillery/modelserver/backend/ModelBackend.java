package io.distillery.modelserver.backend;

import io.distillery.kserve.tensor.Tensor;
import java.util.List;

/**
 * One loaded model version. The scheduler calls {@link #execute} from a single thread at a time
 * with a batch of already validated requests.
 */
public interface ModelBackend extends AutoCloseable {

  /**
   * Runs a batch of requests.
   *
   * @param requests one list of input tensors per request, in the order of the model's inputs; each
   *     tensor carries the request's own batch dimension when the model batches
   * @return one list of output tensors per request, in request order
   */
  List<List<Tensor>> execute(List<List<Tensor>> requests) throws Exception;

  /**
   * Checks one request's contents before it is queued, as a backend that decodes its inputs (audio,
   * images) would refuse them: the request fails alone with INVALID_ARGUMENT instead of failing the
   * batch it would have joined.
   *
   * @param inputs the request's inputs, in the order of the model's inputs
   */
  default void check(List<Tensor> inputs) {}

  /** Releases the model's resources. */
  @Override
  void close();
}
