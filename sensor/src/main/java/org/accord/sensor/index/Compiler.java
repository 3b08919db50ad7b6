package org.accord.sensor.index;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.accord.stix.pattern.ComparisonExpression;
import org.accord.stix.pattern.ComparisonExpression.Comparison;
import org.accord.stix.pattern.Literal;
import org.accord.stix.pattern.ObjectPath;
import org.accord.stix.pattern.ObservationExpression;
import org.accord.stix.pattern.Operator;
import org.accord.stix.pattern.Pattern;

/**
 * Turns a parsed STIX pattern into index keys when it is simple, or says why not.
 *
 * <p>Simple means: equality ({@code =}, or {@code IN} a set of strings), not negated, on an indexed property,
 * joined only by OR — inside one observation, or across observations without qualifiers, since {@code [A] OR [B]}
 * matches exactly when an observed object satisfies A or B (STIX 2.1 §9.6), the same as {@code [A OR B]} for
 * single-object comparisons. Everything else needs the pattern evaluator.
 */
final class Compiler {
  private Compiler() {}

  /** A key for one of the index's structures. */
  sealed interface Key {}

  record V4Key(int addr, int len, byte role) implements Key {}

  record V6Key(long hi, long lo, int len, byte role) implements Key {}

  record TextKey(int family, String key) implements Key {}

  /** The outcome: keys, or a reason for the evaluator ({@code complex}) or for nobody ({@code unsupported}). */
  sealed interface Compiled {}

  record Simple(List<Key> keys) implements Compiled {}

  record NotSimple(String reason) implements Compiled {}

  record Invalid(String reason) implements Compiled {}

  private static final class Refusal extends Exception {
    final boolean invalid;

    Refusal(String reason, boolean invalid) {
      super(reason, null, false, false);
      this.invalid = invalid;
    }
  }

  static Compiled compile(Pattern pattern) {
    try {
      List<Comparison> comparisons = new ArrayList<>();
      observations(pattern.expression(), comparisons);
      Set<Key> keys = new LinkedHashSet<>(); // a value listed twice is indexed once
      for (Comparison c : comparisons) {
        keys(c, keys);
      }
      return new Simple(List.copyOf(keys));
    } catch (Refusal r) {
      return r.invalid ? new Invalid(r.getMessage()) : new NotSimple(r.getMessage());
    }
  }

  private static void observations(ObservationExpression e, List<Comparison> out) throws Refusal {
    if (e instanceof ObservationExpression.Observation o) {
      comparisons(o.comparison(), out);
    } else if (e instanceof ObservationExpression.Or or) {
      for (ObservationExpression operand : or.operands()) {
        observations(operand, out);
      }
    } else if (e instanceof ObservationExpression.And) {
      throw complex("observations joined by AND");
    } else if (e instanceof ObservationExpression.FollowedBy) {
      throw complex("observations joined by FOLLOWEDBY");
    } else if (e instanceof ObservationExpression.Qualified q) {
      throw complex("qualifier " + q.qualifier());
    }
  }

  private static void comparisons(ComparisonExpression e, List<Comparison> out) throws Refusal {
    if (e instanceof Comparison c) {
      out.add(c);
    } else if (e instanceof ComparisonExpression.Or or) {
      for (ComparisonExpression operand : or.operands()) {
        comparisons(operand, out);
      }
    } else if (e instanceof ComparisonExpression.And) {
      throw complex("comparisons joined by AND");
    } else if (e instanceof ComparisonExpression.Exists x) {
      throw complex("EXISTS " + x.path());
    }
  }

  /** The properties whose values are addresses or ranges. */
  private static final Set<String> ADDRESS_PROPERTIES =
      Set.of("ipv4-addr:value", "ipv6-addr:value", "network-traffic:src_ref.value", "network-traffic:dst_ref.value");

  private static void keys(Comparison c, Set<Key> out) throws Refusal {
    if (c.negated()) {
      throw complex("negated comparison " + c);
    }
    List<String> values = new ArrayList<>();
    if (c.operator() == Operator.EQUAL && c.value() instanceof Literal.StringLiteral s) {
      values.add(s.value());
    } else if (c.operator() == Operator.ISSUBSET && c.value() instanceof Literal.StringLiteral s
        && ADDRESS_PROPERTIES.contains(property(c.path()))) {
      // An address ISSUBSET a range (STIX 2.1 §9.5): exactly membership of the range, which the range tables hold.
      values.add(s.value());
    } else if (c.operator() == Operator.IN && c.value() instanceof Literal.SetLiteral set) {
      for (Literal element : set.elements()) {
        if (!(element instanceof Literal.StringLiteral s)) {
          throw complex("IN with a non-string element in " + c);
        }
        values.add(s.value());
      }
    } else {
      throw complex("operator " + c.operator().symbol() + " with " + c.value() + " in " + c);
    }
    String property = property(c.path());
    for (String v : values) {
      out.add(key(property, v, c));
    }
  }

  /** {@code type:step.step} with key steps only; null when a step is a list index. */
  private static String property(ObjectPath path) {
    StringBuilder sb = new StringBuilder(path.objectType()).append(':');
    for (int i = 0; i < path.steps().size(); i++) {
      if (!(path.steps().get(i) instanceof ObjectPath.PathStep.Key k)) {
        return null;
      }
      sb.append(i == 0 ? "" : ".").append(k.name());
    }
    return sb.toString();
  }

  private static Key key(String property, String value, Comparison c) throws Refusal {
    if (property == null) {
      throw complex("property not indexed: " + c.path());
    }
    switch (property) {
      case "ipv4-addr:value":
        return v4(value, IndicatorIndex.ROLE_ANY, c);
      case "ipv6-addr:value":
        return v6(value, IndicatorIndex.ROLE_ANY, c);
      case "network-traffic:src_ref.value":
        return address(value, IndicatorIndex.ROLE_SOURCE, c);
      case "network-traffic:dst_ref.value":
        return address(value, IndicatorIndex.ROLE_DESTINATION, c);
      case "domain-name:value":
        String d = Text.domainKey(value);
        if (d == null) {
          throw invalid("'" + value + "' is not a domain name");
        }
        return new TextKey(Text.DOMAIN, d);
      case "url:value":
        return new TextKey(Text.URL, Text.urlKey(value));
      case "email-addr:value":
        return new TextKey(Text.EMAIL, Text.emailKey(value));
      default:
        if (property.startsWith("file:hashes.") && property.indexOf('.', 12) < 0) {
          return hash(property.substring(12), value, c);
        }
        throw complex("property not indexed: " + c.path());
    }
  }

  private static Key hash(String algorithm, String value, Comparison c) throws Refusal {
    int family = Text.hashFamily(algorithm);
    if (family < 0) {
      throw complex("hash algorithm not indexed: " + c.path());
    }
    String key = Text.hashKey(family, value);
    if (key == null) {
      throw invalid("'" + value + "' is not a " + Text.NAMES[family] + " hash in hex");
    }
    return new TextKey(family, key);
  }

  private static Key v4(String value, byte role, Comparison c) throws Refusal {
    IpText.V4 b = IpText.parseV4(value);
    if (b == null) {
      throw invalid("'" + value + "' is not an IPv4 address or CIDR range in " + c);
    }
    return new V4Key(b.addr(), b.len(), role);
  }

  private static Key v6(String value, byte role, Comparison c) throws Refusal {
    IpText.V6 b = IpText.parseV6(value);
    if (b == null) {
      throw invalid("'" + value + "' is not an IPv6 address or CIDR range in " + c);
    }
    return new V6Key(b.hi(), b.lo(), b.len(), role);
  }

  private static Key address(String value, byte role, Comparison c) throws Refusal {
    if (IpText.parseV4(value) != null) {
      return v4(value, role, c);
    }
    if (IpText.parseV6(value) != null) {
      return v6(value, role, c);
    }
    throw complex("network-traffic reference to a non-address value '" + value + "' in " + c);
  }

  private static Refusal complex(String reason) {
    return new Refusal(reason, false);
  }

  private static Refusal invalid(String reason) {
    return new Refusal(reason, true);
  }
}
