package org.accord.rules;

import com.fasterxml.jackson.core.JsonToken;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.accord.rules.YamlTree.ListNode;
import org.accord.rules.YamlTree.Loc;
import org.accord.rules.YamlTree.MapNode;
import org.accord.rules.YamlTree.Node;
import org.accord.rules.YamlTree.Scalar;
import org.accord.stix.Timestamps;
import org.accord.stix.Tlp;

/**
 * Reads a rulebook from YAML (the format is described in {@code rules/README-rulebook.md}). Strict by design: a
 * rulebook is a contract, so an unknown key, a value of the wrong type, a party or clause id that does not resolve, a
 * duplicate clause id, an unknown transform or a malformed duration is an error, never ignored. Every error is a
 * {@link RulebookException} whose message starts with {@code source:line:column:} and says what is wrong.
 */
public final class RulebookParser {
  private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})([mhd])");
  private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9+._-]*");

  private static final Set<String> TOP =
      Set.of(
          "format", "rulebook", "version", "supersedes", "effective", "parties", "defaults", "agreements", "public",
          "hashes", "groups", "amendment");
  private static final Set<String> HASHES = Set.of("pdq_distance", "pdq_min_quality", "video");
  private static final Set<String> VIDEO = Set.of("frame_distance", "query_share", "indexed_share");
  private static final Set<String> PARTY = Set.of("name", "identity", "key", "taxii", "hotline");
  private static final Set<String> AGREEMENT = Set.of("id", "title", "parties", "legal_basis", "clauses");
  private static final Set<String> SHARE =
      Set.of("id", "kind", "from", "to", "what", "purpose", "until", "transforms", "onward");
  private static final Set<String> ONWARD = Set.of("id", "to", "tlp", "hops");
  private static final Set<String> PUBLISH = Set.of("id", "kind", "from", "what", "until", "transforms");
  private static final Set<String> OBLIGATION =
      Set.of(
          "id", "kind", "on", "by", "when", "acknowledge_within", "answer_within", "preserve_for", "extension",
          "on_breach");
  private static final Set<String> WHEN = Set.of("sector_in", "sectors", "kind_in", "urgency");
  private static final Set<String> WHAT =
      Set.of("types", "tlp", "labels", "sectors", "min_confidence", "producers", "originators", "max_age");

  private final Map<String, Party> parties = new LinkedHashMap<>();
  private final Map<String, Loc> clauseIds = new HashMap<>();
  private final Map<String, List<String>> groups = new LinkedHashMap<>();
  private final Map<String, List<String>> resolvedGroups = new LinkedHashMap<>();

  private RulebookParser() {}

  /**
   * Parses and validates one rulebook version.
   *
   * @param yaml the document
   * @param source a name for messages (a file name)
   * @throws RulebookException naming {@code source:line:column} and the problem
   */
  public static Rulebook parse(String yaml, String source) {
    return new RulebookParser().rulebook(YamlTree.parse(yaml, source));
  }

  private Rulebook rulebook(Node root) {
    MapNode m = map(root, "the rulebook");
    if (m.entries().containsKey("signatures")) {
      throw fail(m.keyLocs().get("signatures"), "signatures are detached: keep them in the signature file");
    }
    keys(m, "the rulebook", TOP, Set.of("rulebook", "version", "parties", "agreements"));
    if (m.entries().containsKey("format") && !Canonical.FORMAT.equals(string(m.entries().get("format")))) {
      throw fail(m.entries().get("format").loc(), "this reader knows format " + Canonical.FORMAT + " only");
    }
    String name = word(m.entries().get("rulebook"));
    int version = integer(m.entries().get("version"));
    int supersedes = m.entries().containsKey("supersedes") ? integer(m.entries().get("supersedes")) : 0;
    if (version < 1 || supersedes < 0 || supersedes >= version) {
      Node at = m.entries().get(version < 1 ? "version" : "supersedes");
      throw fail(at.loc(), "version must be 1 or more and supersedes below it (version " + version + ", supersedes "
          + supersedes + ")");
    }
    Instant effective = m.entries().containsKey("effective") ? instant(m.entries().get("effective")) : null;
    MapNode ps = map(m.entries().get("parties"), "parties");
    for (Map.Entry<String, Node> e : ps.entries().entrySet()) {
      parties.put(e.getKey(), party(e.getKey(), ps.keyLocs().get(e.getKey()), e.getValue()));
    }
    if (m.entries().containsKey("groups")) {
      groups(map(m.entries().get("groups"), "groups"));
    }
    Amendment amendment = m.entries().containsKey("amendment") ? amendment(m.entries().get("amendment")) : null;
    Node defaults = m.entries().get("defaults");
    if (defaults != null) {
      keys(map(defaults, "defaults"), "defaults", Set.of("unmarked", "references"), Set.of());
    }
    Tlp unmarked = unmarked(defaults);
    ReferencePolicy references = references(defaults);
    HashThresholds hashes = m.entries().containsKey("hashes") ? hashes(m.entries().get("hashes"))
        : HashThresholds.DEFAULTS;
    List<Agreement> agreements = new ArrayList<>();
    for (Node a : list(m.entries().get("agreements"), "agreements").items()) {
      agreements.add(agreement(a));
    }
    List<Clause.Publish> pub = new ArrayList<>();
    if (m.entries().containsKey("public")) {
      for (Node c : list(m.entries().get("public"), "public").items()) {
        pub.add(publish(c));
      }
    }
    Obligations.firstContradiction(agreements)
        .ifPresent(c -> {
          throw fail(clauseIds.get(c.second().id()), c.message());
        });
    return build(
        m.loc(),
        () -> new Rulebook(name, version, supersedes, effective, parties, unmarked, agreements, pub, references,
            hashes, groups, amendment));
  }

  /**
   * The {@code groups:} section: each group a list of party ids and {@code group:<name>} entries. An unknown member,
   * a member listed twice and a group that includes itself (directly or through others) are refused at the entry.
   */
  private void groups(MapNode m) {
    for (Map.Entry<String, Node> e : m.entries().entrySet()) {
      if (!Party.ID.matcher(e.getKey()).matches()) {
        throw fail(m.keyLocs().get(e.getKey()), "group name '" + e.getKey()
            + "' must be lowercase letters, digits, '-' or '_'");
      }
    }
    Map<String, List<Node>> items = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : m.entries().entrySet()) {
      List<String> members = new ArrayList<>();
      ListNode l = list(e.getValue(), "group " + e.getKey());
      for (Node item : l.items()) {
        String member = string(item);
        if (member.startsWith(Rulebook.GROUP_PREFIX)) {
          String inner = member.substring(Rulebook.GROUP_PREFIX.length());
          if (!m.entries().containsKey(inner)) {
            throw fail(item.loc(), "group " + e.getKey() + " names unknown group '" + inner + "' (groups: "
                + String.join(", ", m.entries().keySet()) + ")");
          }
        } else if (!parties.containsKey(member)) {
          throw fail(item.loc(), "group " + e.getKey() + " names unknown party '" + member + "' (parties: "
              + String.join(", ", parties.keySet()) + "; a group is written group:<name>)");
        }
        if (members.contains(member)) {
          throw fail(item.loc(), "group " + e.getKey() + " lists '" + member + "' twice");
        }
        members.add(member);
      }
      groups.put(e.getKey(), members);
      items.put(e.getKey(), l.items());
    }
    for (String g : groups.keySet()) {
      cycle(g, new ArrayList<>(), items);
    }
    resolvedGroups.putAll(Rulebook.resolve(groups, parties.keySet()));
  }

  /** Refuses, at the entry that closes it, a chain of groups that comes back to a group on {@code path}. */
  private void cycle(String group, List<String> path, Map<String, List<Node>> items) {
    path.add(group);
    List<String> members = groups.get(group);
    for (int i = 0; i < members.size(); i++) {
      String member = members.get(i);
      if (!member.startsWith(Rulebook.GROUP_PREFIX)) {
        continue;
      }
      String inner = member.substring(Rulebook.GROUP_PREFIX.length());
      if (path.contains(inner)) {
        throw fail(items.get(group).get(i).loc(), "group " + group + " includes group " + inner
            + ", which includes it: a cycle (" + String.join(" -> ", path) + " -> " + inner + ")");
      }
      cycle(inner, path, items);
    }
    path.remove(path.size() - 1);
  }

  /** The {@code amendment:} section: {@code accession_quorum} and {@code withdrawal_quorum}, fractions like 2/3. */
  private Amendment amendment(Node n) {
    MapNode m = map(n, "amendment");
    keys(m, "amendment", Set.of("accession_quorum", "withdrawal_quorum"), Set.of());
    Amendment.Quorum accession = quorum(m.entries().get("accession_quorum"));
    Amendment.Quorum withdrawal = quorum(m.entries().get("withdrawal_quorum"));
    return build(n.loc(), () -> new Amendment(accession, withdrawal));
  }

  private Amendment.Quorum quorum(Node n) {
    if (n == null) {
      return null;
    }
    String text = n instanceof Scalar s && s.text() != null ? s.text() : n.describe();
    Amendment.Quorum q = build(n.loc(), () -> Amendment.Quorum.parse(text));
    if (q == null) {
      throw fail(n.loc(), "a quorum is a fraction of the parties, e.g. 2/3 or 1/2, not '" + text + "'");
    }
    return q;
  }

  /** A list of recipients as written (party ids and groups) and resolved to party ids. */
  private record Recipients(List<String> named, List<String> resolved) {}

  /**
   * A list of party ids and {@code group:<name>} entries. Each resolved party must be in {@code allowed}; an entry
   * listed twice is refused, a party that two listed groups share (or a group and the list itself) counts once.
   */
  private Recipients recipients(Node n, Set<String> allowed, String where) {
    ListNode l = list(n, "a list of party ids or groups");
    List<String> named = new ArrayList<>();
    Set<String> resolved = new LinkedHashSet<>();
    for (Node item : l.items()) {
      String p = string(item);
      if (named.contains(p)) {
        throw fail(item.loc(), "'" + p + "' is listed twice");
      }
      if (p.startsWith(Rulebook.GROUP_PREFIX)) {
        String g = p.substring(Rulebook.GROUP_PREFIX.length());
        List<String> members = resolvedGroups.get(g);
        if (members == null) {
          throw fail(item.loc(), "unknown group '" + g + "' (groups: " + String.join(", ", groups.keySet()) + ")");
        }
        for (String member : members) {
          if (!allowed.contains(member)) {
            throw fail(item.loc(), "group " + g + " includes '" + member + "', who is not a party to " + where);
          }
        }
        resolved.addAll(members);
      } else {
        partyIds(new ListNode(List.of(item), item.loc()), allowed, where);
        resolved.add(p);
      }
      named.add(p);
    }
    boolean grouped = named.stream().anyMatch(x -> x.startsWith(Rulebook.GROUP_PREFIX));
    return new Recipients(grouped ? named : List.copyOf(resolved), List.copyOf(resolved));
  }

  /** The {@code hashes:} section: every key optional (the default for what is left out), every value in range. */
  private HashThresholds hashes(Node n) {
    MapNode m = map(n, "hashes");
    keys(m, "hashes", HASHES, Set.of());
    HashThresholds d = HashThresholds.DEFAULTS;
    int distance = bounded(m, "pdq_distance", d.pdqDistance(), HashThresholds.MAX_DISTANCE, "bits");
    int quality = bounded(m, "pdq_min_quality", d.pdqMinQuality(), 100, "");
    int frameDistance = d.frameDistance();
    double queryShare = d.queryShare();
    double indexedShare = d.indexedShare();
    Node video = m.entries().get("video");
    if (video != null) {
      MapNode v = map(video, "hashes.video");
      keys(v, "hashes.video", VIDEO, Set.of());
      frameDistance = bounded(v, "frame_distance", frameDistance, HashThresholds.MAX_DISTANCE, "bits");
      queryShare = share(v, "query_share", queryShare);
      indexedShare = share(v, "indexed_share", indexedShare);
    }
    int fd = frameDistance;
    double qs = queryShare;
    double is = indexedShare;
    return build(n.loc(), () -> new HashThresholds(distance, quality, fd, qs, is));
  }

  private int bounded(MapNode m, String key, int absent, int max, String unit) {
    Node n = m.entries().get(key);
    if (n == null) {
      return absent;
    }
    int v = integer(n);
    if (v < 0 || v > max) {
      throw fail(n.loc(), key + " must be 0.." + max + (unit.isEmpty() ? "" : " " + unit) + ", got " + v);
    }
    return v;
  }

  private double share(MapNode m, String key, double absent) {
    Node n = m.entries().get(key);
    if (n == null) {
      return absent;
    }
    if (n instanceof Scalar s
        && (s.token() == JsonToken.VALUE_NUMBER_FLOAT || s.token() == JsonToken.VALUE_NUMBER_INT)) {
      BigDecimal v;
      try {
        v = new BigDecimal(s.text());
      } catch (NumberFormatException e) {
        throw fail(n.loc(), key + " must be a number in (0, 1], found " + s.text());
      }
      if (v.signum() <= 0 || v.compareTo(BigDecimal.ONE) > 0 || v.stripTrailingZeros().scale() > 2) {
        throw fail(n.loc(), key + " must be a share in (0, 1] with at most two decimals (e.g. 0.8), got " + s.text());
      }
      return v.doubleValue();
    }
    throw fail(n.loc(), key + " must be a number in (0, 1], found " + n.describe());
  }

  private Tlp unmarked(Node defaults) {
    if (defaults == null) {
      return null;
    }
    MapNode d = map(defaults, "defaults");
    return d.entries().containsKey("unmarked") ? tlp(d.entries().get("unmarked")) : null;
  }

  private ReferencePolicy references(Node defaults) {
    Node n = defaults == null ? null : ((MapNode) defaults).entries().get("references");
    if (n == null) {
      return ReferencePolicy.WITHHOLD;
    }
    String word = string(n);
    return ReferencePolicy.fromWord(word)
        .orElseThrow(() -> fail(n.loc(), "unknown references policy '" + word + "' (withhold or drop)"));
  }

  private Party party(String id, Loc at, Node n) {
    MapNode m = map(n, "party " + id);
    keys(m, "party " + id, PARTY, Set.of("name", "identity", "key"));
    if (!Party.ID.matcher(id).matches()) {
      throw fail(at, "party id '" + id + "' must be lowercase letters, digits, '-' or '_'");
    }
    URI taxii = null;
    if (m.entries().containsKey("taxii")) {
      Node t = m.entries().get("taxii");
      try {
        taxii = new URI(string(t));
      } catch (URISyntaxException e) {
        throw fail(t.loc(), "taxii is not a URL: " + e.getMessage());
      }
    }
    List<String> hotline =
        m.entries().containsKey("hotline") ? strings(m.entries().get("hotline")) : List.of();
    URI url = taxii;
    Node identity = m.entries().get("identity");
    if (!string(identity).startsWith("identity--")) {
      throw fail(identity.loc(), "identity must be a STIX identity id (identity--<uuid>, STIX 2.1 §4.11)");
    }
    Node key = m.entries().get("key");
    return build(
        key.loc(),
        () ->
            new Party(
                id,
                string(m.entries().get("name")),
                string(m.entries().get("identity")),
                string(key),
                url,
                hotline));
  }

  private Agreement agreement(Node n) {
    MapNode m = map(n, "an agreement");
    keys(m, "an agreement", AGREEMENT, Set.of("id", "title", "parties", "clauses"));
    String id = clauseId(m.entries().get("id"));
    Recipients bound = recipients(m.entries().get("parties"), parties.keySet(), "the rulebook");
    List<String> members = bound.resolved();
    String legal = m.entries().containsKey("legal_basis") ? string(m.entries().get("legal_basis")) : null;
    List<Clause> clauses = new ArrayList<>();
    for (Node c : list(m.entries().get("clauses"), "clauses").items()) {
      clauses.add(clause(c, id, new LinkedHashSet<>(members)));
    }
    return build(
        m.loc(),
        () -> new Agreement(id, string(m.entries().get("title")), members, legal, clauses, bound.named()));
  }

  private Clause clause(Node n, String agreement, Set<String> members) {
    MapNode m = map(n, "a clause");
    Node kind = m.entries().get("kind");
    if (kind == null) {
      throw fail(m.loc(), "a clause needs 'kind' (share or obligation)");
    }
    String k = string(kind);
    String where = "agreement " + agreement;
    if (k.equals("share")) {
      keys(m, "a share clause", SHARE, Set.of("id", "from", "to", "what", "purpose"));
      String id = clauseId(m.entries().get("id"));
      List<String> from = partyIds(m.entries().get("from"), members, where);
      Recipients to = recipients(m.entries().get("to"), members, where);
      Selection what = selection(m.entries().get("what"), members, where);
      String purpose = word(m.entries().get("purpose"));
      Instant until = m.entries().containsKey("until") ? instant(m.entries().get("until")) : null;
      List<Transform> ts = transforms(m.entries().get("transforms"));
      List<Clause.Onward> onward = new ArrayList<>();
      if (m.entries().containsKey("onward")) {
        for (Node g : list(m.entries().get("onward"), "onward").items()) {
          onward.add(onward(g, id));
        }
      }
      return build(
          m.loc(),
          () -> new Clause.Share(id, agreement, from, to.resolved(), what, purpose, until, ts, to.named(), onward));
    }
    if (k.equals("obligation")) {
      return obligation(m, agreement, members);
    }
    throw fail(kind.loc(), "unknown clause kind '" + k + "' (share or obligation; publish goes under public:)");
  }

  /**
   * One onward grant of share clause {@code clause}: its id (unique among every clause and grant id), its recipients
   * (any party of the rulebook, or a group), the TLP levels that may go on (never AMBER+STRICT or RED: TLP 2.0) and how
   * many passings-on in all.
   */
  private Clause.Onward onward(Node n, String clause) {
    MapNode m = map(n, "an onward grant");
    keys(m, "an onward grant of " + clause, ONWARD, Set.of("id", "to"));
    String id = clauseId(m.entries().get("id"));
    Recipients to = recipients(m.entries().get("to"), parties.keySet(), "the rulebook");
    Set<Tlp> tlp = new LinkedHashSet<>();
    if (m.entries().containsKey("tlp")) {
      for (Node t : list(m.entries().get("tlp"), "tlp").items()) {
        Tlp level = tlp(t);
        String refused = Clause.Onward.refusedTlp(Set.of(level));
        if (refused != null) {
          throw fail(t.loc(), "onward grant " + id + ": " + refused);
        }
        if (!tlp.add(level)) {
          throw fail(t.loc(), "TLP:" + level.v2Name().toUpperCase(java.util.Locale.ROOT) + " is listed twice");
        }
      }
    }
    int hops = Clause.Onward.MIN_HOPS;
    if (m.entries().containsKey("hops")) {
      Node h = m.entries().get("hops");
      hops = integer(h);
      if (hops < Clause.Onward.MIN_HOPS || hops > Clause.Onward.MAX_HOPS) {
        throw fail(h.loc(), "hops must be " + Clause.Onward.MIN_HOPS + ".." + Clause.Onward.MAX_HOPS
            + " (how many times in all the object may be passed on after the clause's own send), got " + hops);
      }
    }
    int count = hops;
    return build(m.loc(), () -> new Clause.Onward(id, to.named(), to.resolved(), tlp, count));
  }

  private Clause.Obligation obligation(MapNode m, String agreement, Set<String> members) {
    keys(m, "an obligation", OBLIGATION, Set.of("id", "on", "acknowledge_within"));
    String id = clauseId(m.entries().get("id"));
    Node on = m.entries().get("on");
    String event = string(on);
    if (!Clause.Obligation.EVENTS.contains(event)) {
      throw fail(on.loc(), "unknown event '" + event + "', one of " + sorted(Clause.Obligation.EVENTS));
    }
    List<String> by =
        m.entries().containsKey("by")
            ? partyIds(m.entries().get("by"), members, "agreement " + agreement)
            : List.copyOf(members);
    Set<String> sectors = Set.of();
    Set<String> kinds = Set.of();
    Set<String> urgencies = Set.of();
    if (m.entries().containsKey("when")) {
      MapNode w = map(m.entries().get("when"), "when");
      keys(w, "when", WHEN, Set.of());
      if (w.entries().containsKey("sector_in") && w.entries().containsKey("sectors")) {
        throw fail(w.keyLocs().get("sectors"), "write sector_in or its older spelling sectors, not both");
      }
      Node sec = w.entries().containsKey("sector_in") ? w.entries().get("sector_in") : w.entries().get("sectors");
      sectors = sec == null ? Set.of() : Set.copyOf(words(sec));
      if (w.entries().containsKey("kind_in")) {
        kinds = checkedWords(w.entries().get("kind_in"), Clause.Obligation.REQUEST_KINDS, "request kind");
      }
      if (w.entries().containsKey("urgency")) {
        Node u = w.entries().get("urgency");
        urgencies =
            u instanceof Scalar
                ? checkedWords(new ListNode(List.of(u), u.loc()), Clause.Obligation.URGENCIES, "urgency")
                : checkedWords(u, Clause.Obligation.URGENCIES, "urgency");
      }
      if (!event.equals("assistance-request") && !(kinds.isEmpty() && urgencies.isEmpty())) {
        throw fail(w.loc(), "kind_in and urgency apply to on: assistance-request only, not " + event);
      }
    }
    Duration ack = duration(m.entries().get("acknowledge_within"));
    Map<String, Duration> answer =
        answerWithin(m.entries().get("answer_within"), event.equals("assistance-request"));
    Duration preserve = optionalDuration(m, "preserve_for");
    Duration extension = optionalDuration(m, "extension");
    List<String> onBreach = List.of();
    if (m.entries().containsKey("on_breach")) {
      Node b = m.entries().get("on_breach");
      onBreach = strings(b);
      for (int i = 0; i < onBreach.size(); i++) {
        if (!Clause.Obligation.BREACH_ACTIONS.contains(onBreach.get(i))) {
          throw fail(((ListNode) b).items().get(i).loc(),
              "unknown on_breach action '" + onBreach.get(i) + "', one of "
                  + sorted(Clause.Obligation.BREACH_ACTIONS));
        }
      }
    }
    List<String> breach = onBreach;
    Set<String> sec = sectors;
    Set<String> ks = kinds;
    Set<String> us = urgencies;
    return build(
        m.loc(),
        () ->
            new Clause.Obligation(
                id, agreement, event, by, sec, ks, us, ack, answer, preserve, extension, breach));
  }

  /** The words of a list, each one of {@code allowed}; an unknown one is named with its line and column. */
  private Set<String> checkedWords(Node n, Set<String> allowed, String what) {
    Set<String> out = new LinkedHashSet<>();
    for (Node item : list(n, "a list").items()) {
      String w = string(item);
      if (!allowed.contains(w)) {
        throw fail(item.loc(), "unknown " + what + " '" + w + "', one of " + sorted(allowed));
      }
      if (!out.add(w)) {
        throw fail(item.loc(), what + " '" + w + "' is listed twice");
      }
    }
    return Set.copyOf(out);
  }

  private Map<String, Duration> answerWithin(Node n, boolean byUrgency) {
    Map<String, Duration> out = new LinkedHashMap<>();
    if (n == null) {
      return out;
    }
    if (n instanceof Scalar) {
      out.put("normal", duration(n));
      return out;
    }
    MapNode m = map(n, "answer_within");
    for (Map.Entry<String, Node> e : m.entries().entrySet()) {
      if (!WORD.matcher(e.getKey()).matches()) {
        throw fail(m.keyLocs().get(e.getKey()), "priority '" + e.getKey() + "' must be a lowercase word");
      }
      if (byUrgency && !Clause.Obligation.URGENCIES.contains(e.getKey())) {
        throw fail(m.keyLocs().get(e.getKey()), "unknown urgency '" + e.getKey() + "' in answer_within, one of "
            + sorted(Clause.Obligation.URGENCIES));
      }
      out.put(e.getKey(), duration(e.getValue()));
    }
    return out;
  }

  private Clause.Publish publish(Node n) {
    MapNode m = map(n, "a public clause");
    keys(m, "a public clause", PUBLISH, Set.of("id", "what"));
    if (m.entries().containsKey("kind") && !string(m.entries().get("kind")).equals("publish")) {
      throw fail(m.entries().get("kind").loc(), "clauses under public: are of kind publish");
    }
    String id = clauseId(m.entries().get("id"));
    List<String> from =
        m.entries().containsKey("from")
            ? partyIds(m.entries().get("from"), parties.keySet(), "the rulebook")
            : List.copyOf(parties.keySet());
    Selection what = selection(m.entries().get("what"), parties.keySet(), "the rulebook");
    Instant until = m.entries().containsKey("until") ? instant(m.entries().get("until")) : null;
    List<Transform> ts = transforms(m.entries().get("transforms"));
    return build(m.loc(), () -> new Clause.Publish(id, from, what, until, ts));
  }

  private Selection selection(Node n, Set<String> members, String where) {
    MapNode m = map(n, "what");
    keys(m, "what", WHAT, Set.of());
    Map<String, Node> e = m.entries();
    Set<String> types = e.containsKey("types") ? Set.copyOf(words(e.get("types"))) : Set.of();
    Set<Tlp> tlp = new LinkedHashSet<>();
    if (e.containsKey("tlp")) {
      for (Node t : list(e.get("tlp"), "tlp").items()) {
        tlp.add(tlp(t));
      }
    }
    Set<String> labels = e.containsKey("labels") ? Set.copyOf(strings(e.get("labels"))) : Set.of();
    Set<String> sectors = e.containsKey("sectors") ? Set.copyOf(words(e.get("sectors"))) : Set.of();
    Integer conf = null;
    if (e.containsKey("min_confidence")) {
      conf = integer(e.get("min_confidence"));
      if (conf < 0 || conf > 100) {
        throw fail(e.get("min_confidence").loc(), "min_confidence must be 0 to 100 (STIX 2.1 §3.2)");
      }
    }
    Set<String> producers =
        e.containsKey("producers") ? Set.copyOf(partyIds(e.get("producers"), parties.keySet(), "the rulebook"))
            : Set.of();
    Set<String> originators =
        e.containsKey("originators") ? Set.copyOf(partyIds(e.get("originators"), members, where)) : Set.of();
    Duration maxAge = optionalDuration(m, "max_age");
    return new Selection(types, tlp, labels, sectors, conf, producers, originators, maxAge);
  }

  private List<Transform> transforms(Node n) {
    List<Transform> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    for (Node t : list(n, "transforms").items()) {
      if (t instanceof MapNode m && m.entries().size() == 1 && m.entries().containsKey("drop")) {
        List<String> props = strings(m.entries().get("drop"));
        out.add(build(t.loc(), () -> new Transform.Drop(props)));
        continue;
      }
      String name = t instanceof Scalar ? string(t) : t.describe();
      switch (name) {
        case Transform.Pseudonymise.NAME -> out.add(new Transform.Pseudonymise());
        case Transform.StripCustom.NAME -> out.add(new Transform.StripCustom());
        default ->
            throw fail(t.loc(), "unknown transform '" + name + "': use " + Transform.Pseudonymise.NAME + ", "
                + Transform.StripCustom.NAME + " or {drop: [property, ...]}");
      }
    }
    return out;
  }

  // ---- scalars, with the location of every error ----

  private String clauseId(Node n) {
    String id = string(n);
    if (!Clause.ID.matcher(id).matches()) {
      throw fail(n.loc(), "id '" + id + "' must be a letter then letters, digits, '.', '-' or '_'");
    }
    Loc first = clauseIds.putIfAbsent(id, n.loc());
    if (first != null) {
      throw fail(n.loc(), "duplicate id '" + id + "' (first used at line " + first.line() + ")");
    }
    return id;
  }

  private List<String> partyIds(Node n, Set<String> allowed, String where) {
    ListNode l = list(n, "a list of party ids");
    List<String> out = new ArrayList<>();
    for (Node item : l.items()) {
      String p = string(item);
      if (!parties.containsKey(p)) {
        throw fail(item.loc(), "unknown party '" + p + "' (parties: " + String.join(", ", parties.keySet()) + ")");
      }
      if (!allowed.contains(p)) {
        throw fail(item.loc(), "party '" + p + "' is not a party to " + where);
      }
      if (out.contains(p)) {
        throw fail(item.loc(), "party '" + p + "' is listed twice");
      }
      out.add(p);
    }
    return out;
  }

  private Tlp tlp(Node n) {
    String s = string(n).toLowerCase(java.util.Locale.ROOT);
    String name = s.startsWith("tlp:") ? s.substring(4) : s;
    return Tlp.fromName(name)
        .orElseThrow(() -> fail(n.loc(), "unknown TLP level '" + s + "' (clear, green, amber, amber+strict, red)"));
  }

  private Duration optionalDuration(MapNode m, String key) {
    return m.entries().containsKey(key) ? duration(m.entries().get(key)) : null;
  }

  static Duration parseDuration(String text) {
    Matcher d = DURATION.matcher(text);
    if (!d.matches()) {
      return null;
    }
    long v = Long.parseLong(d.group(1));
    return switch (d.group(2)) {
      case "m" -> Duration.ofMinutes(v);
      case "h" -> Duration.ofHours(v);
      default -> Duration.ofDays(v);
    };
  }

  private Duration duration(Node n) {
    String s = n instanceof Scalar sc && sc.text() != null ? sc.text() : n.describe();
    Duration d = parseDuration(s);
    if (d == null) {
      throw fail(n.loc(), "bad duration '" + s + "': write a positive whole number and m, h or d (90m, 24h, 30d)");
    }
    return d;
  }

  private Instant instant(Node n) {
    String s = string(n);
    try {
      return Timestamps.parse(s).instant();
    } catch (DateTimeParseException e) {
      throw fail(n.loc(), "bad timestamp '" + s + "': write RFC 3339 in UTC, e.g. 2026-12-01T00:00:00.000Z");
    }
  }

  private int integer(Node n) {
    if (n instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
      try {
        return Integer.parseInt(s.text());
      } catch (NumberFormatException e) {
        throw fail(n.loc(), "number " + s.text() + " is too large");
      }
    }
    throw fail(n.loc(), "expected a whole number, found " + n.describe());
  }

  private String word(Node n) {
    String s = string(n);
    if (!WORD.matcher(s).matches()) {
      throw fail(n.loc(), "'" + s + "' must be a lowercase word (letters, digits, '-', '.', '_', '+')");
    }
    return s;
  }

  private String string(Node n) {
    if (n instanceof Scalar s && s.token() == JsonToken.VALUE_STRING) {
      return s.text();
    }
    String hint =
        n instanceof Scalar s && s.token() != JsonToken.VALUE_NULL && !s.describe().equals("a string")
            ? " (quote it if you mean the text '" + ((Scalar) n).text() + "')"
            : "";
    throw fail(n.loc(), "expected a string, found " + n.describe() + hint);
  }

  private List<String> words(Node n) {
    List<String> out = new ArrayList<>();
    for (Node item : list(n, "a list").items()) {
      out.add(word(item));
    }
    return out;
  }

  private List<String> strings(Node n) {
    List<String> out = new ArrayList<>();
    for (Node item : list(n, "a list").items()) {
      out.add(string(item));
    }
    return out;
  }

  private static MapNode map(Node n, String what) {
    if (n instanceof MapNode m) {
      return m;
    }
    throw fail(n.loc(), what + " must be a map, found " + n.describe());
  }

  private static ListNode list(Node n, String what) {
    if (n instanceof ListNode l) {
      return l;
    }
    throw fail(n.loc(), what + " must be a list, found " + n.describe());
  }

  private static void keys(MapNode m, String what, Set<String> allowed, Set<String> required) {
    for (Map.Entry<String, Loc> k : m.keyLocs().entrySet()) {
      if (!allowed.contains(k.getKey())) {
        throw fail(k.getValue(), "unknown key '" + k.getKey() + "' in " + what + " (allowed: " + sorted(allowed) + ")");
      }
    }
    for (String r : sorted(required)) {
      if (!m.entries().containsKey(r)) {
        throw fail(m.loc(), what + " needs '" + r + "'");
      }
    }
  }

  /** Runs a model constructor, turning its validation error into one that names where the node starts. */
  private static <T> T build(Loc at, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw fail(at, e.getMessage());
    }
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }

  private static RulebookException fail(Loc at, String message) {
    return new RulebookException(at + ": " + message);
  }
}
