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
}
