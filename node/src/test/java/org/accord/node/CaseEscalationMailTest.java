package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.Transition;
import org.accord.ledger.EntryKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * E-mail escalation through a real SMTP server in-process (GreenMail): a miss and a warning reach each party's
 * addresses in one mail per party, with the request's id, kind, urgency, parties, clause, due time and lateness and
 * what is allowed now, and none of its facts; SMTP AUTH works and its password is in no log line; a mail server that
 * takes the connection and never answers delays neither the clock nor the ledger entry nor the webhooks.
 */
class CaseEscalationMailTest {
  private static final String PASSWORD = "pw-Smtp-7Qx!";

  private GreenMail smtp;
  private ListAppender<ILoggingEvent> lines;

  @BeforeEach
  void start() {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
        .withConfiguration(GreenMailConfiguration.aConfig().withUser("accord@home.example", "accord", PASSWORD));
    smtp.start();
    lines = new ListAppender<>();
    lines.start();
    root().addAppender(lines);
  }

  @AfterEach
  void stop() {
    root().detachAppender(lines);
    smtp.stop();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private List<String> logged() {
    return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static String cases(CaseNode.Webhook hook, String smtpLine) {
    return String.join(
        "\n",
        "  tick_seconds: 0",
        "  warn_lead_seconds: 3600",
        "  webhook_timeout_seconds: 5",
        smtpLine,
        "  contacts:",
        "    home:",
        "      webhooks: ['" + hook.url("/home") + "']",
        "      email: ['soc@home.example', 'Home Duty <duty@home.example>']",
        "    peer: { webhooks: ['" + hook.url("/peer") + "'], email: cert@peer.example }");
  }

  private String smtpLine(String auth) {
    return "  smtp: { host: 127.0.0.1, port: " + smtp.getSmtp().getPort()
        + ", from: 'Accord home <accord@home.example>'" + auth + " }";
  }

  private static AssistanceRequest received(CaseNode n) {
    AssistanceRequest r = CaseNode.request("peer", "home", n.clock.instant());
    n.node.cases().create(r);
    n.node.cases().apply(r.id(), Transition.SEND, "peer");
    n.node.cases().apply(r.id(), Transition.RECEIVE, "home");
    return r;
  }

  /** Waits up to 10 s for GreenMail to hold {@code copies} mails (one per recipient). */
  private boolean arrived(int copies) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (smtp.getReceivedMessages().length < copies && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    return smtp.getReceivedMessages().length >= copies;
  }

  /** The distinct mails GreenMail took (it keeps a copy per recipient), by Message-ID, in arrival order. */
  private Map<String, MimeMessage> mails() throws Exception {
    Map<String, MimeMessage> out = new LinkedHashMap<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      out.putIfAbsent(m.getMessageID(), m);
    }
    return out;
  }

  private static List<String> to(MimeMessage m) throws Exception {
    return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Address::toString).toList();
  }

  private static long misses(RunningNode node) throws Exception {
    long[] n = {0};
    node.ledger().replay(e -> {
      n[0] += e.kind() == EntryKind.DEADLINE_MISSED ? 1 : 0;
      return true;
    });
    return n[0];
  }

  @Test
  void aMissedDeadlineMailsEachPartysContactsOnceWithTheRequestButNotItsFacts() throws Exception {
    CaseNode.MovingClock clock = new CaseNode.MovingClock(CaseNode.t0());
    try (CaseNode.Webhook hook = new CaseNode.Webhook();
        CaseNode n = CaseNode.start(clock, cases(hook, smtpLine("")))) {
      AssistanceRequest r = received(n);
      clock.advance(Duration.ofHours(23).plusMinutes(30));
      n.node.caseClock().tick();
      assertThat(arrived(3)).as("a warning mails as it posts").isTrue();
      assertThat(mails().values()).hasSize(2).allSatisfy(m -> assertThat(m.getSubject())
          .isEqualTo("[Accord] DEADLINE AHEAD: acknowledge of request " + r.id() + " (peer -> home)"));
      assertThat(((String) mails().values().iterator().next().getContent()))
          .contains("Due in:      30 min (warned at ");
      smtp.purgeEmailFromAllMailboxes();
      hook.paths.clear();

      clock.advance(Duration.ofHours(1).plusMinutes(30)); // one hour past due
      hook.status = 500; // the webhooks fail: the clock hands the miss again, which must not mail again
      n.node.caseClock().tick();
      assertThat(arrived(3)).isTrue();
      hook.status = 204;
      clock.advance(Duration.ofSeconds(30));
      n.node.caseClock().tick();
      assertThat(hook.paths).containsExactlyInAnyOrder("/home", "/peer");
      Thread.sleep(500);

      Map<String, MimeMessage> mails = mails();
      assertThat(mails).as("one mail per party, however often the miss is handed").hasSize(2);
      assertThat(smtp.getReceivedMessages()).as("one copy per address").hasSize(3);
      List<List<String>> recipients = new ArrayList<>();
      for (MimeMessage m : mails.values()) {
        recipients.add(to(m));
        assertThat(m.getSubject())
            .isEqualTo("[Accord] DEADLINE MISSED: acknowledge of request " + r.id() + " (peer -> home)");
        assertThat(m.getFrom()).extracting(Address::toString).containsExactly("Accord home <accord@home.example>");
        assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        String body = (String) m.getContent();
        assertThat(body).contains(
            "Request:     " + r.id(),
            "Kind:        preservation",
            "Urgency:     normal",
            "Parties:     peer (requester) -> home (requested party)",
            "Deadline:    acknowledge",
            "Obligation:  clause T1.O1 of the rulebook",
            "Due:         ",
            "Late by:     1 h 0 min (recorded ",
            "State now:   received",
            "Allowed now: withdraw (by peer, the requester); acknowledge, answer-partial, answer-full, decline (by"
                + " home, the requested party)",
            "was missed");
        assertThat(body).as("the facts stay on the nodes")
            .doesNotContain("203.0.113.7", "power grid", "Example Hosting", "connection logs");
      }
      assertThat(recipients).containsExactlyInAnyOrder(
          List.of("soc@home.example", "Home Duty <duty@home.example>"), List.of("cert@peer.example"));
      assertThat(misses(n.node)).isEqualTo(1);
    }
  }

  @Test
  void smtpAuthLogsInAndItsPasswordIsInNoLogLine() throws Exception {
    Path file = Files.createTempFile("smtp-password", "");
    Files.writeString(file, PASSWORD + "\n");
    CaseNode.MovingClock clock = new CaseNode.MovingClock(CaseNode.t0());
    try (CaseNode.Webhook hook = new CaseNode.Webhook();
        CaseNode n = CaseNode.start(clock, cases(hook, smtpLine(", user: accord, password_file: '" + file + "'")))) {
      AssistanceRequest r = received(n);
      clock.advance(Duration.ofHours(25));
      n.node.caseClock().tick(); // a late warning and the miss
      assertThat(arrived(6)).as("delivered after AUTH with the file's password").isTrue();
      assertThat(mails().values()).extracting(MimeMessage::getSubject)
          .contains("[Accord] DEADLINE MISSED: acknowledge of request " + r.id() + " (peer -> home)");
    }
    smtp.purgeEmailFromAllMailboxes();
    // The same with a password the server refuses: nothing is delivered, the failure is logged, the password is not.
    String wrong = "wr0ng-" + PASSWORD;
    try (CaseNode.Webhook hook = new CaseNode.Webhook();
        CaseNode n = CaseNode.start(clock, cases(hook, smtpLine(", user: accord, password: '" + wrong + "'")))) {
      received(n);
      clock.advance(Duration.ofHours(25));
      n.node.caseClock().tick();
      assertThat(misses(n.node)).isEqualTo(1);
    } // closing waits for the queued mails
    assertThat(smtp.getReceivedMessages()).isEmpty();
    List<String> logged = logged();
    assertThat(logged).anyMatch(l -> l.startsWith("case mail of missed acknowledge of assistance-request--")
        && l.contains("via 127.0.0.1:" + smtp.getSmtp().getPort() + " failed: AuthenticationFailedException: 535"));
    assertThat(logged).noneMatch(l -> l.contains(PASSWORD));
    assertThat(lines.list).noneMatch(e -> e.getThrowableProxy() != null
        && String.valueOf(e.getThrowableProxy().getMessage()).contains(PASSWORD));
  }

  @Test
  void aMailServerThatNeverAnswersDelaysNeitherTheClockNorTheLedgerNorTheWebhooks() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept()); // takes the connection, never sends the greeting
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String line = "  smtp: { host: 127.0.0.1, port: " + silent.getLocalPort() + ", from: accord@home.example,"
          + " timeout_seconds: 2 }";
      CaseNode.MovingClock clock = new CaseNode.MovingClock(CaseNode.t0());
      try (CaseNode.Webhook hook = new CaseNode.Webhook(); CaseNode n = CaseNode.start(clock, cases(hook, line))) {
        received(n);
        clock.advance(Duration.ofHours(25));
        long start = System.nanoTime();
        n.node.caseClock().tick();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("the tick does not wait for the mail server (2 s per read, 4 mails)")
            .isLessThan(Duration.ofMillis(2500));
        assertThat(misses(n.node)).isEqualTo(1);
        assertThat(hook.paths).as("a late warning and the miss").containsExactlyInAnyOrder(
            "/home", "/peer", "/home", "/peer");
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (logged().stream().noneMatch(l -> l.startsWith("case mail of missed ")) && System.nanoTime() < until) {
          Thread.sleep(100);
        }
        assertThat(logged()).anyMatch(l -> l.startsWith("case mail of missed acknowledge of ")
            && l.contains(" failed: ") && l.contains("127.0.0.1:" + silent.getLocalPort()));
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void starttlsRequiredNeverSendsTheMailInTheClear() throws Exception {
    CaseNode.MovingClock clock = new CaseNode.MovingClock(CaseNode.t0());
    try (CaseNode.Webhook hook = new CaseNode.Webhook();
        CaseNode n = CaseNode.start(clock, cases(hook, smtpLine(", starttls: required")))) {
      received(n);
      clock.advance(Duration.ofHours(25));
      n.node.caseClock().tick();
    } // closing waits for the queued mails
    assertThat(smtp.getReceivedMessages()).as("a server without (trusted) STARTTLS gets nothing").isEmpty();
    assertThat(logged()).anyMatch(l -> l.startsWith("case mail of missed acknowledge of ") && l.contains(" failed: "));
  }

  @Test
  void aFailureIsDescribedWithoutThePassword() {
    NodeConfig.Smtp settings = NodeConfigReader.parse("cases:\n  smtp: { host: 127.0.0.1, from: a@home.example,"
        + " user: accord, password: '" + PASSWORD + "' }\n", "t").cases().smtp();
    CaseMail mail = new CaseMail(settings);
    try {
      String text = mail.describe(new jakarta.mail.AuthenticationFailedException(
          "535 5.7.8 bad credentials for accord/" + PASSWORD + "\r\nsecond line",
          new java.io.IOException("x")));
      assertThat(text).isEqualTo(
          "AuthenticationFailedException: 535 5.7.8 bad credentials for accord/(hidden) second line (IOException)");
    } finally {
      mail.close();
    }
  }
}
