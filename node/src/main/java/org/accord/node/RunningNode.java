package org.accord.node;

import io.javalin.Javalin;
import java.util.Objects;
import org.accord.store.ObjectStore;

/** A started node: its address and store, and {@link #close()} to stop it (HTTP first, then the store). */
public final class RunningNode implements AutoCloseable {
  private final NodeConfig config;
  private final Javalin app;
  private final ObjectStore store;
  private boolean closed;

  RunningNode(NodeConfig config, Javalin app, ObjectStore store) {
    this.config = config;
    this.app = Objects.requireNonNull(app);
    this.store = Objects.requireNonNull(store);
  }

  /** The port actually bound (useful when the configuration asked for 0). */
  public int port() {
    return app.port();
  }

  /** e.g. {@code http://127.0.0.1:9440}, without a trailing slash. */
  public String baseUrl() {
    String scheme = config.tls() == null ? "http" : "https";
    return scheme + "://" + config.host() + ":" + port();
  }

  public ObjectStore store() {
    return store;
  }

  public NodeConfig config() {
    return config;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      app.stop();
    } finally {
      store.close();
    }
  }
}
