package org.accord.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The byte form every hash and signature depends on: pinned here so that no library upgrade changes it silently. */
class CanonicalTest {
  @Test
  void membersSortedNoWhitespaceNullsLeftOutOnlyQuoteAndBackslashEscaped() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", 12L);
    m.put("b", "a/b+c=");
    m.put("a", "é 組 \"q\" \\");
    m.put("list", List.of(inner, "x"));
    m.put("nothing", null);
    String expected = "{\"a\":\"é 組 \\\"q\\\" \\\\\",\"b\":\"a/b+c=\",\"list\":[{\"z\":1},\"x\"],\"seq\":12}";
    assertThat(new String(Canonical.bytes(m), StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @Test
  void keysSortByUtf16CodeUnitsAsRfc8785Requires() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("é", 1);
    m.put("Z", 2);
    m.put("a", 3);
    assertThat(new String(Canonical.bytes(m), StandardCharsets.UTF_8)).isEqualTo("{\"Z\":2,\"a\":3,\"é\":1}");
  }

  @Test
  void parsingIsStrict() {
    assertThatThrownBy(() -> Canonical.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("Duplicate field");
    assertThatThrownBy(() -> Canonical.parse("{\"a\":1} {}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> Canonical.parse(new byte[] {'{', '"', (byte) 0xC3, '"', '}'}))
        .hasMessage("not valid UTF-8");
    assertThatThrownBy(() -> Canonical.parse("[1]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("not a JSON object");
  }
}
