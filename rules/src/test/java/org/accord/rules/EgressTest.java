package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.accord.rules.References.Released;
import org.accord.rules.References.Resolution;
import org.accord.rules.References.Unknown;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

/** One test per TLP rule, per built-in refusal and per attack, on the example rulebook, deciding as party us. */
class EgressTest {
  private final Rulebook rulebook = Fixtures.example();
  private final Egress us = Fixtures.gate(rulebook, "us");
  private final Provenance own = Provenance.own();

  private static ObjectNode ours() {
    return Fixtures.indicator(Fixtures.US_IDENTITY);
  }

  @Test
  void clearGoesToThePublicFeedThroughItsClause() {
    Decision d = us.decidePublic(Fixtures.marked(ours(), Tlp.CLEAR), own);
    assertThat(d).isInstanceOf(Decision.Transform.class);
    assertThat(d.clauseId()).isEqualTo("P1");
    assertThat(d.released().orElseThrow().jsonView().has("x_accord_sectors")).isFalse();
  }

  @Test
  void greenNeverReachesThePublicFeed() {
    Decision d = us.decidePublic(Fixtures.marked(ours(), Tlp.GREEN), own);
    assertThat(d).isInstanceOf(Decision.Deny.class);
    assertThat(d.clauseId()).isEqualTo(Egress.NOT_PUBLIC);
  }

  @Test
  void greenGoesToTheCommunityOfTheAgreement() {
    Decision d = us.decide(Fixtures.marked(ours(), Tlp.GREEN), own, "eu");
    assertThat(d).isInstanceOf(Decision.Allow.class);
    assertThat(d.clauseId()).isEqualTo("A3.S1");
  }

  @Test
  void amberGoesOnlyWhereAClauseAllowsAmber() {
    Decision toCn = us.decide(Fixtures.marked(ours(), Tlp.AMBER), own, "cn");
    assertThat(toCn).isInstanceOf(Decision.Transform.class);
    assertThat(toCn.clauseId()).isEqualTo("A1.S1");
    Decision toEu = us.decide(Fixtures.marked(ours(), Tlp.AMBER), own, "eu");
    assertThat(toEu.clauseId()).isEqualTo(Egress.DEFAULT_DENY);
    assertThat(toEu.reason()).contains("nearest clause A3.S1: TLP:AMBER is not among its levels");
  }

  @Test
  void unmarkedObjectsCountAsAmber() {
    StixObject unmarked = StixObject.of(ours());
    assertThat(us.decide(unmarked, own, "cn").clauseId()).isEqualTo("A1.S1");
    Decision toEu = us.decide(unmarked, own, "eu");
    assertThat(toEu.clauseId()).isEqualTo(Egress.DEFAULT_DENY);
    assertThat(toEu.reason()).startsWith("TLP:AMBER (unmarked, treated as AMBER)");
    assertThat(us.decidePublic(unmarked, own).clauseId()).isEqualTo(Egress.NOT_PUBLIC);
  }

  @Test
  void aStricterNodeDefaultWinsOverTheRulebooks() {
    Egress strict =
        new Egress(rulebook, new Egress.Settings("us", Tlp.RED, Fixtures.CLOCK), new Transforms(Fixtures.SECRET));
    assertThat(strict.decide(StixObject.of(ours()), own, "cn").clauseId()).isEqualTo(Egress.TLP_RED);
  }

  @Test
  void amberStrictNeedsAClauseThatNamesIt() {
    Decision d = us.decide(Fixtures.marked(ours(), Tlp.AMBER_STRICT), own, "cn");
    assertThat(d.clauseId()).isEqualTo(Egress.DEFAULT_DENY);
  }

  @Test
  void redGoesOnlyToRecipientsAClauseNames() {
    ObjectNode o = ours();
    o.putArray("labels").add("joint-operation-7");
    o.put("confidence", 90);
    o.put("description", "source: a named informant");
    StixObject red = Fixtures.marked(o, Tlp.RED);
    Decision toCn = us.decide(red, own, "cn");
    assertThat(toCn).isInstanceOf(Decision.Transform.class);
    assertThat(toCn.clauseId()).isEqualTo("A1.S3");
    assertThat(toCn.released().orElseThrow().jsonView().has("description")).isFalse();
    assertThat(red.jsonView().has("description")).isTrue();
    Decision toEu = us.decide(red, own, "eu");
    assertThat(toEu.clauseId()).isEqualTo(Egress.TLP_RED);
  }

  @Test
  void redWithoutTheClausesLabelOrConfidenceIsDenied() {
    ObjectNode o = ours();
    o.putArray("labels").add("joint-operation-7");
    o.put("confidence", 50);
    Decision d = us.decide(Fixtures.marked(o, Tlp.RED), own, "cn");
    assertThat(d.clauseId()).isEqualTo(Egress.TLP_RED);
    assertThat(d.reason()).contains("nearest clause A1.S3: confidence is below 80");
  }

  @Test
  void receivedAmberStrictAndRedAreNeverPassedOn() {
    Provenance fromCn = Provenance.receivedFrom("cn", "A3");
    ObjectNode theirs = Fixtures.indicator(Fixtures.CN_IDENTITY);
    for (Tlp t : List.of(Tlp.AMBER_STRICT, Tlp.RED)) {
      Decision d = us.decide(Fixtures.marked(theirs.deepCopy(), t), fromCn, "eu");
      assertThat(d.clauseId()).as(t.name()).isEqualTo(Egress.NO_RESHARE);
      assertThat(d.released()).isEmpty();
    }
  }

  @Test
  void noLaunderingThroughAThirdNode() {
    StixObject theirs = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.GREEN);
    Decision underA1 = us.decide(theirs, Provenance.receivedFrom("cn", "A1"), "eu");
    assertThat(underA1.clauseId()).isEqualTo(Egress.NO_LAUNDERING);
    assertThat(underA1.reason()).contains("received from cn under A1");
    Decision underA3 = us.decide(theirs, Provenance.receivedFrom("cn", "A3"), "eu");
    assertThat(underA3.clauseId()).isEqualTo("A3.S2");
  }

  @Test
  void ownClauseDoesNotCoverReceivedObjects() {
    StixObject theirs = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.GREEN);
    Decision back = us.decide(theirs, Provenance.receivedFrom("cn", "A1"), "cn");
    assertThat(back.clauseId()).isEqualTo(Egress.NO_LAUNDERING);
    assertThat(us.decidePublic(Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.CLEAR),
        Provenance.receivedFrom("cn", "A3")).clauseId()).isEqualTo(Egress.NO_LAUNDERING);
  }

  @Test
  void objectClaimingAnotherPartyAsProducerIsRefused() {
    StixObject crafted = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.GREEN);
    Decision relayed = us.decide(crafted, Provenance.receivedFrom("eu", "A3"), "cn");
    assertThat(relayed.clauseId()).isEqualTo(Egress.CRAFTED_PRODUCER);
    assertThat(relayed.reason()).contains("claims party cn").contains("came from party eu");
    assertThat(us.decide(crafted, own, "eu").clauseId()).isEqualTo(Egress.CRAFTED_PRODUCER);
    assertThat(us.decidePublic(crafted, own).clauseId()).isEqualTo(Egress.CRAFTED_PRODUCER);
  }

  @Test
  void unknownRecipientsAndUnknownOriginsAreRefused() {
    StixObject o = Fixtures.marked(ours(), Tlp.CLEAR);
    assertThat(us.decide(o, own, "ru").clauseId()).isEqualTo(Egress.UNKNOWN_RECIPIENT);
    assertThat(us.decide(o, own, "us").clauseId()).isEqualTo(Egress.UNKNOWN_RECIPIENT);
    StixObject theirs = Fixtures.marked(Fixtures.indicator(null), Tlp.CLEAR);
    assertThat(us.decide(theirs, Provenance.receivedFrom("eu", "A1"), "cn").clauseId())
        .isEqualTo(Egress.UNKNOWN_ORIGIN);
    assertThat(us.decide(theirs, Provenance.receivedFrom("ru", "A3"), "cn").clauseId())
        .isEqualTo(Egress.UNKNOWN_ORIGIN);
  }

  @Test
  void expiredClauseNoLongerAllows() {
    Clock later = Clock.fixed(Instant.parse("2029-01-02T00:00:00Z"), ZoneOffset.UTC);
    Egress gate = new Egress(rulebook, new Egress.Settings("us", Tlp.AMBER, later), new Transforms(Fixtures.SECRET));
    ObjectNode o = ours();
    o.put("modified", "2029-01-01T00:00:00.000Z");
    Decision d = gate.decide(Fixtures.marked(o, Tlp.AMBER), own, "cn");
    assertThat(d.clauseId()).isEqualTo(Egress.DEFAULT_DENY);
    assertThat(d.reason()).contains("nearest clause A1.S1: expired at 2028-12-31T00:00:00Z");
  }

  @Test
  void objectsOlderThanMaxAgeAreNotShared() {
    ObjectNode o = ours();
    o.put("modified", "2026-01-01T00:00:00.000Z");
    Decision d = us.decide(Fixtures.marked(o, Tlp.AMBER), own, "cn");
    assertThat(d.clauseId()).isEqualTo(Egress.DEFAULT_DENY);
    assertThat(d.reason()).contains("older than 30d");
  }

  @Test
  void objectsOutsideTheClausesSectorsAreNotShared() {
    ObjectNode o = ours();
    o.putArray("x_accord_sectors").add("retail");
    assertThat(us.decide(Fixtures.marked(o, Tlp.AMBER), own, "cn").reason())
        .contains("none of the sectors [communications, energy, finance, transport]");
  }

  // ---- Accord's STIX extension (issue 9, finding 10) --------------------------------------------------------------

  /** {@code ours()} with its sectors in Accord's property extension instead of {@code x_accord_sectors}. */
  private static ObjectNode extended(String sector) {
    ObjectNode o = ours();
    o.remove(AccordExtension.LEGACY_SECTORS);
    AccordExtension.properties(o).putArray(AccordExtension.SECTORS).add(sector);
    return o;
  }

  @Test
  void clauseSectorsAreReadFromAccordsExtension() {
    Decision inside = us.decide(Fixtures.marked(extended("energy"), Tlp.AMBER), own, "cn");
    assertThat(inside.clauseId()).isEqualTo("A1.S1");
    Decision outside = us.decide(Fixtures.marked(extended("retail"), Tlp.AMBER), own, "cn");
    assertThat(outside.reason()).contains("none of the sectors [communications, energy, finance, transport]");
  }

  @Test
  void clauseSectorsAreStillReadFromTheCustomPropertyOfEarlierVersions() {
    ObjectNode legacy = ours(); // x_accord_sectors: [energy], as nodes before the extension wrote it
    assertThat(legacy.has(AccordExtension.LEGACY_SECTORS)).isTrue();
    assertThat(us.decide(Fixtures.marked(legacy, Tlp.AMBER), own, "cn").clauseId()).isEqualTo("A1.S1");
  }

  @Test
  void stripCustomPropertiesRemovesAccordsExtensionOnTheWayOut() {
    Decision d = us.decide(Fixtures.marked(extended("energy"), Tlp.AMBER), own, "cn");
    assertThat(d.released().orElseThrow().jsonView().has("extensions")).isFalse();
  }

  @Test
  void anExtensionKeyIsNotAReferenceSoItIsNeverWithheld() {
    Store nothing = new Store(); // the node does not even hold the extension definition
    List<String> asked = new ArrayList<>();
    References refs = new References() {
      @Override
      public Resolution resolve(String id) {
        asked.add(id);
        return nothing.latest(List.of(id)).isEmpty() ? new Unknown() : new Released("held");
      }
    };
    ObjectNode sighting = sdo("sighting", "sighting--6a1c5b0e-2f7b-4f5e-9c47-0d2b7f6c9a11");
    sighting.put("sighting_of_ref", sighting.get("id").asText()); // names only itself
    AccordExtension.properties(sighting).putArray(AccordExtension.SECTORS).add("energy");

    Decision d = us.decide(Fixtures.marked(sighting, Tlp.AMBER), own, "cn", refs);

    assertThat(d.released()).isPresent();
    assertThat(asked).doesNotContain(AccordExtension.ID);
  }

  @Test
  void accordsOwnFixedObjectsNeverGoToAPeerButAreKnownToEveryParty() {
    Decision definition = us.decide(StixObject.of(AccordExtension.definition()), own, "cn");
    assertThat(definition.clauseId()).isEqualTo(Egress.PREDEFINED);
    assertThat(us.decide(StixObject.of(AccordExtension.identity()), own, "eu").clauseId())
        .isEqualTo(Egress.PREDEFINED);
    // An object naming the definition or its creator is not withheld for it, though the node holds neither.
    ObjectNode note = sdo("relationship", "relationship--1f0e9d6c-8b7a-4c5d-9e3f-2a1b0c9d8e7f");
    note.put("relationship_type", "related-to");
    note.put("source_ref", AccordExtension.ID);
    note.put("target_ref", AccordExtension.IDENTITY_ID);
    Decision d = us.decide(Fixtures.marked(note, Tlp.AMBER), own, "cn", new Store());
    assertThat(d.released()).as(d.toString()).isPresent();
  }

  @Test
  void bothTlpEncodingsAreHonoured() {
    StixObject v1Green = Fixtures.marked(ours(), Tlp.GREEN.v1MarkingId().orElseThrow());
    assertThat(us.decide(v1Green, own, "eu").clauseId()).isEqualTo("A3.S1");
    StixObject v1Red = Fixtures.marked(ours(), Tlp.RED.v1MarkingId().orElseThrow());
    assertThat(us.decide(v1Red, own, "eu").clauseId()).isEqualTo(Egress.TLP_RED);
    StixObject v1White = Fixtures.marked(ours(), Tlp.CLEAR.v1MarkingId().orElseThrow());
    assertThat(us.decidePublic(v1White, own).clauseId()).isEqualTo("P1");
  }

  @Test
  void aGranularRedMarkingMakesTheWholeObjectRed() {
    ObjectNode o = ours();
    o.putArray("granular_markings").addObject().put("marking_ref", Tlp.RED.v2MarkingId()).putArray("selectors")
        .add("description");
    Decision d = us.decide(Fixtures.marked(o, Tlp.GREEN), own, "eu");
    assertThat(d.clauseId()).isEqualTo(Egress.TLP_RED);
  }

  @Test
  void withoutARulebookNothingLeaves() {
    Egress none = Egress.withoutRulebook(Egress.Settings.of("us"), new Transforms(Fixtures.SECRET));
    StixObject o = Fixtures.marked(ours(), Tlp.CLEAR);
    assertThat(none.decide(o, own, "cn").clauseId()).isEqualTo(Egress.NO_RULEBOOK);
    assertThat(none.decidePublic(o, own).released()).isEmpty();
  }

  @Test
  void explainNamesTheDecisionClauseAndReason() {
    Decision d = us.decide(Fixtures.marked(ours(), Tlp.GREEN), own, "eu");
    assertThat(d.explain()).isEqualTo("ALLOW A3.S1: TLP:GREEN indicator to eu for early-warning");
  }

  @Test
  void repeatedDecisionsStayConsistent() {
    // The speed of deciding is measured by bench's EgressBenchmark (JMH), not here; this checks that a long run of
    // decisions over the same objects keeps giving the same answers.
    List<StixObject> objects = new ArrayList<>();
    for (Tlp t : Tlp.values()) {
      objects.add(Fixtures.marked(ours(), t));
      objects.add(Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), t));
    }
    Provenance fromCn = Provenance.receivedFrom("cn", "A3");
    int n = 10_000;
    int released = decideAll(objects, fromCn, n);
    // own CLEAR and GREEN go to eu by A3.S1, cn's CLEAR and GREEN by A3.S2: 4 of the 10 objects.
    assertThat(released).isEqualTo(n / objects.size() * 4);
  }

  // ---- references (issue 8, finding 5) ------------------------------------------------------------------------

  private static final String BANK = "identity--d526ca59-e016-4638-8d72-7223e4727ace";
  private static final String RED_INDICATOR = "indicator--0b1e4d8e-4f7f-4a59-9d0a-6b0f3f8f7a01";

  /** An in-memory node store: the latest version of each id, with how it came. */
  private static final class Store implements Holdings {
    final Map<String, Held> held = new HashMap<>();
    int lookups;

    Store put(ObjectNode o, Provenance p, String... sentBy) {
      held.put(o.get("id").asText(), new Held(StixObject.of(o), p, Set.of(sentBy)));
      return this;
    }

    @Override
    public Map<String, Held> latest(java.util.Collection<String> ids) {
      lookups++;
      Map<String, Held> out = new HashMap<>();
      ids.forEach(id -> {
        if (held.containsKey(id)) {
          out.put(id, held.get(id));
        }
      });
      return out;
    }
  }

  /** A TLP:AMBER object of {@code type} by us, in the energy sector, modified yesterday. */
  private static ObjectNode sdo(String type, String id) {
    ObjectNode o = ours();
    o.removeAll();
    o.put("type", type);
    o.put("spec_version", "2.1");
    o.put("id", id);
    o.put("created", "2026-05-31T12:00:00.000Z");
    o.put("modified", "2026-05-31T12:00:00.000Z");
    o.put("created_by_ref", Fixtures.US_IDENTITY);
    o.putArray("x_accord_sectors").add("energy");
    o.putArray("object_marking_refs").add(Tlp.AMBER.v2MarkingId());
    return o;
  }

  private static ObjectNode indicator() {
    ObjectNode o = ours();
    o.putArray("object_marking_refs").add(Tlp.AMBER.v2MarkingId());
    return o;
  }

  private static ObjectNode bank() {
    ObjectNode o = sdo("identity", BANK);
    o.put("name", "Example Commercial Bank");
    return o;
  }

  private static ObjectNode redIndicator() {
    ObjectNode o = indicator();
    o.put("id", RED_INDICATOR);
    o.putArray("object_marking_refs").add(Tlp.RED.v2MarkingId());
    return o;
  }

  private static ObjectNode relationship(String source, String target) {
    ObjectNode r = sdo("relationship", "relationship--6a0e0e4c-5a8e-4a0e-9e0e-" + Math.abs((source + target)
        .hashCode() % 1_000_000_000_000L + 100_000_000_000L));
    r.put("relationship_type", "related-to");
    r.put("source_ref", source);
    r.put("target_ref", target);
    return r;
  }

  private static ObjectNode sighting(String of) {
    ObjectNode s = sdo("sighting", "sighting--3c5e1b2a-8d7f-4e6a-9b0c-1d2e3f4a5b6c");
    s.put("sighting_of_ref", of);
    return s;
  }

  private static ObjectNode privateAddress() {
    ObjectNode a = ours();
    a.removeAll();
    a.put("type", "ipv4-addr");
    a.put("spec_version", "2.1");
    a.put("value", "10.1.2.3");
    a.put("id", org.accord.stix.ScoIds.deterministicId(a).orElseThrow());
    a.putArray("x_accord_sectors").add("energy");
    return a;
  }

  /** The example without A1.S1's max_age, which no SCO (without timestamps) can pass. */
  private static Egress scosToo(String find, String replace) {
    String yaml = Fixtures.exampleYaml().replace("          max_age: 30d\n", "").replace(find, replace);
    return Fixtures.gate(RulebookParser.parse(yaml, "no-age.yaml"), "us");
  }

  private Decision decide(Egress gate, ObjectNode o, Store store) {
    return gate.decide(StixObject.of(o), own, "cn", store);
  }

  private static Egress dropping() {
    return Fixtures.gate(Fixtures.exampleWith("unmarked: amber", "unmarked: amber\n  references: drop"), "us");
  }

  @Test
  void aRelationshipToAWithheldIdentityIsWithheldAndSaysWhichReference() {
    Store store = new Store().put(indicator(), own).put(bank(), own);
    ObjectNode targets = relationship(indicator().get("id").asText(), BANK);

    Decision d = decide(us, targets, store);

    assertThat(us.decide(StixObject.of(targets), own, "cn").released()).as("the clause alone would release it")
        .isPresent();
    assertThat(d).isInstanceOf(Decision.Deny.class);
    assertThat(d.clauseId()).isEqualTo(Egress.WITHHELD_REFERENCE);
    assertThat(d.reason()).startsWith("target_ref " + BANK + " is not released to cn (default-deny: ");
    assertThat(decide(dropping(), targets, store).clauseId()).as("a relationship's ends are never dropped")
        .isEqualTo(Egress.WITHHELD_REFERENCE);
  }

  @Test
  void aSightingOfAWithheldIndicatorIsWithheldUnderEitherPolicy() {
    Store store = new Store().put(redIndicator(), own);
    ObjectNode s = sighting(RED_INDICATOR);

    assertThat(decide(us, s, store).reason()).startsWith("sighting_of_ref " + RED_INDICATOR + " is not released to cn"
        + " (tlp-red: ");
    assertThat(decide(dropping(), s, store).clauseId()).isEqualTo(Egress.WITHHELD_REFERENCE);
  }

  @Test
  void aReferenceToAPseudonymisedScoIsRewrittenToTheIdTheRecipientReceives() {
    ObjectNode address = privateAddress();
    String original = address.get("id").asText();
    Store store = new Store().put(indicator(), own).put(address, own);
    Egress us = scosToo("", "");
    String released = us.decide(StixObject.of(address), own, "cn").released().orElseThrow().id();

    Decision d = decide(us, relationship(indicator().get("id").asText(), original), store);

    assertThat(released).isNotEqualTo(original);
    assertThat(d).isInstanceOf(Decision.Transform.class);
    assertThat(d.released().orElseThrow().jsonView().get("target_ref").asText()).isEqualTo(released);
    assertThat(d.released().orElseThrow().toJson()).doesNotContain(original);
    assertThat(d.reason()).contains("references: target_ref rewritten to the ids cn receives");
  }

  @Test
  void underPolicyDropAListLosesItsWithheldEntriesAndUnderWithholdTheObjectIsWithheld() {
    ObjectNode observed = sdo("observed-data", "observed-data--7c0a4b1e-2d3f-4e5a-8b6c-9d0e1f2a3b4c");
    observed.put("first_observed", "2026-05-31T12:00:00Z");
    observed.put("last_observed", "2026-05-31T12:00:00Z");
    observed.put("number_observed", 1);
    observed.putArray("object_refs").add(privateAddress().get("id").asText());
    Store store = new Store().put(indicator(), own).put(bank(), own).put(observed, own).put(privateAddress(), own);
    ObjectNode s = sighting(indicator().get("id").asText());
    s.putArray("where_sighted_refs").add(BANK).add(Fixtures.US_IDENTITY);
    s.putArray("observed_data_refs").add(observed.get("id").asText());

    Decision withheld = decide(scosToo("", ""), s, store);
    Decision dropped = decide(scosToo("unmarked: amber", "unmarked: amber\n  references: drop"), s, store);

    assertThat(withheld.clauseId()).isEqualTo(Egress.WITHHELD_REFERENCE);
    assertThat(withheld.reason()).startsWith("where_sighted_refs " + BANK)
        .endsWith("the rulebook withholds an object naming one (defaults.references: withhold)");
    assertThat(dropped).isInstanceOf(Decision.Transform.class);
    ObjectNode out = dropped.released().orElseThrow().jsonView();
    assertThat(out.get("where_sighted_refs").toString()).isEqualTo("[\"" + Fixtures.US_IDENTITY + "\"]");
    assertThat(out.get("observed_data_refs").get(0).asText()).isEqualTo(observed.get("id").asText());
    assertThat(dropped.reason()).contains("1 withheld entry dropped from where_sighted_refs");
  }

  @Test
  void aListThatLosesEveryEntryGoesAndARequiredOneWithholdsTheObject() {
    Store store = new Store().put(bank(), own);
    ObjectNode s = sighting(indicator().get("id").asText());
    s.putArray("where_sighted_refs").add(BANK);
    store.put(indicator(), own);
    Decision d = decide(dropping(), s, store);
    assertThat(d.released().orElseThrow().jsonView().has("where_sighted_refs")).isFalse();

    ObjectNode observed = sdo("observed-data", "observed-data--7c0a4b1e-2d3f-4e5a-8b6c-9d0e1f2a3b4c");
    observed.put("first_observed", "2026-05-31T12:00:00Z");
    observed.put("last_observed", "2026-05-31T12:00:00Z");
    observed.put("number_observed", 1);
    observed.putArray("object_refs").add(BANK);
    Decision empty = decide(dropping(), observed, store);
    assertThat(empty.clauseId()).isEqualTo(Egress.WITHHELD_REFERENCE);
    assertThat(empty.reason()).startsWith("every entry of object_refs is withheld from cn");
  }

  @Test
  void anUnknownIdCountsAsWithheld() {
    ObjectNode r = relationship(indicator().get("id").asText(), "malware--9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
    Decision d = decide(us, r, new Store().put(indicator(), own));
    assertThat(d.clauseId()).isEqualTo(Egress.WITHHELD_REFERENCE);
    assertThat(d.reason()).contains("is not in this node's store").contains("unknown reference counts as withheld");
  }

  @Test
  void anObjectTheRecipientSentIsKnownToItWhateverTheGateWouldDecide() {
    ObjectNode theirs = redIndicator();
    theirs.put("created_by_ref", Fixtures.CN_IDENTITY);
    Store store = new Store().put(theirs, Provenance.receivedFrom("cn", "A1"), "cn");

    Decision d = decide(us, sighting(RED_INDICATOR), store);

    assertThat(d.released()).isPresent();
    assertThat(d.clauseId()).isEqualTo("A1.S1");
  }

  @Test
  void partyIdentitiesTlpMarkingsAndTheObjectItselfNeedNoLookup() {
    Store empty = new Store();
    ObjectNode o = indicator();
    o.putArray("granular_markings").addObject().put("marking_ref", Tlp.GREEN.v1MarkingId().orElseThrow())
        .putArray("selectors").add("name");
    Decision d = decide(us, o, empty);
    assertThat(d).isEqualTo(us.decide(StixObject.of(o), own, "cn"));
    assertThat(empty.lookups).isZero();
  }

  @Test
  void aCustomMarkingTheRecipientDoesNotReceiveWithholdsTheObjectUnderEitherPolicy() {
    ObjectNode o = indicator();
    ((com.fasterxml.jackson.databind.node.ArrayNode) o.get("object_marking_refs"))
        .add("marking-definition--1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e");
    assertThat(decide(dropping(), o, new Store()).reason()).startsWith("object_marking_refs marking-definition--");
  }

  @Test
  void cyclesAndLongChainsAreWithheldAndTerminate() {
    Egress withNotes = Fixtures.gate(Fixtures.exampleWith("types: [indicator, incident,",
        "types: [note, indicator, incident,"), "us");
    Store store = new Store();
    List<ObjectNode> notes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ObjectNode n = sdo("note", String.format("note--00000000-0000-4000-8000-%012d", i));
      n.put("content", "note " + i);
      notes.add(n);
    }
    for (int i = 0; i < 20; i++) {
      notes.get(i).putArray("object_refs").add(notes.get((i + 1) % 20).get("id").asText());
      store.put(notes.get(i), own);
    }
    Decision cycle = withNotes.decide(StixObject.of(notes.get(0)), own, "cn", store);
    assertThat(cycle.clauseId()).isEqualTo(Egress.WITHHELD_REFERENCE);

    notes.get(19).remove("object_refs");
    notes.get(19).putArray("object_refs").add(indicator().get("id").asText());
    store.put(notes.get(19), own).put(indicator(), own);
    Decision deep = withNotes.decide(StixObject.of(notes.get(0)), own, "cn", store);
    assertThat(deep.reason()).contains("references are followed " + GateReferences.MAX_DEPTH + " deep");
    Decision shallow = withNotes.decide(StixObject.of(notes.get(15)), own, "cn", store);
    assertThat(shallow.released()).isPresent();
  }

  private int decideAll(List<StixObject> objects, Provenance fromCn, int n) {
    int released = 0;
    for (int i = 0; i < n; i++) {
      StixObject o = objects.get(i % objects.size());
      Provenance p = (i % objects.size()) % 2 == 0 ? own : fromCn;
      released += us.decide(o, p, "eu").released().isPresent() ? 1 : 0;
    }
    return released;
  }
}
