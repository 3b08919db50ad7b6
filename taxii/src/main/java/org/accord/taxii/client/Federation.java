package org.accord.taxii.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pulls and pushes of every configured peer, now ({@link #runOnce()}) or each peer on its own schedule
 * ({@link #start}).
 *
 * <p>Design. A peer's run resolves the peer's API root (discovery's answer is kept until a run reaches nothing),
 * then pulls each configured remote collection ({@link Puller}) and pushes each configured local one ({@link
 * Pusher}). A link that fails (after the client's own retries) is logged and reported, and the run goes on with the
 * next link; the failed link resumes from its saved cursor at the next run. Who may read or write what at the peer is
 * the peer's rulebook's business; what may leave this node is the {@link PushFilter}'s.
 *
 * <p>Scheduling, for hundreds of peers (issue 12). Each peer has its own schedule: its next run is set, by one timer
 * thread that never blocks, {@code interval} after the end of its last run, and runs on a small pool of worker
 * threads ({@link Schedule#threads()}) shared by all peers. So:
 *
 * <ul>
 *   <li>a peer's run never overlaps itself (its next run is scheduled only when it ends, and a per-peer lock also
 *       keeps a {@link #runOnce()} from running beside it): each cursor and position has one writer;
 *   <li>a slow or dead peer holds one worker, not the others' schedule: the other peers run on the other workers.
 *       One request is bounded by the client's timeouts and retries ({@link TaxiiClient.Settings}); a run checks its
 *       budget ({@link Schedule#maxRun()}) between requests and pages and stops there, cursors saved, so a peer
 *       that keeps answering with more pages holds a worker for at most the budget plus one request. The budget is
 *       cooperative: an interrupt could land in the ledger's file channel and close it for the whole node;
 *   <li>a run that reached nothing (every link failed) counts as a failure: the peer is skipped for {@code interval
 *       × 2^failures}, capped at {@link Schedule#maxBackoff()}, and the first run that reaches it resets that. A
 *       dead peer so costs a bounded number of attempts per hour whatever the interval.
 * </ul>
 *
 * A peer's run touches only that peer's cursors and positions ({@link Puller}, {@link Pusher}); an idle run costs one
 * request per pulled collection and none per pushed one (the pusher looks at the local store before asking the
 * peer anything). With {@code threads} workers, at most {@code threads} peers can be stuck at once; each is
 * bounded as above.
 */
public final class Federation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Federation.class);
  /** How long {@link #close()} waits for the runs in progress before it interrupts them. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
  /** 2^20 intervals: more than any cap; keeps the shift far from overflowing a long of nanoseconds. */
  private static final int MAX_BACKOFF_EXPONENT = 20;

  private final List<PeerState> peers;
  private final Function<Peer, TaxiiClient> clients;
  private final Puller puller;
  private final Pusher pusher;
  private final Schedule schedule;
  private final Clock clock;
  /** Guards {@link #running}; separate from the per-peer locks that serialise runs, so stopping never waits on one. */
  private final Object lifecycle = new Object();
  private Running running;

  /**
   * How the peers' runs are scheduled.
   *
   * @param threads worker threads shared by all peers (each run holds one)
   * @param maxBackoff the longest a peer that failed is skipped (at least the interval is always waited)
   * @param maxRun a run's budget: checked between requests and pages (a request in flight is not cut)
   */
  public record Schedule(int threads, Duration maxBackoff, Duration maxRun) {
    /** 15 minutes: a dead peer costs at most 4 attempts an hour, and a restarted one is back within the quarter. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(15);
    /** 5 minutes: a quarter of a million objects at the default page size on loopback; far above an idle run. */
    public static final Duration DEFAULT_MAX_RUN = Duration.ofMinutes(5);
    /** 4: two cores do the work; more threads only wait on more peers at once. */
    public static final int DEFAULT_MAX_THREADS = 4;

    public Schedule {
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      Objects.requireNonNull(maxRun, "maxRun");
      if (threads < 1 || maxBackoff.isNegative() || maxRun.isNegative() || maxRun.isZero()) {
        throw new IllegalArgumentException("want threads >= 1, maxBackoff >= 0 and maxRun > 0");
      }
    }

    /** The defaults for a node with {@code peers} peers: {@code min(4, peers)} threads (at least one). */
    public static Schedule forPeers(int peers) {
      return new Schedule(
          Math.max(1, Math.min(DEFAULT_MAX_THREADS, peers)), DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RUN);
    }
  }

  /**
   * @param peers who to federate with
   * @param clients makes the TAXII client of a peer (its credentials, TLS, retry settings); called once per peer
   * @param puller pulls into the local store
   * @param pusher pushes from the local store
   */
  public Federation(List<Peer> peers, Function<Peer, TaxiiClient> clients, Puller puller, Pusher pusher) {
    this(peers, clients, puller, pusher, Schedule.forPeers(peers.size()), Clock.systemUTC());
  }

  /**
   * @param schedule threads, backoff and run budget
   * @param clock reads the time for the run budget
   */
  public Federation(
      List<Peer> peers, Function<Peer, TaxiiClient> clients, Puller puller, Pusher pusher, Schedule schedule,
      Clock clock) {
    this.peers = peers.stream().map(PeerState::new).toList();
    this.clients = Objects.requireNonNull(clients, "clients");
    this.puller = Objects.requireNonNull(puller, "puller");
    this.pusher = Objects.requireNonNull(pusher, "pusher");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.clock = Objects.requireNonNull(clock, "clock");
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

  /**
   * One run over every peer, one after another in this thread, without a budget; a peer whose scheduled run is in
   * progress is waited for. A peer in backoff is run all the same (the caller asked for it now).
   */
  public List<Outcome> runOnce() {
    List<Outcome> outcomes = new ArrayList<>();
    for (PeerState peer : peers) {
      outcomes.addAll(run(peer, () -> false));
    }
    return outcomes;
  }

  /** The consecutive runs of {@code party} that reached nothing (0 when its last run reached it). */
  public int failures(String party) {
    return peers.stream().filter(p -> p.peer.party().equals(party)).mapToInt(p -> p.failures.get()).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no peer " + party));
  }

  private List<Outcome> run(PeerState state, BooleanSupplier overtime) {
    state.lock.lock();
    try {
      List<Outcome> outcomes = runLinks(state, overtime);
      boolean reachedNothing = !outcomes.isEmpty() && outcomes.stream().allMatch(o -> o instanceof Failed);
      if (reachedNothing) {
        state.failures.incrementAndGet();
        state.apiRoot = null; // discovery is asked again: the peer may have moved its root
      } else {
        state.failures.set(0);
      }
      return outcomes;
    } finally {
      state.lock.unlock();
    }
  }

  /** The links of one peer; the caller holds its lock. */
  private List<Outcome> runLinks(PeerState state, BooleanSupplier overtime) {
    Peer peer = state.peer;
    List<Outcome> outcomes = new ArrayList<>();
    if (state.client == null) {
      state.client = clients.apply(peer);
    }
    TaxiiClient client = state.client;
    URI apiRoot;
    try {
      if (state.apiRoot == null) {
        state.apiRoot = peer.apiRootUrl(client);
      }
      apiRoot = state.apiRoot;
    } catch (RuntimeException e) {
      outcomes.add(failed(peer, "api root", e));
      return outcomes;
    }
    for (Peer.CollectionLink link : peer.pulls()) {
      if (overtime.getAsBoolean()) {
        outcomes.add(overBudget(peer, "pull " + link.remote()));
        continue;
      }
      try {
        outcomes.add(new Pulled(peer.party(), puller.pull(client, peer.party(), apiRoot, link, overtime)));
      } catch (RuntimeException e) {
        outcomes.add(failed(peer, "pull " + link.remote(), e));
      }
    }
    for (Peer.CollectionLink link : peer.pushes()) {
      if (overtime.getAsBoolean()) {
        outcomes.add(overBudget(peer, "push " + link.local()));
        continue;
      }
      try {
        outcomes.add(new Pushed(peer.party(), pusher.push(client, peer.party(), apiRoot, link, overtime)));
      } catch (RuntimeException e) {
        outcomes.add(failed(peer, "push " + link.local(), e));
      }
    }
    return outcomes;
  }

  private Failed overBudget(Peer peer, String link) {
    String why = "not run: the run's budget of " + schedule.maxRun().toSeconds() + " s is spent; next run";
    LOG.warn("federation with {}: {}: {}", peer.party(), link, why);
    return new Failed(peer.party(), link, why, true);
  }

  private static Failed failed(Peer peer, String link, RuntimeException e) {
    boolean retriable = e instanceof TaxiiClientException t && t.retriable();
    // The message of a TaxiiClientException names method, URL and status; a store failure names the database.
    LOG.warn("federation with {}: {} failed ({}): {}", peer.party(), link,
        retriable ? "will retry at the next run" : "not retriable", e.getMessage());
    return new Failed(peer.party(), link, String.valueOf(e.getMessage()), retriable);
  }

  /** Runs each peer every {@code interval} after the end of its last run (or later, in backoff), first run now. */
  public void start(Duration interval) {
    start(interval, outcomes -> {});
  }

  /**
   * As {@link #start(Duration)}, handing each peer run's outcomes (one peer's) to {@code afterRun}, in the worker
   * thread of that run, before the peer's next run is scheduled.
   */
  public void start(Duration interval, Consumer<List<Outcome>> afterRun) {
    Objects.requireNonNull(afterRun, "afterRun");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    synchronized (lifecycle) {
      if (running != null) {
        throw new IllegalStateException("federation is already running");
      }
      running = new Running(interval, afterRun);
      peers.forEach(running::dispatch);
    }
  }

  /** The delay before a peer's next run: the interval, or in backoff {@code interval × 2^failures} up to the cap. */
  static Duration nextDelay(Duration interval, int failures, Duration maxBackoff) {
    if (failures <= 0) {
      return interval;
    }
    Duration cap = maxBackoff.compareTo(interval) > 0 ? maxBackoff : interval;
    long nanos = interval.toNanos();
    int exponent = Math.min(failures, MAX_BACKOFF_EXPONENT);
    long grown = nanos > (Long.MAX_VALUE >> exponent) ? Long.MAX_VALUE : nanos << exponent;
    return grown >= cap.toNanos() ? cap : Duration.ofNanos(grown);
  }

  /**
   * Stops the schedule: no new run starts; the runs in progress are waited for (interrupted after 30 seconds). A run
   * that a caller started with {@link #runOnce()} in its own thread is that caller's to wait for.
   */
  @Override
  public void close() {
    Running stopping;
    synchronized (lifecycle) {
      stopping = running;
      running = null;
    }
    if (stopping != null) {
      stopping.stop();
    }
  }

  /** A peer, its client and what its runs share; all but {@link #failures} are guarded by {@link #lock}. */
  private static final class PeerState {
    final Peer peer;
    /** One run of this peer at a time, scheduled or {@link #runOnce()}: its cursors have one writer. */
    final ReentrantLock lock = new ReentrantLock();
    /** Consecutive runs that reached nothing; read by the scheduler after the run, outside the lock. */
    final AtomicInteger failures = new AtomicInteger();
    TaxiiClient client;
    /** The resolved API root, kept across runs: discovery is one request per run otherwise. */
    URI apiRoot;

    PeerState(Peer peer) {
      this.peer = Objects.requireNonNull(peer, "peer");
    }
  }

  /** One {@link #start}: the timer, the workers and what each run is handed to. */
  private final class Running {
    private final Duration interval;
    private final Consumer<List<Outcome>> afterRun;
    /** Sets each peer's next run; its tasks only hand a run to the workers, so it never blocks. */
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private volatile boolean stopped;

    Running(Duration interval, Consumer<List<Outcome>> afterRun) {
      this.interval = interval;
      this.afterRun = afterRun;
      this.timer = Executors.newSingleThreadScheduledExecutor(daemon("accord-federation-timer"));
      this.workers = Executors.newFixedThreadPool(schedule.threads(), daemon("accord-federation-"));
    }

    /** Hands a peer's run to the workers (it waits in their queue while all are busy). */
    void dispatch(PeerState peer) {
      try {
        workers.execute(() -> runScheduled(peer));
      } catch (RejectedExecutionException e) {
        // stopping: no more runs
      }
    }

    private void runScheduled(PeerState peer) {
      Duration next = interval;
      try {
        if (stopped) {
          return;
        }
        Instant budgetEnd = clock.instant().plus(schedule.maxRun());
        List<Outcome> outcomes = run(peer, () -> stopped || clock.instant().isAfter(budgetEnd));
        next = nextDelay(interval, peer.failures.get(), schedule.maxBackoff());
        if (next.compareTo(interval) > 0) {
          LOG.info("federation with {}: nothing reached in {} runs; next try in {} s", peer.peer.party(),
              peer.failures.get(), next.toSeconds());
        }
        afterRun.accept(outcomes);
      } catch (RuntimeException e) {
        // One peer's failure is logged and that peer keeps its schedule; no other peer is affected.
        LOG.error("federation run with {} failed", peer.peer.party(), e);
      } finally {
        if (!stopped) {
          try {
            timer.schedule(() -> dispatch(peer), next.toNanos(), TimeUnit.NANOSECONDS);
          } catch (RejectedExecutionException e) {
            // stopping
          }
        }
      }
    }

    void stop() {
      stopped = true;
      timer.shutdownNow(); // pending next runs are dropped; the timer holds no run
      workers.shutdown();
      try {
        if (!workers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          workers.shutdownNow();
        }
      } catch (InterruptedException e) {
        workers.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name.endsWith("-") ? name + n.incrementAndGet() : name);
      t.setDaemon(true);
      return t;
    };
  }
}
