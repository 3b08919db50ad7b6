package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.ClockEvent;
import org.accord.cases.Transition;
import org.accord.ledger.Entry;
import org.accord.ledger.EntryKind;
import org.accord.stix.StixJson;
import org.junit.jupiter.api.Test;

/**
 * The node escalates what its cases clock reports: a warning before a deadline and a miss reach both parties' webhooks
 * (a real local HTTP receiver), a miss is written to the ledger once (DEADLINE_MISSED), a webhook that fails is tried
 * again at the next tick without a second ledger entry, across a restart too, and the timer ticks by itself.
 */
class CaseEscalationTest {

  private static String cases(CaseNode.Webhook hook, int tickSeconds) {
    return String.join(
        "\n",
        "  tick_seconds: " + tickSeconds,
        "  warn_lead_seconds: 3600",
        "  webhook_timeout_seconds: 5",
        "  contacts:",
        "    home: { webhooks: ['" + hook.url("/home?token=s3cret") + "'] }",
        "    peer: { webhooks: ['" + hook.url("/peer") + "'] }");
  }

  /** A request from peer to home, received by home now: acknowledge within 24 h (T1.O1). */
  private static AssistanceRequest received(CaseNode n) {
    AssistanceRequest r = CaseNode.request("peer", "home", n.clock.instant());
    n.node.cases().create(r);
    n.node.cases().apply(r.id(), Transition.SEND, "peer");
    n.node.cases().apply(r.id(), Transition.RECEIVE, "home");
    return r;
  }

  private static List<Entry> misses(RunningNode node) throws Exception {
    List<Entry> out = new ArrayList<>();
    node.ledger().replay(e -> {
      if (e.kind() == EntryKind.DEADLINE_MISSED) {
        out.add(e);
      }
      return true;
    });
    return out;
  }

  @Test
  void aWarningAndAMissReachBothPartiesWebhooksAndTheMissIsLedgeredOnce() throws Exception {
    CaseNode.MovingClock clock = new CaseNode.MovingClock(CaseNode.t0());
    try (CaseNode.Webhook hook = new CaseNode.Webhook(); CaseNode n = CaseNode.start(clock, cases(hook, 0))) {
      AssistanceRequest r = received(n);

      clock.advance(Duration.ofHours(23).plusMinutes(30)); // within the hour before the acknowledgement is due
      assertThat(n.node.caseClock().tick()).hasAtLeastOneElementOfType(ClockEvent.Warning.class);
      assertThat(hook.paths).containsExactlyInAnyOrder("/home", "/peer");
      JsonNode warning = StixJson.mapper().readTree(hook.bodies.get(0));
      assertThat(warning.get("event").asText()).isEqualTo("warning");
      assertThat(warning.get("request_id").asText()).isEqualTo(r.id());
      assertThat(warning.get("clause").asText()).isEqualTo("T1.O1");
      assertThat(misses(n.node)).isEmpty();

      hook.bodies.clear();
      hook.paths.clear();
      clock.advance(Duration.ofHours(1)); // past due
      hook.status = 500; // both webhooks down: the miss is ledgered, and handed again at the next tick
      ch.qos.logback.classic.Logger log =
          (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(CaseEscalation.class);
      ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
          new ch.qos.logback.core.read.ListAppender<>();
      lines.start();
      log.addAppender(lines);
      try {
        n.node.caseClock().tick();
      } finally {
        log.detachAppender(lines);
      }
      List<String> logged = lines.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .toList();
      assertThat(logged).anyMatch(l -> l.startsWith("case deadline missed: request " + r.id()))
          .anyMatch(l -> l.equals("case webhook " + hook.url("") + " answered 500"))
          .noneMatch(l -> l.contains("s3cret") || l.contains("/home"));
      List<Entry> ledgered = misses(n.node);
      assertThat(ledgered).hasSize(1);
      Entry e = ledgered.get(0);
      assertThat(e.draft().counterparty()).isEqualTo("peer");
      assertThat(e.draft().clauseId()).isEqualTo("T1.O1");
      assertThat(e.draft().objects()).hasSize(1);
      assertThat(e.draft().objects().get(0).id()).isEqualTo(r.id());
      assertThat(e.draft().objects().get(0).version()).startsWith("acknowledge due ");
      assertThat(hook.bodies).isEmpty();

      hook.status = 204;
      clock.advance(Duration.ofSeconds(30));
      n.node.caseClock().tick();
      assertThat(hook.paths).containsExactlyInAnyOrder("/home", "/peer");
      JsonNode missed = StixJson.mapper().readTree(hook.bodies.get(0));
      assertThat(missed.get("event").asText()).isEqualTo("missed");
      assertThat(missed.get("deadline").asText()).isEqualTo("acknowledge");
      assertThat(missed.get("requester").asText()).isEqualTo("peer");
      assertThat(missed.get("due").asText()).isEqualTo(e.draft().objects().get(0).version().substring(16));
      assertThat(Entry.Draft.payloadHash(hook.bodies.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .as("the entry commits to the notification sent")
          .isEqualTo(e.payloadHash());
      assertThat(misses(n.node)).as("a retry writes no second entry").hasSize(1);

      clock.advance(Duration.ofSeconds(30));
      hook.bodies.clear();
      n.node.caseClock().tick();
      assertThat(hook.bodies).as("delivered: not sent again").isEmpty();
    }
  }

  @Test
  void aMissNotDeliveredBeforeARestartIsDeliveredAfterItWithoutASecondLedgerEntry() throws Exception {
    CaseNode.MovingClock clock = new CaseNode.MovingClock(CaseNode.t0());
    java.nio.file.Path dir;
    try (CaseNode.Webhook hook = new CaseNode.Webhook()) {
      try (CaseNode n = CaseNode.start(clock, cases(hook, 0))) {
        dir = n.dir;
        received(n);
        clock.advance(Duration.ofHours(25));
        hook.status = 503;
        n.node.caseClock().tick();
        assertThat(misses(n.node)).hasSize(1);
      }
      hook.status = 200;
      clock.advance(Duration.ofMinutes(1));
      try (CaseNode n = CaseNode.restart(dir, clock, cases(hook, 0))) {
        n.node.caseClock().tick();
        assertThat(hook.bodies).hasSize(2);
        assertThat(misses(n.node)).hasSize(1);
      }
    }
  }

  @Test
  void theNodeTicksOnItsOwnAndStopsTickingWhenClosed() throws Exception {
    CaseNode.MovingClock clock = new CaseNode.MovingClock(CaseNode.t0());
    try (CaseNode.Webhook hook = new CaseNode.Webhook()) {
      try (CaseNode n = CaseNode.start(clock, cases(hook, 1))) {
        received(n);
        clock.advance(Duration.ofHours(25));
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (misses(n.node).isEmpty() && System.nanoTime() < until) {
          Thread.sleep(100);
        }
        assertThat(misses(n.node)).hasSize(1);
      }
      assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
          .doesNotContain("accord-case-clock");
    }
  }
}
