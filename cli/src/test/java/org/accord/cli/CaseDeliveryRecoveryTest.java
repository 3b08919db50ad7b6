package org.accord.cli;

import static org.accord.cli.TwoNodeHttp.MEDIA;
import static org.accord.cli.TwoNodeHttp.json;
import static org.accord.cli.TwoNodeHttp.usNodeAtCn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.CaseFile;
import org.accord.cases.CaseStix;
import org.accord.cases.LegalBasis;
import org.accord.cases.RequestKind;
import org.accord.cases.State;
import org.accord.cases.Step;
import org.accord.cases.Transition;
import org.accord.cases.Urgency;
import org.accord.ledger.Ed25519;
import org.accord.ledger.Reconciliation;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.NodeKeys;
import org.accord.node.PeerLedger;
import org.accord.node.RunningNode;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.accord.store.ObjectQuery;
import org.accord.store.Stores;
import org.accord.store.VersionMatch;
import org.accord.taxii.client.Federation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, part 4: a case object refused for a reason that passes is not lost. Two real nodes under the demo's
 * rulebook over real HTTP (US pulls CN's {@code shared}, pushes its {@code outbox} to CN's {@code inbox}); each test
 * breaks one delivery the way it breaks in the field and checks that the two copies of the request end up the same.
 */
class CaseDeliveryRecoveryTest {
  @TempDir Path dir;
  private TwoNodeSetup setup;
  private RunningNode cn;
  private RunningNode us;
  private final HttpClient http = HttpClient.newHttpClient();

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    private volatile Instant now;

    MovingClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @AfterEach
  void stop() {
    if (us != null) {
      us.close();
    }
    if (cn != null) {
      cn.close();
    }
  }

  /**
   * US's clock runs 10 minutes ahead of CN's: its receipt reaches CN dated beyond CN's allowance for skew, and the
   * acknowledgement and answer behind it are out of sequence there. Before, all three were refused for good (the
   * push moved past them) and CN's copy stayed at "sent" for ever; now CN holds them back and applies them, in
   * order, once its clock has caught up.
   */
  @Test
  void stepsDatedAheadAndTheStepsBehindThemAreAppliedOnceTheClockCatchesUp() throws Exception {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MovingClock cnClock = new MovingClock(t0);
    MovingClock usClock = new MovingClock(t0.plus(Duration.ofMinutes(10)));
    start(cnClock, usClock);
    AssistanceRequest r = preservation("cn", "us");
    cn.cases().create(r);
    cn.cases().apply(r.id(), Transition.SEND, "cn");

    federate(); // US pulls the request and receives it; its receipt, dated 10 min ahead, is pushed to CN
    usClock.advance(Duration.ofSeconds(1));
    us.cases().apply(r.id(), Transition.ACKNOWLEDGE, "us");
    usClock.advance(Duration.ofSeconds(1));
    us.cases().apply(r.id(), Transition.ANSWER_FULL, "us", List.of(), "logs preserved");
    federate();
    assertThat(cn.cases().find(r.id()).orElseThrow().state().state()).as("nothing applied yet").isEqualTo(State.SENT);
    assertThat(Stores.cases(cn.store()).held()).hasSize(3);
    assertThat(us.cases().find(r.id()).orElseThrow().deliveries()).as("US's view says what CN did with its steps")
        .extracting(d -> d.seq() + " " + d.outcome()).containsExactly("2 held", "3 held", "4 held");
    assertThat(us.cases().find(r.id()).orElseThrow().deliveries()).extracting(d -> d.reason())
        .satisfiesExactly(
            why -> assertThat(why).contains("ahead of this node's clock"),
            why -> assertThat(why).contains("out of sequence: it waits for transition 2"),
            why -> assertThat(why).contains("out of sequence: it waits for transition 2"));

    cnClock.advance(Duration.ofMinutes(10).plusSeconds(3));
    cn.federate(); // after a run (or a clock tick), what is held back is tried again

    CaseFile atCn = cn.cases().find(r.id()).orElseThrow();
    CaseFile atUs = us.cases().find(r.id()).orElseThrow();
    assertThat(atCn.state().state()).isEqualTo(State.ANSWERED_FULL);
    assertThat(atCn.steps()).isEqualTo(atUs.steps()).extracting(Step::transition)
        .containsExactly(Transition.SEND, Transition.RECEIVE, Transition.ACKNOWLEDGE, Transition.ANSWER_FULL);
    assertThat(atCn.deadlines()).isEqualTo(atUs.deadlines());
    assertThat(Stores.cases(cn.store()).held()).isEmpty();
    assertThat(transitions(cn, TwoNodeSetup.INBOX)).as("their STIX copies are stored as they are applied")
        .hasSize(3);

    cn.cases().apply(r.id(), Transition.CLOSE, "cn");
    federate();
    assertThat(us.cases().find(r.id()).orElseThrow().deliveries()).as("CN's close shows it holds them all")
        .isEmpty();
    assertReconciles(cn, "cn", us, "us");
    assertReconciles(us, "us", cn, "cn");
  }

  /**
   * CN withdraws its request while US acknowledges it: each node has a third step the other refuses for good. US
   * pushes its acknowledgement, and CN's refusal comes back in the TAXII status; before, US's view of the request
   * said nothing of it (a log line only), now it shows the refusal and its reason.
   */
  @Test
  void aStepThePeerRefusedForGoodIsShownWithTheRequest() throws Exception {
    start(Clock.systemUTC(), Clock.systemUTC());
    AssistanceRequest r = preservation("cn", "us");
    cn.cases().create(r);
    cn.cases().apply(r.id(), Transition.SEND, "cn");
    federate();
    cn.cases().apply(r.id(), Transition.WITHDRAW, "cn");
    us.cases().apply(r.id(), Transition.ACKNOWLEDGE, "us");
    us.federate();

    CaseFile atUs = us.cases().find(r.id()).orElseThrow();
    assertThat(atUs.deliveries()).hasSize(1);
    assertThat(atUs.deliveries().get(0).seq()).isEqualTo(3);
    assertThat(atUs.deliveries().get(0).peer()).isEqualTo("cn");
    assertThat(atUs.deliveries().get(0).outcome()).isEqualTo("refused");
    assertThat(atUs.deliveries().get(0).reason()).contains("transition 3 of request " + r.id() + " is already"
        + " withdraw by cn");
    assertThat(org.accord.node.CaseViews.file(atUs).toString()).contains("\"delivery\":[{\"seq\":3,\"to\":\"cn\","
        + "\"outcome\":\"refused\"");
  }

  /**
   * US starts before its rulebook is in force: its gate refuses CN's request and its {@code send} ("no rulebook is
   * active"), and the pull's cursor moves past them. Before, US never learnt of the request and CN's copy said "sent"
   * for ever; now US holds both back, durably, and once it runs under the rulebook (here after a restart) receives
   * the request, starts its clocks and tells CN.
   */
  @Test
  void aRequestRefusedBeforeTheRulebookWasActiveIsReceivedOnceItIs() throws Exception {
    start(Clock.systemUTC(), Clock.systemUTC());
    us.close();
    Path book = us.config().dataDir().resolve(Node.RULEBOOK_DIR);
    Path aside = book.resolveSibling("rulebook-later");
    Files.move(book, aside);
    us = Node.start(setup.us().config());
    AssistanceRequest r = preservation("cn", "us");
    cn.cases().create(r);
    cn.cases().apply(r.id(), Transition.SEND, "cn");

    us.federate();
    assertThat(us.cases().find(r.id())).as("refused: no rulebook is active on US").isEmpty();
    assertThat(Stores.cases(us.store()).held()).extracting(h -> h.seq()).containsExactly(0, 1);
    assertThat(cn.cases().find(r.id()).orElseThrow().state().state()).isEqualTo(State.SENT);

    us.close();
    try (var made = Files.walk(book)) { // the history US opened, empty, meanwhile
      made.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Files.move(aside, book);
    us = Node.start(setup.us().config());
    federate();

    CaseFile atUs = us.cases().find(r.id()).orElseThrow();
    assertThat(atUs.state().state()).isEqualTo(State.RECEIVED);
    assertThat(atUs.clocks()).as("the obligation's clocks run at US").isPresent();
    assertThat(cn.cases().find(r.id()).orElseThrow().steps()).isEqualTo(atUs.steps());
    assertThat(holds(us, TwoNodeSetup.FROM_CN, CaseStix.stixId(r.id()))).isTrue();
    assertThat(transitions(us, TwoNodeSetup.FROM_CN)).hasSize(1);
    assertThat(Stores.cases(us.store()).held()).isEmpty();
  }

  /**
   * US applies CN's request and {@code send}, then its store refuses the page's STIX copies (a full disk, simulated
   * by a trigger that fails the insert once). The pull fails and its cursor stays, so the page comes again; the
   * redelivery must be recognised and its copies stored. Before, the redelivered {@code send} was refused as dated
   * before the receipt that followed it, and its STIX copy was never stored.
   */
  @Test
  void aCaseObjectAppliedBeforeItsStixCopyFailedIsStoredOnRedelivery() throws Exception {
    start(Clock.systemUTC(), Clock.systemUTC());
    AssistanceRequest r = preservation("cn", "us");
    cn.cases().create(r);
    cn.cases().apply(r.id(), Transition.SEND, "cn");

    String db = "jdbc:sqlite:" + us.config().dataDir().toAbsolutePath().resolve("accord.db");
    try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement()) {
      st.execute("CREATE TRIGGER refuse_once BEFORE INSERT ON object_versions WHEN NEW.object_id = '"
          + CaseStix.stixId(r.id()) + "' BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END");
    }
    List<Federation.Outcome> failed = us.federate();
    assertThat(failed).anyMatch(o -> o instanceof Federation.Failed);
    assertThat(us.cases().find(r.id()).orElseThrow().state().state()).as("applied").isEqualTo(State.RECEIVED);
    assertThat(holds(us, TwoNodeSetup.FROM_CN, CaseStix.stixId(r.id()))).as("but not stored as STIX").isFalse();
    try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement()) {
      st.execute("DROP TRIGGER refuse_once");
    }

    federate();
    assertThat(holds(us, TwoNodeSetup.FROM_CN, CaseStix.stixId(r.id()))).isTrue();
    assertThat(transitions(us, TwoNodeSetup.FROM_CN)).as("the send's STIX copy").hasSize(1);
    CaseFile atUs = us.cases().find(r.id()).orElseThrow();
    assertThat(atUs.steps()).extracting(Step::transition).containsExactly(Transition.SEND, Transition.RECEIVE);
    assertThat(cn.cases().find(r.id()).orElseThrow().steps()).isEqualTo(atUs.steps());
  }

  /**
   * CN's store refuses to publish its {@code send} (simulated by a trigger that fails the insert): before, the step
   * was stored but never published, and US never heard of the request; now CN's view says so, and the next run
   * publishes it.
   */
  @Test
  void aStepTheStoreRefusedToPublishIsShownAndPublishedAgain() throws Exception {
    start(Clock.systemUTC(), Clock.systemUTC());
    AssistanceRequest r = preservation("cn", "us");
    cn.cases().create(r);
    String db = "jdbc:sqlite:" + cn.config().dataDir().toAbsolutePath().resolve("accord.db");
    try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement()) {
      st.execute("CREATE TRIGGER refuse_once BEFORE INSERT ON object_versions WHEN NEW.type = '"
          + AccordExtension.TRANSITION_TYPE + "' BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END");
    }
    cn.cases().apply(r.id(), Transition.SEND, "cn");
    CaseFile atCn = cn.cases().find(r.id()).orElseThrow();
    assertThat(atCn.deliveries()).extracting(d -> d.seq() + " " + d.outcome()).containsExactly("1 unpublished");
    assertThat(atCn.deliveries().get(0).reason()).contains("disk full (simulated)");
    federate();
    assertThat(us.cases().find(r.id())).isEmpty();

    try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement()) {
      st.execute("DROP TRIGGER refuse_once");
    }
    cn.federate(); // publishes it again
    federate();
    assertThat(cn.cases().find(r.id()).orElseThrow().deliveries()).isEmpty();
    assertThat(us.cases().find(r.id()).orElseThrow().state().state()).isEqualTo(State.RECEIVED);
    assertThat(cn.cases().find(r.id()).orElseThrow().state().state()).isEqualTo(State.RECEIVED);
  }

  /**
   * What waits is bounded: a transition signed by another key is refused at once and never held, one for a request
   * CN never receives is held and then refused for good once it has waited too long, and neither stops the exchange
   * of a good request meanwhile.
   */
  @Test
  void aBadObjectIsRefusedAtOnceAndOneThatNeverAppliesIsDroppedWhileOthersProceed() throws Exception {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MovingClock cnClock = new MovingClock(t0);
    start(cnClock, Clock.systemUTC());
    AssistanceRequest never = preservation("us", "cn");
    Step send = new Step(never.id(), 1, Transition.SEND, "us", t0, List.of(), null);
    java.security.PrivateKey usKey = NodeKeys.loadOrCreate(setup.us().config().dataDir()).getPrivate();

    JsonNode forged = postToCnInbox(CaseStix.transition(never, send, Ed25519.generate().getPrivate()));
    assertThat(forged.path("failure_count").asInt()).isEqualTo(1);
    assertThat(forged.toString()).contains("case-refused").contains("the signature is not us's");
    JsonNode early = postToCnInbox(CaseStix.transition(never, send, usKey));
    assertThat(early.path("failure_count").asInt()).isEqualTo(1);
    assertThat(early.toString()).contains("case-held").contains("this node holds no such request between us and cn");
    assertThat(Stores.cases(cn.store()).held()).hasSize(1);

    AssistanceRequest good = preservation("us", "cn");
    us.cases().create(good);
    us.cases().apply(good.id(), Transition.SEND, "us");
    federate();
    assertThat(cn.cases().find(good.id()).orElseThrow().state().state()).isEqualTo(State.RECEIVED);
    assertThat(us.cases().find(good.id()).orElseThrow().state().state()).isEqualTo(State.RECEIVED);

    cnClock.advance(Duration.ofDays(8));
    cn.federate();
    assertThat(Stores.cases(cn.store()).held()).as("given up after the hold period").isEmpty();
    assertThat(cn.cases().find(never.id())).isEmpty();
  }

  private void start(Clock cnClock, Clock usClock) throws Exception {
    setup = TwoNodeSetup.prepare(dir, 0, 0, 0, 100);
    cn = Node.start(setup.cn().config(), cnClock);
    us = Node.start(setup.us().config(), usClock);
  }

  private static AssistanceRequest preservation(String requester, String requested) {
    return new AssistanceRequest(
        AssistanceRequest.TYPE + "--" + UUID.randomUUID(), RequestKind.PRESERVATION, requester, requested,
        new LegalBasis("A1.O1", "Budapest Convention art. 29"), "unauthorised access to a bank's payment systems",
        "Command servers at 203.0.113.7 directed the DDoS on the bank.",
        List.of("connection logs of 203.0.113.7, 1 to 3 March"), "Example Hosting", "data centre", Urgency.NORMAL,
        "finance", List.of(), Tlp.AMBER, Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  private void federate() {
    for (int run = 0; run < 2; run++) {
      assertThat(us.federate()).noneMatch(o -> o instanceof Federation.Failed);
    }
  }

  private static boolean holds(RunningNode node, String collection, String id) {
    ObjectQuery one = new ObjectQuery(Optional.empty(), 10, Optional.empty(), Set.of(id), Set.of(),
        VersionMatch.LAST, Set.of());
    return !node.store().objects(collection, one).items().isEmpty();
  }

  private static List<StixObject> transitions(RunningNode node, String collection) {
    ObjectQuery all = new ObjectQuery(Optional.empty(), 100, Optional.empty(), Set.of(),
        Set.of(AccordExtension.TRANSITION_TYPE), VersionMatch.ALL, Set.of());
    return node.store().objects(collection, all).items().stream().map(o -> o.object()).toList();
  }

  private JsonNode postToCnInbox(ObjectNode object) throws Exception {
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(URI.create(cn.baseUrl() + "/accord/collections/inbox/objects/"))
                .header("Authorization", usNodeAtCn(setup))
                .header("Accept", MEDIA)
                .header("Content-Type", MEDIA)
                .POST(HttpRequest.BodyPublishers.ofString(TwoNodeHttp.envelope(List.of(object))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    return json(posted);
  }

  private void assertReconciles(RunningNode mine, String me, RunningNode other, String them) throws Exception {
    NodeConfig.PeerConfig peer = mine.config().peer(them).orElseThrow();
    var party = setup.rulebook().rulebook().parties().get(them);
    Reconciliation r =
        Reconciliation.between(mine.ledger().entriesWith(them), new PeerLedger(peer, party).entries(), me, them);
    assertThat(r.differences()).as(me + " vs " + them).isEmpty();
  }
}
