package org.accord.stix.pattern.eval;

import static org.accord.stix.pattern.eval.Fixtures.compile;
import static org.accord.stix.pattern.eval.Fixtures.sco;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two ways of building an {@link Observation}, and their validation. */
class ObservationTest {

  @Test
  void observedDataWithEmbeddedObjectsKeepsTheirKeysForReferences() {
    Observation o =
        Observation.fromObservedData(
            sco(
                "{`type`:`observed-data`,`spec_version`:`2.1`,"
                    + "`id`:`observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf`,"
                    + "`created`:`2016-04-06T19:58:16.000Z`,`modified`:`2016-04-06T19:58:16.000Z`,"
                    + "`first_observed`:`2015-12-21T19:00:00Z`,`last_observed`:`2015-12-21T19:00:00.5Z`,"
                    + "`number_observed`:50,"
                    + "`objects`:{`0`:{`type`:`ipv4-addr`,`value`:`198.51.100.3`},"
                    + "`1`:{`type`:`network-traffic`,`dst_ref`:`0`,`protocols`:[`tcp`]}}}"));
    assertThat(o.objects()).containsOnlyKeys("0", "1");
    assertThat(o.firstObserved()).isEqualTo(Instant.parse("2015-12-21T19:00:00Z"));
    assertThat(o.lastObserved()).isEqualTo(Instant.parse("2015-12-21T19:00:00.500Z"));
    assertThat(o.numberObserved()).isEqualTo(50);
    assertThat(compile("[network-traffic:dst_ref.value = '198.51.100.3'] REPEATS 50 TIMES").matches(List.of(o)))
        .isTrue();
    assertThat(compile("[network-traffic:dst_ref.value = '198.51.100.3'] REPEATS 51 TIMES").matches(List.of(o)))
        .isFalse();
  }

  @Test
  void observedDataWithObjectRefsResolvesThem() {
    java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> store =
        java.util.Map.of(
            "ipv4-addr--1", sco("{`type`:`ipv4-addr`,`id`:`ipv4-addr--1`,`value`:`203.0.113.9`}"),
            "network-traffic--2",
            sco("{`type`:`network-traffic`,`id`:`network-traffic--2`,`dst_ref`:`ipv4-addr--1`,`protocols`:[`udp`]}"));
    Observation o =
        Observation.fromObservedData(
            sco("{`type`:`observed-data`,`first_observed`:`2024-01-01T00:00:00Z`,"
                + "`last_observed`:`2024-01-01T00:01:00Z`,`number_observed`:2,"
                + "`object_refs`:[`network-traffic--2`,`ipv4-addr--1`]}"),
            store::get);
    assertThat(o.objects()).containsOnlyKeys("network-traffic--2", "ipv4-addr--1");
    assertThat(compile("[network-traffic:dst_ref.value = '203.0.113.9'] REPEATS 2 TIMES").matches(List.of(o)))
        .isTrue();
    assertThatThrownBy(
            () ->
                Observation.fromObservedData(
                    sco("{`type`:`observed-data`,`first_observed`:`2024-01-01T00:00:00Z`,"
                        + "`last_observed`:`2024-01-01T00:01:00Z`,`number_observed`:1,"
                        + "`object_refs`:[`file--9`]}"),
                    store::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("file--9");
  }

  @Test
  void scosGivenDirectlyAreKeyedByTheirIds() {
    Observation o =
        Observation.of(
            Instant.parse("2024-01-01T00:00:00Z"),
            List.of(
                sco("{`type`:`email-message`,`id`:`email-message--1`,`from_ref`:`email-addr--2`,`is_multipart`:false}"),
                sco("{`type`:`email-addr`,`id`:`email-addr--2`,`value`:`eve@example.net`}")));
    assertThat(o.objects()).containsOnlyKeys("email-message--1", "email-addr--2");
    assertThat(o.numberObserved()).isEqualTo(1);
    assertThat(compile("[email-message:from_ref.value LIKE '%@example.net']").matches(List.of(o))).isTrue();
  }

  @Test
  void scosWithoutIdsAreKeyedByPosition() {
    Observation o =
        Observation.of(
            List.of(sco("{`type`:`ipv4-addr`,`value`:`192.0.2.1`}"), sco("{`type`:`network-traffic`,`src_ref`:`0`}")),
            Fixtures.T0,
            Fixtures.T0,
            1);
    assertThat(compile("[network-traffic:src_ref.value = '192.0.2.1']").matches(List.of(o))).isTrue();
  }

  @Test
  void rejectsInvertedTimesAndNonPositiveCounts() {
    assertThatThrownBy(() -> Observation.of(List.of(), Fixtures.T0, Fixtures.T0.minusSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before first_observed");
    assertThatThrownBy(() -> Observation.of(List.of(), Fixtures.T0, Fixtures.T0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("number_observed");
  }

  @Test
  void rejectsDuplicateIds() {
    assertThatThrownBy(
            () ->
                Observation.of(
                    Fixtures.T0,
                    List.of(sco("{`type`:`file`,`id`:`file--1`}"), sco("{`type`:`file`,`id`:`file--1`}"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsObservedDataWithoutEmbeddedObjectsOrTimes() {
    assertThatThrownBy(
            () ->
                Observation.fromObservedData(
                    sco("{`type`:`observed-data`,`first_observed`:`2015-12-21T19:00:00Z`,"
                        + "`last_observed`:`2015-12-21T19:00:00Z`,`number_observed`:1,`object_refs`:[`file--1`]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("objects");
    assertThatThrownBy(
            () ->
                Observation.fromObservedData(
                    sco("{`type`:`observed-data`,`first_observed`:`yesterday`,"
                        + "`last_observed`:`2015-12-21T19:00:00Z`,`number_observed`:1,`objects`:{}}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first_observed");
  }
}
