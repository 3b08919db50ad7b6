package org.accord.node;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends case escalations by e-mail through the configured server ({@code cases.smtp}), with Jakarta Mail (Angus).
 *
 * <p>Design note. The case clock must never wait for a mail server: a server that accepts the connection and then
 * says nothing would hold every tick, and with it the next miss's ledger entry. So {@link #send} only queues the mail
 * and returns; one thread, {@code accord-case-mail}, delivers the queue in order, each step (connect, every read and
 * write) bounded by {@code timeout_seconds}. The queue is bounded too ({@value #QUEUE} mails): when a dead server
 * lets it fill, further mails are dropped with a WARN rather than held in memory without end. A failed delivery is
 * logged (WARN: what, to how many addresses, the server, the exception's class and the server's answer), never with
 * the password, and not retried: the mail server queues and retries once it has taken a mail, and the log, the ledger
 * and the webhooks (which the clock retries) carry the escalation meanwhile. {@link #close} lets queued mails go out,
 * for a bounded time, so that a command that records a late transition and ends still sends its mail.
 *
 * <p>The session is built from the settings alone (never from system properties): STARTTLS as configured (RFC
 * 3207; {@code required} fails the mail when the server does not offer it), the server's certificate checked against
 * its name, SMTP AUTH (RFC 4954) with the configured user, and {@code mail.from} and the EHLO name set so that no
 * local host name is looked up.
 */
final class CaseMail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CaseMail.class);
  /** Mails waiting for the server: far more than the escalations of one tick, bounded against a dead server. */
  static final int QUEUE = 1000;

  private final NodeConfig.Smtp smtp;
  private final Session session;
  private final InternetAddress from;
  private final char[] password;
  private final ThreadPoolExecutor sender;

  /**
   * Reads the password (from its file when so configured) once, at start.
   *
   * @throws IllegalStateException when the password file cannot be read
   */
  CaseMail(NodeConfig.Smtp smtp) {
    this.smtp = Objects.requireNonNull(smtp, "smtp");
    this.from = MailAddresses.parse(smtp.from(), "cases.smtp.from");
    this.password = smtp.user() == null ? null : smtp.secret();
    this.session = Session.getInstance(properties(smtp, from));
    this.sender =
        new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
          Thread t = new Thread(r, "accord-case-mail");
          t.setDaemon(true);
          return t;
        });
  }

  private static Properties properties(NodeConfig.Smtp smtp, InternetAddress from) {
    String millis = Long.toString(smtp.timeoutSeconds() * 1000L);
    String domain = from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1);
    Properties p = new Properties();
    p.setProperty("mail.transport.protocol", "smtp");
    p.setProperty("mail.smtp.host", smtp.host());
    p.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
    p.setProperty("mail.smtp.connectiontimeout", millis);
    p.setProperty("mail.smtp.timeout", millis);
    p.setProperty("mail.smtp.writetimeout", millis);
    p.setProperty("mail.smtp.starttls.enable", Boolean.toString(!smtp.starttls().equals("none")));
    p.setProperty("mail.smtp.starttls.required", Boolean.toString(smtp.starttls().equals("required")));
    p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    p.setProperty("mail.smtp.auth", Boolean.toString(smtp.user() != null));
    p.setProperty("mail.smtp.from", from.getAddress()); // the envelope sender (bounces)
    p.setProperty("mail.from", from.getAddress()); // the Message-ID's domain, instead of looking the host up
    p.setProperty("mail.smtp.localhost", domain); // the EHLO name, instead of looking the host up
    return p;
  }

  /** One mail to send: {@code what} names it in the log ("missed acknowledge of request ..."). */
  record Mail(String what, List<InternetAddress> to, String subject, String body) {
    Mail {
      to = List.copyOf(to);
    }
  }

  /** Queues {@code mail} and returns at once; false (and a WARN) when the queue is full or the sender closed. */
  boolean send(Mail mail) {
    if (mail.to().isEmpty()) {
      return true;
    }
    try {
      sender.execute(() -> deliver(mail));
      return true;
    } catch (RejectedExecutionException e) {
      LOG.warn("case mail of {} to {} address(es) dropped: {}", mail.what(), mail.to().size(),
          sender.isShutdown() ? "the node is closing" : QUEUE + " mails wait for " + server() + " already");
      return false;
    }
  }

  /** Sends {@code mail} now, on the calling thread; true when the server took it. */
  boolean deliver(Mail mail) {
    try {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(from);
      m.setRecipients(Message.RecipientType.TO, mail.to().toArray(new InternetAddress[0]));
      m.setSubject(mail.subject(), "UTF-8");
      m.setText(mail.body(), "UTF-8");
      m.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no vacation replies to a node
      // The Date header is when the mail leaves (RFC 5322 §3.6.1), so the wall clock, not the node's case clock (which
      // a demo or a test moves); the body carries the case clock's instants.
      m.setSentDate(new java.util.Date());
      if (password == null) {
        Transport.send(m);
      } else {
        Transport.send(m, smtp.user(), new String(password));
      }
      return true;
    } catch (MessagingException | RuntimeException e) {
      LOG.warn("case mail of {} to {} address(es) via {} failed: {}", mail.what(), mail.to().size(), server(),
          describe(e));
      return false;
    }
  }

  /**
   * The failure as a log may show it: the exception's class and message and its cause's class, on one line, without
   * the password (a server may echo what it was sent) and at most 300 characters.
   */
  String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      sb.append(": ").append(e.getMessage());
    }
    if (e.getCause() != null && e.getCause() != e) {
      sb.append(" (").append(e.getCause().getClass().getSimpleName()).append(')');
    }
    String text = sb.toString().replaceAll("[\\p{Cntrl}]+", " ").strip();
    if (password != null && password.length > 0) {
      text = text.replace(new String(password), "(hidden)");
    }
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  private String server() {
    return smtp.host() + ":" + smtp.port();
  }

  /** Stops taking mails and lets the queued ones go out, waiting at most three timeouts. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(3L * smtp.timeoutSeconds(), TimeUnit.SECONDS)) {
        int left = sender.shutdownNow().size();
        LOG.warn("case mail: {} mail(s) not sent to {} before closing", left + 1, server());
      }
    } catch (InterruptedException e) {
      sender.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
