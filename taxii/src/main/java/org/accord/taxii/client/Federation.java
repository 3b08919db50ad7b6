package org.accord.taxii.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pulls and pushes of every configured peer, now ({@link #runOnce()}) or every interval ({@link #start}).
 *
 * <p>Design. One run visits each peer in turn: it resolves the peer's API root, then pulls each configured remote
 * collection ({@link Puller}) and pushes each configured local one ({@link Pusher}). A link that fails (after the
 * client's own retries) is logged and reported, and the run goes on with the next link: one peer down never stops
 * federation with the others, and the failed link resumes from its saved cursor at the next run. Runs never overlap
 * (one thread, fixed delay), so a cursor has one writer. Who may read or write what at the peer is the peer's
 * rulebook's business; what may leave this node is the {@link PushFilter}'s.
 */
public final class Federation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Federation.class);

  private final List<Peer> peers;
  private final Function<Peer, TaxiiClient> clients;
  private final Puller puller;
  private final Pusher pusher;
  private final Map<String, TaxiiClient> clientByParty = new ConcurrentHashMap<>();
  /** Guards {@link #scheduler}; separate from the monitor that serialises runs, so stopping never waits on a lock. */
  private final Object schedule = new Object();
  private ScheduledExecutorService scheduler;

  /**
   * @param peers who to federate with
   * @param clients makes the TAXII client of a peer (its credentials, TLS, retry settings); called once per peer
   * @param puller pulls into the local store
   * @param pusher pushes from the local store
   */
  public Federation(List<Peer> peers, Function<Peer, TaxiiClient> clients, Puller puller, Pusher pusher) {
    this.peers = List.copyOf(peers);
    this.clients = Objects.requireNonNull(clients, "clients");
    this.puller = Objects.requireNonNull(puller, "puller");
    this.pusher = Objects.requireNonNull(pusher, "pusher");
  }

  /** What happened to one link in one run. */
  public sealed interface Outcome permits Pulled, Pushed, Failed {
    String party();
  }

  public record Pulled(String party, Puller.PullResult result) implements Outcome {}

  public record Pushed(String party, Pusher.PushResult result) implements Outcome {}

  /**
   * @param link what failed: {@code pull <remote>}, {@code push <local>} or {@code api root}
   * @param error the exception's message (never a secret: see {@link TaxiiClientException})
   * @param retriable whether the next run may do better
   */
  public record Failed(String party, String link, String error, boolean retriable) implements Outcome {}

  /** One run over every peer, in this thread. */
  public synchronized List<Outcome> runOnce() {
    List<Outcome> outcomes = new ArrayList<>();
    for (Peer peer : peers) {
      runPeer(peer, outcomes);
    }
    return outcomes;
  }

  private void runPeer(Peer peer, List<Outcome> outcomes) {
    TaxiiClient client = clientByParty.computeIfAbsent(peer.party(), p -> clients.apply(peer));
    URI apiRoot;
    try {
      apiRoot = peer.apiRootUrl(client);
    } catch (RuntimeException e) {
      outcomes.add(failed(peer, "api root", e));
      return;
    }
    for (Peer.CollectionLink link : peer.pulls()) {
      try {
        outcomes.add(new Pulled(peer.party(), puller.pull(client, peer.party(), apiRoot, link)));
      } catch (RuntimeException e) {
        outcomes.add(failed(peer, "pull " + link.remote(), e));
      }
    }
    for (Peer.CollectionLink link : peer.pushes()) {
      try {
        outcomes.add(new Pushed(peer.party(), pusher.push(client, peer.party(), apiRoot, link)));
      } catch (RuntimeException e) {
        outcomes.add(failed(peer, "push " + link.local(), e));
      }
    }
  }

  private static Failed failed(Peer peer, String link, RuntimeException e) {
    boolean retriable = e instanceof TaxiiClientException t && t.retriable();
    // The message of a TaxiiClientException names method, URL and status; a store failure names the database.
    LOG.warn("federation with {}: {} failed ({}): {}", peer.party(), link,
        retriable ? "will retry at the next run" : "not retriable", e.getMessage());
    return new Failed(peer.party(), link, String.valueOf(e.getMessage()), retriable);
  }

  /** Runs every {@code interval} (measured from the end of one run to the start of the next), first run now. */
  public void start(Duration interval) {
    start(interval, outcomes -> {});
  }

  /** As {@link #start(Duration)}, handing each run's outcomes to {@code afterRun} (in the federation's thread). */
  public void start(Duration interval, java.util.function.Consumer<List<Outcome>> afterRun) {
    synchronized (schedule) {
      startLocked(interval, afterRun);
    }
  }

  private void startLocked(Duration interval, java.util.function.Consumer<List<Outcome>> afterRun) {
    if (scheduler != null) {
      throw new IllegalStateException("federation is already running");
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "accord-federation");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        () -> runQuietly(afterRun), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runQuietly(java.util.function.Consumer<List<Outcome>> afterRun) {
    try {
      afterRun.accept(runOnce());
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: log and keep the schedule.
      LOG.error("federation run failed", e);
    }
  }

  /**
   * Stops the schedule and waits for a scheduled run in progress to end (it is interrupted after 30 seconds). A run
   * that a caller started with {@link #runOnce()} in its own thread is that caller's to wait for.
   */
  @Override
  public void close() {
    synchronized (schedule) {
      closeLocked();
    }
  }

  private void closeLocked() {
    if (scheduler == null) {
      return;
    }
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
    scheduler = null;
  }
}
