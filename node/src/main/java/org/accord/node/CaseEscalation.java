package org.accord.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.accord.cases.ClockEvent;
import org.accord.cases.Deadline;
import org.accord.ledger.Entry;
import org.accord.ledger.EntryKind;
import org.accord.ledger.Ledger;
import org.accord.ledger.ObjectRef;
import org.accord.stix.StixJson;
import org.accord.stix.Timestamps;
import org.accord.store.CaseRecords;
import org.accord.store.CaseRecords.RequestRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node does with what the cases clock reports (issue 10, item 3): a log line, a JSON notification POSTed to
 * the webhooks of both parties on the request ({@code cases.contacts}), the same as a plain-text e-mail to their
 * addresses where {@code cases.smtp} names a server ({@link CaseMail}), and, for a missed deadline, a {@link
 * EntryKind#DEADLINE_MISSED} entry in the ledger.
 *
 * <p>Design note. A miss is delivered at least once: when a webhook fails (no answer within the timeout, a status
 * other than 2xx), this listener throws, and {@code CaseClock} hands the same miss again at the next tick (and after a
 * restart). The steps are therefore idempotent: the ledger entry is written first and once (entries already in the
 * ledger are found by replaying it at start), and a webhook that took the notification is not sent it again, so a
 * retry reaches only the webhooks that failed. Warnings and the end of a preservation are sent once, best effort (a
 * failure is logged, not retried: the miss that may follow is). A clock that went back is logged only; it concerns
 * the node, not a request.
 *
 * <p>E-mail goes wherever a webhook notification goes (a warning, a miss, the end of a preservation), one mail per
 * party to that party's addresses, after the log line and the ledger entry and before the webhooks. It is only
 * queued here ({@link CaseMail} sends it on its own thread, every step bounded by a timeout), so a dead mail server
 * never stalls the clock nor stops a ledger entry. A miss is mailed once per process (a webhook retry does not mail
 * again; a restart before the webhooks took it may); a mail that fails is logged, not retried. The mail says what the
 * webhook notification says, in words, plus the state of the request and what each party may do now: no facts of the
 * request (offence, data sought, custodian), which stay on the nodes.
 *
 * <p>The ledger entry of a miss: the counterparty is the other party on the request (the entry goes with the ledger
 * export to it), the object is the request with {@code "<deadline> due <instant>"} as its version, the clause id is
 * the obligation that set the deadline, and the payload hash is the SHA-256 of the notification's JSON, so the entry
 * commits to exactly what was sent. Nothing secret is logged: a webhook is named by its host only (its path may hold
 * a token), and the notification holds what both parties see of the request.
 */
final class CaseEscalation implements org.accord.cases.EscalationListener {
  private static final Logger LOG = LoggerFactory.getLogger(CaseEscalation.class);

  private final NodeConfig.Cases settings;
  private final String party;
  private final CaseRecords records;
  private final Ledger ledger;
  private final HttpClient http;
  /** Null without {@code cases.smtp}. */
  private final CaseMail mail;
  /** Misses already handed to {@link #mail}, as {@link #key}. */
  private final Set<String> mailed = ConcurrentHashMap.newKeySet();
  /** Misses already in the ledger, as {@link #key}. */
  private final Set<String> ledgered = ConcurrentHashMap.newKeySet();
  /** Per miss, the webhooks that took its notification (so a retry skips them). */
  private final Map<String, Set<URI>> delivered = new ConcurrentHashMap<>();

  /** An escalation that mails through {@code settings.smtp()} when it is set. */
  CaseEscalation(NodeConfig.Cases settings, String party, CaseRecords records, Ledger ledger) {
    this(settings, party, records, ledger, settings.smtpOptional().map(CaseMail::new).orElse(null));
  }

  CaseEscalation(NodeConfig.Cases settings, String party, CaseRecords records, Ledger ledger, CaseMail mail) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.mail = mail;
    this.party = Objects.requireNonNull(party, "party");
    this.records = Objects.requireNonNull(records, "records");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(settings.webhookTimeoutSeconds()))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    try {
      ledger.replay(
          e -> {
            if (e.kind() == EntryKind.DEADLINE_MISSED && e.draft().objects().size() == 1) {
              ObjectRef o = e.draft().objects().get(0);
              ledgered.add(o.id() + " " + o.version());
            }
            return true;
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ledger back: " + e.getMessage(), e);
    }
  }

  @Override
  public void on(ClockEvent event) {
    if (event instanceof ClockEvent.Missed m) {
      missed(m);
    } else if (event instanceof ClockEvent.Warning w) {
      LOG.warn("case deadline ahead: {}", w.describe());
      notifyOnce(w.deadline(), "warning", w.describe(), w.at());
    } else if (event instanceof ClockEvent.Lapsed l) {
      LOG.info("case period ended: {}", l.describe());
      notifyOnce(l.deadline(), "lapsed", l.describe(), l.deadline().due());
    } else if (event instanceof ClockEvent.ClockWentBack b) {
      LOG.warn("case clock: {}", b.describe());
    }
  }

  private void missed(ClockEvent.Missed m) {
    Deadline d = m.deadline();
    Optional<RequestRow> request = records.request(d.requestId());
    ObjectNode note = notification("missed", d, request, m.describe(), Timestamps.format(m.recordedAt(), 3));
    byte[] body = note.toString().getBytes(StandardCharsets.UTF_8);
    String key = key(d);
    if (!ledgered.contains(key)) {
      LOG.warn("case deadline missed: {}", m.describe());
      String counterparty = request.map(r -> r.requester().equals(party) ? r.requested() : r.requester()).orElse(null);
      try {
        ledger.append(
            new Entry.Draft(
                EntryKind.DEADLINE_MISSED, counterparty, List.of(ref(d)), d.clauseId(),
                Entry.Draft.payloadHash(body), null));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot record the missed deadline in the ledger", e); // retried next tick
      }
      ledgered.add(key);
    }
    if (mail != null && mailed.add(key)) {
      mail(request, "missed", d, m.describe(), m.recordedAt());
    }
    Set<URI> done = delivered.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
    List<String> failed = new ArrayList<>();
    for (URI hook : webhooks(request)) {
      if (!done.contains(hook)) {
        if (post(hook, body)) {
          done.add(hook);
        } else {
          failed.add(host(hook));
        }
      }
    }
    if (!failed.isEmpty()) {
      throw new IllegalStateException("webhook " + String.join(", ", failed) + " did not take the notification of "
          + d.requestId() + " " + d.kind().wire() + "; retried at the next tick");
    }
    delivered.remove(key);
  }

  private void notifyOnce(Deadline d, String event, String text, java.time.Instant at) {
    Optional<RequestRow> request = records.request(d.requestId());
    byte[] body =
        notification(event, d, request, text, Timestamps.format(at, 3)).toString().getBytes(StandardCharsets.UTF_8);
    if (mail != null) {
      mail(request, event, d, text, at);
    }
    for (URI hook : webhooks(request)) {
      post(hook, body);
    }
  }

  /** The notification: what happened, to which request and deadline, under which clause, as both parties see it. */
  private ObjectNode notification(String event, Deadline d, Optional<RequestRow> request, String text, String at) {
    ObjectNode n = StixJson.mapper().createObjectNode();
    n.put("event", event);
    n.put("node_party", party);
    n.put("request_id", d.requestId());
    request.ifPresent(
        r -> {
          n.put("kind", r.kind());
          n.put("urgency", r.urgency());
          n.put("requester", r.requester());
          n.put("requested", r.requested());
        });
    n.put("deadline", d.kind().wire());
    n.put("due", Timestamps.format(d.due(), 3));
    n.put("clause", d.clauseId());
    n.put("at", at);
    n.put("text", text);
    return n;
  }

  /** Queues one mail per party on the request to that party's addresses (an address named by both gets one). */
  private void mail(Optional<RequestRow> request, String event, Deadline d, String text, java.time.Instant at) {
    if (request.isEmpty()) {
      return;
    }
    RequestRow r = request.get();
    String subject = CaseMailText.subject(event, d, r);
    String body = CaseMailText.body(event, d, r, party, text, at);
    Set<String> seen = new HashSet<>();
    for (String p : new LinkedHashSet<>(List.of(r.requester(), r.requested()))) {
      List<jakarta.mail.internet.InternetAddress> to = new ArrayList<>();
      for (String address : settings.contact(p).email()) {
        jakarta.mail.internet.InternetAddress a = MailAddresses.parse(address, "cases.contacts." + p + ".email");
        if (seen.add(a.getAddress().toLowerCase(java.util.Locale.ROOT))) {
          to.add(a);
        }
      }
      mail.send(new CaseMail.Mail(event + " " + d.kind().wire() + " of " + d.requestId() + " for " + p, to, subject,
          body));
    }
  }

  /** Lets queued mails go out (bounded by the SMTP timeout); nothing is mailed after. */
  void close() {
    if (mail != null) {
      mail.close();
    }
  }

  /** The webhooks of both parties on the request (each once); none when the request is unknown. */
  private Set<URI> webhooks(Optional<RequestRow> request) {
    Set<URI> out = new LinkedHashSet<>();
    request.ifPresent(
        r -> {
          out.addAll(settings.contact(r.requester()).webhooks());
          out.addAll(settings.contact(r.requested()).webhooks());
        });
    return out;
  }

  /** POSTs {@code body}; true on a 2xx answer. Failures are logged with the webhook's host only. */
  private boolean post(URI hook, byte[] body) {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(hook)
                  .timeout(Duration.ofSeconds(settings.webhookTimeoutSeconds()))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 == 2) {
        return true;
      }
      LOG.warn("case webhook {} answered {}", host(hook), r.statusCode());
    } catch (IOException e) {
      LOG.warn("case webhook {} failed: {}", host(hook), e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("case webhook {} interrupted", host(hook));
    }
    return false;
  }

  private static ObjectRef ref(Deadline d) {
    return new ObjectRef(d.requestId(), d.kind().wire() + " due " + Timestamps.format(d.due(), 3));
  }

  private static String key(Deadline d) {
    ObjectRef o = ref(d);
    return o.id() + " " + o.version();
  }

  /** A webhook as logs name it: scheme, host and port, never the path or query (they may hold a token). */
  static String host(URI hook) {
    return hook.getScheme() + "://" + hook.getHost() + (hook.getPort() < 0 ? "" : ":" + hook.getPort());
  }

  /** For tests: the misses recorded in the ledger so far. */
  Set<String> ledgered() {
    return new HashSet<>(ledgered);
  }
}
