package org.accord.stix.pattern.eval;

import static org.accord.stix.pattern.eval.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.accord.stix.pattern.PatternParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every valid pattern of the parser's fixtures (the specification's examples, the OASIS JSON examples' indicators,
 * Accord's corner cases) compiles and evaluates without error against observations of many types; {@code matches}
 * agrees with {@code evaluate}; and a pattern without negation matches none of them, as they hold values no fixture
 * names.
 */
class FixturePatternsTest {
  static final List<Observation> UNRELATED =
      List.of(
          obs(0, "{`type`:`file`,`name`:`zz-unrelated`,`size`:-1,`hashes`:{`MD5`:`00`,`SHA-256`:`00`}}"),
          obs(1, "{`type`:`ipv4-addr`,`value`:`0.0.0.1`}", "{`type`:`network-traffic`,`dst_ref`:`0`,`src_ref`:`0`}"),
          obs(2, "{`type`:`domain-name`,`value`:`zz.invalid`}", "{`type`:`url`,`value`:`zz://`}"),
          obs(3, "{`type`:`email-message`,`from_ref`:`1`,`subject`:`zz`}", "{`type`:`email-addr`,`value`:`zz@zz`}"));

  @ParameterizedTest
  @ValueSource(strings = {"spec-examples.txt", "oasis-examples-patterns.txt", "accord-valid.txt"})
  void everyFixturePatternEvaluates(String file) throws Exception {
    List<String> patterns = lines(file);
    assertThat(patterns).isNotEmpty();
    for (String text : patterns) {
      CompiledPattern p = PatternEvaluator.defaults().compile(PatternParser.parse(text));
      boolean matched = p.matches(UNRELATED);
      assertThat(p.evaluate(UNRELATED).matched()).as(text).isEqualTo(matched);
      if (!text.contains("NOT ") && !text.contains("!=") && !text.contains("<>")) {
        assertThat(matched).as(text).isFalse();
      }
    }
  }

  private static List<String> lines(String file) throws IOException {
    try (InputStream in = FixturePatternsTest.class.getResourceAsStream("/patterns/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .toList();
    }
  }
}
