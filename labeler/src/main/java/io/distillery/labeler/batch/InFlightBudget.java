package io.distillery.labeler.batch;

/**
 * Counts work accepted and not yet finished: batches sent and not answered, and payload bytes
 * polled and not yet written out. When either limit is reached the owner stops taking work (the
 * labeler pauses its partitions), so memory stays flat whatever the teacher's speed. Thread-safe:
 * answers arrive on other threads.
 */
public final class InFlightBudget {

  private final int maxBatches;
  private final long maxBytes;
  private int batches;
  private long bytes;

  /** A budget with the limits of {@code policy}. */
  public InFlightBudget(BatchPolicy policy) {
    this.maxBatches = policy.maxInFlightBatches();
    this.maxBytes = policy.maxInFlightBytes();
  }

  /** Whether another batch may be sent now. */
  public synchronized boolean canSendBatch() {
    return batches < maxBatches;
  }

  /** Whether more records may be taken in now (bytes below the limit). */
  public synchronized boolean canAcceptBytes() {
    return bytes < maxBytes;
  }

  /** Whether the owner should stop polling: bytes at the limit. */
  public synchronized boolean saturated() {
    return bytes >= maxBytes;
  }

  /** Records that a batch was sent. */
  public synchronized void batchSent() {
    batches++;
  }

  /** Records that a sent batch was answered (successfully or not). */
  public synchronized void batchDone() {
    if (batches == 0) {
      throw new IllegalStateException("batchDone without batchSent");
    }
    batches--;
  }

  /** Records payload bytes taken in. */
  public synchronized void acquireBytes(long n) {
    bytes += n;
  }

  /** Records payload bytes written out or dropped. */
  public synchronized void releaseBytes(long n) {
    bytes -= n;
    if (bytes < 0) {
      throw new IllegalStateException("released more bytes than acquired");
    }
  }

  /** Batches now in flight. */
  public synchronized int batchesInFlight() {
    return batches;
  }

  /** Payload bytes now held. */
  public synchronized long bytesInFlight() {
    return bytes;
  }
}
