package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
    assertThatThrownBy(
            () -> NodeConfigReader.parse("cases:\n  smtp: {host: h.example, from: a@b.example, tls: on}\n", "t"))
        .hasMessageContaining("unknown key 'tls' (cases.smtp.tls)").hasMessageContaining("password_file");
    assertThatThrownBy(() -> NodeConfigReader.parse("cases:\n  tick_seconds: -1\n", "t"))
        .hasMessageContaining("cases.tick_seconds");
    assertThatThrownBy(
            () -> NodeConfigReader.parse("cases:\n  contacts:\n    us: { webhooks: ['ftp://x.example/'] }\n", "t"))
        .hasMessageContaining("cases.contacts.*.webhooks: an absolute http(s) URL");
    assertThatThrownBy(() -> NodeConfigReader.parse("taxii:\n  api_roots:\n    - name: api\n", "t"))
        .hasMessageContaining("api_roots[].name 'api' is reserved for the node's REST API");
  }

  private static NodeConfig.Cases cases(String yaml) {
    return NodeConfigReader.parse("cases:\n" + yaml, "t").cases();
  }

  private static String refused(String yaml) {
    Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> cases(yaml));
    assertThat(e).as("refused: " + yaml).isInstanceOf(NodeConfigReader.ConfigException.class);
    return e.getMessage();
  }

  @Test
  void smtpDefaultsToASubmissionServerWithStarttlsRequiredAndToAnUnencryptedRelayOnLoopback() {
    assertThat(NodeConfig.Cases.DEFAULT.smtp()).as("no server unless configured").isNull();
    NodeConfig.Smtp remote =
        cases("  smtp: { host: mail.example.org, from: accord@cn.example, user: accord, password: pw-7Qx }\n").smtp();
    assertThat(remote.port()).isEqualTo(587);
    assertThat(remote.starttls()).isEqualTo("required");
    assertThat(remote.timeoutSeconds()).isEqualTo(10);
    NodeConfig.Smtp local = cases("  smtp: { host: 127.0.0.1, from: 'Accord CN <accord@cn.example>' }\n").smtp();
    assertThat(local.port()).isEqualTo(25);
    assertThat(local.starttls()).isEqualTo("none");
    assertThat(cases("  smtp: { host: '::1', from: a@b.example }\n").smtp().starttls()).isEqualTo("none");
    assertThat(cases("  smtp: { host: localhost, from: a@b.example, port: 2525, starttls: optional,"
        + " timeout_seconds: 3 }\n").smtp())
        .extracting(NodeConfig.Smtp::port, NodeConfig.Smtp::starttls, NodeConfig.Smtp::timeoutSeconds)
        .containsExactly(2525, "optional", 3);
    assertThat(cases("  smtp: { host: 127.0.0.2.example.org, from: a@b.example }\n").smtp().starttls())
        .as("a name is not loopback because it starts like one").isEqualTo("required");
  }

  @Test
  void aContactTakesOneAddressOrAListBesideItsWebhooks() {
    NodeConfig.Cases c = cases(String.join("\n",
        "  smtp: { host: 127.0.0.1, from: accord@cn.example }",
        "  contacts:",
        "    cn: { email: soc@cn.example }",
        "    us: { webhooks: ['https://soc.us.example/h'], email: ['a@us.example', 'US Duty <duty@us.example>'] }",
        ""));
    assertThat(c.contact("cn").email()).containsExactly("soc@cn.example");
    assertThat(c.contact("cn").webhooks()).isEmpty();
    assertThat(c.contact("us").email()).containsExactly("a@us.example", "US Duty <duty@us.example>");
    assertThat(c.contact("us").webhooks()).hasSize(1);
    assertThat(c.contact("other").email()).isEmpty();
  }

  @Test
  void theSmtpPasswordIsInNoToStringAndNoErrorMessage() throws Exception {
    Path file = Files.createTempFile("smtp-password", ".txt");
    Files.writeString(file, "fi1e-s3cret\n");
    NodeConfig.Smtp withFile = cases("  smtp: { host: mail.example.org, from: a@cn.example, user: accord,"
        + " password_file: '" + file + "' }\n").smtp();
    assertThat(new String(withFile.secret())).as("the final line break is not part of it").isEqualTo("fi1e-s3cret");
    NodeConfig config = NodeConfigReader.parse("cases:\n  smtp: { host: mail.example.org, from: a@cn.example,"
        + " user: accord, password: pw-7Qx }\n", "t");
    assertThat(config.toString()).contains("host=mail.example.org", "password=(hidden)").doesNotContain("pw-7Qx");
    assertThat(withFile.toString()).doesNotContain("fi1e-s3cret").doesNotContain(file.toString());
    assertThat(refused("  smtp: { host: mail.example.org, from: a@cn.example, user: accord, password: pw-7Qx,"
        + " starttls: optional }\n")).doesNotContain("pw-7Qx");
    assertThat(refused("  smtp: { host: mail.example.org, from: 'not an address', password: pw-7Qx }\n"))
        .doesNotContain("pw-7Qx");
    Files.delete(file);
    assertThatThrownBy(withFile::secret).hasMessage(
        "cases.smtp.password_file: cannot read " + file + " (NoSuchFileException)");
  }

  @Test
  void badSmtpSettingsAreRefusedWithWhatIsWrong() {
    assertThat(refused("  smtp: { from: a@cn.example }\n")).contains("cases.smtp.host is required");
    assertThat(refused("  smtp: { host: mail.example.org }\n")).contains("cases.smtp.from is required");
    assertThat(refused("  smtp: { host: mail.example.org, from: accord }\n"))
        .contains("cases.smtp.from: 'accord' is not an e-mail address (local@domain)");
    assertThat(refused("  smtp: { host: mail.example.org, from: 'a@cn.example, b@cn.example' }\n"))
        .contains("cases.smtp.from: 'a@cn.example, b@cn.example' is not one e-mail address");
    assertThat(refused("  smtp: { host: mail.example.org, from: \"a@cn.example\\r\\nBcc: x@evil.example\" }\n"))
        .contains("cases.smtp.from: ", "holds a control character");
    assertThat(refused("  smtp: { host: mail.example.org, from: a@cn.example, starttls: yes }\n"))
        .contains("cases.smtp.starttls must be one of required, optional, none; was 'yes'");
    assertThat(refused("  smtp: { host: mail.example.org, from: a@cn.example, port: 0 }\n"))
        .contains("cases.smtp.port must be between 1 and 65535, was 0");
    assertThat(refused("  smtp: { host: mail.example.org, from: a@cn.example, timeout_seconds: 0 }\n"))
        .contains("cases.smtp.timeout_seconds must be between 1 and 600, was 0");
    assertThat(refused("  smtp: { host: 'mail.example.org/x', from: a@cn.example }\n"))
        .contains("cases.smtp.host 'mail.example.org/x' is not a host name or address");
    assertThat(refused("  smtp: { host: h.example, from: a@cn.example, user: u, password: p, password_file: f }\n"))
        .contains("cases.smtp: give at most one of password and password_file");
    assertThat(refused("  smtp: { host: h.example, from: a@cn.example, password: p }\n"))
        .contains("cases.smtp: a password is set but no user to log in as (cases.smtp.user)");
    assertThat(refused("  smtp: { host: h.example, from: a@cn.example, user: u }\n"))
        .contains("cases.smtp.user is set: give password or password_file");
    assertThat(refused("  smtp: { host: h.example, from: a@cn.example, user: u, password: p, starttls: none }\n"))
        .contains("cases.smtp: a password goes to h.example only over TLS: set starttls: required (it is 'none'");
    assertThat(refused("  smtp: { host: 127.0.0.1, from: a@cn.example }\n  contacts:\n    us: { email: [soc] }\n"))
        .contains("cases.contacts.*.email: 'soc' is not an e-mail address (local@domain)");
    assertThat(refused("  contacts:\n    us: { email: soc@us.example }\n"))
        .contains("cases.contacts.us.email is set but cases.smtp is not: no e-mail would be sent");
  }
}
