package org.accord.stix.pattern.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.accord.stix.pattern.PatternException;

/** Builders for observations and compiled patterns in tests. */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");

  private Fixtures() {}

  static ObjectNode sco(String json) {
    try {
      return (ObjectNode) JSON.readTree(json.replace('`', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  /**
   * An observation at {@code T0 + seconds}, seen once, of objects given as JSON (backquotes stand for double quotes);
   * the objects are keyed "0", "1", ... as in an observed-data's embedded objects.
   */
  static Observation obs(long seconds, String... objects) {
    return span(seconds, seconds, 1, objects);
  }

  static Observation span(long firstSeconds, long lastSeconds, long count, String... objects) {
    List<ObjectNode> scos = new ArrayList<>();
    for (String o : objects) {
      scos.add(sco(o));
    }
    return Observation.of(scos, T0.plusSeconds(firstSeconds), T0.plusSeconds(lastSeconds), count);
  }

  static CompiledPattern compile(String pattern) {
    try {
      return PatternEvaluator.defaults().compile(pattern);
    } catch (PatternException e) {
      throw new IllegalArgumentException(pattern, e);
    }
  }

  static boolean matches(String pattern, Observation... observations) {
    return compile(pattern).matches(List.of(observations));
  }
}
