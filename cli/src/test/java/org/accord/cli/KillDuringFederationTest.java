package org.accord.cli;

import static org.accord.cli.TestObjects.CN_IDENTITY;
import static org.accord.cli.TestObjects.US_IDENTITY;
import static org.accord.cli.TestObjects.base;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.accord.ledger.Entry;
import org.accord.ledger.LedgerVerifier;
import org.accord.ledger.Reconciliation;
import org.accord.ledger.Verification;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.NodeKeys;
import org.accord.node.RunningNode;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.accord.store.ObjectStore;
import org.accord.store.StoredObject;
import org.accord.store.Stores;
import org.accord.taxii.client.Federation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CN's node as a separate process ({@code accord serve}), killed with SIGKILL twice while US federates with it: once
 * in the middle of serving US's pull, once in the middle of receiving US's push, and restarted each time on the same
 * data directory. Nothing a side acknowledged is lost, nothing is stored twice, CN's ledger (repaired at start if a
 * kill tore its last line) verifies, and the two ledgers reconcile.
 */
class KillDuringFederationTest {
  @TempDir Path dir;
  private Process cn;
  private RunningNode us;

  @AfterEach
  void stop() throws Exception {
    if (us != null) {
      us.close();
    }
    if (cn != null) {
      cn.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void sigkillOfTheServingAndOfTheReceivingNodeLosesNothingAndTheLedgersStillReconcile() throws Exception {
    TwoNodeSetup setup = TwoNodeSetup.prepare(dir, 0, 0, 0, 5);
    NodeConfig cnConfig = setup.cn().config();
    List<StixObject> offered = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      offered.add(StixObject.of(TestObjects.indicator(CN_IDENTITY, Tlp.GREEN, 80, "198.51.100." + (i % 250))));
    }
    try (ObjectStore store = Stores.open(Node.storeSettings(cnConfig))) {
      Node.ensureCollections(cnConfig, store);
      store.add(TwoNodeSetup.SHARED, offered);
    }
    cn = startCn(setup);
    us = Node.start(setup.us().config());

    // Pull: kill -9 CN once US holds some pages, restart it at once; US's retries ride it out or the next run resumes.
    CompletableFuture<List<Federation.Outcome>> pull = CompletableFuture.supplyAsync(() -> us.federate());
    await(() -> StoreScan.allVersions(us.store(), TwoNodeSetup.FROM_CN).size() >= 40);
    kill(cn);
    int atKill = StoreScan.allVersions(us.store(), TwoNodeSetup.FROM_CN).size();
    cn = startCn(setup);
    pull.get(120, TimeUnit.SECONDS);
    federateUntilNothingFails();
    assertThat(atKill).as("killed in the middle of the pull").isLessThan(offered.size());

    // Push: kill -9 CN once US has sent some envelopes. The sightings are of CN's indicators that US holds (a
    // sighting of an id US does not hold would be withheld by US's gate).
    List<StixObject> sightings = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ObjectNode s = base("sighting", US_IDENTITY, Tlp.AMBER);
      s.put("sighting_of_ref", offered.get(i).id());
      sightings.add(StixObject.of(s));
    }
    us.store().add(TwoNodeSetup.OUTBOX, sightings);
    CompletableFuture<List<Federation.Outcome>> push = CompletableFuture.supplyAsync(() -> us.federate());
    await(() -> sent(us) >= 4);
    kill(cn);
    long sentAtKill = sent(us);
    push.get(120, TimeUnit.SECONDS);
    cn = startCn(setup);
    federateUntilNothingFails();
    assertThat(sentAtKill * 5).as("killed in the middle of the push").isLessThan(sightings.size());

    // Stop CN for good (gracefully), then look at everything from the outside.
    cn.destroy();
    assertThat(cn.waitFor(60, TimeUnit.SECONDS)).isTrue();
    cn = null;
    Set<String> held = ids(StoreScan.allVersions(us.store(), TwoNodeSetup.FROM_CN));
    assertThat(held).hasSize(offered.size()).isEqualTo(idsOf(offered));
    try (ObjectStore store = Stores.open(Node.storeSettings(cnConfig))) {
      List<StoredObject> inbox = StoreScan.allVersions(store, TwoNodeSetup.INBOX);
      assertThat(ids(inbox)).hasSize(inbox.size()).isEqualTo(idsOf(sightings));
    }
    var cnKey = NodeKeys.loadOrCreate(cnConfig.dataDir()).getPublic();
    Verification v = LedgerVerifier.verify(Node.ledgerFile(cnConfig), cnKey);
    assertThat(v.ok()).as(v.message()).isTrue();
    List<Entry> cnEntries;
    try (var in = new ByteArrayInputStream(Files.readAllBytes(Node.ledgerFile(cnConfig)))) {
      cnEntries = LedgerVerifier.readExport(in, cnKey).stream().filter(e -> "us".equals(e.counterparty())).toList();
    }
    Reconciliation r = Reconciliation.between(us.ledger().entriesWith("cn"), cnEntries, "us", "cn");
    assertThat(r.differences()).isEmpty();
  }

  private void federateUntilNothingFails() {
    for (int run = 0; run < 5; run++) {
      if (us.federate().stream().noneMatch(o -> o instanceof Federation.Failed)) {
        return;
      }
    }
    throw new AssertionError("federation still fails after 5 runs");
  }

  private static long sent(RunningNode node) {
    try {
      return node.ledger().entriesWith("cn").stream().filter(e -> e.kind().name().equals("SENT")).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> ids(List<StoredObject> objects) {
    Set<String> ids = new HashSet<>();
    objects.forEach(o -> ids.add(o.entry().id()));
    return ids;
  }

  private static Set<String> idsOf(List<StixObject> objects) {
    Set<String> ids = new HashSet<>();
    objects.forEach(o -> ids.add(o.id()));
    return ids;
  }

  /** {@code accord serve} for CN in a child JVM; returns once it serves. */
  private Process startCn(TwoNodeSetup setup) throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path err = Files.createTempFile(dir, "cn-", ".err");
    Process p =
        new ProcessBuilder(java.toString(), "-cp", classPath, Main.class.getName(), "serve", "--config",
            setup.cn().configFile().toString())
            .redirectError(err.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    for (int i = 0; i < 1200; i++) {
      String text = Files.readString(err, StandardCharsets.UTF_8);
      if (text.contains("' serving http://")) {
        return p;
      }
      if (!p.isAlive()) {
        throw new AssertionError("CN's node exited with " + p.exitValue() + ": " + text);
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new AssertionError("CN's node did not start: " + Files.readString(err));
  }

  /** SIGKILL: no shutdown hook, nothing closed or flushed. */
  private static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 90 s");
      }
      Thread.sleep(2);
    }
  }
}
