package org.accord.sensor.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DetectorConfigTest {
  @Test
  void unknownGroupsFallBackToTheDefaultThresholds() {
    DetectorConfig.Thresholds bank = new DetectorConfig.Thresholds(1, 2, 3, 4, 5);
    DetectorConfig c = DetectorConfig.builder().group("finance-web", bank).build();
    assertThat(c.thresholdsOf("finance-web")).isEqualTo(bank);
    assertThat(c.thresholdsOf("water")).isEqualTo(DetectorConfig.Thresholds.DEFAULT);
  }

  @Test
  void rejectsInconsistentWindows() {
    assertThatThrownBy(() -> DetectorConfig.builder().scanWindowMillis(1500).build())
        .hasMessageContaining("scanWindowMillis");
    assertThatThrownBy(() -> DetectorConfig.builder().latenessMillis(1000).build())
        .hasMessageContaining("latenessMillis");
    assertThatThrownBy(() -> DetectorConfig.builder().tableBuckets(1000).build())
        .hasMessageContaining("power of two");
    assertThatThrownBy(() -> new DetectorConfig.Thresholds(0, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
