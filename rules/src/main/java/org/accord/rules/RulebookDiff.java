package org.accord.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The differences between two rulebook versions, for {@code accord rules diff}: one line per changed value, keyed by
 * a path that names parties, agreements and clauses by their ids rather than by position, so inserting a clause shows
 * as one added clause, not as every later clause changed. Computed on the canonical form, so it shows exactly the
 * changes the parties are asked to sign.
 */
public final class RulebookDiff {
  private RulebookDiff() {}

  /**
   * Lines {@code + path: value}, {@code - path: value} and {@code ~ path: old -> new}, sorted by path.
   */
  public static List<String> between(Rulebook older, Rulebook newer) {
    return lines(flatten(older), flatten(newer));
  }

  /**
   * The differences that concern {@code members} (party ids, e.g. a group's members), for {@code accord rules diff
   * --party/--group}: first, per member, what it resolves to in each version ({@code member fr.agreements}, {@code
   * .groups}, {@code .receives}, {@code .sends} and {@code .receives_onward}: the agreements that bind it, the groups
   * it belongs to, the share clauses that send to it and that it sends by, the onward grants that name it, groups
   * resolved), so a change made through a group shows at the
   * member; then the lines of the canonical diff about those members, the groups, agreements and clauses that
   * involve one of them in either version, and the rulebook-wide settings (version, defaults, amendment, hashes).
   */
  public static List<String> between(Rulebook older, Rulebook newer, Set<String> members) {
    Set<String> groups = new TreeSet<>();
    Set<String> agreements = new TreeSet<>();
    Set<String> clauses = new TreeSet<>();
    for (Rulebook r : List.of(older, newer)) {
      r.groups().keySet().stream().filter(g -> meets(r.members(g), members)).forEach(groups::add);
      for (Agreement a : r.agreements()) {
        if (meets(a.parties(), members)) {
          agreements.add(a.id());
        }
        for (Clause c : a.clauses()) {
          if (c instanceof Clause.Share sh && (meets(sh.from(), members) || meets(sh.to(), members)
                  || sh.onward().stream().anyMatch(g -> meets(g.to(), members)))
              || c instanceof Clause.Obligation o && meets(o.by(), members)) {
            clauses.add(c.id());
          }
        }
      }
      r.publicFeed().stream().filter(p -> meets(p.from(), members)).forEach(p -> clauses.add(p.id()));
    }
    Map<String, String> a = about(flatten(older), members, groups, agreements, clauses);
    Map<String, String> b = about(flatten(newer), members, groups, agreements, clauses);
    List<String> out = lines(resolved(older, members), resolved(newer, members));
    out.addAll(lines(a, b));
    return out;
  }

  private static boolean meets(Collection<String> parties, Set<String> members) {
    return parties.stream().anyMatch(members::contains);
  }

  /** Per member of {@code r}: its agreements, groups, and the share clauses to it and from it, groups resolved. */
  private static Map<String, String> resolved(Rulebook r, Set<String> members) {
    Map<String, String> out = new TreeMap<>();
    for (String m : members) {
      if (!r.parties().containsKey(m)) {
        continue;
      }
      List<String> agreements = new ArrayList<>();
      List<String> receives = new ArrayList<>();
      List<String> sends = new ArrayList<>();
      List<String> onward = new ArrayList<>();
      for (Agreement a : r.agreements()) {
        if (a.hasParty(m)) {
          agreements.add(a.id());
        }
        for (Clause c : a.clauses()) {
          if (c instanceof Clause.Share s && s.to().contains(m)) {
            receives.add(s.id());
          }
          if (c instanceof Clause.Share s && s.from().contains(m)) {
            sends.add(s.id());
          }
          if (c instanceof Clause.Share s) {
            s.onward().stream().filter(g -> g.to().contains(m)).forEach(g -> onward.add(g.id()));
          }
        }
      }
      List<String> groups = r.groups().keySet().stream().filter(g -> r.members(g).contains(m)).toList();
      out.put("member " + m + ".agreements", Canonical.json(agreements));
      out.put("member " + m + ".groups", Canonical.json(groups));
      out.put("member " + m + ".receives", Canonical.json(receives));
      out.put("member " + m + ".sends", Canonical.json(sends));
      if (!onward.isEmpty()) {
        // Only when some grant names the member, so the lines of rulebooks without grants stay as they were.
        out.put("member " + m + ".receives_onward", Canonical.json(onward));
      }
    }
    return out;
  }

  /** The lines of a flattened rulebook about the given parties, groups, agreements and clauses, and global ones. */
  private static Map<String, String> about(
      Map<String, String> flat, Set<String> members, Set<String> groups, Set<String> agreements,
      Set<String> clauses) {
    Map<String, String> out = new TreeMap<>();
    flat.forEach((path, value) -> {
      boolean keep;
      if (path.startsWith("party ")) {
        keep = members.stream().anyMatch(m -> path.startsWith("party " + m + "."));
      } else if (path.startsWith("groups.")) {
        keep = groups.contains(path.substring("groups.".length()));
      } else if (path.startsWith("agreement ")) {
        keep = agreements.stream().anyMatch(x -> path.startsWith("agreement " + x + "."));
      } else if (path.startsWith("clause ")) {
        keep = clauses.stream().anyMatch(x -> path.startsWith("clause " + x + "."));
      } else {
        keep = true;
      }
      if (keep) {
        out.put(path, value);
      }
    });
    return out;
  }

  private static List<String> lines(Map<String, String> a, Map<String, String> b) {
    List<String> out = new ArrayList<>();
    TreeSet<String> paths = new TreeSet<>(a.keySet());
    paths.addAll(b.keySet());
    for (String p : paths) {
      String x = a.get(p);
      String y = b.get(p);
      if (x == null) {
        out.add("+ " + p + ": " + y);
      } else if (y == null) {
        out.add("- " + p + ": " + x);
      } else if (!x.equals(y)) {
        out.add("~ " + p + ": " + x + " -> " + y);
      }
    }
    return out;
  }

  private static Map<String, String> flatten(Rulebook r) {
    Map<String, Object> tree = Canonical.of(r);
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      if (e.getKey().equals("agreements")) {
        for (Object a : (List<?>) e.getValue()) {
          Map<?, ?> am = (Map<?, ?>) a;
          String prefix = "agreement " + am.get("id");
          for (Map.Entry<?, ?> f : am.entrySet()) {
            if (f.getKey().equals("clauses")) {
              for (Object c : (List<?>) f.getValue()) {
                walk("clause " + ((Map<?, ?>) c).get("id"), c, out);
              }
            } else {
              walk(prefix + "." + f.getKey(), f.getValue(), out);
            }
          }
        }
      } else if (e.getKey().equals("public")) {
        for (Object c : (List<?>) e.getValue()) {
          walk("clause " + ((Map<?, ?>) c).get("id"), c, out);
        }
      } else if (e.getKey().equals("parties")) {
        ((Map<?, ?>) e.getValue()).forEach((id, p) -> walk("party " + id, p, out));
      } else {
        walk(e.getKey(), e.getValue(), out);
      }
    }
    return out;
  }

  private static void walk(String path, Object v, Map<String, String> out) {
    if (v instanceof Map<?, ?> m && m.get("onward") instanceof List<?> grants) {
      // Grants by id, like clauses: adding one shows as one added grant, not as every later grant changed.
      m.forEach((k, x) -> {
        if (!k.equals("onward")) {
          walk(path + "." + k, x, out);
        }
      });
      for (Object g : grants) {
        walk(path + ".onward " + ((Map<?, ?>) g).get("id"), g, out);
      }
    } else if (v instanceof Map<?, ?> m) {
      m.forEach((k, x) -> walk(path + "." + k, x, out));
    } else if (v instanceof Collection<?> c && !c.isEmpty() && c.iterator().next() instanceof Map) {
      int i = 0;
      for (Object x : c) {
        walk(path + "[" + i++ + "]", x, out);
      }
    } else {
      out.put(path, Canonical.json(v));
    }
  }
}
