package org.accord.node;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.accord.cases.CaseClock;
import org.accord.cases.Cases;
import org.accord.ledger.Ledger;
import org.accord.store.CaseRecords;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectStore;
import org.accord.store.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's mutual-assistance requests: the {@link Cases} service over the store's case records and the rulebook in
 * force ({@link LiveGate}: a rulebook activated while the node runs sets the clocks of the next receipt), its {@link
 * CaseClock} escalating through {@link CaseEscalation}, and the timer thread that ticks the clock every {@code
 * cases.tick_seconds}. The first tick runs at start, so what fell due while the node was down is escalated at once.
 * Its {@link CaseExchange} publishes this node's own transitions for the other party and applies the other party's
 * on receipt; the gate ({@link LiveGate#cases}) hands it the case objects peers send. {@link #close} stops the
 * timer (waiting for a tick in progress) and lets queued escalation mails go out before the node closes its ledger
 * and store.
 */
final class NodeCases implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeCases.class);

  private final Cases cases;
  private final CaseClock clock;
  private final CaseEscalation escalation;
  private final CaseExchange exchange;
  private final ScheduledExecutorService timer;
  private final EvidenceDelivery delivery;

  /**
   * @param delivery brings home the evidence answering this party's requests, told of every stored step too; null
   *     for a command run while the node is stopped (the running node fetches what it missed at its next start)
   */
  NodeCases(NodeConfig config, ObjectStore store, Ledger ledger, LiveGate gate, KeyPair keys, Clock time,
      EvidenceDelivery delivery) {
    this.delivery = delivery;
    CaseRecords records = Stores.cases(store);
    NodeConfig.Cases settings = config.cases();
    this.escalation = new CaseEscalation(settings, config.party(), records, ledger);
    this.clock = new CaseClock(records, time, Duration.ofSeconds(settings.warnLeadSeconds()), escalation);
    String out = settings.collection() == null ? null : collectionId(store, settings.collection());
    this.exchange = new CaseExchange(config.party(), keys.getPrivate(), store, out, gate, time);
    this.cases = new Cases(records, () -> gate.rulebook().orElse(null), clock,
        delivery == null ? exchange : both(exchange, delivery));
    exchange.attach(cases);
    if (delivery != null) {
      delivery.attach(cases);
    }
    gate.cases(exchange);
    if (settings.tickSeconds() > 0) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "accord-case-clock");
                t.setDaemon(true);
                return t;
              });
      timer.scheduleWithFixedDelay(this::tick, 0, settings.tickSeconds(), TimeUnit.SECONDS);
    } else {
      timer = null;
    }
  }

  Cases cases() {
    return cases;
  }

  /** The exchange first (it publishes this party's steps), then the delivery, whatever the first did. */
  private static Cases.StepListener both(CaseExchange exchange, EvidenceDelivery delivery) {
    return new Cases.StepListener() {
      @Override
      public void stored(org.accord.cases.AssistanceRequest request, org.accord.cases.Step step) {
        try {
          exchange.stored(request, step);
        } finally {
          delivery.stored(request, step);
        }
      }

      @Override
      public void beforeSend(org.accord.cases.AssistanceRequest request) {
        exchange.beforeSend(request);
      }
    };
  }

  EvidenceDelivery delivery() {
    return delivery;
  }

  /** The id of the collection {@code cases.collection} names (id or alias). */
  private static String collectionId(ObjectStore store, String wanted) {
    return store.collection(wanted).map(CollectionInfo::id)
        .orElseThrow(() -> new IllegalArgumentException("cases.collection: no collection '" + wanted + "'"));
  }

  CaseExchange exchange() {
    return exchange;
  }

  CaseClock clock() {
    return clock;
  }

  /**
   * One tick, and another try of the case objects held back; a failure is logged and the next tick tries again (a
   * scheduled task that throws is never rerun).
   */
  private void tick() {
    try {
      clock.tick();
      exchange.retryHeld();
    } catch (RuntimeException e) {
      LOG.warn("case clock tick failed: {}", Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
    }
  }

  @Override
  public void close() {
    try {
      if (delivery != null) {
        delivery.close();
      }
      stopTimer();
    } finally {
      escalation.close(); // after the last tick: its mails go out (bounded by the SMTP timeout)
    }
  }

  private void stopTimer() {
    if (timer == null) {
      return;
    }
    timer.shutdown();
    try {
      if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("the case clock did not stop within 30 s");
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      timer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
