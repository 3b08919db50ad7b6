package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.accord.hash.PdqHash;
import org.accord.hash.bank.Bank;
import org.accord.hash.bank.BankEntry;
import org.accord.hash.bank.BankStix;
import org.accord.ledger.Ed25519;
import org.accord.rules.Rulebook;
import org.accord.rules.RulebookParser;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectStore;
import org.accord.store.Origin;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's match index over a real SQLite store: the rulebook's thresholds, and the latest version winning. */
class NodeHashesTest {
  private static final String HOME = "identity--0b1c8d3e-2f4a-4b5c-8d6e-7f8091a2b3c4";
  private static final String PEER = "identity--9e8d7c6b-5a49-4382-a1b0-c9d8e7f60514";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
  private static final PdqHash BANKED = PdqHash.fromHex("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22");

  private static final String A = "00000001-0000-4000-8000-000000000000";
  private static final String B = "00000002-0000-4000-8000-000000000000";

  @TempDir Path dir;
  private ObjectStore store;

  @BeforeEach
  void open() {
    store = Stores.open(StoreSettings.embedded(dir));
    store.ensureCollection(new CollectionInfo(A, "a", null, "a", List.of()));
    store.ensureCollection(new CollectionInfo(B, "b", null, "b", List.of()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Rulebook rulebook(String hashes) {
    return RulebookParser.parse(String.join("\n",
        "rulebook: t", "version: 1", "parties:",
        "  home: { name: Home, identity: " + HOME + ", key: \"" + key() + "\" }",
        "  peer: { name: Peer, identity: " + PEER + ", key: \"" + key() + "\" }",
        hashes,
        "agreements:",
        "  - { id: T1, title: t, parties: [home, peer], clauses: [] }", ""), "t.yaml");
  }

  private static String key() {
    return NodeKeys.publicKeyText(Ed25519.generate());
  }

  /** {@code BANKED} with its first {@code n} bits flipped. */
  private static PdqHash flipped(int n) {
    long mask = n >= 64 ? -1L : (1L << n) - 1;
    return new PdqHash(BANKED.w0() ^ mask, BANKED.w1(), BANKED.w2(), BANKED.w3());
  }

  private BankEntry partnerEntry(String collection, Origin origin) {
    Bank bank = Bank.create("Peer bank", PEER, "terrorist-propaganda", Tlp.GREEN, null, null, CLOCK);
    BankEntry e = BankEntry.pdq(bank, BANKED, "still", CLOCK);
    store.add(collection, List.of(StixObject.of(BankStix.bank(bank)), StixObject.of(BankStix.entry(e))),
        List.of(origin, origin));
    return e;
  }

  @Test
  void theRulebookInForceSetsTheDistance() {
    Origin peer = new Origin("peer", "T1");
    partnerEntry(A, peer);
    Rulebook[] inForce = {rulebook("")};
    NodeHashes hashes = new NodeHashes(store, "a", HOME, "home", () -> Optional.of(inForce[0]), CLOCK);
    assertThat(hashes.matchHash(flipped(20), false).matches()).hasSize(1);
    assertThat(hashes.matchHash(flipped(20), false).matches().get(0).distance()).isEqualTo(20);
    inForce[0] = rulebook("hashes: { pdq_distance: 16 }");
    assertThat(hashes.matchHash(flipped(20), false).matches()).isEmpty();
    assertThat(hashes.matchHash(flipped(16), false).matches()).hasSize(1);
    assertThat(hashes.matchHash(flipped(20), false).thresholds().pdqDistance()).isEqualTo(16);
    assertThat(hashes.matchHash(flipped(16), false).matches().get(0).entry().origin()).isEqualTo(peer);
    assertThat(hashes.ownerParty(PEER)).isEqualTo("peer");
  }

  @Test
  void anOlderVersionArrivingLaterDoesNotReEnableAnEntry() {
    Origin peer = new Origin("peer", "T1");
    BankEntry e = partnerEntry(A, peer);
    BankEntry off = e.withDisabled(true, CLOCK.instant().plusSeconds(60));
    store.add(A, List.of(StixObject.of(BankStix.entry(off))), List.of(peer));
    NodeHashes hashes = new NodeHashes(store, null, HOME, "home", Optional::empty, CLOCK);
    assertThat(hashes.matchHash(BANKED, false).matches()).isEmpty();
    // the first version again, into another collection, after the disabled one
    store.add(B, List.of(StixObject.of(BankStix.entry(e))), List.of(peer));
    assertThat(hashes.refresh()).isZero();
    assertThat(hashes.matchHash(BANKED, false).matches()).isEmpty();
    BankEntry on = off.withDisabled(false, CLOCK.instant().plusSeconds(120));
    store.add(A, List.of(StixObject.of(BankStix.entry(on))), List.of(peer));
    assertThat(hashes.refresh()).isEqualTo(1);
    assertThat(hashes.matchHash(BANKED, false).matches()).hasSize(1);
  }

  @Test
  void aUserWhoMayNotReadWhereAnEntryIsHeldLearnsNotThatItExists() {
    BankEntry e = partnerEntry(B, new Origin("peer", "T1"));
    NodeHashes hashes = new NodeHashes(store, "a", HOME, "home", Optional::empty, CLOCK);
    java.util.function.Predicate<String> onlyA = A::equals;
    String unknownEntry = "x-accord-hash-entry--00000000-0000-4000-8000-000000000000";
    String unknownBank = "x-accord-hash-bank--00000000-0000-4000-8000-000000000000";
    // the same answer as for an id nothing holds: no 403 naming the owner
    for (String[] ids : new String[][] {{e.id(), e.bankRef()}, {unknownEntry, unknownBank}}) {
      assertThatThrownBy(() -> hashes.setDisabled(ids[0], true, onlyA))
          .isInstanceOf(NodeHashes.Refused.class).hasMessage("no hash entry " + ids[0])
          .extracting(x -> ((NodeHashes.Refused) x).status()).isEqualTo(404);
      List<NodeHashes.NewEntry> row = List.of(new NodeHashes.NewEntry("[0]", BANKED, List.of(), ""));
      assertThatThrownBy(() -> hashes.addEntries(ids[1], row, onlyA))
          .isInstanceOf(NodeHashes.Refused.class).hasMessage("no hash bank " + ids[1])
          .extracting(x -> ((NodeHashes.Refused) x).status()).isEqualTo(404);
    }
    // who may read it is told it is the peer's
    assertThatThrownBy(() -> hashes.setDisabled(e.id(), true, c -> true))
        .extracting(x -> ((NodeHashes.Refused) x).status()).isEqualTo(403);
  }

  @Test
  void aMatchNamesNoBankHeldWhereTheUserMayNotRead() {
    Origin peer = new Origin("peer", "T1");
    Bank bank = Bank.create("Secret bank name", PEER, "secret-category", Tlp.GREEN, null, null, CLOCK);
    BankEntry e = BankEntry.pdq(bank, BANKED, "still", CLOCK);
    store.add(B, List.of(StixObject.of(BankStix.bank(bank))), List.of(peer));
    store.add(A, List.of(StixObject.of(BankStix.entry(e))), List.of(peer));
    NodeHashes hashes = new NodeHashes(store, null, HOME, "home", Optional::empty, CLOCK);
    assertThat(hashes.matchHash(BANKED, false).matches().get(0).bank()).isNotNull();
    NodeHashes.Answer a = hashes.matchHash(BANKED, false, A::equals);
    assertThat(a.matches()).hasSize(1);
    assertThat(a.matches().get(0).bank()).isNull();
    assertThat(hashes.json(a).toString()).doesNotContain("Secret bank name").doesNotContain("secret-category");
  }

  @Test
  void anEntryClaimingAnotherCreatorsBankIsIgnored() {
    Bank bank = Bank.create("Home bank", HOME, "x", Tlp.GREEN, null, null, CLOCK);
    Bank forged = new Bank(bank.id(), "Home bank", PEER, "x", Tlp.GREEN, null, null, CLOCK.instant(), CLOCK.instant());
    BankEntry intruder = BankEntry.pdq(forged, BANKED, "planted", CLOCK);
    store.add(A, List.of(StixObject.of(BankStix.bank(bank))));
    store.add(B, List.of(StixObject.of(BankStix.entry(intruder))),
        List.of(new Origin("peer", "T1")));
    NodeHashes hashes = new NodeHashes(store, null, HOME, "home", Optional::empty, CLOCK);
    assertThat(hashes.matchHash(BANKED, false).matches()).isEmpty();
    // nor does it swell the bank's counts or listing, which a user reads as the bank's owner's
    assertThat(hashes.entries(bank.id())).isEmpty();
    assertThat(hashes.json(hashes.bank(bank.id())).get("entries").asInt()).isZero();
  }
}
