package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import org.accord.cli.CliTest.Run;
import org.accord.ledger.Ed25519;
import org.accord.ledger.Entry;
import org.accord.ledger.Ledger;
import org.accord.ledger.ObjectRef;
import org.accord.node.NodeKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code accord ledger verify} and {@code reconcile}: ledgers written with the ledger module's own API by this node
 * (party cn, its key from {@code node.key}) and by a peer (party us, a key of its own).
 */
class LedgerCommandTest {
  @TempDir Path dir;

  Path data;
  KeyPair cnKeys;
  KeyPair usKeys = Ed25519.generate();
  final List<ObjectRef> objects =
      List.of(new ObjectRef("indicator--1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d", "2026-01-01T00:00:00.000Z"));
  final String payload = Entry.Draft.payloadHash("the bundle".getBytes(StandardCharsets.UTF_8));

  String[] node(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data-dir";
    all[args.length + 1] = data.toString();
    all[args.length + 2] = "-c";
    all[args.length + 3] = dir.resolve("cn.yaml").toString();
    return all;
  }

  @BeforeEach
  void node() throws Exception {
    data = dir.resolve("cn");
    Files.writeString(dir.resolve("cn.yaml"), "party: cn\n");
    cnKeys = NodeKeys.loadOrCreate(data);
  }

  /** This node's ledger: a rulebook activation, then one transfer to us. */
  Path myLedger() throws Exception {
    Path file = data.resolve(org.accord.node.Node.LEDGER_FILE);
    try (Ledger l = Ledger.open(file, cnKeys, "cn", Clock.systemUTC())) {
      l.append(Entry.Draft.rulebookActivated(new ObjectRef("test-pact", "1"), payload));
      l.append(Entry.Draft.sent("us", objects, "A1.S1", payload));
    }
    return file;
  }

  /** us's export of its entries with cn: the RECEIVED of what cn sent, with {@code receivedPayload}. */
  Path theirExport(String receivedPayload) throws Exception {
    Path file = dir.resolve("us-ledger.jsonl");
    try (Ledger l = Ledger.open(file, usKeys, "us", Clock.systemUTC())) {
      l.append(Entry.Draft.received("cn", objects, "A1.S1", receivedPayload));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      l.exportWith("cn", out);
      Path export = dir.resolve("us-export.jsonl");
      Files.write(export, out.toByteArray());
      return export;
    }
  }

  /** Issue 8, finding 7c: a ledger cut at a line boundary passed verify. */
  @Test
  void verifyReportsALedgerCutBelowItsHeadAnchor() throws Exception {
    Path file = data.resolve(org.accord.node.Node.LEDGER_FILE);
    try (Ledger l = Ledger.open(file, cnKeys, "cn", Clock.systemUTC(),
        List.of(org.accord.ledger.HeadAnchor.file(org.accord.ledger.HeadAnchor.besideFile(file))))) {
      l.append(Entry.Draft.rulebookActivated(new ObjectRef("test-pact", "1"), payload));
      l.append(Entry.Draft.sent("us", objects, "A1.S1", payload));
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Files.writeString(file, lines.get(0) + "\n");

    Run r = CliTest.run(node("ledger", "verify"));

    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.out()).startsWith("BROKEN ").contains("contradicts its head anchor")
        .contains("the ledger ends at seq 1").contains("commits to seq 2");
  }

  /** Issue 8, finding 7c: a ledger deleted or cut together with its head file is still reported, by the database's. */
  @Test
  void verifyHoldsTheLedgerAgainstTheHeadInTheNodesDatabase() throws Exception {
    Path file = myLedger();
    try (Ledger l = Ledger.open(file, cnKeys, "cn", Clock.systemUTC());
        org.accord.store.ObjectStore store =
            org.accord.store.Stores.open(org.accord.store.StoreSettings.embedded(data))) {
      org.accord.store.Stores.ledgerHeads(store).write("cn", l.checkpoint().toJson());
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Files.writeString(file, lines.get(0) + "\n");

    Run cut = CliTest.run(node("ledger", "verify"));

    assertThat(cut.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(cut.out()).startsWith("BROKEN ").contains("the ledger ends at seq 1").contains("commits to seq 2");

    Files.delete(file);
    Run missing = CliTest.run(node("ledger", "verify"));

    assertThat(missing.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(missing.out()).startsWith("BROKEN ").contains("the ledger is missing").contains("seq 2");
  }

  @Test
  void verifyOfTheNodesLedgerPrintsOkWithCountAndHead() throws Exception {
    myLedger();
    Run r = CliTest.run(node("ledger", "verify"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("OK ").contains("2 entries verified, head hash ");
  }

  @Test
  void anEditedLineIsReportedAsTheFirstBadEntry() throws Exception {
    Path file = myLedger();
    List<String> lines = Files.readAllLines(file);
    Files.write(file, List.of(lines.get(0), lines.get(1).replace("A1.S1", "A1.S2")));
    Run r = CliTest.run(node("ledger", "verify", file.toString()));
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.out()).startsWith("BROKEN ").contains("line 2 (seq 2)");
  }

  @Test
  void aRemovedLineBreaksTheChain() throws Exception {
    Path file = myLedger();
    List<String> lines = Files.readAllLines(file);
    Files.write(file, List.of(lines.get(1)));
    Run r = CliTest.run(node("ledger", "verify", file.toString()));
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.out()).contains("line 1");
  }

  @Test
  void anotherPartysLedgerVerifiesWithItsKeyOnly() throws Exception {
    Path file = dir.resolve("their.jsonl");
    try (Ledger l = Ledger.open(file, usKeys, "us", Clock.systemUTC())) {
      l.append(Entry.Draft.received("cn", objects, "A1.S1", payload));
    }
    String theirKey = Ed25519.encodePublic(usKeys.getPublic());
    Run ok = CliTest.run(node("ledger", "verify", file.toString(), "--key", theirKey));
    assertThat(ok.exit()).as(ok.out()).isZero();
    Run withMine = CliTest.run(node("ledger", "verify", file.toString()));
    assertThat(withMine.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(withMine.out()).contains("bad signature");
  }

  @Test
  void aMalformedKeyIsAUsageError() throws Exception {
    myLedger();
    assertThat(CliTest.run(node("ledger", "verify", "--key", "ed25519:???")).exit()).isEqualTo(Main.USAGE);
  }

  @Test
  void aMissingLedgerIsAnIoFailure() {
    Run r = CliTest.run(node("ledger", "verify"));
    assertThat(r.exit()).isEqualTo(Main.FAILURE);
    assertThat(r.err()).contains("ledger.jsonl");
  }

  @Test
  void reconcileAgreesWhenTheyRecordWhatWasSent() throws Exception {
    Path mine = myLedger();
    Path theirs = theirExport(payload);
    Run r = reconcile(mine, theirs);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("OK cn and us agree");
  }

  @Test
  void reconcileReportsADifferentPayload() throws Exception {
    Path mine = myLedger();
    Path theirs = theirExport(Entry.Draft.payloadHash("other bytes".getBytes(StandardCharsets.UTF_8)));
    Run r = reconcile(mine, theirs);
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.out()).contains("PAYLOAD_DIFFERS", "DISAGREE 1 difference(s)");
  }

  @Test
  void reconcileReportsWhatTheyNeverRecorded() throws Exception {
    Path mine = myLedger();
    Path theirs = dir.resolve("empty.jsonl");
    Files.writeString(theirs, "");
    Run r = reconcile(mine, theirs);
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.out()).contains("SENT_NOT_RECEIVED");
  }

  @Test
  void reconcileRefusesAnEditedExport() throws Exception {
    Path mine = myLedger();
    Path theirs = theirExport(payload);
    Files.writeString(theirs, Files.readString(theirs).replace("A1.S1", "A1.S9"));
    Run r = reconcile(mine, theirs);
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.out()).startsWith("BROKEN ").contains("us-export.jsonl", "export line 1");
  }

  private Run reconcile(Path mine, Path theirs) {
    return CliTest.run(
        node(
            "ledger", "reconcile", "us",
            "--mine", mine.toString(),
            "--theirs", theirs.toString(),
            "--their-key", Ed25519.encodePublic(usKeys.getPublic())));
  }
}
