package io.distillery.monitor.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.distillery.monitor.Monitor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the monitor's page at {@code /} and its data as JSON at {@code /api/snapshot} (latest) and
 * {@code /api/history} (kept snapshots). The page draws its charts itself, with no external
 * scripts, so it works on a machine without internet access.
 */
public final class MonitorWebServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MonitorWebServer.class);

  private final HttpServer server;
  private final Monitor monitor;
  private final ObjectMapper json = new ObjectMapper();
  private final byte[] page;

  /** Starts serving on {@code host:port} (port 0 picks a free one). */
  public MonitorWebServer(Monitor monitor, String host, int port) {
    this.monitor = monitor;
    this.page = resource("web/index.html");
    try {
      this.server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot listen on " + host + ":" + port, e);
    }
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "monitor-web");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", this::index);
    server.createContext("/api/snapshot", ex -> sendJson(ex, monitor.latest()));
    server.createContext("/api/history", ex -> sendJson(ex, monitor.history()));
    server.start();
    LOG.info("Monitor web page at http://{}:{}/", host, port());
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void index(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/")) {
      send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
      return;
    }
    send(exchange, 200, "text/html; charset=utf-8", page);
  }

  private void sendJson(HttpExchange exchange, Object value) throws IOException {
    send(exchange, 200, "application/json", json.writeValueAsBytes(value));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = Monitor.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
