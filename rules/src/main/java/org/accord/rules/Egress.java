package org.accord.rules;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;

/**
 * The egress gate: the one component that decides whether a STIX object may leave this node for a recipient, and in
 * what form. Every way out (TAXII GET and push, export, REST, web UI, public feed) asks it, and writes the decision to
 * the ledger. Built for one active rulebook; when a new version is activated the node builds a new gate.
 *
 * <p>Design note.
 *
 * <p><b>Groups.</b> A clause's recipients may be groups of parties ({@link Rulebook#groups}, nested). The rulebook
 * resolves them once, when it is read, to plain party lists ({@link Clause.Share#to}); the gate indexes clauses by
 * those resolved recipients, so a group member is reached exactly as if the clause named it and a non-member is not
 * reached at all, at no cost per decision.
 *
 * <p><b>Default deny.</b> Nothing leaves unless a clause of the active, fully signed rulebook allows it. The property
 * "no object reaches a recipient without a clause" then holds by construction: the only way to an Allow or Transform
 * is through a matching clause, and the built-in rules below can only take permissions away, never grant them. One
 * exception, narrow by design: a mutual-assistance request or transition goes to the other party on its request, the
 * party the request itself names under an agreement binding both [{@value #CASE_EXCHANGE}] (see "Cases" below).
 *
 * <p><b>Order of checks</b> (the first that fails decides, with the id in brackets):
 *
 * <ol>
 *   <li>the recipient is a party of the rulebook other than this node [{@value #UNKNOWN_RECIPIENT}];
 *   <li>a received object comes from a party, under an agreement of the rulebook that binds it [{@value
 *       #UNKNOWN_ORIGIN}];
 *   <li>the object's {@code created_by_ref} does not claim the identity of a party other than its source (this node for
 *       own objects, the sending party for received ones) [{@value #CRAFTED_PRODUCER}]: a peer cannot inject an object
 *       "by" a third party to borrow that party's clauses or reputation;
 *   <li>Accord's own fixed objects, its extension definition and the identity that made it ({@link AccordExtension}),
 *       never go to a peer [{@value #PREDEFINED}]: every party runs Accord and holds the same version, and a second
 *       copy from a peer would only be refused by the peer's store (one originator per object); a peer's copy is
 *       refused at ingress the same way;
 *   <li>a mutual-assistance object of Accord's ({@link AccordExtension#isCaseType}: a request or one of its
 *       transitions) goes to the other party on its request and to nobody else, whatever the share clauses say
 *       [{@value #CASE_COUNTERPARTY}], see "Cases" below;
 *   <li>a received AMBER+STRICT or RED object is never passed on, whatever a clause says (TLP 2.0) [{@value
 *       #NO_RESHARE}];
 *   <li>the first clause, in rulebook order, that lets this node send to the recipient and whose selection matches
 *       decides: Allow, or Transform when it requires transforms. A clause selects TLP levels (default CLEAR and
 *       GREEN; AMBER+STRICT and RED only when named; {@code to} names the recipient), an expiry ({@code until}), and
 *       for a received object it must belong to the agreement the object came under and name its originator in
 *       {@code originators};
 *   <li>no clause: RED objects [{@value #TLP_RED}], received objects [{@value #NO_LAUNDERING}], everything else
 *       [{@value #DEFAULT_DENY}]. The reason names the nearest clause and why it did not match, for {@code explain}.
 *   <li>with {@link References} (every way out of a node): every id the released object names is one the recipient
 *       receives or already knows [{@value #WITHHELD_REFERENCE}], see below.
 * </ol>
 *
 * <p><b>References</b> (issue 8, finding 5). A released object must not name an id the recipient may not receive:
 * "campaign targets identity--bank" tells the recipient that a withheld identity exists, a sighting of a withheld
 * indicator does the same, and a relationship to an SCO the clause pseudonymised names the SCO's original id, a
 * UUIDv5 of the private value that confirms a guess. A reference is every {@code *_ref} and {@code *_refs} property
 * at any depth ({@code created_by_ref}, {@code object_marking_refs}, granular markings' {@code marking_ref}, {@code
 * source_ref}/{@code target_ref}, {@code sighting_of_ref}, {@code observed_data_refs}, {@code where_sighted_refs},
 * {@code object_refs}, {@code sample_refs}, SCO references such as {@code src_ref}, in extensions too), except
 * inside the deprecated {@code observed-data} {@code objects} dictionary; the keys of {@code extensions} name an
 * extension definition, not an object (STIX 2.1 §7.3), and are not references. A referenced id is known to the
 * recipient when it is the object itself, a predefined TLP marking definition, the identity of a rulebook party,
 * Accord's extension definition or its creator (all named in public or signed documents, or built into Accord);
 * when the node holds it and it came from the recipient itself (a sighting of the
 * recipient's indicator goes back to it); or when this gate, references included, releases the node's latest version
 * of it to the recipient. An id the node does not hold is unknown and counts as withheld: the gate cannot vouch for
 * what it does not see (a deleted or never-received object). When a referenced object is released under another id
 * (a pseudonymised SCO), the reference is rewritten to that id. When one is not known, the rulebook's {@link
 * ReferencePolicy} decides: {@code withhold} (the default) withholds the whole object; {@code drop} removes the entry
 * from a list reference (not from {@code object_marking_refs}: dropping a handling marking would strip its terms),
 * and withholds the object when a single reference ({@code source_ref}, {@code target_ref}, {@code sighting_of_ref},
 * {@code created_by_ref}, a {@code marking_ref}) is withheld or a required list ({@code object_refs} of a report,
 * grouping, note, opinion, observed-data) loses every entry. An object whose references were rewritten or dropped
 * leaves as a Transform. Referenced objects are decided by {@link #references}: looked up in the node's {@link
 * Holdings}, decided by this gate recursively, memoised per decision, bounded in depth and counted as withheld in a
 * cycle, so that what the check resolves as released is always released on its own.
 *
 * <p><b>Cases</b> (issue 10, part 4). A request is made by its requester's node for its requested party, and each
 * transition by one party's node for the other: the parties named on the request, under the legal basis it names.
 * The share clauses, written for intelligence, are the wrong instrument for them both ways: a broad clause must not
 * carry a request to a third party, and a request must reach its requested party even when no clause selects the
 * type. So the gate decides them itself, before TLP and clauses: it allows [{@value #CASE_EXCHANGE}] exactly this
 * node's own request to its {@code requested} party, or this node's own transition (its {@code party} is this node's)
 * to the other of {@code requester} and {@code requested}, when an agreement binds both; anything else, a received
 * case object included (each party keeps its own copy), is refused [{@value #CASE_COUNTERPARTY}], and case objects
 * never go to the public feed. This is the one permission the gate grants without a share clause; it reaches only the
 * party the request itself names. Replayed at ingress ({@link Ingress}) the same rule accepts a request only from its
 * requester and a transition only from its acting party.
 *
 * <p>The public feed ({@link #decidePublic}) follows the same order with publish clauses, and refuses anything but
 * TLP:CLEAR first [{@value #NOT_PUBLIC}]. An unmarked object counts as the more restrictive of the node's configured
 * default and the rulebook's {@code defaults.unmarked}; an object with several TLP markings (object or granular)
 * counts as the most restrictive of them.
 *
 * <p><b>Speed.</b> It is called once per object per response. The constructor indexes the share clauses this node
 * may send by recipient, then by STIX type (a clause without types is in every type's list and in the fallback list),
 * in rulebook order, so a decision looks at only the clauses that could apply: two hash lookups, then a few set
 * lookups per candidate clause; no reason text is built until the decision is known. Only a Transform copies the
 * object. {@code EgressTest.decisionsPerSecond} times it (0.3 to 0.9 million decisions/s on one thread of the shared,
 * variably loaded build machine, after warm-up; see {@code README-rulebook.md}).
 *
 * <p>Thread-safe and immutable.
 */
public final class Egress {
  /** The recipient name of the public feed in {@link DryRun} and logs; never a party id. */
  public static final String PUBLIC_FEED = "(public)";

  public static final String DEFAULT_DENY = "default-deny";
  public static final String TLP_RED = "tlp-red";
  public static final String NO_LAUNDERING = "no-laundering";
  public static final String NO_RESHARE = "tlp-no-reshare";
  public static final String CRAFTED_PRODUCER = "crafted-producer";
  public static final String UNKNOWN_RECIPIENT = "unknown-recipient";
  public static final String UNKNOWN_ORIGIN = "unknown-originator";
  public static final String NOT_PUBLIC = "tlp-not-public";
  public static final String NO_RULEBOOK = "no-rulebook";
  public static final String WITHHELD_REFERENCE = "withheld-reference";
  public static final String PREDEFINED = "predefined";
  /** A case object (request, transition) to the other party on its request: allowed without a share clause. */
  public static final String CASE_EXCHANGE = "case-exchange";
  /** A case object to anyone else, or passed on, or published: refused whatever the clauses say. */
  public static final String CASE_COUNTERPARTY = "case-counterparty";

  /**
   * What a gate needs to know about its node.
   *
   * @param selfParty this node's party id in the rulebook
   * @param unmarkedDefault the TLP level of unmarked objects (AMBER unless configured)
   * @param clock the time {@code until} and {@code max_age} are checked against
   */
  public record Settings(String selfParty, Tlp unmarkedDefault, Clock clock) {
    public Settings {
      Objects.requireNonNull(selfParty, "selfParty");
      Objects.requireNonNull(unmarkedDefault, "unmarkedDefault");
      Objects.requireNonNull(clock, "clock");
    }

    /** AMBER for unmarked objects, system clock. */
    public static Settings of(String selfParty) {
      return new Settings(selfParty, Tlp.AMBER, Clock.systemUTC());
    }
  }

  private final Rulebook rulebook;
  private final Settings settings;
  private final Transforms transforms;
  private final Tlp unmarked;
  private final Map<String, ByType<Clause.Share>> shareIndex = new HashMap<>();
  private final ByType<Clause.Publish> publishIndex;
  private final Map<String, String> partyByIdentity = new HashMap<>();
  private final Map<String, Agreement> agreements = new HashMap<>();

  /**
   * @throws IllegalArgumentException when the rulebook does not bind {@code settings.selfParty()}
   */
  public Egress(Rulebook rulebook, Settings settings, Transforms transforms) {
    this(settings, transforms, Objects.requireNonNull(rulebook, "rulebook"));
  }

  /** The gate of a node without an active rulebook: it denies everything [{@value #NO_RULEBOOK}]. */
  public static Egress withoutRulebook(Settings settings, Transforms transforms) {
    return new Egress(settings, transforms, null);
  }

  private Egress(Settings settings, Transforms transforms, Rulebook rulebook) {
    this.rulebook = rulebook;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.transforms = Objects.requireNonNull(transforms, "transforms");
    if (rulebook == null) {
      this.unmarked = settings.unmarkedDefault();
      this.publishIndex = ByType.of(List.of(), p -> p.what().types());
      return;
    }
    if (!rulebook.parties().containsKey(settings.selfParty())) {
      throw new IllegalArgumentException(
          "rulebook " + rulebook.name() + " does not bind this node's party " + settings.selfParty());
    }
    Tlp ruled = rulebook.unmarked();
    this.unmarked =
        ruled != null && ruled.compareTo(settings.unmarkedDefault()) > 0 ? ruled : settings.unmarkedDefault();
    rulebook.parties().values().forEach(p -> partyByIdentity.put(p.identity(), p.id()));
    rulebook.agreements().forEach(a -> agreements.put(a.id(), a));
    Map<String, List<Clause.Share>> byRecipient = new HashMap<>();
    for (Agreement a : rulebook.agreements()) {
      for (Clause c : a.clauses()) {
        if (c instanceof Clause.Share s && s.from().contains(settings.selfParty())) {
          for (String to : s.to()) {
            byRecipient.computeIfAbsent(to, k -> new ArrayList<>()).add(s);
          }
        }
      }
    }
    byRecipient.forEach((to, list) -> shareIndex.put(to, ByType.of(list, s -> s.what().types())));
    List<Clause.Publish> pub = new ArrayList<>();
    for (Clause.Publish p : rulebook.publicFeed()) {
      if (p.from().contains(settings.selfParty())) {
        pub.add(p);
      }
    }
    this.publishIndex = ByType.of(pub, p -> p.what().types());
  }

  /** The rulebook this gate applies; empty for {@link #withoutRulebook}. */
  public Optional<Rulebook> rulebook() {
    return Optional.ofNullable(rulebook);
  }

  /** The decision for sending {@code object}, which came to this node as {@code provenance}, to a party. */
  public Decision decide(StixObject object, Provenance provenance, String recipientParty) {
    if (rulebook == null) {
      return noRulebook();
    }
    if (!rulebook.parties().containsKey(recipientParty) || recipientParty.equals(settings.selfParty())) {
      return new Decision.Deny(
          UNKNOWN_RECIPIENT, "'" + recipientParty + "' is not another party of rulebook " + rulebook.name());
    }
    if (AccordExtension.isPredefined(object.id())) {
      return new Decision.Deny(PREDEFINED, object.id() + " is built into Accord: every party holds it already");
    }
    if (AccordExtension.isCaseType(object.type())) {
      return caseObject(object, provenance, recipientParty);
    }
    Optional<Decision> refused = checkSource(object, provenance);
    if (refused.isPresent()) {
      return refused.get();
    }
    Tlp tlp = Markings.tlp(object, unmarked);
    if (provenance instanceof Provenance.Received r && (tlp == Tlp.AMBER_STRICT || tlp == Tlp.RED)) {
      return new Decision.Deny(
          NO_RESHARE,
          "TLP:" + tlp.v2Name().toUpperCase(java.util.Locale.ROOT) + " received from " + r.party()
              + " is never passed on (TLP 2.0)");
    }
    ByType<Clause.Share> candidates = shareIndex.get(recipientParty);
    List<Clause.Share> clauses = candidates == null ? List.of() : candidates.get(object.type());
    Instant now = settings.clock().instant();
    Clause.Share nearest = null;
    int nearestStage = -1;
    for (Clause.Share c : clauses) {
      String miss = miss(c, object, tlp, provenance, now, false);
      if (miss == null) {
        return allow(c.id(), c.agreement(), c.transforms(), object, tlp, recipientParty, c.purpose());
      }
      if (stage(miss) > nearestStage) {
        nearest = c;
        nearestStage = stage(miss);
      }
    }
    return denyWithoutClause(object, provenance, tlp, recipientParty, nearest(nearest, object, tlp, provenance, now));
  }

  /**
   * The decision for sending {@code object} to a party, with every id it names checked against what the party may
   * receive (see "References" above): what every way out of a node asks.
   *
   * @param holdings what this node holds, to look referenced ids up in
   */
  public Decision decide(StixObject object, Provenance provenance, String recipientParty, Holdings holdings) {
    return new GateReferences(this, holdings, recipientParty).decide(object, provenance);
  }

  /**
   * The decision for sending {@code object} to a party, its references resolved by {@code references} for that
   * party (see "References" above).
   */
  public Decision decide(StixObject object, Provenance provenance, String recipientParty, References references) {
    Decision d = decide(object, provenance, recipientParty);
    if (d instanceof Decision.Deny) {
      return d;
    }
    return ReferenceCheck.check(
        d, recipientParty, rulebook.references(), partyByIdentity.keySet(), Objects.requireNonNull(references));
  }

  /**
   * The references of one decision for {@code recipientParty}: ids looked up in {@code holdings} and decided by this
   * gate, recursively, memoised for as long as the returned object lives. Use a new one for every decision: the
   * store changes between decisions.
   */
  public References references(Holdings holdings, String recipientParty) {
    return new GateReferences(this, Objects.requireNonNull(holdings, "holdings"), recipientParty);
  }

  /**
   * The first clause, in rulebook order, that lets this node send objects of this type and TLP level to {@code
   * recipientParty}, with the source checks and TLP rules of {@link #decide} and the clause's provenance conditions and
   * expiry, but ignoring the rest of its selection (sectors, labels, confidence, producers, age). {@link Ingress} uses
   * it for a copy that a clause's transforms changed on its way here: stripped or dropped properties can no longer
   * show what the selection looked at, but type, markings, provenance and time still can.
   */
  Optional<Clause.Share> clauseIgnoringSelection(StixObject object, Provenance provenance, String recipientParty) {
    if (rulebook == null
        || AccordExtension.isPredefined(object.id())
        || AccordExtension.isCaseType(object.type()) // decided by caseObject alone, never by a clause
        || checkSource(object, provenance).isPresent()) {
      return Optional.empty();
    }
    Tlp tlp = Markings.tlp(object, unmarked);
    if (provenance instanceof Provenance.Received && (tlp == Tlp.AMBER_STRICT || tlp == Tlp.RED)) {
      return Optional.empty();
    }
    ByType<Clause.Share> candidates = shareIndex.get(recipientParty);
    if (candidates == null) {
      return Optional.empty();
    }
    Instant now = settings.clock().instant();
    for (Clause.Share c : candidates.get(object.type())) {
      String miss = miss(c, object, tlp, provenance, now, false);
      if (miss == null || miss.equals(STAGES.get(2))) {
        if (c.until() == null || now.isBefore(c.until())) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }

  /** The decision for putting {@code object} on this node's public feed. */
  public Decision decidePublic(StixObject object, Provenance provenance) {
    if (rulebook == null) {
      return noRulebook();
    }
    if (AccordExtension.isCaseType(object.type())) {
      return new Decision.Deny(CASE_COUNTERPARTY, object.id() + " is a mutual-assistance object: never published");
    }
    Optional<Decision> refused = checkSource(object, provenance);
    if (refused.isPresent()) {
      return refused.get();
    }
    Tlp tlp = Markings.tlp(object, unmarked);
    if (tlp != Tlp.CLEAR) {
      return new Decision.Deny(
          NOT_PUBLIC, "only TLP:CLEAR goes to the public feed; this object is TLP:" + upper(tlp) + marked(object));
    }
    Instant now = settings.clock().instant();
    Clause.Publish nearest = null;
    int nearestStage = -1;
    for (Clause.Publish c : publishIndex.get(object.type())) {
      String miss = miss(c, object, tlp, provenance, now, false);
      if (miss == null) {
        // Pseudonyms on the public feed use their own key ("public"), unrelated to any agreement's.
        return allow(c.id(), "public", c.transforms(), object, tlp, PUBLIC_FEED, "publication");
      }
      if (stage(miss) > nearestStage) {
        nearest = c;
        nearestStage = stage(miss);
      }
    }
    return denyWithoutClause(object, provenance, tlp, PUBLIC_FEED, nearest(nearest, object, tlp, provenance, now));
  }

  private static Decision noRulebook() {
    return new Decision.Deny(NO_RULEBOOK, "no rulebook is active on this node, so nothing leaves it");
  }

  private Optional<Decision> checkSource(StixObject object, Provenance provenance) {
    String source = settings.selfParty();
    if (provenance instanceof Provenance.Received r) {
      Agreement a = agreements.get(r.agreement());
      if (a == null || !a.hasParty(r.party())) {
        return Optional.of(
            new Decision.Deny(
                UNKNOWN_ORIGIN,
                "received from '" + r.party() + "' under '" + r.agreement()
                    + "', which the active rulebook does not have as a party and one of its agreements"));
      }
      source = r.party();
    }
    Optional<String> producer = object.text("created_by_ref");
    if (producer.isPresent()) {
      String claimed = partyByIdentity.get(producer.get());
      if (claimed != null && !claimed.equals(source)) {
        return Optional.of(
            new Decision.Deny(
                CRAFTED_PRODUCER,
                "created_by_ref claims party " + claimed + " (" + producer.get() + ") but the object came"
                    + " from " + (provenance instanceof Provenance.Received ? "party " + source : "this node")));
      }
    }
    return Optional.empty();
  }

  /**
   * Why clause {@code c} does not cover the object, or null when it does. Without {@code explain} the answer is one
   * of the constant stage names (no string is built on the hot path); with it, a sentence for the operator.
   */
  private String miss(Clause c, StixObject o, Tlp tlp, Provenance provenance, Instant now, boolean explain) {
    Instant until = c instanceof Clause.Share s ? s.until() : ((Clause.Publish) c).until();
    Selection what = c instanceof Clause.Share s ? s.what() : ((Clause.Publish) c).what();
    if (!what.allowedTlp().contains(tlp)) {
      return explain ? "TLP:" + upper(tlp) + " is not among its levels" : STAGES.get(0);
    }
    if (provenance instanceof Provenance.Received r) {
      String agreement = c instanceof Clause.Share s ? s.agreement() : null;
      if (agreement != null && !agreement.equals(r.agreement())) {
        return explain
            ? "the object came under agreement " + r.agreement() + ", the clause belongs to " + agreement
            : STAGES.get(1);
      }
      if (!what.originators().contains(r.party())) {
        return explain
            ? "it does not name " + r.party() + " among the originators whose objects may be passed on"
            : STAGES.get(1);
      }
    }
    String selection = Matching.miss(what, o, rulebook, now, explain);
    if (selection != null) {
      return explain ? selection : STAGES.get(2);
    }
    if (until != null && !now.isBefore(until)) {
      return explain ? "expired at " + until : STAGES.get(3);
    }
    return null;
  }

  /** The order of the checks in {@link #miss}: a clause that fails later is nearer to covering the object. */
  private static final List<String> STAGES = List.of("tlp", "provenance", "selection", "expired");

  private static int stage(String miss) {
    return STAGES.indexOf(miss);
  }

  private String nearest(Clause c, StixObject o, Tlp tlp, Provenance p, Instant now) {
    return c == null ? null : "nearest clause " + c.id() + ": " + miss(c, o, tlp, p, now, true);
  }

  private Decision allow(
      String clauseId, String agreement, List<Transform> ts, StixObject o, Tlp tlp, String to, String purpose) {
    String reason = "TLP:" + upper(tlp) + " " + o.type() + " to " + to + " for " + purpose;
    if (ts.isEmpty()) {
      return new Decision.Allow(clauseId, reason, o);
    }
    List<String> names = ts.stream().map(Transform::name).toList();
    return new Decision.Transform(
        clauseId, reason + ", after " + String.join(", ", names), transforms.apply(o, ts, agreement), ts);
  }

  /**
   * A request or transition: to the other party on its request, from the party that made it, and nowhere else (see
   * "Cases" above). The parties are read from the object; the receiving node checks them against its own copy of the
   * request, and the transition's signature against the acting party's key.
   */
  private Decision caseObject(StixObject object, Provenance provenance, String to) {
    String what = object.id();
    if (provenance instanceof Provenance.Received r) {
      return new Decision.Deny(
          CASE_COUNTERPARTY, what + " was received from " + r.party() + ": each party keeps its own copy, and a"
              + " mutual-assistance object is never passed on");
    }
    String requester = object.text("requester").orElse(null);
    String requested = object.text("requested").orElse(null);
    boolean isRequest = object.type().equals(AccordExtension.REQUEST_TYPE);
    String actor = isRequest ? requester : object.text("party").orElse(null);
    String self = settings.selfParty();
    if (requester == null || requested == null || actor == null) {
      return new Decision.Deny(CASE_COUNTERPARTY, what + " does not name its requester, requested party and actor");
    }
    if (!actor.equals(self)) {
      return new Decision.Deny(
          CASE_COUNTERPARTY, what + " was made by " + actor + ", not by this node's party " + self
              + ": only the party that made a mutual-assistance object sends it");
    }
    String counterparty = isRequest ? requested : self.equals(requester) ? requested : requester;
    if (!(self.equals(requester) || self.equals(requested)) || !to.equals(counterparty)) {
      return new Decision.Deny(
          CASE_COUNTERPARTY, what + " goes only to " + counterparty + ", the other party on its request (requester "
              + requester + ", requested " + requested + "), never to " + to);
    }
    if (rulebook.agreementBinding(self, to).isEmpty()) {
      return new Decision.Deny(
          CASE_COUNTERPARTY, "no agreement of rulebook " + rulebook.name() + " binds " + self + " and " + to);
    }
    return new Decision.Allow(
        CASE_EXCHANGE, (isRequest ? "request" : object.text("transition").orElse("transition")) + " " + what
            + " to " + to + ", the other party on the request", object);
  }

  private Decision denyWithoutClause(StixObject o, Provenance p, Tlp tlp, String to, String nearest) {
    String why = nearest == null ? "no clause lets this node send " + o.type() + " to " + to : nearest;
    if (tlp == Tlp.RED) {
      return new Decision.Deny(TLP_RED, "TLP:RED goes only to recipients a clause names for RED; " + why);
    }
    if (p instanceof Provenance.Received r) {
      return new Decision.Deny(
          NO_LAUNDERING,
          "received from " + r.party() + " under " + r.agreement() + ": passed on only by a clause of that agreement"
              + " naming " + r.party() + " as originator; " + why);
    }
    return new Decision.Deny(DEFAULT_DENY, "TLP:" + upper(tlp) + marked(o) + ": " + why);
  }

  private String marked(StixObject o) {
    return Markings.isMarked(o) ? "" : " (unmarked, treated as " + upper(unmarked) + ")";
  }

  private static String upper(Tlp t) {
    return t.v2Name().toUpperCase(java.util.Locale.ROOT);
  }

  /** Clauses by STIX type, keeping rulebook order; clauses without types apply to every type. */
  record ByType<C>(Map<String, List<C>> byType, List<C> anyType) {
    static <C> ByType<C> of(List<C> clauses, java.util.function.Function<C, Set<String>> types) {
      Set<String> named = new LinkedHashSet<>();
      clauses.forEach(c -> named.addAll(types.apply(c)));
      Map<String, List<C>> by = new HashMap<>();
      for (String t : named) {
        by.put(t, clauses.stream().filter(c -> types.apply(c).isEmpty() || types.apply(c).contains(t)).toList());
      }
      return new ByType<>(by, clauses.stream().filter(c -> types.apply(c).isEmpty()).toList());
    }

    List<C> get(String type) {
      return byType.getOrDefault(type, anyType);
    }
  }
}
