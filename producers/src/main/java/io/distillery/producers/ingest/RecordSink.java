package io.distillery.producers.ingest;

import java.util.concurrent.CompletableFuture;

/** Where encoded records go: the task's raw topic in production. */
public interface RecordSink extends AutoCloseable {

  /** Sends one record; the future completes when the broker acknowledges it. */
  CompletableFuture<Void> send(String key, byte[] value);

  /** Sends everything buffered and waits for it. */
  void flush();

  @Override
  void close();
}
