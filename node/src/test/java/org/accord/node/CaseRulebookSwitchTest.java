package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.CaseFile;
import org.accord.cases.Transition;
import org.accord.store.CaseRecords.DeadlineRow;
import org.junit.jupiter.api.Test;

/** A rulebook version activated while the node runs sets the clocks of the next receipt, with its clause id. */
class CaseRulebookSwitchTest {
  @Test
  void aRequestReceivedAfterARulebookSwitchRunsOnTheNewObligation() throws Exception {
    CaseNode.MovingClock clock = new CaseNode.MovingClock(CaseNode.t0());
    try (CaseNode n = CaseNode.start(clock, "  tick_seconds: 0")) {
      KeyPair home = NodeKeys.loadOrCreate(n.dir);
      KeyPair peer = NodeKeys.loadOrCreate(n.dir.resolve("peer"));
      String v2 = CaseNode.rulebook(2, "T1.O2", "12h", home, peer);
      String answer =
          Node.activateInRunningNode(n.node.config(), v2, CaseNode.signed(n.dir, v2).signatureFile());
      assertThat(answer).startsWith("OK");

      AssistanceRequest r = CaseNode.request("peer", "home", clock.instant());
      n.node.cases().create(r);
      n.node.cases().apply(r.id(), Transition.SEND, "peer");
      Instant at = clock.instant();
      CaseFile received = n.node.cases().apply(r.id(), Transition.RECEIVE, "home");
      DeadlineRow ack =
          received.deadlines().stream().filter(d -> d.deadline().equals("acknowledge")).findFirst().orElseThrow();
      assertThat(ack.clauseId()).isEqualTo("T1.O2");
      assertThat(ack.due()).isEqualTo(at.plus(Duration.ofHours(12)));
    }
  }
}
