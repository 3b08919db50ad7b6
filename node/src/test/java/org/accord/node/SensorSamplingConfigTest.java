package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.accord.sensor.decode.SamplingPolicy;
import org.junit.jupiter.api.Test;

/** {@code sensor.sampling} and {@code sensor.collector.template_expiry_seconds} (issue 9, findings 4 and 5). */
class SensorSamplingConfigTest {
  @Test
  void samplingOverridesAndTemplateExpiryAreReadWithDefaults() {
    NodeConfig defaults = NodeConfig.defaults();
    assertThat(defaults.sensor().sampling().policy()).isEqualTo(SamplingPolicy.ANNOUNCED);
    assertThat(defaults.sensor().collector().templateExpirySeconds()).isEqualTo(1800);

    NodeConfig c = NodeConfigReader.parse(String.join("\n",
        "sensor:",
        "  sampling: { default_rate: 100, exporters: { 192.0.2.1: 1000, '2001:db8::7': 1 } }",
        "  collector: { template_expiry_seconds: 0 }"), "test");

    SamplingPolicy p = c.sensor().sampling().policy();
    assertThat(p.defaultRate()).isEqualTo(100);
    assertThat(p.exporters()).containsEntry(0xC0000201L, 1000L).hasSize(2);
    assertThat(c.sensor().collector().templateExpirySeconds()).isZero();
  }

  @Test
  void aSamplingOverrideForAHostNameOrARateBelowOneIsRefusedNamingIt() {
    assertThatThrownBy(() -> NodeConfigReader.parse("sensor:\n  sampling: { exporters: { router.lan: 100 } }", "t"))
        .hasMessageContaining("sensor.sampling").hasMessageContaining("router.lan");
    assertThatThrownBy(() -> NodeConfigReader.parse("sensor:\n  sampling: { default_rate: 0 }", "t"))
        .hasMessageContaining("sensor.sampling");
    assertThatThrownBy(() -> NodeConfigReader.parse("sensor:\n  collector: { template_expiry_seconds: -1 }", "t"))
        .hasMessageContaining("template_expiry_seconds");
  }

  @Test
  void detectionSettingsAreReadIntoTheDetectorsAndABadOneIsRefusedNamingTheSection() {
    NodeConfig c = NodeConfigReader.parse(String.join("\n",
        "sensor:",
        "  detection: { vector_min_share: 0.1, flood_profile_factor: 3, brute_force_threshold: 5,",
        "    brute_force_window_seconds: 30, scan_distinct: 40, web_window_seconds: 10, web_client_requests: 50,",
        "    web_path_requests: 500, web_scan_distinct_paths: 7, login_attempts: 4, login_failures: 9,",
        "    login_paths: [/admin/login] }"), "test");

    org.accord.sensor.detect.DetectorConfig d = NodeSensor.detectorConfig(c.sensor());
    assertThat(d.vectorMinShare()).isEqualTo(0.1);
    assertThat(d.floodProfileFactor()).isEqualTo(3.0);
    assertThat(d.bruteForceThreshold()).isEqualTo(5);
    assertThat(d.bruteForceWindowMillis()).isEqualTo(30_000);
    assertThat(d.horizontalScanDistinct()).isEqualTo(40);
    assertThat(d.verticalScanDistinct()).isEqualTo(40);
    assertThat(d.webWindowMillis()).isEqualTo(10_000);
    assertThat(d.webClientRequests()).isEqualTo(50);
    assertThat(d.webPathRequests()).isEqualTo(500);
    assertThat(d.webScanDistinctPaths()).isEqualTo(7);
    assertThat(d.loginAttempts()).isEqualTo(4);
    assertThat(d.loginFailures()).isEqualTo(9);
    assertThat(d.loginPaths()).containsExactly("/admin/login");
    assertThat(NodeSensor.detectorConfig(NodeConfig.defaults().sensor()))
        .isEqualTo(org.accord.sensor.detect.DetectorConfig.defaults());

    assertThatThrownBy(() -> NodeConfigReader.parse("sensor:\n  detection: { vector_min_share: 2 }", "t"))
        .hasMessageContaining("sensor.detection").hasMessageContaining("vectorMinShare");
  }
}
