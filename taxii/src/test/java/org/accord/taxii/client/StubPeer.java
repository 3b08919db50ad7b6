package org.accord.taxii.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.accord.stix.StixJson;

/**
 * A peer over real HTTP (the JDK's server) for the federation's scheduling tests: discovery, API root and Get Objects
 * of one collection whose objects the test adds while it runs ({@code date_added} of the i-th object is {@link #T0}
 * plus i seconds, so {@code added_after} works as on a real server). It counts requests and the requests in flight
 * at once, and can answer each request after a delay (a slow peer) or with an error (a failing one).
 */
final class StubPeer implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger objectRequests = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final List<ObjectNode> objects = new CopyOnWriteArrayList<>();
  volatile Duration delay = Duration.ZERO;
  /** 0: answer; else answer every request with this status. */
  volatile int failWith;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  StubPeer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::answer);
    server.setExecutor(threads); // concurrent requests are possible, so an overlap would show
    server.start();
  }

  URI server() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      String path = exchange.getRequestURI().getPath();
      if (failWith != 0) {
        send(exchange, failWith, "{\"title\":\"unavailable\"}", null);
      } else if (path.equals("/taxii2/")) {
        send(exchange, 200, "{\"title\":\"stub\",\"default\":\"/api1/\",\"api_roots\":[\"/api1/\"]}", null);
      } else if (path.endsWith("/objects/") && exchange.getRequestMethod().equals("POST")) {
        exchange.getRequestBody().readAllBytes();
        send(exchange, 202, "{\"id\":\"s1\",\"status\":\"complete\",\"total_count\":1,\"success_count\":1}",
            null);
      } else if (path.endsWith("/objects/")) {
        objectRequests.incrementAndGet();
        objects(exchange);
      } else {
        send(exchange, 200, "{\"title\":\"R\",\"versions\":[],\"max_content_length\":1000000}", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
      exchange.close();
    }
  }

  private void objects(HttpExchange exchange) throws IOException {
    Instant after = addedAfter(exchange.getRequestURI().getRawQuery());
    ObjectNode envelope = StixJson.mapper().createObjectNode();
    ArrayNode out = envelope.putArray("objects");
    Instant last = null;
    for (int i = 0; i < objects.size(); i++) {
      Instant added = T0.plusSeconds(i);
      if (after == null || added.isAfter(after)) {
        out.add(objects.get(i));
        last = added;
      }
    }
    envelope.put("more", false);
    send(exchange, 200, envelope.toString(), last);
  }

  private static Instant addedAfter(String query) {
    if (query == null) {
      return null;
    }
    for (String param : query.split("&")) {
      if (param.startsWith("added_after=")) {
        return Instant.parse(URLDecoder.decode(param.substring("added_after=".length()), StandardCharsets.UTF_8));
      }
    }
    return null;
  }

  private static void send(HttpExchange exchange, int status, String body, Instant last) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", TaxiiClient.TAXII_21);
    if (last != null) {
      exchange.getResponseHeaders().add("X-TAXII-Date-Added-First", last.toString());
      exchange.getResponseHeaders().add("X-TAXII-Date-Added-Last", last.toString());
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  /** A peer that accepts connections and never answers: counts the connections it was offered. */
  static final class Dead implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    Dead() {
      try {
        socket = new ServerSocket(0, 200, java.net.InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      acceptor = new Thread(this::accept, "dead-peer");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI server() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          held.add(socket.accept()); // held open, never read, never answered
          connections.incrementAndGet();
        } catch (IOException e) {
          return;
        }
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
        for (Socket s : held) {
          s.close();
        }
      } catch (IOException e) {
        // closing test sockets
      }
    }
  }
}
