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

  @Test
  void theVectorShareAndTheFloodProfileAreSettingsWithTheFormerConstantsAsDefaults() {
    DetectorConfig d = DetectorConfig.defaults();
    assertThat(d.vectorMinShare()).isEqualTo(0.05);
    assertThat(d.floodProfileFactor()).isEqualTo(2.0);
    assertThatThrownBy(() -> DetectorConfig.builder().vectorMinShare(1.5).build())
        .hasMessageContaining("vectorMinShare");
    assertThatThrownBy(() -> DetectorConfig.builder().floodProfileFactor(0.5).build())
        .hasMessageContaining("floodProfileFactor");
  }

  @Test
  void theWebSettingsHaveDocumentedDefaultsAndLoginPathsStartWithASlash() {
    DetectorConfig d = DetectorConfig.defaults();
    assertThat(d.webWindowMillis()).isEqualTo(60_000);
    assertThat(d.webClientRequests()).isEqualTo(600);
    assertThat(d.webPathRequests()).isEqualTo(3_000);
    assertThat(d.webScanDistinctPaths()).isEqualTo(50);
    assertThat(d.loginAttempts()).isEqualTo(20);
    assertThat(d.loginFailures()).isEqualTo(200);
    assertThat(d.loginPaths()).contains("/wp-login.php", "/login");
    assertThat(DetectorConfig.builder().loginPaths(java.util.List.of("/SignIn")).build().loginPaths())
        .containsExactly("/signin");
    assertThatThrownBy(() -> DetectorConfig.builder().loginPaths(java.util.List.of("login")).build())
        .hasMessageContaining("starts with /");
  }

  @Test
  void loginPathsMatchAtTheEndOfThePathWithoutItsQuery() {
    WebDetector web = new WebDetector(DetectorConfig.defaults(), org.accord.sensor.enrich.GeoLookup.NONE, "CN");
    assertThat(web.isLoginPath(WebDetector.Request.of("POST /blog/wp-login.php?action=login HTTP/1.1").path()))
        .isTrue();
    assertThat(web.isLoginPath("/api/Login/")).isTrue();
    assertThat(web.isLoginPath("/login-help.html")).isFalse();
    assertThat(web.isLoginPath("/")).isFalse();
    assertThat(WebDetector.Request.of("GET http://example.org/a/b?c HTTP/1.1").path()).isEqualTo("/a/b");
    assertThat(WebDetector.Request.of("\\x16\\x03\\x01").path()).isEqualTo("/");
  }
}
