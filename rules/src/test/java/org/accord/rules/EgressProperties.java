package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.accord.ledger.Ed25519;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;

/**
 * Egress never leaks: over random (object, markings, provenance, rulebook, signatures, recipient) cases, whatever
 * leaves the gate is covered by a clause of an active, fully signed rulebook, and no AMBER+STRICT, RED or foreign
 * object is passed on without its originator's clause.
 *
 * <p>Rulebooks come from a pool of {@value #POOL} random rulebooks over four parties, each signed once by every party
 * (Ed25519 is too slow to sign per case). In the main property the node activates the fully signed rulebook through
 * {@link RulebookHistory} (once per rulebook and node); the second property sends partly signed and altered versions
 * and checks they never take effect. The oracle re-derives TLP, clause coverage and provenance rules from the model
 * and the STIX markings, not from the gate's code.
 */
class EgressProperties {
  static final int POOL = 64;
  static final int PARTIES = 4;
  static final Instant NOW = Fixtures.NOW;
  static final List<String> TYPES = List.of("indicator", "malware", "sighting", "email-addr", "attack-pattern");
  /** Placeholder producer, replaced by the identity of the object's source once the provenance is drawn. */
  static final String SOURCE = "source";
  static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("\\d");
  static final int ALL_SIGNED = (1 << PARTIES) - 1;
  static final String OUTSIDER_IDENTITY = "identity--00000000-0000-4000-8000-000000000000";

  static final List<KeyPair> KEYS = new ArrayList<>();
  static final List<SignedRulebook> RULEBOOKS = new ArrayList<>();
  static final Map<String, Egress> GATES = new ConcurrentHashMap<>();
  static final Transforms TRANSFORMS = new Transforms(Fixtures.SECRET);
  static final Path DIR;


  static {
    for (int i = 0; i < PARTIES; i++) {
      KEYS.add(Ed25519.generate());
    }
    for (int i = 0; i < POOL; i++) {
      Rulebook r = RandomRulebooks.generate(new Random(i), KEYS);
      SignedRulebook s = SignedRulebook.unsigned(r);
      for (int p = 0; p < PARTIES; p++) {
        s = RulebookSigner.sign(s, party(p), KEYS.get(p).getPrivate());
      }
      RULEBOOKS.add(s);
    }
    try {
      DIR = Files.createTempDirectory("egress-properties");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterContainer
  static void removeRulebookDirectories() throws IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(DIR)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static String party(int i) {
    return "p" + i;
  }

  static String identity(int i) {
    return "identity--00000000-0000-4000-8000-00000000000" + (i + 1);
  }

  @net.jqwik.api.statistics.StatisticsReport(onFailureOnly = true) // the coverage shows when it fails
  @Property(tries = 100_000, edgeCases = EdgeCasesMode.NONE) // small domains: random draws cover them
  void nothingLeavesWithoutAnActiveFullySignedClause(
      @ForAll @IntRange(min = 0, max = POOL - 1) int book,
      @ForAll @IntRange(min = 0, max = PARTIES - 1) int self,
      @ForAll("objects") ObjectNode json,
      @ForAll("from") int from,
      @ForAll @IntRange(min = 0, max = 9) int agreementChoice,
      @ForAll("recipient") int recipient) {
    SignedRulebook signed = RULEBOOKS.get(book);
    Egress gate = gate(book, ALL_SIGNED, self);
    Rulebook r = signed.rulebook();
    Provenance provenance =
        from < 0 || from == self
            ? Provenance.own()
            : Provenance.receivedFrom(from == PARTIES ? "outsider" : party(from), agreement(r, from, agreementChoice));
    if (json.path("created_by_ref").asText().equals(SOURCE)) {
      // the honest case: the producer is whoever the object came from
      int producer = provenance instanceof Provenance.Received rec && from < PARTIES ? from : self;
      json.put("created_by_ref", identity(producer));
    }
    StixObject object = StixObject.of(json);
    String to =
        recipient == -2
            ? "outsider"
            : recipient == -1 ? Egress.PUBLIC_FEED : party((self + 1 + recipient) % PARTIES); // PARTIES-1: self
    Decision d =
        to.equals(Egress.PUBLIC_FEED)
            ? gate.decidePublic(object, provenance)
            : gate.decide(object, provenance, to);

    assertThat(d.clauseId()).isNotBlank();
    assertThat(d.reason()).isNotBlank();
    Statistics.collect(d.getClass().getSimpleName(), DIGITS.matcher(d.clauseId()).replaceAll("#"));
    if (d.released().isEmpty()) {
      return;
    }
    assertThat(gate.rulebook()).contains(r);
    Clause c = r.clause(d.clauseId()).orElseThrow(() -> new AssertionError("no clause " + d.clauseId()));
    Tlp tlp = oracleTlp(json, r.unmarked());
    Selection what;
    List<Transform> transforms;
    Instant until;
    if (to.equals(Egress.PUBLIC_FEED)) {
      Clause.Publish p = (Clause.Publish) c;
      assertThat(tlp).isEqualTo(Tlp.CLEAR);
      assertThat(p.from()).contains(party(self));
      what = p.what();
      transforms = p.transforms();
      until = p.until();
    } else {
      Clause.Share s = (Clause.Share) c;
      assertThat(s.from()).contains(party(self));
      assertThat(s.to()).contains(to);
      assertThat(to).isNotEqualTo(party(self));
      if (provenance instanceof Provenance.Received rec) {
        assertThat(s.agreement()).isEqualTo(rec.agreement());
      }
      what = s.what();
      transforms = s.transforms();
      until = s.until();
    }
    assertThat(what.allowedTlp()).contains(tlp);
    assertThat(until == null || NOW.isBefore(until)).isTrue();
    assertThat(what.types().isEmpty() || what.types().contains(object.type())).isTrue();
    String source = party(self);
    if (provenance instanceof Provenance.Received rec) {
      assertThat(tlp).isNotIn(Tlp.AMBER_STRICT, Tlp.RED);
      assertThat(what.originators()).contains(rec.party());
      assertThat(r.agreement(rec.agreement()).orElseThrow().parties()).contains(rec.party());
      source = rec.party();
    }
    if (json.has("created_by_ref")) {
      String claimed = json.get("created_by_ref").asText();
      String claimedSource = source;
      r.partyByIdentity(claimed).ifPresent(p -> assertThat(p.id()).isEqualTo(claimedSource));
    }
    if (!what.labels().isEmpty()) {
      assertThat(json.path("labels").toString()).contains("\"l1\"");
    }
    if (d instanceof Decision.Allow) {
      assertThat(transforms).isEmpty();
      assertThat(d.released()).contains(object);
    } else {
      assertThat(transforms).isNotEmpty();
    }
  }

  /**
   * The signature half of "active, fully signed": a rulebook reaches a node with a random set of its parties'
   * signatures, or altered after signing, and the node's gate then lets nothing out unless every party signed that
   * very document. Fewer tries than above: every case runs a real activation (Ed25519 verification, files).
   */
  @net.jqwik.api.statistics.StatisticsReport(onFailureOnly = true) // the coverage shows when it fails
  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void partlySignedOrAlteredRulebooksNeverTakeEffect(
      @ForAll @IntRange(min = 0, max = POOL - 1) int book,
      @ForAll("signers") int signers,
      @ForAll boolean altered,
      @ForAll @IntRange(min = 0, max = PARTIES - 1) int self,
      @ForAll("objects") ObjectNode json,
      @ForAll @IntRange(min = 0, max = PARTIES - 1) int recipient) {
    SignedRulebook all = RULEBOOKS.get(book);
    Map<String, String> some = new HashMap<>();
    for (int p = 0; p < PARTIES; p++) {
      if ((signers & (1 << p)) != 0) {
        some.put(party(p), all.signatures().get(party(p)));
      }
    }
    Rulebook r = altered ? widen(all.rulebook()) : all.rulebook();
    RulebookHistory h =
        RulebookHistory.open(
            DIR.resolve("s-" + java.util.UUID.randomUUID()), party(self), KEYS.get(self).getPublic(), Fixtures.CLOCK);
    boolean activated;
    try {
      h.activate(new SignedRulebook(r, some));
      activated = true;
    } catch (RulebookException refused) {
      activated = false;
      assertThat(refused.getMessage()).startsWith("refused to activate prop v1: ");
    }
    assertThat(activated).isEqualTo(signers == ALL_SIGNED && !altered);
    Egress.Settings settings = new Egress.Settings(party(self), Tlp.AMBER, Fixtures.CLOCK);
    Egress gate =
        h.active()
            .map(s -> new Egress(s.rulebook(), settings, TRANSFORMS))
            .orElse(Egress.withoutRulebook(settings, TRANSFORMS));
    Decision d = gate.decide(StixObject.of(json), Provenance.own(), party(recipient));
    if (!activated) {
      assertThat(d.released()).isEmpty();
      assertThat(d.clauseId()).isEqualTo(Egress.NO_RULEBOOK);
    }
  }

  /** The rulebook with one more clause that shares everything with everyone: what a tamperer would add. */
  static Rulebook widen(Rulebook r) {
    List<Agreement> agreements = new ArrayList<>(r.agreements());
    Agreement first = agreements.get(0);
    List<Clause> clauses = new ArrayList<>(first.clauses());
    clauses.add(
        new Clause.Share(
            "X.ALL", first.id(), first.parties(), first.parties(),
            new Selection(Set.of(), Set.of(Tlp.values()), Set.of(), Set.of(), null, Set.of(), Set.of(), null),
            "exfiltration", null, List.of()));
    agreements.set(0, new Agreement(first.id(), first.title(), first.parties(), first.legalBasis(), clauses));
    return new Rulebook(
        r.name(), r.version(), r.supersedes(), r.effective(), r.parties(), r.unmarked(), agreements, r.publicFeed());
  }

  /** The TLP level from the markings, computed here from the STIX rules rather than by the gate's helper. */
  static Tlp oracleTlp(ObjectNode json, Tlp rulebookDefault) {
    Tlp max = null;
    List<String> ids = new ArrayList<>();
    json.path("object_marking_refs").forEach(n -> ids.add(n.asText()));
    json.path("granular_markings").forEach(n -> ids.add(n.path("marking_ref").asText()));
    for (String id : ids) {
      for (Tlp t : Tlp.values()) {
        boolean same = t.v2MarkingId().equals(id) || t.v1MarkingId().map(id::equals).orElse(false);
        if (same && (max == null || t.ordinal() > max.ordinal())) {
          max = t;
        }
      }
    }
    if (max != null) {
      return max;
    }
    return rulebookDefault != null && rulebookDefault.ordinal() > Tlp.AMBER.ordinal() ? rulebookDefault : Tlp.AMBER;
  }

  /** Mostly an agreement that binds {@code from} (the honest case), sometimes one that does not exist. */
  static String agreement(Rulebook r, int from, int choice) {
    List<String> binding = new ArrayList<>();
    r.agreements().stream().filter(a -> a.hasParty(party(from % PARTIES))).forEach(a -> binding.add(a.id()));
    if (choice == 0) {
      return "Z9";
    }
    if (choice == 1 || binding.isEmpty()) {
      return r.agreements().get(0).id();
    }
    return binding.get(choice % binding.size());
  }

  /** -1 own, 0.. received from that party, {@code PARTIES}: received from an outsider. */
  @Provide
  Arbitrary<Integer> from() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Arbitraries.just(-1)),
        net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, PARTIES)));
  }

  /** -2 an outsider, -1 the public feed, 0..PARTIES-2 the other parties, PARTIES-1 the node itself. */
  @Provide
  Arbitrary<Integer> recipient() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-2, -1)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(PARTIES - 1)),
        net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, PARTIES - 2)));
  }

  /** The node's gate after it tried to activate {@code book} with the signatures in {@code signers}. */
  static Egress gate(int book, int signers, int self) {
    return GATES.computeIfAbsent(
        book + "/" + signers + "/" + self,
        key -> {
          SignedRulebook all = RULEBOOKS.get(book);
          Map<String, String> some = new HashMap<>();
          for (int p = 0; p < PARTIES; p++) {
            if ((signers & (1 << p)) != 0) {
              some.put(party(p), all.signatures().get(party(p)));
            }
          }
          Egress.Settings settings = new Egress.Settings(party(self), Tlp.AMBER, Fixtures.CLOCK);
          RulebookHistory h =
              RulebookHistory.open(
                  DIR.resolve(key.replace('/', '-')), party(self), KEYS.get(self).getPublic(), Fixtures.CLOCK);
          try {
            h.activate(new SignedRulebook(all.rulebook(), some));
          } catch (RulebookException refused) {
            // the node keeps no rulebook
          }
          return h.active()
              .map(s -> new Egress(s.rulebook(), settings, TRANSFORMS))
              .orElse(Egress.withoutRulebook(settings, TRANSFORMS));
        });
  }

  @Provide
  Arbitrary<Integer> signers() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.just(ALL_SIGNED)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, ALL_SIGNED)));
  }

  @Provide
  Arbitrary<ObjectNode> objects() {
    Arbitrary<String> type = Arbitraries.of(TYPES);
    Arbitrary<Integer> marking = Arbitraries.integers().between(0, 5); // none, v2, v1, two, granular, non-TLP
    Arbitrary<Tlp> tlp = Arbitraries.of(Tlp.class);
    Arbitrary<Tlp> tlp2 = Arbitraries.of(Tlp.class);
    // -3 the source (honest), -2 none, -1 outsider, 0.. a party (crafted unless it is the source)
    Arbitrary<Integer> producer =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, Arbitraries.just(-3)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-2, PARTIES - 1)));
    Arbitrary<Integer> extras = Arbitraries.integers().between(0, 63); // labels, sector, confidence, age bits
    return net.jqwik.api.Combinators.combine(type, marking, tlp, tlp2, producer, extras)
        .as(EgressProperties::object);
  }

  static ObjectNode object(String type, int marking, Tlp tlp, Tlp tlp2, int producer, int extras) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", type);
    o.put("spec_version", "2.1");
    o.put("id", type + "--6b616c65-6e64-4172-8000-000000000001");
    if ((extras & 1) == 0) {
      String when = Fixtures.NOW.minus(Duration.ofDays((extras >> 4) * 4L)).toString();
      o.put("created", when);
      o.put("modified", when);
    }
    if (producer != -2) {
      o.put("created_by_ref", producer == -3 ? SOURCE : producer == -1 ? OUTSIDER_IDENTITY : identity(producer));
    }
    if ((extras & 2) == 0) {
      o.putArray("labels").add("l1");
    }
    if ((extras & 4) == 0) {
      o.putArray("x_accord_sectors").add("energy");
    }
    if ((extras & 8) == 0) {
      o.put("confidence", 70);
    }
    o.put("description", "personal note");
    o.put("x_custom", "custom");
    ArrayNode refs = null;
    switch (marking) {
      case 1 -> (refs = o.putArray("object_marking_refs")).add(tlp.v2MarkingId());
      case 2 -> (refs = o.putArray("object_marking_refs")).add(tlp.v1MarkingId().orElse(tlp.v2MarkingId()));
      case 3 -> (refs = o.putArray("object_marking_refs")).add(tlp.v2MarkingId()).add(tlp2.v2MarkingId());
      case 4 -> {
        (refs = o.putArray("object_marking_refs")).add(tlp.v2MarkingId());
        o.putArray("granular_markings").addObject().put("marking_ref", tlp2.v2MarkingId()).putArray("selectors")
            .add("description");
      }
      case 5 -> (refs = o.putArray("object_marking_refs"))
          .add("marking-definition--34098fce-860f-48ae-8e50-000000000000");
      default -> {}
    }
    assert refs == null || refs.size() > 0;
    return o;
  }

  /** Random, valid rulebooks over parties p0..p3. */
  static final class RandomRulebooks {
    private RandomRulebooks() {}

    static Rulebook generate(Random rnd, List<KeyPair> keys) {
      Map<String, Party> parties = new LinkedHashMap<>();
      for (int i = 0; i < PARTIES; i++) {
        parties.put(
            party(i),
            new Party(party(i), "Party " + i, identity(i), Ed25519.encodePublic(keys.get(i).getPublic()), null,
                List.of()));
      }
      List<Agreement> agreements = new ArrayList<>();
      int n = 1 + rnd.nextInt(3);
      for (int a = 0; a < n; a++) {
        List<String> members = subset(rnd, all(), 2);
        String id = "A" + a;
        List<Clause> clauses = new ArrayList<>();
        int k = 2 + rnd.nextInt(5);
        for (int c = 0; c < k; c++) {
          clauses.add(
              new Clause.Share(
                  id + ".S" + c, id, subset(rnd, members, 1), subset(rnd, members, 1), selection(rnd, members),
                  "purpose", until(rnd), transforms(rnd)));
        }
        agreements.add(new Agreement(id, "Agreement " + a, members, null, clauses));
      }
      List<Clause.Publish> pub = new ArrayList<>();
      for (int p = rnd.nextInt(3); p > 0; p--) {
        pub.add(new Clause.Publish("P" + p, subset(rnd, all(), 1), selection(rnd, all()), until(rnd),
            transforms(rnd)));
      }
      Tlp unmarked = rnd.nextInt(3) == 0 ? Tlp.values()[rnd.nextInt(Tlp.values().length)] : null;
      return new Rulebook("prop", 1, 0, null, parties, unmarked, agreements, pub);
    }

    private static Selection selection(Random rnd, List<String> members) {
      Set<String> types = rnd.nextBoolean() ? Set.of() : Set.copyOf(subset(rnd, TYPES, 1));
      Set<Tlp> tlp = rnd.nextInt(3) == 0 ? Set.of() : Set.copyOf(subset(rnd, List.of(Tlp.values()), 1));
      return new Selection(
          types,
          tlp,
          rnd.nextInt(6) == 0 ? Set.of("l1") : Set.of(),
          rnd.nextInt(6) == 0 ? Set.of("energy") : Set.of(),
          rnd.nextInt(6) == 0 ? 50 : null,
          rnd.nextInt(8) == 0 ? Set.of(members.get(rnd.nextInt(members.size()))) : Set.of(),
          rnd.nextBoolean() ? Set.of() : Set.copyOf(subset(rnd, members, 1)),
          rnd.nextInt(6) == 0 ? Duration.ofDays(10) : null);
    }

    private static Instant until(Random rnd) {
      int u = rnd.nextInt(5);
      return u == 0 ? NOW.minus(Duration.ofDays(1)) : u == 1 ? NOW.plus(Duration.ofDays(100)) : null;
    }

    private static List<Transform> transforms(Random rnd) {
      List<Transform> ts = new ArrayList<>();
      if (rnd.nextInt(3) == 0) {
        ts.add(new Transform.Pseudonymise());
      }
      if (rnd.nextInt(3) == 0) {
        ts.add(new Transform.StripCustom());
      }
      if (rnd.nextInt(4) == 0) {
        ts.add(new Transform.Drop(List.of("description")));
      }
      return ts;
    }

    private static List<String> all() {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < PARTIES; i++) {
        out.add(party(i));
      }
      return out;
    }

    private static <T> List<T> subset(Random rnd, List<T> from, int min) {
      List<T> out = new ArrayList<>();
      while (out.size() < min) {
        out.clear();
        for (T t : from) {
          if (rnd.nextBoolean()) {
            out.add(t);
          }
        }
      }
      return out;
    }
  }
}
