package io.distillery.labeler.stage;

import io.distillery.claimcheck.BlobStoreUnavailableException;
import io.distillery.labeler.inference.BoundModel;
import io.distillery.labeler.inference.Item;
import io.distillery.labeler.inference.ItemResult;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch whose payloads have been fetched and turned into inference inputs: the items to send, and
 * for each refused record (claim check failed, payload undecodable) the result that dead-letters
 * it. Runs on an intake thread, so claim-check reads and image decoding never hold up the loop
 * thread that keeps the teachers busy.
 */
final class PreparedBatch {

  private final List<Item> items = new ArrayList<>();
  private final ItemResult[] refused;

  /** Prepares {@code batch} for {@code models}. */
  PreparedBatch(List<Pending> batch, Intake intake, List<BoundModel> models) {
    refused = new ItemResult[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      try {
        items.add(intake.item(batch.get(i).raw(), models));
      } catch (RefusedRecordException e) {
        refused[i] = ItemResult.failed(e.reason(), e.getMessage());
      } catch (BlobStoreUnavailableException e) {
        throw e; // only at shutdown: the batch fails retriably and its records go to the next owner
      } catch (RuntimeException e) {
        // a payload that trips a decoder bug must not come back with every resend of its batch
        refused[i] =
            ItemResult.failed(DeadLetterReason.UNEXPECTED, "Cannot prepare the payload: " + e);
      }
    }
  }

  /** The items to send, in batch order, refused records left out. */
  List<Item> items() {
    return items;
  }

  /** Every record's result in batch order: the refusals, and the inference results in between. */
  List<ItemResult> merge(List<ItemResult> inferred) {
    List<ItemResult> all = new ArrayList<>(refused.length);
    int next = 0;
    for (ItemResult r : refused) {
      all.add(r != null ? r : inferred.get(next++));
    }
    return all;
  }
}
