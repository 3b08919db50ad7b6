package org.accord.taxii.client;

import org.accord.taxii.TransferListener;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.accord.store.FederationState;
import org.accord.store.ManifestEntry;
import org.accord.store.ObjectQuery;
import org.accord.store.ObjectStore;
import org.accord.store.Page;
import org.accord.store.StoredObject;
import org.accord.store.VersionMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the new versions of a local collection to a peer's collection, resuming where the last push stopped.
 *
 * <p>Design. The position is the local {@code date_added} of the last version the peer confirmed, kept in {@link
 * FederationState}. A push reads the local collection in {@code date_added} order after that position (every version,
 * every spec_version), asks the {@link PushFilter} about each version, packs the released ones into envelopes no
 * larger than the peer's {@code max_content_length} (TAXII 2.1 §4.2.1), reports each to the {@link
 * TransferListener} (the ledger's SENT, recorded before the bytes leave), posts it (§5.5) and polls its status
 * (§4.3) until it is complete. Only then does the position move, past the envelope's versions and any withheld
 * before them. A crash or a status that stays pending leaves the position where it was, and the next push posts the
 * envelope again: the peer's add is idempotent, so nothing is stored twice.
 *
 * <p>Cost. The local store is read before the peer is asked anything, and the peer's API root only once a version
 * is released to it: a push with nothing new for this peer is one indexed local query and no request (issue 12: a
 * node with hundreds of peers must not pay a request per peer and interval for nothing).
 *
 * <p>Versions the peer's complete status lists as failures (for instance, invalid there) are reported to the
 * {@link TransferListener} and passed: posting them again would fail again, and holding the position would stop
 * every later version. A version larger than the peer's limit on its own is reported and passed the same way.
 */
public final class Pusher {
  private static final Logger LOG = LoggerFactory.getLogger(Pusher.class);
  /** Both STIX spec versions: the store's default would send only each object's newest one. */
  private static final Set<String> ALL_SPEC_VERSIONS = Set.of("2.0", "2.1");
  private static final byte[] HEAD = "{\"objects\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TAIL = "]}".getBytes(StandardCharsets.US_ASCII);

  private final ObjectStore store;
  private final FederationState state;
  private final PushFilter filter;
  private final TransferListener listener;
  private final int pageSize;

  /**
   * @param store the local store
   * @param state where push positions are kept
   * @param filter decides what may go to which peer (the egress gate's seam)
   * @param listener told of every envelope before it is posted (the ledger's SENT) and every version refused
   * @param pageSize versions read from the local store at a time (and so at most per envelope)
   */
  public Pusher(ObjectStore store, FederationState state, PushFilter filter, TransferListener listener, int pageSize) {
    this.store = Objects.requireNonNull(store, "store");
    this.state = Objects.requireNonNull(state, "state");
    this.filter = Objects.requireNonNull(filter, "filter");
    this.listener = Objects.requireNonNull(listener, "listener");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
    }
    this.pageSize = pageSize;
  }

  /**
   * What one push did.
   *
   * @param complete false when a status did not complete in time: the push stopped there and will post it again
   */
  public record PushResult(
      String party, String localCollection, int envelopes, long sent, long withheld, long refused, boolean complete,
      Optional<Instant> position) {}

  /** Pushes {@code link.local()} to {@code link.remote()} of {@code party} at {@code apiRoot}. */
  public PushResult push(TaxiiClient client, String party, URI apiRoot, Peer.CollectionLink link) {
    return push(client, party, apiRoot, link, () -> false);
  }

  /**
   * As {@link #push(TaxiiClient, String, URI, Peer.CollectionLink)}, but stops after a page once {@code overtime}
   * says so (the run's budget is spent): the position is saved, and the next push goes on from there.
   *
   * <p>Nothing new for this peer costs no request: the local store is read first, and the peer's API root (its
   * {@code max_content_length}) is asked only when a version is released to it.
   */
  public PushResult push(
      TaxiiClient client, String party, URI apiRoot, Peer.CollectionLink link, BooleanSupplier overtime) {
    FederationState.PushKey key =
        new FederationState.PushKey(party, link.local(), apiRoot.toString(), link.remote());
    Run run = new Run(client, party, apiRoot, link, key, state.pushPosition(key));
    boolean complete = true;
    boolean stopped = false;
    Page<StoredObject> page;
    do {
      ObjectQuery query =
          new ObjectQuery(run.position, pageSize, Optional.empty(), Set.of(), Set.of(), VersionMatch.ALL,
              ALL_SPEC_VERSIONS);
      page = store.objects(link.local(), query);
      if (page.items().isEmpty()) {
        break;
      }
      complete = run.page(page.items());
      if (complete && page.more() && overtime.getAsBoolean()) {
        stopped = true;
        break;
      }
    } while (complete && page.more());
    if (run.envelopes > 0 || run.withheld > 0 || run.refused > 0 || !complete || stopped || LOG.isDebugEnabled()) {
      LOG.info("pushed {} to {} {} {}: {} envelopes, {} versions sent, {} withheld, {} refused{}", link.local(),
          party, apiRoot, link.remote(), run.envelopes, run.sent, run.withheld, run.refused,
          !complete ? "; a status did not complete, will post again"
              : stopped ? "; stopped at the run's budget, goes on at the next run" : "");
    }
    return new PushResult(
        party, link.local(), run.envelopes, run.sent, run.withheld, run.refused, complete, run.position);
  }

  /** The state of one push. */
  private final class Run {
    private final TaxiiClient client;
    private final String party;
    private final URI apiRoot;
    private final Peer.CollectionLink link;
    private final FederationState.PushKey key;
    private Optional<Instant> position;
    /** The peer's max_content_length, asked once the first version is released (none: no request at all). */
    private long limit = -1;
    private int envelopes;
    private long sent;
    private long withheld;
    private long refused;

    Run(TaxiiClient client, String party, URI apiRoot, Peer.CollectionLink link, FederationState.PushKey key,
        Optional<Instant> position) {
      this.client = client;
      this.party = party;
      this.apiRoot = apiRoot;
      this.link = link;
      this.key = key;
      this.position = position;
    }

    /** Sends one page of local versions in envelopes under the peer's limit; false if a status stayed pending. */
    boolean page(List<StoredObject> items) {
      Envelope envelope = new Envelope();
      Instant through = null; // the last version looked at: packed, withheld or refused
      for (StoredObject stored : items) {
        Optional<StoredObject> released = filter.release(party, link.local(), stored);
        if (released.isEmpty()) {
          withheld++;
        } else {
          byte[] json = released.get().jsonUtf8();
          long max = limit();
          if (Envelope.size(json) > max) {
            refuse(stored.entry(), "larger than the peer's max_content_length of " + max + " bytes");
          } else {
            if (!envelope.fits(json, max)) {
              if (!send(envelope)) {
                return false;
              }
              envelope = new Envelope();
            }
            envelope.add(json, released.get());
          }
        }
        through = stored.entry().dateAdded();
      }
      if (!envelope.isEmpty() && !send(envelope)) {
        return false;
      }
      advance(through); // past versions withheld or refused after the last envelope
      return true;
    }

    /**
     * Reports the envelope (the ledger's SENT: the decision that lets data out is recorded before the bytes leave),
     * posts it, waits for the status, then moves the position; false (position unchanged) if it stays pending.
     */
    private boolean send(Envelope envelope) {
      byte[] body = envelope.bytes();
      listener.transferred(
          new TransferListener.Transfer(
              TransferListener.Direction.SENT, party, link.local(), apiRoot, link.remote(), envelope.refs,
              TransferListener.sha256Hex(body), envelope.clauses));
      Resources.Status status = client.awaitStatus(apiRoot, client.addObjects(apiRoot, link.remote(), body));
      if (!status.complete()) {
        return false;
      }
      envelopes++;
      for (Resources.StatusDetail failure : status.failures()) {
        refused++;
        listener.rejected(
            new TransferListener.Rejection(
                TransferListener.Direction.SENT, party, link.local(),
                new TransferListener.VersionRef(failure.id(), failure.version()),
                failure.message().orElse("refused by the peer")));
      }
      sent += status.successCount();
      advance(envelope.last); // covers versions withheld or refused before it, too
      return true;
    }

    /** TAXII 2.1 §4.2.1 max_content_length, asked once per push. */
    private long limit() {
      if (limit < 0) {
        limit = client.apiRoot(apiRoot).maxContentLength();
      }
      return limit;
    }

    private void refuse(ManifestEntry entry, String reason) {
      refused++;
      listener.rejected(
          new TransferListener.Rejection(
              TransferListener.Direction.SENT, party, link.local(),
              new TransferListener.VersionRef(entry.id(), entry.version().toString()), reason));
    }

    private void advance(Instant through) {
      if (through != null && (position.isEmpty() || through.isAfter(position.get()))) {
        state.savePushPosition(key, through);
        position = Optional.of(through);
      }
    }
  }

  /** An envelope (TAXII 2.1 §3.7) being packed from stored JSON bytes, spliced without re-serialising. */
  private static final class Envelope {
    private final List<byte[]> objects = new ArrayList<>();
    private final List<String> clauses = new ArrayList<>();
    private final List<TransferListener.VersionRef> refs = new ArrayList<>();
    private long bytes = HEAD.length + TAIL.length;
    /** date_added of the last version packed. */
    private Instant last;

    static long size(byte[] json) {
      return HEAD.length + TAIL.length + (long) json.length;
    }

    boolean isEmpty() {
      return objects.isEmpty();
    }

    boolean fits(byte[] json, long limit) {
      return objects.isEmpty() || bytes + 1 + json.length <= limit;
    }

    void add(byte[] json, StoredObject released) {
      bytes += json.length + (objects.isEmpty() ? 0 : 1);
      objects.add(json);
      last = released.entry().dateAdded();
      released.clause().ifPresent(clauses::add);
      refs.add(TransferListener.VersionRef.of(released.object().jsonView()));
    }

    byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(bytes, Integer.MAX_VALUE));
      out.writeBytes(HEAD);
      for (int i = 0; i < objects.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.writeBytes(objects.get(i));
      }
      out.writeBytes(TAIL);
      return out.toByteArray();
    }
  }


}
