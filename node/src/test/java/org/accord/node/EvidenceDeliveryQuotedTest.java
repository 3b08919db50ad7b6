package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;

/** A peer's unverified manifest values reach logs and answers quoted and bounded, never as raw lines. */
class EvidenceDeliveryQuotedTest {
  @Test
  void aNameWithANewlineStaysOnOneLineQuotedAndBounded() {
    String shown = EvidenceDelivery.quoted(JsonNodeFactory.instance.textNode("a.log\n12:00 ERROR forged line"));
    assertThat(shown).doesNotContain("\n").startsWith("\"a.log\\n12:00");
    assertThat(EvidenceDelivery.quoted(JsonNodeFactory.instance.textNode("x".repeat(500)))).hasSize(83);
    assertThat(EvidenceDelivery.quoted(MissingNode.getInstance())).isEqualTo("(none)");
    assertThat(EvidenceDelivery.quoted(JsonNodeFactory.instance.numberNode(7))).isEqualTo("7");
  }
}
