package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The {@code cases:} section of accord.yaml: defaults, contacts, bad entries refused by name. */
class CasesConfigTest {
  @Test
  void everyCasesSettingHasADefault() {
    NodeConfig.Cases c = NodeConfigReader.parse("name: n\n", "t").cases();
    assertThat(c.tickSeconds()).isEqualTo(30);
    assertThat(c.warnLeadSeconds()).isEqualTo(3600);
    assertThat(c.webhookTimeoutSeconds()).isEqualTo(10);
    assertThat(c.contact("cn").webhooks()).isEmpty();
    assertThat(c.evidenceMaxBytes()).isEqualTo(1L << 30);
  }

  @Test
  void theEvidenceLimitIsReadAndANegativeOneRefused() {
    assertThat(NodeConfigReader.parse("cases:\n  evidence_max_bytes: 1048576\n", "t").cases().evidenceMaxBytes())
        .isEqualTo(1_048_576L);
    assertThatThrownBy(() -> NodeConfigReader.parse("cases:\n  evidence_max_bytes: -1\n", "t"))
        .hasMessageContaining("cases.evidence_max_bytes must be 0 or more");
  }

  @Test
  void contactsAreReadPerPartyAndAWebhookIsNeverPrintedWhole() {
    NodeConfig.Cases c = NodeConfigReader.parse(
        "cases:\n  tick_seconds: 5\n  contacts:\n    us: { webhooks: ['https://hooks.example.org/T0/s3cret'] }\n",
        "t").cases();
    assertThat(c.tickSeconds()).isEqualTo(5);
    assertThat(c.contact("us").webhooks()).containsExactly(URI.create("https://hooks.example.org/T0/s3cret"));
    assertThat(c.toString()).doesNotContain("s3cret");
  }

  @Test
  void badEntriesAreRefusedByName() {
    assertThatThrownBy(() -> NodeConfigReader.parse("cases:\n  smtp: mail.example.org\n", "t"))
        .hasMessageContaining("unknown key 'smtp' (cases.smtp)");
    assertThatThrownBy(() -> NodeConfigReader.parse("cases:\n  tick_seconds: -1\n", "t"))
        .hasMessageContaining("cases.tick_seconds");
    assertThatThrownBy(
            () -> NodeConfigReader.parse("cases:\n  contacts:\n    us: { webhooks: ['ftp://x.example/'] }\n", "t"))
        .hasMessageContaining("cases.contacts.*.webhooks: an absolute http(s) URL");
    assertThatThrownBy(() -> NodeConfigReader.parse("taxii:\n  api_roots:\n    - name: api\n", "t"))
        .hasMessageContaining("api_roots[].name 'api' is reserved for the node's REST API");
  }
}
