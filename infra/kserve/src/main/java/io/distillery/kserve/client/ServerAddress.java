package io.distillery.kserve.client;

import java.util.Arrays;
import java.util.List;

/**
 * One inference server's gRPC address.
 *
 * @param host host name or IP literal
 * @param port gRPC port (Triton's default is 8001)
 */
public record ServerAddress(String host, int port) {

  /** Validates at once. */
  public ServerAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("A server address needs a host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("Port " + port + " of " + host + " is out of range");
    }
  }

  /** Parses {@code host:port}. */
  public static ServerAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("Server '" + text + "' is not host:port");
    }
    try {
      return new ServerAddress(
          text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Server '" + text + "' has a non-numeric port", e);
    }
  }

  /** Parses a comma-separated list of {@code host:port}. */
  public static List<ServerAddress> parseList(String text) {
    return Arrays.stream(text.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(ServerAddress::parse)
        .toList();
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
