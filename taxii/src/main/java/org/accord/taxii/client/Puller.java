package org.accord.taxii.client;

import org.accord.taxii.TransferListener;
import org.accord.taxii.WireChain;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.accord.stix.StixObject;
import java.util.stream.Collectors;
import org.accord.stix.Violation;
import org.accord.store.AddResult;
import org.accord.store.Admission;
import org.accord.store.Origin;
import org.accord.store.FederationState;
import org.accord.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one collection of a peer into a local collection, resuming where the last pull stopped.
 *
 * <p>Design. The cursor is the {@code X-TAXII-Date-Added-Last} of the last page stored (TAXII 2.1 §3.2), kept in
 * {@link FederationState}; a pull asks for every version ({@code match[version]=all}, §3.4.1) added after it and
 * follows {@code next} to the end (§3.5). Each page is, in this order: checked ({@link InboundCheck}, which also
 * gives each admitted object its origin), reported ({@link TransferListener}: every object of the page, stored or
 * refused, since the ledger records what crossed the wire; reported first, so that nothing is ever stored without
 * its RECEIVED record, issue 8 finding 7d), stored in one {@link ObjectStore#add} transaction, and only then the
 * cursor saved. A crash
 * between the store and the cursor re-pulls that one page next time, and the store's add is idempotent (a version
 * already held is a duplicate, nothing changes): nothing is lost, nothing stored twice. {@code date_added} is
 * strictly increasing per collection on an Accord peer, so {@code added_after} never skips a version.
 *
 * <p>A pull of a peer that has nothing new is one request (an empty first page). A pull touches only its own
 * cursor (party, API root, collection).
 *
 * <p>A page without objects but with {@code more} (the peer withheld a whole page) carries no date header: the
 * cursor stays and {@code next} moves on. A request that fails after the client's retries ends the pull with the
 * exception; the cursor then points at the last page stored.
 */
public final class Puller {
  private static final Logger LOG = LoggerFactory.getLogger(Puller.class);

  private final ObjectStore store;
  private final FederationState state;
  private final InboundCheck check;
  private final TransferListener listener;
  private final int pageSize;

  /**
   * @param store the local store
   * @param state where cursors are kept
   * @param check what a pulled object must pass to be stored
   * @param listener told of every stored page (the ledger's RECEIVED)
   * @param pageSize {@code limit} of each request (the peer may cap it)
   */
  public Puller(
      ObjectStore store, FederationState state, InboundCheck check, TransferListener listener, int pageSize) {
    this.store = Objects.requireNonNull(store, "store");
    this.state = Objects.requireNonNull(state, "state");
    this.check = Objects.requireNonNull(check, "check");
    this.listener = Objects.requireNonNull(listener, "listener");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
    }
    this.pageSize = pageSize;
  }

  /** What one pull did. */
  public record PullResult(
      String party, String remoteCollection, int pages, long received, long added, long duplicates, long conflicts,
      long rejected, Optional<Instant> cursor) {}

  /** Pulls {@code link.remote()} of {@code party} at {@code apiRoot} into {@code link.local()}, to the end. */
  public PullResult pull(TaxiiClient client, String party, URI apiRoot, Peer.CollectionLink link) {
    return pull(client, party, apiRoot, link, () -> false);
  }

  /**
   * As {@link #pull(TaxiiClient, String, URI, Peer.CollectionLink)}, but stops after a page once {@code overtime}
   * says so (the run's budget is spent): the cursor is saved, and the next pull goes on from there.
   */
  public PullResult pull(
      TaxiiClient client, String party, URI apiRoot, Peer.CollectionLink link, BooleanSupplier overtime) {
    FederationState.PullKey key = new FederationState.PullKey(party, apiRoot.toString(), link.remote());
    Run run = new Run(party, apiRoot, link, key, state.pullCursor(key));
    // One request when the peer has nothing new: the first page comes back empty with more=false.
    ObjectFilter filter = ObjectFilter.everyVersionAfter(run.cursor, pageSize);
    int pages = 0;
    boolean stopped = false;
    while (true) {
      Resources.Envelope envelope = client.objects(apiRoot, link.remote(), filter);
      pages++;
      run.page(envelope);
      if (!envelope.more() || envelope.next().isEmpty()) {
        break;
      }
      if (overtime.getAsBoolean()) {
        stopped = true;
        break;
      }
      filter = filter.withNext(envelope.next().get()); // §3.5
    }
    if (run.received > 0 || stopped || LOG.isDebugEnabled()) { // an idle pull, every interval, is not news
      LOG.info("pulled {} from {} {}: {} pages, {} versions ({} new, {} duplicates, {} conflicts, {} rejected){}",
          link.remote(), party, apiRoot, pages, run.received, run.added, run.duplicates, run.conflicts, run.rejected,
          stopped ? "; stopped at the run's budget, goes on at the next run" : "");
    }
    return new PullResult(
        party, link.remote(), pages, run.received, run.added, run.duplicates, run.conflicts, run.rejected,
        run.cursor);
  }

  /** The state of one pull. */
  private final class Run {
    private final String party;
    private final URI apiRoot;
    private final Peer.CollectionLink link;
    private final FederationState.PullKey key;
    private Optional<Instant> cursor;
    private long received;
    private long added;
    private long duplicates;
    private long conflicts;
    private long rejected;

    Run(String party, URI apiRoot, Peer.CollectionLink link, FederationState.PullKey key, Optional<Instant> cursor) {
      this.party = party;
      this.apiRoot = apiRoot;
      this.link = link;
      this.key = key;
      this.cursor = cursor;
    }

    void page(Resources.Envelope page) {
      List<StixObject> accepted = new ArrayList<>(page.objects().size());
      List<Origin> origins = new ArrayList<>(page.objects().size());
      List<TransferListener.VersionRef> refs = new ArrayList<>(page.objects().size());
      for (ObjectNode object : page.objects()) {
        received++;
        refs.add(ref(object)); // the ledger records what crossed the wire, stored or not
        Admission admission = admit(object);
        if (admission.admitted()) {
          accepted.add(StixObject.adopt(object));
          origins.add(admission.origin());
        } else {
          rejected++;
          String reasons =
              admission.violations().stream().map(Violation::toString).collect(Collectors.joining("; "));
          listener.rejected(
              new TransferListener.Rejection(
                  TransferListener.Direction.RECEIVED, party, link.local(), ref(object), reasons));
        }
      }
      // Write-ahead: the RECEIVED is on disk before the page commits, so a crash between the two leaves a record of
      // a page not stored (pulled again, recorded once more at most), never a stored page without its record.
      if (!refs.isEmpty()) {
        listener.transferred(
            new TransferListener.Transfer(
                TransferListener.Direction.RECEIVED, party, link.local(), apiRoot, link.remote(),
                refs, page.sha256()));
      }
      if (!accepted.isEmpty()) {
        AddResult result = store.add(link.local(), accepted, origins);
        added += result.added();
        duplicates += result.duplicates();
        conflicts += result.conflicts();
        for (int i = 0; i < result.outcomes().size(); i++) {
          AddResult.Outcome o = result.outcomes().get(i);
          if (o.status() == AddResult.Status.REFUSED) { // another originator's object (the store's rule)
            rejected++;
            listener.rejected(
                new TransferListener.Rejection(
                    TransferListener.Direction.RECEIVED, party, link.local(), ref(accepted.get(i).jsonView()),
                    o.reason()));
          } else if (o.status() == AddResult.Status.CONFLICT) { // kept the first; the operator should know
            LOG.warn("pulled {} from {}: {}", o.id(), party, o.reason());
          }
        }
      }
      // Only now, with the page stored, may the cursor move (a crash before this line re-pulls this page).
      Optional<Instant> last = page.dateAddedLast();
      if (last.isPresent() && (cursor.isEmpty() || last.get().isAfter(cursor.get()))) {
        state.savePullCursor(key, last.get());
        cursor = last;
      }
    }

    private Admission admit(ObjectNode object) {
      if (!object.path("id").isTextual() || !object.path("type").isTextual()) {
        return Admission.refused(
            List.of(new Violation("$", "not-an-object", "not a STIX object: it needs string 'type' and 'id'")));
      }
      // The chain comes out before anything looks at the object: what is checked and stored is the originator's.
      WireChain.Claim claim = WireChain.take(object, party);
      if (claim.malformed()) {
        return Admission.refused(
            List.of(new Violation("$." + WireChain.PROPERTY, "provenance-chain", claim.problem())));
      }
      return check.admit(party, link.local(), object, claim.hops());
    }
  }

  static TransferListener.VersionRef ref(ObjectNode object) {
    return TransferListener.VersionRef.of(object);
  }
}
