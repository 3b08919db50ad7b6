package org.accord.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
    Map<String, String> a = flatten(older);
    Map<String, String> b = flatten(newer);
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
    if (v instanceof Map<?, ?> m) {
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
