package org.accord.stix.pattern.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.accord.stix.Timestamps;

/**
 * What a pattern is evaluated against: one observation (STIX 2.1 §9.1), i.e. the cyber observable objects (SCOs) seen
 * together between {@code firstObserved} and {@code lastObserved}, {@code numberObserved} times (STIX 2.1 §4.14
 * observed-data). The objects are keyed by the reference ids by which they refer to each other within the
 * observation, so that object paths can follow {@code _ref} and {@code _refs} properties (STIX 2.1 §9.3): the keys
 * {@code "0"}, {@code "1"}, ... of the deprecated embedded {@code objects} dictionary, or the SCOs' own {@code id}s.
 *
 * <p>The map keeps insertion order; the nodes are not copied, so callers must not mutate them while evaluating.
 */
public record Observation(
    Map<String, ObjectNode> objects, Instant firstObserved, Instant lastObserved, long numberObserved) {

  public Observation {
    Objects.requireNonNull(objects, "objects");
    Objects.requireNonNull(firstObserved, "firstObserved");
    Objects.requireNonNull(lastObserved, "lastObserved");
    objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
    if (lastObserved.isBefore(firstObserved)) {
      // STIX 2.1 §4.14: last_observed MUST be greater than or equal to first_observed.
      throw new IllegalArgumentException(
          "last_observed " + lastObserved + " is before first_observed " + firstObserved);
    }
    if (numberObserved < 1) {
      // STIX 2.1 §4.14: number_observed is an integer between 1 and 999,999,999 inclusive.
      throw new IllegalArgumentException("number_observed must be at least 1, found " + numberObserved);
    }
  }

  /** One sighting at one instant of the given SCOs, keyed by their {@code id} properties. */
  public static Observation of(Instant at, List<? extends ObjectNode> scos) {
    return of(scos, at, at, 1);
  }

  /**
   * SCOs given directly (STIX 2.1 §6), keyed by their {@code id} property; an SCO without an {@code id} is keyed by
   * its position in the list ({@code "0"}, {@code "1"}, ...), as in the embedded form.
   */
  public static Observation of(
      List<? extends ObjectNode> scos, Instant firstObserved, Instant lastObserved, long numberObserved) {
    Map<String, ObjectNode> objects = new LinkedHashMap<>();
    for (int i = 0; i < scos.size(); i++) {
      ObjectNode sco = Objects.requireNonNull(scos.get(i), "sco");
      JsonNode id = sco.get("id");
      String key = id != null && id.isTextual() ? id.asText() : Integer.toString(i);
      if (objects.put(key, sco) != null) {
        throw new IllegalArgumentException("two objects of the observation have the reference id " + key);
      }
    }
    return new Observation(objects, firstObserved, lastObserved, numberObserved);
  }

  /**
   * From an {@code observed-data} object with the embedded {@code objects} dictionary (STIX 2.1 §4.14, deprecated
   * but self-contained): its keys are the reference ids the objects use among themselves.
   *
   * @throws IllegalArgumentException when a required property is missing or malformed
   */
  public static Observation fromObservedData(JsonNode observedData) {
    Objects.requireNonNull(observedData, "observedData");
    JsonNode embedded = observedData.get("objects");
    if (embedded == null || !embedded.isObject()) {
      throw new IllegalArgumentException("observed-data has no embedded 'objects' dictionary");
    }
    Map<String, ObjectNode> objects = new LinkedHashMap<>();
    embedded
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isObject()) {
                throw new IllegalArgumentException("objects." + e.getKey() + " is not a JSON object");
              }
              objects.put(e.getKey(), (ObjectNode) e.getValue());
            });
    return new Observation(
        objects,
        timestamp(observedData, "first_observed"),
        timestamp(observedData, "last_observed"),
        count(observedData));
  }

  /**
   * From an {@code observed-data} object in the STIX 2.1 form, whose {@code object_refs} name the SCOs (STIX 2.1
   * §4.14); {@code resolve} looks each one up (e.g. in the bundle or the store) and returns null for an unknown id.
   * The objects are keyed by their ids. Embedded {@code objects}, if also present, are ignored. SROs in object_refs
   * are kept but never match an SCO type.
   *
   * @throws IllegalArgumentException when a required property is missing or malformed, or a reference is unknown
   */
  public static Observation fromObservedData(
      JsonNode observedData, java.util.function.Function<String, ? extends JsonNode> resolve) {
    Objects.requireNonNull(observedData, "observedData");
    JsonNode refs = observedData.get("object_refs");
    if (refs == null || !refs.isArray()) {
      throw new IllegalArgumentException("observed-data has no 'object_refs' list");
    }
    Map<String, ObjectNode> objects = new LinkedHashMap<>();
    for (JsonNode ref : refs) {
      JsonNode object = ref.isTextual() ? resolve.apply(ref.asText()) : null;
      if (object == null || !object.isObject()) {
        throw new IllegalArgumentException("object_refs names an unknown object: " + ref);
      }
      objects.put(ref.asText(), (ObjectNode) object);
    }
    return new Observation(
        objects,
        timestamp(observedData, "first_observed"),
        timestamp(observedData, "last_observed"),
        count(observedData));
  }

  private static long count(JsonNode observedData) {
    JsonNode count = observedData.get("number_observed");
    if (count == null || !count.canConvertToLong()) {
      throw new IllegalArgumentException("observed-data has no integer 'number_observed'");
    }
    return count.asLong();
  }

  private static Instant timestamp(JsonNode object, String property) {
    JsonNode value = object.get(property);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("observed-data has no '" + property + "' timestamp");
    }
    try {
      return Timestamps.parse(value.asText()).instant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
    }
  }
}
