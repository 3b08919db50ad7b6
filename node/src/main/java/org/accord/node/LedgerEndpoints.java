package org.accord.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.PublicKey;
import java.util.Objects;
import org.accord.ledger.Checkpoint;
import org.accord.ledger.CheckpointRefusedException;
import org.accord.ledger.Ledger;
import org.accord.rules.Party;
import org.accord.rules.Rulebook;
import org.accord.stix.StixJson;
import org.accord.taxii.server.JsonErrors;
import org.accord.taxii.server.TaxiiException;
import org.accord.taxii.server.TaxiiServer;
import org.accord.taxii.server.User;

/**
 * The node's ledger as its peers see it, next to the TAXII endpoints (authenticated the same way, errors in the same
 * form), under {@value #PREFIX}:
 *
 * <ul>
 *   <li>{@code POST checkpoint/}: a peer hands over its signed {@link Checkpoint}; it is checked with the party's key
 *       from the active rulebook and recorded ({@code CHECKPOINT_RECEIVED}), and this node's own checkpoint is the
 *       answer. A checkpoint not newer than the last one recorded from that peer (stale, replayed, or a fork of the
 *       same seq) is refused with 409 and a message saying which (issue 8, finding 7a); a forged one with 400. Each side then holds the other's signed commitment to its ledger up to that point;
 *   <li>{@code GET entries/}: the entries naming the peer's party (what this node recorded sending to it and
 *       receiving from it, and its checkpoints), as JSON lines, for {@code accord ledger reconcile}.
 * </ul>
 *
 * Only peers (users with a party) may call them, and only about their own party.
 */
final class LedgerEndpoints {
  static final String PREFIX = TaxiiServer.NODE_PATHS + "ledger/";
  static final String CHECKPOINT = PREFIX + "checkpoint/";
  static final String ENTRIES = PREFIX + "entries/";
  static final String JSON_LINES = "application/jsonl";

  private final Ledger ledger;
  private final java.util.function.Supplier<Rulebook> rulebook;

  /** @param rulebook the active rulebook at the time of each request (null when none) */
  LedgerEndpoints(Ledger ledger, java.util.function.Supplier<Rulebook> rulebook) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.rulebook = Objects.requireNonNull(rulebook, "rulebook");
  }

  void install(JavalinConfig config) {
    config.router.mount(
        router -> {
          router.post(CHECKPOINT, TaxiiServer.readingBody(this::checkpoint));
          TaxiiServer.get(router, ENTRIES, this::entries); // and HEAD, through the same checks
        });
  }

  private void checkpoint(Context ctx) throws IOException {
    Party party = peerParty(ctx);
    String text = ctx.body();
    try {
      StixJson.mapper().readTree(text); // JSON at all? Said in the node's words, not the parser's
    } catch (JsonProcessingException e) {
      throw TaxiiException.badRequest("not a ledger checkpoint: " + JsonErrors.describe(e));
    }
    Checkpoint theirs;
    try {
      theirs = Checkpoint.parse(text);
    } catch (IllegalArgumentException e) {
      throw TaxiiException.badRequest("not a ledger checkpoint: " + e.getMessage());
    }
    if (!theirs.party().equals(party.id())) {
      throw TaxiiException.forbidden(
          "user " + TaxiiServer.user(ctx).name() + " is party " + party.id() + "'s node, but the checkpoint is "
              + theirs.party() + "'s");
    }
    PublicKey key = party.publicKey();
    try {
      ledger.recordCheckpoint(theirs, key);
    } catch (CheckpointRefusedException e) {
      // A forged checkpoint is bad input (400); a stale, replayed or forked one conflicts with what is recorded (409).
      throw e.reason() == CheckpointRefusedException.Reason.BAD_SIGNATURE
          ? TaxiiException.badRequest(e.getMessage())
          : TaxiiException.conflict(e.getMessage());
    }
    ctx.status(200).contentType("application/json").result(ledger.checkpoint().toJson());
  }

  private void entries(Context ctx) throws IOException {
    Party party = peerParty(ctx);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ledger.exportWith(party.id(), out);
    // The bytes as the ledger holds them, declared UTF-8: without a charset Jetty would encode the text as ISO-8859-1
    // and an entry naming a non-ASCII text (a chain's arrows, a peer's id) would no longer match its hash.
    ctx.status(200).contentType(JSON_LINES + "; charset=utf-8").result(out.toByteArray());
  }

  /** The rulebook party of the calling peer; 403 for this node's own users and for parties the rulebook lacks. */
  private Party peerParty(Context ctx) {
    User user = TaxiiServer.user(ctx);
    if (user.party() == null) {
      throw TaxiiException.forbidden("the ledger exchange is for peers: user " + user.name() + " has no party");
    }
    Rulebook active = rulebook.get();
    if (active == null || !active.parties().containsKey(user.party())) {
      throw TaxiiException.forbidden(
          "party " + user.party() + " is not a party of this node's active rulebook"
              + (active == null ? " (none is active)" : " " + active.name()));
    }
    return active.parties().get(user.party());
  }
}
