package org.accord.ledger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What two parties' ledgers say about the transfers between them, and where they disagree. Every {@code SENT} from
 * one party to the other must meet a {@code RECEIVED} by the other from the first with the same objects (ids and
 * versions, in any order) and the same payload hash, and the other way round. Entries pair up first by objects and
 * payload hash, then by objects alone (a {@link Problem#PAYLOAD_DIFFERS}); the rest are unmatched on one side.
 * Repeated transfers of the same objects pair up in seq order.
 *
 * <p>A transfer cut off by a crash or a lost connection leaves a {@code SENT} without its {@code RECEIVED}: the
 * sender records before the bytes leave, the receiver after it has read them (see the node's transfer listener). The
 * sender then repeats it. A {@code SENT} left unmatched whose every object version the receiver did record receiving
 * from the sender, in other transfers, is such an interrupted and repeated transfer: it is listed in {@link
 * #repeated()}, not as a difference, because the objects did arrive and the ledgers agree on that.
 *
 * <p>{@code mine} and {@code theirs} may hold whole ledgers or exports ({@link Ledger#entriesWith}); entries about
 * other parties are ignored. Check {@code theirs} first ({@link LedgerVerifier#readExport}): this class compares, it
 * does not verify signatures. A transfer still in flight at the time of the exports shows as unmatched.
 */
public record Reconciliation(String myParty, String theirParty, List<Difference> differences, List<Entry> repeated) {
  public Reconciliation {
    Canonical.requireText(myParty, "my party");
    Canonical.requireText(theirParty, "their party");
    differences = List.copyOf(differences);
    repeated = List.copyOf(repeated);
  }

  /** No differences: both ledgers tell the same story of the transfers between the two parties. */
  public boolean agrees() {
    return differences.isEmpty();
  }

  /** Whose ledger holds the entry a difference is about. */
  public enum Side {
    MINE,
    THEIRS
  }

  public enum Problem {
    /** A {@code SENT} without a matching {@code RECEIVED} on the other side. */
    SENT_NOT_RECEIVED,
    /** A {@code RECEIVED} without a matching {@code SENT} on the other side: data left unrecorded, or was invented. */
    RECEIVED_NOT_SENT,
    /** A {@code SENT} and a {@code RECEIVED} of the same objects whose payload hashes differ. */
    PAYLOAD_DIFFERS
  }

  /**
   * One disagreement. {@code entry} is on {@code side}; {@code counterpart} is the other side's entry for {@code
   * PAYLOAD_DIFFERS} and null otherwise.
   */
  public record Difference(Problem problem, Side side, Entry entry, Entry counterpart, String message) {}

  /**
   * Compares the transfers between {@code myParty} and {@code theirParty}.
   *
   * @throws IllegalArgumentException when an entry of {@code mine} is not by {@code myParty}, or one of {@code theirs}
   *     not by {@code theirParty} (the lists were mixed up)
   */
  public static Reconciliation between(
      List<Entry> mine, List<Entry> theirs, String myParty, String theirParty) {
    requireAuthor(mine, myParty, "mine");
    requireAuthor(theirs, theirParty, "theirs");
    List<Difference> out = new ArrayList<>();
    List<Entry> repeated = new ArrayList<>();
    List<Entry> iSent = transfers(mine, EntryKind.SENT, theirParty);
    List<Entry> theyReceived = transfers(theirs, EntryKind.RECEIVED, myParty);
    List<Entry> theySent = transfers(theirs, EntryKind.SENT, myParty);
    List<Entry> iReceived = transfers(mine, EntryKind.RECEIVED, theirParty);
    match(iSent, theyReceived, Side.MINE, out, repeated);
    match(theySent, iReceived, Side.THEIRS, out, repeated);
    repeated.sort((a, b) -> a.party().equals(b.party()) ? Long.compare(a.seq(), b.seq()) : a.party().compareTo(b.party()));
    return new Reconciliation(myParty, theirParty, out, repeated);
  }

  private static void requireAuthor(List<Entry> entries, String party, String which) {
    for (Entry e : entries) {
      if (!e.party().equals(party)) {
        throw new IllegalArgumentException(which + " holds seq " + e.seq() + " of " + e.party() + ", not " + party);
      }
    }
  }

  private static List<Entry> transfers(List<Entry> entries, EntryKind kind, String counterparty) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.kind() == kind && counterparty.equals(e.counterparty())) {
        out.add(e);
      }
    }
    return out;
  }

  /** Pairs the sender's SENT with the receiver's RECEIVED; {@code senderSide} says whose ledger the SENT are in. */
  private static void match(
      List<Entry> sent, List<Entry> received, Side senderSide, List<Difference> out, List<Entry> repeated) {
    Side receiverSide = senderSide == Side.MINE ? Side.THEIRS : Side.MINE;
    Set<ObjectRef> arrived = new HashSet<>();
    received.forEach(r -> arrived.addAll(r.objects()));
    Map<List<Object>, Deque<Entry>> exact = index(received, true);
    List<Entry> sentLeft = new ArrayList<>();
    for (Entry s : sent) {
      if (take(exact, key(s, true)) == null) {
        sentLeft.add(s);
      }
    }
    List<Entry> receivedLeft = remaining(exact);
    Map<List<Object>, Deque<Entry>> byObjects = index(receivedLeft, false);
    for (Entry s : sentLeft) {
      Entry r = take(byObjects, key(s, false));
      if (r == null && !s.objects().isEmpty() && arrived.containsAll(s.objects())) {
        repeated.add(s);
      } else if (r == null) {
        out.add(
            new Difference(
                Problem.SENT_NOT_RECEIVED,
                senderSide,
                s,
                null,
                describe(s) + ": " + s.party() + " recorded sending it, " + s.counterparty()
                    + " recorded no receipt"));
      } else {
        out.add(
            new Difference(
                Problem.PAYLOAD_DIFFERS,
                senderSide,
                s,
                r,
                describe(s) + ": sent with payload hash " + s.payloadHash() + ", received (seq " + r.seq()
                    + ") with " + r.payloadHash()));
      }
    }
    for (Entry r : remaining(byObjects)) {
      out.add(
          new Difference(
              Problem.RECEIVED_NOT_SENT,
              receiverSide,
              r,
              null,
              describe(r) + ": " + r.party() + " recorded receiving it, " + r.counterparty()
                  + " recorded no sending"));
    }
  }

  private static String describe(Entry e) {
    return e.kind() + " seq " + e.seq() + " of " + e.party() + " at " + Canonical.time(e.time()) + " "
        + e.objects().stream().sorted().toList();
  }

  /** Objects as a sorted list (order within a transfer does not matter), plus the payload hash when exact. */
  private static List<Object> key(Entry e, boolean withPayload) {
    List<Object> key = new ArrayList<>(e.objects().stream().sorted().toList());
    if (withPayload) {
      key.add(e.payloadHash());
    }
    return key;
  }

  private static Map<List<Object>, Deque<Entry>> index(List<Entry> entries, boolean withPayload) {
    Map<List<Object>, Deque<Entry>> index = new HashMap<>();
    for (Entry e : entries) {
      index.computeIfAbsent(key(e, withPayload), k -> new ArrayDeque<>()).add(e);
    }
    return index;
  }

  private static Entry take(Map<List<Object>, Deque<Entry>> index, List<Object> key) {
    Deque<Entry> q = index.get(key);
    return q == null ? null : q.pollFirst();
  }

  /** What is left in an index, in seq order. */
  private static List<Entry> remaining(Map<List<Object>, Deque<Entry>> index) {
    List<Entry> left = new ArrayList<>();
    for (Iterator<Deque<Entry>> it = index.values().iterator(); it.hasNext(); ) {
      left.addAll(it.next());
    }
    left.sort((a, b) -> Long.compare(a.seq(), b.seq()));
    return left;
  }
}
