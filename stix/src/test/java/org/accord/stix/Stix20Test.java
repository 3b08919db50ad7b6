package org.accord.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** STIX 2.0 objects (from the 2.0 specification's examples) converted to 2.1, or refused with the reason. */
class Stix20Test {
  private static final Validator VALIDATOR = new Validator();

  @Test
  void a20IndicatorGetsSpecVersionAndPatternTypeAndKeepsItsLabels() throws Exception {
    ObjectNode indicator = parse("{\"type\":\"indicator\",\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\","
        + "\"created\":\"2016-04-06T20:03:48.000Z\",\"modified\":\"2016-04-06T20:03:48.000Z\","
        + "\"labels\":[\"malicious-activity\"],\"name\":\"Poison Ivy Malware\","
        + "\"pattern\":\"[ file:hashes.'SHA-256' = "
        + "'4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877' ]\","
        + "\"valid_from\":\"2016-01-01T00:00:00Z\"}");
    ObjectNode before = indicator.deepCopy();

    Stix20.Conversion c = Stix20.toStix21(indicator);

    assertThat(c).isInstanceOf(Stix20.Conversion.Converted.class);
    ObjectNode o = ((Stix20.Conversion.Converted) c).object();
    assertThat(o.get("spec_version").asText()).isEqualTo("2.1");
    assertThat(o.get("pattern_type").asText()).isEqualTo("stix");
    assertThat(o.get("labels")).isEqualTo(before.get("labels"));
    assertThat(VALIDATOR.validate(o, "$").violations()).isEmpty();
    assertThat(indicator).as("the input is not changed").isEqualTo(before);
  }

  @Test
  void a20MalwareIsRefusedBecause21RequiresIsFamily() throws Exception {
    ObjectNode malware = parse("{\"type\":\"malware\",\"id\":\"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\","
        + "\"created\":\"2016-04-06T20:07:09.000Z\",\"modified\":\"2016-04-06T20:07:09.000Z\","
        + "\"name\":\"Poison Ivy\",\"labels\":[\"remote-access-trojan\"]}");

    assertThat(Stix20.toStix21(malware))
        .isInstanceOfSatisfying(Stix20.Conversion.Refused.class, r -> assertThat(r.reason()).contains("is_family"));
  }

  @Test
  void a20ObservedDataKeepsItsEmbeddedObservables() throws Exception {
    ObjectNode observed = parse("{\"type\":\"observed-data\","
        + "\"id\":\"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf\","
        + "\"created\":\"2016-04-06T19:58:16.000Z\",\"modified\":\"2016-04-06T19:58:16.000Z\","
        + "\"first_observed\":\"2015-12-21T19:00:00Z\",\"last_observed\":\"2015-12-21T19:00:00Z\","
        + "\"number_observed\":50,\"objects\":{\"0\":{\"type\":\"file\",\"hashes\":{\"SHA-256\":"
        + "\"0969de02ecf8a5f003e3f6d063d848c8a193aada092623f8ce408c15bcb5f038\"}}}}");

    ObjectNode o = ((Stix20.Conversion.Converted) Stix20.toStix21(observed)).object();

    assertThat(o.get("objects")).isEqualTo(observed.get("objects"));
    assertThat(VALIDATOR.validate(o, "$").violations()).isEmpty();
  }

  @Test
  void aTopLevelObservableIsNotA20ObjectAndIsRefused() throws Exception {
    ObjectNode ip = parse("{\"type\":\"ipv4-addr\",\"id\":\"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\","
        + "\"value\":\"198.51.100.3\"}");

    assertThat(Stix20.toStix21(ip))
        .isInstanceOfSatisfying(Stix20.Conversion.Refused.class,
            r -> assertThat(r.reason()).contains("not a STIX 2.0 object type"));
  }

  private static ObjectNode parse(String json) throws Exception {
    return (ObjectNode) StixJson.mapper().readTree(json);
  }
}
