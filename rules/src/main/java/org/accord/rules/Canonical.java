package org.accord.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.accord.stix.Jcs;
import org.accord.stix.StixJson;
import org.accord.stix.Timestamps;

/**
 * The canonical form of a {@link Rulebook}: the model as a tree of maps, lists, strings and integers, written as
 * RFC 8785 canonical JSON. Its shape is the rulebook file format itself (JSON is YAML), so {@link RulebookParser}
 * reads it back to an equal model: {@link RulebookHistory} stores exactly the bytes the parties signed. Sets are
 * written sorted (their order carries no meaning); lists keep their order (clause
 * order decides which clause a decision cites). Absent optional values are left out, so adding a new optional field
 * later does not change the form of rulebooks that do not use it.
 */
final class Canonical {
  static final String FORMAT = "accord-rulebook/1";

  private Canonical() {}

  static Map<String, Object> of(Rulebook r) {
    Map<String, Object> m = new TreeMap<>();
    m.put("format", FORMAT);
    m.put("rulebook", r.name());
    m.put("version", r.version());
    m.put("supersedes", r.supersedes());
    put(m, "effective", r.effective());
    Map<String, Object> defaults = new TreeMap<>();
    if (r.unmarked() != null) {
      defaults.put("unmarked", r.unmarked().v2Name());
    }
    if (r.references() != ReferencePolicy.WITHHOLD) {
      // Only a non-default policy is written, so rulebooks signed before the setting existed keep their form and
      // their signatures; an explicit "withhold" means the same as none and is signed the same.
      defaults.put("references", r.references().word());
    }
    if (!defaults.isEmpty()) {
      m.put("defaults", defaults);
    }
    if (!r.hashes().equals(HashThresholds.DEFAULTS)) {
      // Written only when it differs from the defaults, like defaults.references: rulebooks signed before the
      // section existed keep their form, and a section that spells out the defaults is signed the same as none.
      HashThresholds h = r.hashes();
      Map<String, Object> hm = new TreeMap<>();
      hm.put("pdq_distance", h.pdqDistance());
      hm.put("pdq_min_quality", h.pdqMinQuality());
      Map<String, Object> video = new TreeMap<>();
      video.put("frame_distance", h.frameDistance());
      video.put("query_share", h.queryShare());
      video.put("indexed_share", h.indexedShare());
      hm.put("video", video);
      m.put("hashes", hm);
    }
    Map<String, Object> parties = new TreeMap<>();
    for (Party p : r.parties().values()) {
      Map<String, Object> pm = new TreeMap<>();
      pm.put("name", p.name());
      pm.put("identity", p.identity());
      pm.put("key", p.key());
      put(pm, "taxii", p.taxii() == null ? null : p.taxii().toString());
      pm.put("hotline", p.hotline());
      parties.put(p.id(), pm);
    }
    m.put("parties", parties);
    if (!r.groups().isEmpty()) {
      // Written only when there are groups, so rulebooks without them keep their form and their signatures.
      m.put("groups", new TreeMap<>(r.groups()));
    }
    if (r.amendment() != null) {
      // Written only when stated, like groups: rulebooks without an amendment rule keep their signatures.
      Map<String, Object> am = new TreeMap<>();
      put(am, "accession_quorum", r.amendment().accession() == null ? null : r.amendment().accession().toString());
      put(am, "withdrawal_quorum", r.amendment().withdrawal() == null ? null : r.amendment().withdrawal().toString());
      m.put("amendment", am);
    }
    List<Object> agreements = new ArrayList<>();
    for (Agreement a : r.agreements()) {
      Map<String, Object> am = new TreeMap<>();
      am.put("id", a.id());
      am.put("title", a.title());
      am.put("parties", a.named());
      put(am, "legal_basis", a.legalBasis());
      List<Object> clauses = new ArrayList<>();
      for (Clause c : a.clauses()) {
        clauses.add(clause(c));
      }
      am.put("clauses", clauses);
      agreements.add(am);
    }
    m.put("agreements", agreements);
    List<Object> pub = new ArrayList<>();
    for (Clause.Publish p : r.publicFeed()) {
      pub.add(clause(p));
    }
    m.put("public", pub);
    return m;
  }

  /**
   * The canonical tree of {@code r} with {@code party} erased, and without the version fields: what must be equal in
   * two versions for the second to be only the accession or withdrawal of {@code party} ({@link Amendments}). The
   * party leaves the parties, every group, every agreement's, clause's and onward grant's party lists (from, to, by,
   * producers, originators); an agreement left with fewer than two entries, a clause left with an empty from, to or
   * by, and a grant left with an empty to go.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> without(Rulebook r, String party) {
    Map<String, Object> m = of(r);
    m.remove("version");
    m.remove("supersedes");
    m.remove("effective");
    ((Map<String, Object>) m.get("parties")).remove(party);
    Map<String, Object> groups = (Map<String, Object>) m.get("groups");
    if (groups != null) {
      groups.replaceAll((g, members) -> minus((List<Object>) members, party));
    }
    List<Object> agreements = new ArrayList<>();
    for (Object o : (List<Object>) m.get("agreements")) {
      Map<String, Object> a = (Map<String, Object>) o;
      a.put("parties", minus((List<Object>) a.get("parties"), party));
      if (((List<Object>) a.get("parties")).size() < 2) {
        continue;
      }
      a.put("clauses", clausesWithout((List<Object>) a.get("clauses"), party));
      agreements.add(a);
    }
    m.put("agreements", agreements);
    m.put("public", clausesWithout((List<Object>) m.get("public"), party));
    return m;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> clausesWithout(List<Object> clauses, String party) {
    List<Object> out = new ArrayList<>();
    for (Object o : clauses) {
      Map<String, Object> c = (Map<String, Object>) o;
      boolean empty = false;
      for (String key : List.of("from", "to", "by")) {
        if (c.containsKey(key)) {
          c.put(key, minus((List<Object>) c.get(key), party));
          empty |= ((List<Object>) c.get(key)).isEmpty();
        }
      }
      if (c.get("onward") instanceof List<?> grants) {
        List<Object> kept = new ArrayList<>();
        for (Object g : grants) {
          Map<String, Object> gm = (Map<String, Object>) g;
          gm.put("to", minus((List<Object>) gm.get("to"), party));
          if (!((List<Object>) gm.get("to")).isEmpty()) {
            kept.add(gm);
          }
        }
        c.put("onward", kept);
      }
      if (c.get("what") instanceof Map<?, ?> what) {
        Map<String, Object> w = (Map<String, Object>) what;
        for (String key : List.of("producers", "originators")) {
          w.put(key, minus((List<Object>) w.get(key), party));
        }
      }
      if (!empty) {
        out.add(c);
      }
    }
    return out;
  }

  private static List<Object> minus(List<Object> list, String party) {
    List<Object> out = new ArrayList<>(list);
    out.remove(party);
    return out;
  }

  static Map<String, Object> clause(Clause c) {
    Map<String, Object> m = new TreeMap<>();
    m.put("id", c.id());
    if (c instanceof Clause.Share s) {
      m.put("kind", "share");
      m.put("from", s.from());
      m.put("to", s.toNamed());
      m.put("what", selection(s.what()));
      m.put("purpose", s.purpose());
      put(m, "until", s.until());
      m.put("transforms", transforms(s.transforms()));
      if (!s.onward().isEmpty()) {
        // Written only when a clause has grants, like groups: clauses signed before grants existed keep their form.
        List<Object> grants = new ArrayList<>();
        for (Clause.Onward g : s.onward()) {
          Map<String, Object> gm = new TreeMap<>();
          gm.put("id", g.id());
          gm.put("to", g.toNamed());
          List<String> tlp = new ArrayList<>();
          g.tlp().stream().sorted().forEach(t -> tlp.add(t.v2Name()));
          gm.put("tlp", tlp);
          gm.put("hops", g.hops());
          grants.add(gm);
        }
        m.put("onward", grants);
      }
    } else if (c instanceof Clause.Publish p) {
      m.put("kind", "publish");
      m.put("from", p.from());
      m.put("what", selection(p.what()));
      put(m, "until", p.until());
      m.put("transforms", transforms(p.transforms()));
    } else if (c instanceof Clause.Obligation o) {
      obligation(o, m);
    }
    return m;
  }

  private static void obligation(Clause.Obligation o, Map<String, Object> m) {
    m.put("kind", "obligation");
    m.put("on", o.on());
    m.put("by", o.by());
    // kind_in and urgency are written only when set, so that the canonical form (and so the signatures) of an
    // obligation written before they existed does not change.
    Map<String, Object> when = new TreeMap<>();
    when.put("sectors", sorted(o.sectors()));
    if (!o.kinds().isEmpty()) {
      when.put("kind_in", sorted(o.kinds()));
    }
    if (!o.urgencies().isEmpty()) {
      when.put("urgency", sorted(o.urgencies()));
    }
    m.put("when", when);
    put(m, "acknowledge_within", o.acknowledgeWithin());
    Map<String, Object> answer = new TreeMap<>();
    o.answerWithin().forEach((k, v) -> answer.put(k, duration(v)));
    m.put("answer_within", answer);
    put(m, "preserve_for", o.preserveFor());
    put(m, "extension", o.extension());
    m.put("on_breach", o.onBreach());
  }

  private static Map<String, Object> selection(Selection s) {
    Map<String, Object> m = new TreeMap<>();
    m.put("types", sorted(s.types()));
    List<String> tlp = new ArrayList<>();
    s.tlp().stream().sorted().forEach(t -> tlp.add(t.v2Name()));
    m.put("tlp", tlp);
    m.put("labels", sorted(s.labels()));
    m.put("sectors", sorted(s.sectors()));
    if (s.minConfidence() != null) {
      m.put("min_confidence", s.minConfidence());
    }
    m.put("producers", sorted(s.producers()));
    m.put("originators", sorted(s.originators()));
    put(m, "max_age", s.maxAge());
    return m;
  }

  /** A duration in the file's own notation, in the largest unit that divides it: 30d, 36h, 90m. */
  static String duration(Duration d) {
    long minutes = d.toMinutes();
    if (minutes % (24 * 60) == 0) {
      return minutes / (24 * 60) + "d";
    }
    return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
  }

  private static List<Object> transforms(List<Transform> ts) {
    List<Object> out = new ArrayList<>();
    for (Transform t : ts) {
      if (t instanceof Transform.Drop d) {
        out.add(Map.of("drop", d.properties()));
      } else {
        out.add(t.name());
      }
    }
    return out;
  }

  private static List<String> sorted(Collection<String> c) {
    return c.stream().sorted().toList();
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value instanceof Instant i) {
      m.put(key, Timestamps.format(i, 9));
    } else if (value instanceof Duration d) {
      m.put(key, duration(d));
    } else if (value != null) {
      m.put(key, value);
    }
  }

  /**
   * RFC 8785 JSON of a tree of maps, lists, strings, integers and booleans: the one JCS implementation of the
   * project ({@link Jcs}), so that a rulebook's canonical form and a STIX object's canonical form cannot drift apart.
   */
  static String json(Object tree) {
    return Jcs.canonicalize(StixJson.mapper().valueToTree(tree));
  }
}
