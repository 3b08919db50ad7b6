package org.accord.taxii.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server (the JDK's) that answers requests from a script, in order, and records what it was sent: for
 * testing the client's side of the wire without a TAXII server. An exhausted script answers 500.
 */
final class ScriptedServer implements AutoCloseable {
  record Answer(int status, String body, Map<String, String> headers) {}

  record Request(String method, URI uri, String authorization, String accept, String contentType, String body) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
  private final HttpServer server;

  ScriptedServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::answer);
    server.start();
  }

  /** The API root {@code /api1/} of this server. */
  URI apiRoot() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api1/");
  }

  ScriptedServer then(int status, String body) {
    return then(status, body, Map.of());
  }

  ScriptedServer then(int status, String body, Map<String, String> headers) {
    script.add(new Answer(status, body, headers));
    return this;
  }

  private void answer(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Request(
            exchange.getRequestMethod(), exchange.getRequestURI(),
            exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Accept"),
            exchange.getRequestHeaders().getFirst("Content-Type"), body));
    Answer next = script.isEmpty() ? new Answer(500, "{}", Map.of()) : script.poll();
    next.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.getResponseHeaders().add("Content-Type", TaxiiClient.TAXII_21);
    byte[] bytes = next.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(next.status(), bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
