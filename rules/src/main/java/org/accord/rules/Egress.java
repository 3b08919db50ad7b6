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
 *   <li>a received object's chain of hops is borne out by the active rulebook [{@value #PROVENANCE_CHAIN}], naming
 *       the first bad hop (see "Onward sharing" below);
 *   <li>a received object goes on by the first onward grant, in rulebook order, of its first hop's clause that lets
 *       this node pass it on to the recipient: Allow as held, citing the grant; the recipient must not be on the chain
 *       already [{@value #NO_LAUNDERING}];
 *   <li>the first clause, in rulebook order, that lets this node send to the recipient and whose selection matches
 *       decides: Allow, or Transform when it requires transforms. A clause selects TLP levels (default CLEAR and
 *       GREEN; AMBER+STRICT and RED only when named; {@code to} names the recipient), an expiry ({@code until}), and
 *       for a received object (only one that came straight from its originator: a chain of one hop) it must belong to
 *       the agreement the object came under and name its originator in {@code originators} (a forwarder clause);
 *   <li>no clause: RED objects [{@value #TLP_RED}], received objects [{@value #NO_LAUNDERING}], everything else
 *       [{@value #DEFAULT_DENY}]. The reason names the nearest clause and why it did not match, for {@code explain};
 *       for a received object also its originator, its chain and the nearest grant.
 *   <li>with {@link References} (every way out of a node): every id the released object names is one the recipient
 *       receives or already knows [{@value #WITHHELD_REFERENCE}], see below.
 * </ol>
 *
 * <p><b>Onward sharing</b> (issue 12, part 2). A received object carries its chain ({@link Provenance.Received}):
 * the originator, then each hop with the clause or grant it went by, the last to this node (an empty chain: straight
 * from the originator, clause not recorded). The originator controls every later hop: a share clause's {@code onward}
 * grants ({@link Clause.Onward}) say to whom, at which TLP levels and for how many passings-on in all what left by
 * that clause may go further. So the gate of every holder checks the whole chain, not only its last hop, against the
 * active rulebook: every party on it is a party, none twice, it ends at this node; the first hop's clause belongs to
 * the object's agreement, is sent by the originator to that hop's recipient and covers the object's type and TLP (a
 * clause not recorded: some such clause, and only one whose whole selection covers the object lends its grants);
 * each later hop names a grant of that clause whose {@code to} names its
 * recipient, whose levels hold the TLP and whose {@code hops} reach that far, or, the second hop only, a forwarder
 * clause of the agreement from that hop's sender naming the originator in {@code originators} (the way before
 * grants, narrowed to one hop). A valid chain of n hops goes on by a grant of its first clause whose {@code hops} is
 * at least n, whose clause has not expired, to a party not on the chain; a chain of one hop also by a forwarder
 * clause. Whatever route an object takes, then, every party it reaches is a recipient of the originator's clause or of
 * one of that clause's grants (or of a forwarder clause naming the originator): {@code OnwardSharingProperties}
 * checks it over random rulebooks and routes against a breadth-first closure of the rulebook alone. Grants look at
 * type and TLP only (both survive every transform), and an onward hop releases the object as held: the originator's
 * clause applied its transforms when it left the originator. The grants and share clauses are indexed by id at
 * construction, with their parties as sets, so a chain of n hops costs n hash lookups and no string is built unless
 * the decision is a refusal.
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
  /** A received object whose chain of hops the active rulebook does not bear out: it goes nowhere. */
  public static final String PROVENANCE_CHAIN = "provenance-chain";
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
  /** Every share clause of the rulebook by id (any sender: the chain checks replay other parties' hops). */
  private final Map<String, Indexed> shares = new HashMap<>();
  /** Every onward grant of the rulebook by id. */
  private final Map<String, Granted> grants = new HashMap<>();

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
        if (c instanceof Clause.Share s) {
          List<Granted> gs = new ArrayList<>();
          for (Clause.Onward g : s.onward()) {
            Granted granted = new Granted(g, s.id(), Set.copyOf(g.to()));
            gs.add(granted);
            grants.put(g.id(), granted);
          }
          shares.put(s.id(), new Indexed(s, Set.copyOf(s.from()), Set.copyOf(s.to()), List.copyOf(gs)));
        }
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
    Instant now = settings.clock().instant();
    Chain chain = null;
    if (provenance instanceof Provenance.Received r) {
      chain = chain(object, tlp, r, now);
      if (chain.problem() != null) {
        return new Decision.Deny(
            PROVENANCE_CHAIN, "received from " + r.party() + " along " + describe(r) + ", which the active rulebook "
                + rulebook.name() + " does not bear out: " + chain.problem());
      }
      if (onChain(r, recipientParty)) {
        return new Decision.Deny(
            NO_LAUNDERING, recipientParty + " is on the chain already (" + describe(r) + "): an object never goes"
                + " back to its originator or an earlier holder");
      }
      Granted g = grantFor(chain, tlp, recipientParty, now);
      if (g != null) {
        return onward(g, r, chain, object, tlp, recipientParty);
      }
      if (chain.length() != 1) {
        return denyOnward(object, r, chain, tlp, recipientParty, now, null);
      }
    }
    ByType<Clause.Share> candidates = shareIndex.get(recipientParty);
    List<Clause.Share> clauses = candidates == null ? List.of() : candidates.get(object.type());
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
    if (provenance instanceof Provenance.Received r) {
      return denyOnward(object, r, chain, tlp, recipientParty, now, nearest(nearest, object, tlp, provenance, now));
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
  Optional<String> clauseIgnoringSelection(StixObject object, Provenance provenance, String recipientParty) {
    if (rulebook == null
        || AccordExtension.isPredefined(object.id())
        || AccordExtension.isCaseType(object.type()) // decided by caseObject alone, never by a clause
        || !rulebook.parties().containsKey(recipientParty)
        || recipientParty.equals(settings.selfParty())
        || checkSource(object, provenance).isPresent()) {
      return Optional.empty();
    }
    Tlp tlp = Markings.tlp(object, unmarked);
    if (provenance instanceof Provenance.Received && (tlp == Tlp.AMBER_STRICT || tlp == Tlp.RED)) {
      return Optional.empty();
    }
    Instant now = settings.clock().instant();
    if (provenance instanceof Provenance.Received r) {
      // The chain and the grants look at type and TLP only, which no transform changes; a forwarder clause (chain
      // of one) looks at its selection too, and falls back like an own clause below.
      Chain chain = chain(object, tlp, r, now);
      if (chain.problem() != null || onChain(r, recipientParty)) {
        return Optional.empty();
      }
      Granted g = grantFor(chain, tlp, recipientParty, now);
      if (g != null) {
        return Optional.of(g.grant().id());
      }
      if (chain.length() != 1) {
        return Optional.empty();
      }
    }
    ByType<Clause.Share> candidates = shareIndex.get(recipientParty);
    if (candidates == null) {
      return Optional.empty();
    }
    for (Clause.Share c : candidates.get(object.type())) {
      String miss = miss(c, object, tlp, provenance, now, false);
      if (miss == null || miss.equals(STAGES.get(2))) {
        if (c.until() == null || now.isBefore(c.until())) {
          return Optional.of(c.id());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The chain an object took, as {@code accord explain} and the gate's reasons show it: {@code cn → us by A1.S1 → fr
   * by A1.S1.F1}; {@code own} for an object this node produced or imported.
   */
  public static String describe(Provenance provenance) {
    if (!(provenance instanceof Provenance.Received r)) {
      return "own";
    }
    if (r.hops().isEmpty()) {
      return r.party() + " → this node under " + r.agreement() + " (clause not recorded)";
    }
    StringBuilder b = new StringBuilder(r.party());
    for (Provenance.Hop h : r.hops()) {
      b.append(" → ").append(h.to()).append(h.clause().isEmpty() ? " (clause not recorded)" : " by " + h.clause());
    }
    return b.toString();
  }

  // ---- onward sharing: the chain of a received object (issue 12, part 2) --------------------------------------

  /** A share clause with its parties as sets and its grants, indexed once (see "Onward sharing" above). */
  private record Indexed(Clause.Share clause, Set<String> from, Set<String> to, List<Granted> grants) {
    boolean covers(String type, Tlp tlp) {
      Selection what = clause.what();
      return (what.types().isEmpty() || what.types().contains(type)) && what.allowedTlp().contains(tlp);
    }
  }

  /** An onward grant, the id of the clause that carries it, and its resolved recipients as a set. */
  private record Granted(Clause.Onward grant, String clause, Set<String> to) {}

  /**
   * A chain checked under the active rulebook: the clauses its first hop may have been sent by (one when the hop
   * names it; those that could have, for a first hop not recorded), the number of hops (an empty chain counts its
   * one unrecorded hop), or why it is not borne out (null when it is).
   */
  private record Chain(List<Indexed> first, int length, String problem) {
    static Chain bad(int hop, Provenance.Hop h, String why) {
      String at = h == null ? "" : " (" + h.from() + " → " + h.to() + (h.clause().isEmpty() ? "" : " by "
          + h.clause()) + ")";
      return new Chain(List.of(), 0, "hop " + hop + at + " " + why);
    }
  }

  /**
   * Step 2 of the order of checks: every party on the chain is a party of the rulebook, no party is on it twice, it
   * ends at this node, its first hop is a share clause of the object's agreement from the originator to that hop's
   * recipient covering the object's type and TLP, and every later hop names an onward grant of that clause (to its
   * recipient, at this TLP, within its hops) or, the second hop only, a forwarder clause of the agreement from that
   * hop's sender naming the originator. Strings are built only for a chain that fails.
   */
  private Chain chain(StixObject object, Tlp tlp, Provenance.Received r, Instant now) {
    String type = object.type();
    List<Provenance.Hop> hops = r.hops();
    String origin = r.party();
    String self = settings.selfParty();
    int n = hops.isEmpty() ? 1 : hops.size();
    if (hops.isEmpty() && origin.equals(self)) {
      return Chain.bad(1, null, "(clause not recorded) comes back to " + self + ", who is on the chain already");
    }
    for (int i = 0; i < hops.size(); i++) {
      Provenance.Hop h = hops.get(i);
      if (!rulebook.parties().containsKey(h.to())) {
        return Chain.bad(i + 1, h, "goes to " + h.to() + ", not a party of rulebook " + rulebook.name());
      }
      boolean twice = h.to().equals(origin);
      for (int j = 0; j < i && !twice; j++) {
        twice = hops.get(j).to().equals(h.to());
      }
      if (twice) {
        return Chain.bad(i + 1, h, "comes back to " + h.to() + ", who is on the chain already");
      }
    }
    if (!hops.isEmpty() && !hops.get(n - 1).to().equals(self)) {
      return Chain.bad(n, hops.get(n - 1), "ends at " + hops.get(n - 1).to() + ", not at this node's party " + self);
    }
    String firstTo = hops.isEmpty() ? self : hops.get(0).to();
    String firstClause = hops.isEmpty() ? "" : hops.get(0).clause();
    List<Indexed> first;
    if (firstClause.isEmpty()) {
      // Not recorded: the chain stands if some clause could have sent it, but only a clause whose whole selection
      // covers the object lends it its grants (a clause with grants for labelled objects must not pass on others).
      first = new ArrayList<>(2);
      boolean covered = false;
      for (Clause c : agreements.get(r.agreement()).clauses()) {
        Indexed x = shares.get(c.id());
        if (x != null && x.from().contains(origin) && x.to().contains(firstTo) && x.covers(type, tlp)) {
          covered = true;
          if (Matching.miss(x.clause().what(), object, rulebook, now, false) == null) {
            first.add(x);
          }
        }
      }
      if (!covered) {
        return Chain.bad(1, hops.isEmpty() ? null : hops.get(0), "(clause not recorded): no share clause of "
            + r.agreement() + " lets " + origin + " send TLP:" + upper(tlp) + " " + type + " to " + firstTo);
      }
    } else {
      Indexed x = shares.get(firstClause);
      String why =
          x == null ? "names no share clause of the rulebook"
              : !x.clause().agreement().equals(r.agreement()) ? "names a clause of " + x.clause().agreement()
                  + ", not of " + r.agreement() + ", the agreement the object came under"
              : !x.from().contains(origin) ? "names a clause that " + origin + " does not send by"
              : !x.to().contains(firstTo) ? "names a clause that does not send to " + firstTo
              : !x.covers(type, tlp) ? "names a clause that does not cover TLP:" + upper(tlp) + " " + type
              : null;
      if (why != null) {
        return Chain.bad(1, hops.get(0), why);
      }
      first = List.of(x);
    }
    for (int i = 1; i < hops.size(); i++) {
      Provenance.Hop h = hops.get(i);
      Granted g = grants.get(h.clause());
      if (g != null) {
        Indexed of = shares.get(g.clause());
        String why =
            !isAmong(of, first) ? "names a grant of " + g.clause() + ", not of the first hop's clause"
                : !g.to().contains(h.to()) ? "names a grant that does not name " + h.to()
                : g.grant().hops() < i ? "is passing-on " + i + ", and the grant allows " + g.grant().hops()
                : !g.grant().tlp().contains(tlp) ? "names a grant that does not allow TLP:" + upper(tlp)
                : null;
        if (why != null) {
          return Chain.bad(i + 1, h, why);
        }
        first = List.of(of);
      } else if (i != 1 || !forwarder(shares.get(h.clause()), h, origin, r.agreement(), type, tlp)) {
        return Chain.bad(i + 1, h, "names neither an onward grant of the first hop's clause nor"
            + (i == 1 ? "" : ", the second hop only,") + " a clause of " + r.agreement() + " by which " + h.from()
            + " passes on " + origin + "'s TLP:" + upper(tlp) + " " + type + " to " + h.to());
      }
    }
    return new Chain(first, n, null);
  }

  /** By identity: the index holds one {@link Indexed} per clause, and record equality would compare them deeply. */
  private static boolean isAmong(Indexed clause, List<Indexed> clauses) {
    for (Indexed c : clauses) {
      if (c == clause) {
        return true;
      }
    }
    return false;
  }

  /** A forwarder clause (the way before grants): from the hop's sender, to its recipient, naming the originator. */
  private static boolean forwarder(
      Indexed x, Provenance.Hop h, String origin, String agreement, String type, Tlp tlp) {
    return x != null && x.clause().agreement().equals(agreement) && x.from().contains(h.from())
        && x.to().contains(h.to()) && x.clause().what().originators().contains(origin) && x.covers(type, tlp);
  }

  private static boolean onChain(Provenance.Received r, String party) {
    if (r.party().equals(party)) {
      return true;
    }
    for (Provenance.Hop h : r.hops()) {
      if (h.to().equals(party)) {
        return true;
      }
    }
    return false;
  }

  /** Step 3: the first grant, in rulebook order, of the first hop's clause that lets this node pass it on. */
  private Granted grantFor(Chain chain, Tlp tlp, String recipient, Instant now) {
    for (Indexed c : chain.first()) {
      if (c.clause().until() != null && !now.isBefore(c.clause().until())) {
        continue;
      }
      for (Granted g : c.grants()) {
        if (g.to().contains(recipient) && g.grant().tlp().contains(tlp) && chain.length() <= g.grant().hops()) {
          return g;
        }
      }
    }
    return null;
  }

  private Decision onward(
      Granted g, Provenance.Received r, Chain chain, StixObject o, Tlp tlp, String recipient) {
    return new Decision.Allow(
        g.grant().id(), "TLP:" + upper(tlp) + " " + o.type() + " of " + r.party() + " to " + recipient
            + ", passing-on " + chain.length() + " of at most " + g.grant().hops() + " by grant " + g.grant().id()
            + " of " + g.clause() + " (chain: " + describe(r) + ")", o);
  }

  /**
   * No grant and no forwarder clause: {@value #NO_LAUNDERING}, naming the originator, the chain, the nearest grant
   * and why it missed, and (for a chain of one) the nearest forwarder clause.
   */
  private Decision denyOnward(
      StixObject o, Provenance.Received r, Chain chain, Tlp tlp, String recipient, Instant now, String nearest) {
    Granted best = null;
    int bestStage = -1;
    for (Indexed c : chain.first()) {
      for (Granted g : c.grants()) {
        int stage = !g.to().contains(recipient) ? 0 : !g.grant().tlp().contains(tlp) ? 1
            : chain.length() > g.grant().hops() ? 2 : 3;
        if (stage > bestStage) {
          best = g;
          bestStage = stage;
        }
      }
    }
    String grant;
    if (best == null && chain.first().isEmpty()) {
      grant = "no grant: the first hop's clause is not recorded, and no clause of " + r.agreement() + " that could"
          + " have sent it and whose selection covers it grants onward sharing";
    } else if (best == null) {
      List<String> ids = chain.first().stream().map(c -> c.clause().id()).toList();
      grant = "no grant: " + String.join(", ", ids) + (ids.size() == 1 ? " grants" : " grant") + " no onward sharing";
    } else {
      String until = String.valueOf(shares.get(best.clause()).clause().until());
      grant = "nearest grant " + best.grant().id() + " of " + best.clause() + ": " + switch (bestStage) {
        case 0 -> recipient + " is not among its recipients";
        case 1 -> "TLP:" + upper(tlp) + " is not among its levels";
        case 2 -> "it allows " + best.grant().hops() + " passing(s)-on, this would be passing-on " + chain.length();
        default -> "its clause " + best.clause() + " expired at " + until;
      };
    }
    return new Decision.Deny(
        NO_LAUNDERING,
        "received from " + r.party() + " under " + r.agreement() + " along " + describe(r) + ": passed on only by an"
            + " onward grant of the first hop's clause" + (chain.length() == 1 ? " or a clause of " + r.agreement()
            + " naming " + r.party() + " as originator" : "") + "; " + grant + (nearest == null ? "" : "; "
            + nearest));
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
