package org.accord.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.CaseFile;
import org.accord.cases.Cases;
import org.accord.cases.State;
import org.accord.cases.Step;
import org.accord.cases.Transition;
import org.accord.cases.evidence.EvidenceException;
import org.accord.cases.evidence.EvidencePackage;
import org.accord.cases.evidence.EvidencePackages;
import org.accord.ledger.Entry;
import org.accord.ledger.Ledger;
import org.accord.ledger.ObjectRef;
import org.accord.rules.Agreement;
import org.accord.rules.Party;
import org.accord.rules.Rulebook;
import org.accord.taxii.client.Credentials;
import org.accord.taxii.client.TaxiiClient;
import org.accord.taxii.client.TaxiiClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the evidence that answers this node's requests home (issue 10, part 5): when the requested party's node
 * answers a request of this node's party, this node fetches the answer's evidence package from that node, over the
 * same HTTP channel and credentials as federation ({@code peers:}), checks it and keeps it under its own custody.
 *
 * <p>Design note. The answering node holds the package and lets only the requesting party's node read it ({@link
 * EvidenceEndpoints}); this class is the other end. On an answer from the requested party (a {@link
 * Cases.StepListener}: partial or full, each a new chance that files were added) it asks, on its own thread, for the
 * package's manifest ({@code GET /api/cases/{id}/evidence}); 404 means the answer came without evidence. A package
 * held here already is not fetched again. Otherwise it checks each file's size against {@code
 * cases.evidence_max_bytes} before a byte of it is read, downloads the export ({@code .../evidence/export}, streamed
 * to the spool, never longer than the manifest's files allow) and hands it to {@link EvidencePackages#receive}: the
 * package must verify whole with the key the rulebook pins for the answering party, be from it and for this node's
 * party; then its files go into this node's store and the chain gains a {@code received} entry signed here.
 *
 * <p>The two ledgers. The answering node writes a {@code SENT} entry to this party before the export leaves, this
 * node a {@code RECEIVED} entry from it once the package is kept, both naming the package ({@link #ref}: its id, the
 * manifest's digest as version) with the manifest's digest as payload hash, under the agreement that binds the two
 * parties; so {@code accord ledger reconcile} pairs them like any transfer, and an interrupted fetch that was repeated
 * shows as repeated, not as a difference.
 *
 * <p>Failures. A peer that cannot be reached, or answers 5xx, is asked again later (1 min, doubling to 1 h); a
 * package that fails its checks is refused (an ERROR naming each problem) and asked for again only on the next
 * answer, since fetching the same bytes again would fail the same way. At start the node looks again at every request
 * of its party that stands answered with no package held here, so a fetch cut off by a stop is made up.
 */
final class EvidenceDelivery implements Cases.StepListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceDelivery.class);
  static final Duration FIRST_RETRY = Duration.ofMinutes(1);
  static final Duration LAST_RETRY = Duration.ofHours(1);
  /** Room for the manifest, the custody chain and the zip's own records beside the files. */
  private static final long ZIP_OVERHEAD = 2L * (16 << 20) + 64 * 1024;

  private final String self;
  private final EvidencePackages packages;
  private final Ledger ledger;
  private final Supplier<Optional<Rulebook>> rulebook;
  private final Map<String, NodeConfig.PeerConfig> peers;
  private final Function<NodeConfig.PeerConfig, TaxiiClient> clients;
  private final long maxFileBytes;
  private final Path spool;
  private final ScheduledThreadPoolExecutor worker;
  /** Fetches due now, scheduled or running. */
  private final AtomicInteger due = new AtomicInteger();
  /** Requests with a fetch scheduled or running, so an answer arriving twice makes one fetch. */
  private final Map<String, Boolean> pending = new ConcurrentHashMap<>();
  private volatile Cases cases;

  EvidenceDelivery(
      String self, EvidencePackages packages, Ledger ledger, Supplier<Optional<Rulebook>> rulebook,
      List<NodeConfig.PeerConfig> peers, Function<NodeConfig.PeerConfig, TaxiiClient> clients, long maxFileBytes,
      Path spool) {
    this.self = Objects.requireNonNull(self, "self");
    this.packages = Objects.requireNonNull(packages, "packages");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.rulebook = Objects.requireNonNull(rulebook, "rulebook");
    this.peers = new ConcurrentHashMap<>();
    peers.forEach(p -> this.peers.put(p.party(), p));
    this.clients = Objects.requireNonNull(clients, "clients");
    this.maxFileBytes = maxFileBytes;
    this.spool = Objects.requireNonNull(spool, "spool");
    this.worker =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "accord-evidence-delivery");
              t.setDaemon(true);
              return t;
            });
    // At close, a fetch in progress ends (it may be appending to the ledger: never interrupted), retries wait no more.
    worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** The peers' clients as federation makes them: Basic credentials from {@code peers:}. */
  static TaxiiClient client(NodeConfig.PeerConfig peer) {
    return TaxiiClient.create(new Credentials(peer.user(), new String(peer.secret())));
  }

  /** The requests it serves; then looks again at every answered request of this party without its package. */
  void attach(Cases service) {
    this.cases = Objects.requireNonNull(service, "service");
    for (CaseFile f : service.list()) {
      AssistanceRequest r = f.request();
      State s = f.state().state();
      if (r.requester().equals(self) && (s == State.ANSWERED_FULL || s == State.ANSWERED_PARTIAL)) {
        schedule(r.id(), Duration.ZERO, FIRST_RETRY);
      }
    }
  }

  @Override
  public void stored(AssistanceRequest request, Step step) {
    if (request.requester().equals(self) && step.party().equals(request.requested())
        && (step.transition() == Transition.ANSWER_FULL || step.transition() == Transition.ANSWER_PARTIAL)) {
      schedule(request.id(), Duration.ZERO, FIRST_RETRY);
    }
  }

  /** How a fetch ended, and why (for the one who asked). */
  record Result(Outcome outcome, String detail) {}

  /** How a fetch ended. */
  enum Outcome {
    /** The package is held here now (or was already). */
    KEPT,
    /** The answering node holds no evidence for the request. */
    NONE,
    /** Refused for good: not intact, not for this party, too large, no peer or key to fetch it with. */
    REFUSED,
    /** Could not be fetched now; asked again later. */
    LATER
  }

  private void schedule(String requestId, Duration delay, Duration nextDelay) {
    if (pending.putIfAbsent(requestId, Boolean.TRUE) != null) {
      return;
    }
    if (delay.isZero()) {
      due.incrementAndGet();
    }
    try {
      worker.schedule(
          () -> {
            try {
              pending.remove(requestId);
              if (fetch(requestId).outcome() == Outcome.LATER) {
                Duration after = nextDelay.multipliedBy(2);
                schedule(requestId, nextDelay, after.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : after);
              }
            } finally {
              if (delay.isZero()) {
                due.decrementAndGet();
              }
            }
          },
          delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      pending.remove(requestId); // closing
      if (delay.isZero()) {
        due.decrementAndGet();
      }
    }
  }

  /**
   * Waits until every fetch due now has ended (retries later in time are not waited for); for tests and the demo.
   *
   * @return false when {@code within} passed first
   */
  boolean awaitIdle(Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (due.get() > 0) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /**
   * Fetches the evidence of {@code requestId} now, on the caller's thread (the scheduled fetches, and a user's
   * {@code POST /api/cases/{id}/evidence/fetch}); serialised with the scheduled ones.
   */
  synchronized Result fetch(String requestId) {
    Cases service = cases;
    Optional<CaseFile> file = service == null ? Optional.empty() : service.find(requestId);
    if (file.isEmpty() || !file.get().request().requester().equals(self)) {
      return new Result(Outcome.REFUSED, "request " + requestId + " is not one of " + self + "'s");
    }
    AssistanceRequest r = file.get().request();
    String sender = r.requested();
    NodeConfig.PeerConfig peer = peers.get(sender);
    Optional<Rulebook> book = rulebook.get();
    Party party = book.map(b -> b.parties().get(sender)).orElse(null);
    Optional<Agreement> agreement = book.flatMap(b -> b.agreementBinding(self, sender));
    if (peer == null || party == null || agreement.isEmpty()) {
      String why = peer == null ? "no peer " + sender + " is configured (peers:)"
          : "the rulebook in force has no party " + sender + " or no agreement binding it and " + self;
      LOG.warn("the evidence answering request {} cannot be fetched: {}", requestId, why);
      return new Result(Outcome.REFUSED, "the evidence answering request " + requestId + " cannot be fetched: " + why);
    }
    URI at = peer.url().resolve("/api/cases/" + URLEncoder.encode(requestId, StandardCharsets.UTF_8) + "/evidence");
    TaxiiClient client = clients.apply(peer);
    Path zip = spool.resolve("evidence-in-" + UUID.randomUUID() + ".zip");
    try {
      JsonNode view = client.getJson(at);
      JsonNode manifest = view.path("manifest");
      String packageId = manifest.path("id").asText();
      if (packages.forRequest(requestId).contains(packageId)) { // not any package held: one for this request
        return new Result(Outcome.KEPT, "evidence package " + packageId + " is held here already");
      }
      long total = 0;
      for (JsonNode f : manifest.path("files")) {
        long size = f.path("size").asLong(-1);
        if (size < 0 || size > maxFileBytes) {
          String why = "evidence package " + quoted(manifest.path("id")) + " from " + sender + " for request "
              + requestId + " is refused: file " + quoted(f.path("name")) + " has " + size
              + " bytes, over cases.evidence_max_bytes of " + maxFileBytes;
          LOG.error(why);
          return new Result(Outcome.REFUSED, why);
        }
        total += size;
      }
      Files.createDirectories(spool);
      client.download(URI.create(at + "/export"), "application/zip", zip, total + ZIP_OVERHEAD);
      PublicKey key = party.publicKey();
      EvidencePackage kept = packages.receive(zip, requestId, sender, key, "node " + self);
      ledger.append(
          Entry.Draft.received(sender, List.of(ref(kept)), agreement.get().id(), kept.manifest().digest()));
      LOG.info("evidence package {} for request {} received from {}: {} file(s), custody verified", kept.id(),
          requestId, sender, kept.manifest().files().size());
      return new Result(Outcome.KEPT, "evidence package " + kept.id() + " received from " + sender);
    } catch (TaxiiClientException.Http e) {
      if (e.status() == 404) {
        return new Result(Outcome.NONE, sender + "'s node holds no evidence for request " + requestId);
      }
      String why = "the evidence answering request " + requestId + " could not be fetched from " + sender + ": "
          + e.getMessage();
      LOG.warn(why);
      return new Result(e.status() >= 500 || e.status() == 429 ? Outcome.LATER : Outcome.REFUSED, why);
    } catch (EvidenceException e) {
      String why = "the evidence package from " + sender + " for request " + requestId + " is refused: "
          + e.getMessage();
      LOG.error(why);
      return new Result(Outcome.REFUSED, why);
    } catch (TaxiiClientException | IOException e) {
      String why = "the evidence answering request " + requestId + " could not be fetched from " + sender + ": "
          + Objects.toString(e.getMessage(), e.getClass().getSimpleName());
      LOG.warn(why);
      return new Result(Outcome.LATER, why);
    } catch (RuntimeException e) {
      String why = "the evidence answering request " + requestId + " could not be kept: "
          + Objects.toString(e.getMessage(), e.getClass().getSimpleName());
      LOG.warn(why);
      return new Result(Outcome.LATER, why);
    } finally {
      try {
        Files.deleteIfExists(zip);
      } catch (IOException e) {
        LOG.warn("cannot delete {}: {}", zip, e.getMessage());
      }
    }
  }

  /**
   * A value of the peer's unverified manifest as a log line and a user's answer may show it: JSON-quoted (a newline
   * or control character cannot start a forged log line) and at most 80 characters.
   */
  static String quoted(JsonNode peerValue) {
    String s = peerValue.isMissingNode() ? "(none)" : peerValue.toString();
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  /** How both ledgers name a package that crossed: its id, with the manifest's digest as the version. */
  static ObjectRef ref(EvidencePackage p) {
    return new ObjectRef(p.id(), p.manifest().digest());
  }

  @Override
  public void close() {
    worker.shutdown();
    try {
      if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("the evidence delivery did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
