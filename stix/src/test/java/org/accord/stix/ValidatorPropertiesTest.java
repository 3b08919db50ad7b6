package org.accord.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties over the fixtures: removing any required property is always caught, at its path. */
class ValidatorPropertiesTest {
  private final Validator validator = new Validator();

  record Case(String fixture, String property) {}

  @Provide
  Arbitrary<Case> requiredPropertyOfAFixture() {
    Arbitrary<String> fixtures = Arbitraries.of(List.copyOf(Fixtures.ALL.keySet()));
    return fixtures.flatMap(name -> {
      ObjectNode o = Fixtures.ALL.get(name).get();
      List<String> required = List.copyOf(TypeTable.get(o.get("type").asText()).required());
      return Arbitraries.of(required).map(p -> new Case(name, p));
    });
  }

  @Property(tries = 300)
  void removingARequiredPropertyIsAlwaysRejectedAtItsPath(@ForAll("requiredPropertyOfAFixture") Case c) {
    ObjectNode o = Fixtures.ALL.get(c.fixture()).get();
    o.remove(c.property());
    ValidationReport r = validator.validate(o);
    assertThat(r.isValid()).isFalse();
    assertThat(r.violations()).anySatisfy(v -> {
      assertThat(v.path()).isEqualTo("$." + c.property());
      assertThat(v.rule()).isEqualTo("required-property");
    });
  }

  @Provide
  Arbitrary<String> customName() {
    return Combinators.combine(
            Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('_').ofMinLength(1).ofMaxLength(20),
            Arbitraries.just("x_"))
        .as((tail, prefix) -> prefix + tail);
  }

  @Property(tries = 200)
  void wellFormedXPrefixedCustomPropertiesNeverBreakAValidObject(@ForAll("customName") String name) {
    ObjectNode o = Fixtures.indicator();
    if (o.has(name)) {
      return;
    }
    o.put(name, "value");
    assertThat(validator.validate(o).violations()).isEmpty();
  }
}
