package io.distillery.monitor.probe;

/** The monitor could not read the cluster; the next refresh tries again. */
public final class MonitorException extends RuntimeException {

  /** With the cause the Kafka client gave. */
  public MonitorException(String message, Throwable cause) {
    super(message, cause);
  }
}
