package org.accord.stix.pattern.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.accord.stix.pattern.ObservationExpression;
import org.accord.stix.pattern.Qualifier;

/**
 * A compiled observation expression (STIX 2.1 §9.6, §9.7): produces the minimal {@link Binding}s by which the
 * evaluated observations satisfy it.
 *
 * <p>Design note. Semantics are those of the OASIS reference matcher, which binds observations to the observation
 * expressions of a pattern: a {@code [ ... ]} binds one observation that has an object passing the comparison
 * expression; AND binds both sides to disjoint observations; OR binds either; FOLLOWEDBY binds both sides, disjoint,
 * the left no later than the right; REPEATS n binds n disjoint bindings of its operand; WITHIN and START/STOP keep
 * the bindings whose observations fit the window ({@link Window}). An observed-data with number_observed n counts
 * as n observations (STIX 2.1 §4.14), so {@code [x] REPEATS 3 TIMES} matches one observed-data seen three times.
 *
 * <p>Where the reference matcher enumerates every binding bottom-up, this evaluator keeps only minimal ones (a
 * binding that uses a superset of another's observations can do nothing the smaller cannot; see {@link Binding}),
 * pushes the enclosing windows down to prune partial bindings, stops as soon as enough bindings are found (one, for
 * {@link CompiledPattern#matches}), and searches REPEATS depth-first. Limits bound the work on hostile input.
 */
sealed interface ObservationNode {

  /** {@code want} for every binding; their number is bounded by the evaluation's limit instead. */
  int ALL = Integer.MAX_VALUE;

  /**
   * At most {@code want} minimal bindings that satisfy this expression and pass {@code window}, or all of them when
   * {@code want} is {@link #ALL}.
   *
   * @throws EvaluationLimitException rather than return fewer bindings than wanted because of the limits
   */
  List<Binding> bindings(Evaluation ev, Window window, int want);

  static ObservationNode compile(ObservationExpression e) {
    if (e instanceof ObservationExpression.Observation o) {
      return new Leaf(ObjectTest.compile(o.comparison()));
    } else if (e instanceof ObservationExpression.And a) {
      return new Join(compileAll(a.operands()), false);
    } else if (e instanceof ObservationExpression.FollowedBy f) {
      return new Join(compileAll(f.operands()), true);
    } else if (e instanceof ObservationExpression.Or o) {
      return new Or(compileAll(o.operands()));
    }
    ObservationExpression.Qualified q = (ObservationExpression.Qualified) e;
    ObservationNode inner = compile(q.expression());
    if (q.qualifier() instanceof Qualifier.Repeats r) {
      return new Repeats(inner, r.times());
    }
    return new Qualified(inner, q.qualifier());
  }

  private static List<ObservationNode> compileAll(List<ObservationExpression> operands) {
    return operands.stream().map(ObservationNode::compile).toList();
  }

  private static List<Binding> byMaxFirst(List<Binding> bindings) {
    List<Binding> sorted = new ArrayList<>(bindings);
    sorted.sort(Comparator.comparingLong(Binding::maxFirst));
    return sorted;
  }

  /** One evaluation: the observations and the remaining work budget. */
  final class Evaluation {
    final List<Observation> observations;
    /** Above this many bindings, intermediate results are only deduplicated. */
    static final int MINIMIZE_UP_TO = 4096;

    final int maxBindings;
    long stepsLeft;

    Evaluation(List<Observation> observations, int maxBindings, long maxSteps) {
      this.observations = observations;
      this.maxBindings = maxBindings;
      this.stepsLeft = maxSteps;
    }

    void step() {
      if (--stepsLeft < 0) {
        throw new EvaluationLimitException(
            "pattern evaluation over " + observations.size() + " observations exceeded its step budget");
      }
    }

    /** Throws when {@code found} has grown past the limit on bindings. */
    void checkSize(Set<Binding> found) {
      if (found.size() > maxBindings) {
        throw new EvaluationLimitException(
            "pattern evaluation over " + observations.size() + " observations produced more than " + maxBindings
                + " ways to combine them");
      }
    }

    /**
     * The bindings, deduplicated, the size limit enforced, and those that use a superset of another's copies dropped
     * when there are at most {@value #MINIMIZE_UP_TO} of them (the check is quadratic; dropping is only pruning).
     */
    List<Binding> minimal(Set<Binding> found) {
      checkSize(found);
      return found.size() <= MINIMIZE_UP_TO ? minimize(found) : new ArrayList<>(found);
    }

    static List<Binding> minimize(Set<Binding> found) {
      List<Binding> sorted = new ArrayList<>(found);
      sorted.sort(Comparator.comparingLong(Binding::size));
      List<Binding> kept = new ArrayList<>();
      int smaller = 0; // kept.subList(0, smaller) are the kept bindings smaller than the current one
      for (Binding b : sorted) {
        while (smaller < kept.size() && kept.get(smaller).size() < b.size()) {
          smaller++;
        }
        // A distinct binding of equal size cannot be within b, so only smaller ones are checked.
        boolean dominated = false;
        for (int i = 0; i < smaller && !dominated; i++) {
          dominated = kept.get(i).within(b);
        }
        if (!dominated) {
          kept.add(b);
        }
      }
      return kept;
    }
  }

  /** {@code [ comparison ]}: each observation with an object that passes. */
  record Leaf(ObjectTest test) implements ObservationNode {
    @Override
    public List<Binding> bindings(Evaluation ev, Window window, int want) {
      List<Binding> out = new ArrayList<>();
      for (int i = 0; i < ev.observations.size() && out.size() < want; i++) {
        Observation o = ev.observations.get(i);
        Binding b = Binding.single(i, o);
        if (window.accepts(b) && anyObjectPasses(o)) {
          out.add(b);
        }
      }
      return out;
    }

    private boolean anyObjectPasses(Observation o) {
      for (ObjectNode object : o.objects().values()) {
        if (test.test(object, o)) {
          return true;
        }
      }
      return false;
    }
  }

  /** OR: the bindings of any operand. */
  record Or(List<ObservationNode> operands) implements ObservationNode {
    @Override
    public List<Binding> bindings(Evaluation ev, Window window, int want) {
      Set<Binding> found = new LinkedHashSet<>();
      for (ObservationNode operand : operands) {
        if (found.size() >= want) {
          break;
        }
        found.addAll(operand.bindings(ev, window, want - found.size()));
      }
      return ev.minimal(found);
    }
  }

  /**
   * AND, or FOLLOWEDBY when {@code ordered}: disjoint bindings of every operand, folded left to right as the
   * grammar associates. FOLLOWEDBY (STIX 2.1 §9.6) requires that the observations bound so far can have happened no
   * later than those of the next operand: the latest first_observed on the left is not after the earliest
   * last_observed on the right (equal instants are allowed: "no later than", as in the reference matcher).
   */
  record Join(List<ObservationNode> operands, boolean ordered) implements ObservationNode {
    @Override
    public List<Binding> bindings(Evaluation ev, Window window, int want) {
      List<Binding> acc = operands.get(0).bindings(ev, window, ALL);
      for (int k = 1; k < operands.size() && !acc.isEmpty(); k++) {
        boolean last = k == operands.size() - 1;
        List<Binding> right = byMaxFirst(operands.get(k).bindings(ev, window, ALL));
        Set<Binding> found = new LinkedHashSet<>();
        outer:
        for (Binding l : acc) {
          for (Binding r : right) {
            ev.step();
            if (window.excludesFrom(l, r)) {
              break; // so are all later r: their maxFirst is no earlier
            }
            if (ordered && l.maxFirst() > r.minLast()) {
              continue;
            }
            Binding m = Binding.merge(l, r, ev.observations);
            if (m != null && window.accepts(m)) {
              found.add(m);
              ev.checkSize(found);
              if (last && found.size() >= want) {
                break outer;
              }
            }
          }
        }
        acc = ev.minimal(found);
      }
      return acc;
    }
  }

  /** REPEATS n TIMES (STIX 2.1 §9.7): n pairwise disjoint bindings of the operand, searched depth-first. */
  record Repeats(ObservationNode operand, long times) implements ObservationNode {
    @Override
    public List<Binding> bindings(Evaluation ev, Window window, int want) {
      List<Binding> parts = byMaxFirst(operand.bindings(ev, window, ALL));
      Set<Binding> found = new LinkedHashSet<>();
      search(ev, window, parts, 0, times, null, found, want);
      return ev.minimal(found);
    }

    /**
     * Adds combinations of {@code remaining} more parts, taken in non-decreasing index order so that each multiset
     * of parts is tried once; a part may repeat when its observations were observed often enough.
     */
    private static boolean search(
        Evaluation ev,
        Window window,
        List<Binding> parts,
        int from,
        long remaining,
        Binding acc,
        Set<Binding> found,
        int want) {
      if (remaining == 0) {
        found.add(acc);
        ev.checkSize(found);
        return found.size() >= want;
      }
      for (int k = from; k < parts.size(); k++) {
        ev.step();
        if (window.excludesFrom(acc, parts.get(k))) {
          break; // so are all later parts: their maxFirst is no earlier
        }
        Binding m = acc == null ? parts.get(k) : Binding.merge(acc, parts.get(k), ev.observations);
        if (m != null
            && window.accepts(m)
            && search(ev, window, parts, k, remaining - 1, m, found, want)) {
          return true;
        }
      }
      return false;
    }
  }

  /** WITHIN or START/STOP: the operand's bindings that fit the window, the window pushed down into the operand. */
  record Qualified(ObservationNode operand, Qualifier qualifier) implements ObservationNode {
    @Override
    public List<Binding> bindings(Evaluation ev, Window window, int want) {
      return operand.bindings(ev, window.and(qualifier), want);
    }
  }
}
