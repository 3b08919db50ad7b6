package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The rulebook's optional {@code hashes:} section (issue 11): defaults, ranges, signed form. */
class HashThresholdsTest {
  private static final String DEFAULTS_LINE = "defaults:\n";

  private static String with(String section) {
    return Fixtures.exampleYaml().replace(DEFAULTS_LINE, section + DEFAULTS_LINE);
  }

  @Test
  void absentSectionMeansThreatExchangesDefaults() {
    assertThat(Fixtures.example().hashes()).isEqualTo(HashThresholds.DEFAULTS);
    assertThat(HashThresholds.DEFAULTS).isEqualTo(new HashThresholds(31, 50, 31, 0.8, 0.8));
    assertThat(Fixtures.example().canonicalJson()).doesNotContain("\"hashes\"");
  }

  @Test
  void theSectionIsReadSignedAndReadBack() {
    Rulebook r = RulebookParser.parse(with("hashes:\n  pdq_distance: 24\n  pdq_min_quality: 70\n"
        + "  video: { frame_distance: 20, query_share: 0.75, indexed_share: 1 }\n"), "r.yaml");
    assertThat(r.hashes()).isEqualTo(new HashThresholds(24, 70, 20, 0.75, 1.0));
    assertThat(r.canonicalJson()).contains("\"hashes\":{\"pdq_distance\":24,\"pdq_min_quality\":70,"
        + "\"video\":{\"frame_distance\":20,\"indexed_share\":1,\"query_share\":0.75}}");
    assertThat(r.canonicalBytes()).isNotEqualTo(Fixtures.example().canonicalBytes());
    Rulebook back = RulebookParser.parse(r.canonicalJson(), "canonical.json");
    assertThat(back).isEqualTo(r);
    assertThat(back.canonicalBytes()).isEqualTo(r.canonicalBytes());
    assertThat(RulebookDiff.between(Fixtures.example(), r))
        .contains("+ hashes.pdq_distance: 24", "+ hashes.video.query_share: 0.75");
  }

  @Test
  void aPartialSectionKeepsTheDefaultsOfWhatItLeavesOutAndSpelledOutDefaultsSignTheSame() {
    Rulebook partial = RulebookParser.parse(with("hashes:\n  pdq_distance: 20\n"), "r.yaml");
    assertThat(partial.hashes()).isEqualTo(new HashThresholds(20, 50, 31, 0.8, 0.8));
    Rulebook spelled = RulebookParser.parse(with("hashes: { pdq_distance: 31, pdq_min_quality: 50,"
        + " video: { frame_distance: 31, query_share: 0.80, indexed_share: 0.8 } }\n"), "r.yaml");
    assertThat(spelled.canonicalBytes()).isEqualTo(Fixtures.example().canonicalBytes());
  }

  @Test
  void outOfRangeValuesAreNamedWithLineAndColumn() {
    assertThatThrownBy(() -> RulebookParser.parse(with("hashes:\n  pdq_distance: 64\n"), "r.yaml"))
        .hasMessage("r.yaml:31:17: pdq_distance must be 0..63 bits, got 64");
    assertThatThrownBy(() -> RulebookParser.parse(with("hashes:\n  pdq_min_quality: 101\n"), "r.yaml"))
        .hasMessage("r.yaml:31:20: pdq_min_quality must be 0..100, got 101");
    assertThatThrownBy(() -> RulebookParser.parse(with("hashes:\n  video: { query_share: 0 }\n"), "r.yaml"))
        .hasMessageContaining("query_share must be a share in (0, 1] with at most two decimals (e.g. 0.8), got 0");
    assertThatThrownBy(() -> RulebookParser.parse(with("hashes:\n  video: { indexed_share: 0.805 }\n"), "r.yaml"))
        .hasMessageContaining("indexed_share must be a share in (0, 1]");
    assertThatThrownBy(() -> RulebookParser.parse(with("hashes:\n  video: { query_share: high }\n"), "r.yaml"))
        .hasMessageContaining("query_share must be a number in (0, 1], found");
    assertThatThrownBy(() -> RulebookParser.parse(with("hashes:\n  pdq_distance: 3.5\n"), "r.yaml"))
        .hasMessageContaining("expected a whole number");
    assertThatThrownBy(() -> RulebookParser.parse(with("hashes:\n  distance: 3\n"), "r.yaml"))
        .hasMessageStartingWith("r.yaml:31:3: unknown key 'distance' in hashes (allowed: [pdq_distance,");
    assertThatThrownBy(() -> RulebookParser.parse(with("hashes:\n  video: { fps: 2 }\n"), "r.yaml"))
        .hasMessageContaining("unknown key 'fps' in hashes.video");
  }
}
