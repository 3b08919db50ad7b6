package org.accord.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.accord.cases.CaseFile;
import org.accord.cases.Cases;
import org.accord.cases.Role;
import org.accord.cases.State;
import org.accord.cases.Transition;
import org.accord.cases.evidence.CustodyEntry;
import org.accord.cases.evidence.EvidenceException;
import org.accord.cases.evidence.EvidenceFile;
import org.accord.cases.evidence.EvidencePackage;
import org.accord.cases.evidence.EvidencePackages;
import org.accord.cases.evidence.EvidenceStore;
import org.accord.cases.evidence.LedgerCustody;
import org.accord.cases.evidence.StoredFile;
import org.accord.ledger.Entry;
import org.accord.ledger.Ledger;
import org.accord.rules.Rulebook;
import org.accord.stix.StixJson;
import org.accord.taxii.server.TaxiiException;
import org.accord.taxii.server.TaxiiServer;
import org.accord.taxii.server.User;

/**
 * The evidence that answers a mutual-assistance request, over REST next to {@link CaseEndpoints}, authenticated like
 * TAXII and answering errors in the same JSON form (issue 10, section 5):
 *
 * <ul>
 *   <li>{@code POST /api/cases/{id}/evidence?name=}: one file, the raw body streamed into the {@link EvidenceStore}.
 *       {@code Content-Length} and the declared SHA-256 ({@code X-Content-SHA256: <hex>} or RFC 3230 {@code Digest:
 *       SHA-256=<base64>}) are required; the media type is the {@code Content-Type}. 201 with the request's package;
 *       200 when the package lists the same file under the same name already. 413 when the declared length is over
 *       {@code cases.evidence_max_bytes} (before a byte is read); 400 for a body shorter or longer than declared or
 *       with another hash (both hashes named). Nothing is stored half-way.
 *   <li>{@code GET /api/cases/{id}/evidence}: the request's package: its manifest and custody chain.
 *   <li>{@code GET /api/cases/{id}/evidence/export}: the package as a zip that {@code accord cases evidence verify}
 *       checks; an {@code exported} custody entry (and, for the recipient peer, {@code transferred} before it).
 *   <li>{@code GET /api/cases/{id}/evidence/{sha256}}: one file, streamed; a {@code downloaded} custody entry first.
 * </ul>
 *
 * <p>One package per request. A package's manifest is signed into its custody chain when it is made and never
 * changes, so a file added later makes a new package listing the earlier files and the new one; the request's
 * package is the one listing the most files (uploads of one node are serialised, so they form a line, and an
 * earlier package stays held with its own chain as it was).
 *
 * <p>Who. Uploads only by this node's own users, and only when this node's party is the request's requested party
 * (the answering side): a peer gets 403 before anything is looked up, as on {@link CaseEndpoints}. Reading and
 * downloading: this node's own users (the node's party is on the request), and the peer of the package's recipient
 * (the requesting party), authenticated as for TAXII; any other caller gets 404 exactly as for an unknown request.
 * Every download and export is a custody entry and thus an {@code EVIDENCE_ACCESSED} ledger entry, written ahead of
 * the bytes ({@link EvidencePackages}); the recipient peer's export is also a {@code SENT} entry, which its node's
 * {@code RECEIVED} ({@link EvidenceDelivery}) pairs in reconciliation. On the requesting node the same routes serve
 * its own users the packages {@link EvidenceDelivery} brought home.
 */
final class EvidenceEndpoints {
  static final String PATH = CaseEndpoints.PATH + "{id}/evidence";
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final String OCTETS = "application/octet-stream";

  private final Cases cases;
  private final EvidenceStore store;
  private final EvidencePackages packages;
  private final String party;
  private final Path spool;
  private final Supplier<Optional<Rulebook>> rulebook;
  private final Ledger ledger;
  private final java.util.function.Function<String, EvidenceDelivery.Result> fetcher;
  /** Serialises finding a request's package and making its successor, so uploads form a line. */
  private final Object uploads = new Object();

  EvidenceEndpoints(Cases cases, EvidenceStore store, EvidencePackages packages, String party, Path spool,
      Supplier<Optional<Rulebook>> rulebook, Ledger ledger,
      java.util.function.Function<String, EvidenceDelivery.Result> fetcher) {
    this.cases = Objects.requireNonNull(cases, "cases");
    this.store = Objects.requireNonNull(store, "store");
    this.packages = Objects.requireNonNull(packages, "packages");
    this.party = Objects.requireNonNull(party, "party");
    this.spool = Objects.requireNonNull(spool, "spool");
    this.rulebook = Objects.requireNonNull(rulebook, "rulebook");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
  }

  void install(JavalinConfig config) {
    config.router.mount(
        router -> {
          router.post(PATH, TaxiiServer.readingBody(this::upload));
          router.post(PATH + "/fetch", TaxiiServer.readingBody(this::fetch));
          // HEAD runs the same checks and answers the same status and headers, but no bytes leave, so it makes no
          // custody entry (Javalin's own HEAD would answer 200 to anyone for anything).
          TaxiiServer.get(router, PATH, this::show);
          TaxiiServer.get(router, PATH + "/export", this::export); // before {sha256}: the first route that matches
          TaxiiServer.get(router, PATH + "/{sha256}", this::download);
        });
  }

  private void upload(Context ctx) throws IOException {
    User user = TaxiiServer.user(ctx);
    if (user.party() != null) {
      throw TaxiiException.forbidden(
          "evidence is uploaded by this node's own users; party " + user.party() + " may not");
    }
    CaseFile file = visible(ctx.pathParam("id"), user);
    if (file.request().roleOf(party) != Role.REQUESTED) {
      throw TaxiiException.forbidden(
          "only the requested party (" + file.request().requested() + ") answers request " + file.request().id()
              + " with evidence; this node's party " + party + " is its requester");
    }
    org.accord.cases.State state = file.state().state();
    if (state == org.accord.cases.State.DRAFT || state == org.accord.cases.State.SENT
        || state == org.accord.cases.State.DECLINED || state == org.accord.cases.State.CLOSED) {
      throw TaxiiException.conflict("request " + file.request().id() + " is " + state.wire()
          + ": evidence is added from its receipt on, never before it or once it is declined or closed");
    }
    long length = ctx.req().getContentLengthLong();
    if (length < 0) {
      throw TaxiiException.badRequest("Content-Length is required: the evidence file's exact length");
    }
    if (length > store.maxBytes()) {
      throw TaxiiException.tooLarge(
          "the evidence file's declared length " + length + " bytes is over cases.evidence_max_bytes of "
              + store.maxBytes() + " bytes",
          Map.of("evidence_max_bytes", store.maxBytes()));
    }
    String declared = declaredSha256(ctx);
    EvidenceFile listed = listed(ctx, length, declared); // the name and media type checked before reading
    CountingStream body = new CountingStream(ctx.req().getInputStream());
    StoredFile stored;
    try {
      stored = store.put(body, OptionalLong.of(length), Optional.of(declared));
    } catch (EvidenceException e) {
      throw TaxiiException.badRequest(e.getMessage()); // shorter, longer, another hash: each says which
    } catch (IOException e) {
      // The connection ended (or broke) before the declared length: the store kept nothing.
      throw TaxiiException.badRequest(
          "refused: truncated upload, the body ended after " + body.count + " of the declared " + length
              + " bytes; nothing was stored");
    }
    String actor = user.name();
    synchronized (uploads) {
      Optional<EvidencePackage> current = current(file.request().id());
      if (current.isPresent() && current.get().manifest().files().contains(listed)) {
        ctx.status(200).contentType("application/json").result(view(current.get()).toString());
        return;
      }
      List<EvidenceFile> files = new ArrayList<>();
      current.ifPresent(p -> files.addAll(p.manifest().files()));
      files.add(new EvidenceFile(listed.name(), listed.mediaType(), stored.size(), stored.sha256()));
      EvidencePackage made;
      try {
        made = packages.create(file.request().id(), file.request().requester(), files, actor);
      } catch (EvidenceException e) {
        throw TaxiiException.conflict(e.getMessage());
      }
      ctx.status(201).contentType("application/json").result(view(made).toString());
    }
  }

  /**
   * Fetches now, for this node's own users, the evidence answering a request of this node's party from the
   * answering party's node (what {@link EvidenceDelivery} does by itself on each answer): for evidence added after
   * the answer, or to retry at once. 200 with the package; 404 when the answering node holds none; 502 when its
   * package is refused (not intact, too large); 503 when it cannot be reached now (retried later by itself).
   */
  private void fetch(Context ctx) throws IOException {
    User user = TaxiiServer.user(ctx);
    if (user.party() != null) {
      throw TaxiiException.forbidden("evidence is fetched by this node's own users; party " + user.party()
          + " may not");
    }
    CaseFile file = visible(ctx.pathParam("id"), user);
    String id = file.request().id();
    if (file.request().roleOf(party) != Role.REQUESTER) {
      throw TaxiiException.conflict("this node's party " + party + " answers request " + id
          + ": its evidence is held here (GET " + CaseEndpoints.PATH + id + "/evidence), not fetched");
    }
    if (file.steps().stream().noneMatch(
        s -> s.transition() == Transition.ANSWER_PARTIAL || s.transition() == Transition.ANSWER_FULL)) {
      throw TaxiiException.conflict("request " + id + " is " + file.state().state().wire()
          + ": evidence comes with an answer, and " + file.request().requested() + " has not answered yet");
    }
    EvidenceDelivery.Result r = fetcher.apply(id);
    switch (r.outcome()) {
      case KEPT -> ctx.status(200).contentType("application/json")
          .result(view(current(id).orElseThrow(() -> TaxiiException.notFound(r.detail()))).toString());
      case NONE -> throw TaxiiException.notFound(r.detail());
      case REFUSED -> throw TaxiiException.badGateway(r.detail());
      default -> throw TaxiiException.unavailable(r.detail() + "; the node tries again by itself");
    }
  }

  private void show(Context ctx) throws IOException {
    User user = TaxiiServer.user(ctx);
    CaseFile file = visible(ctx.pathParam("id"), user);
    EvidencePackage p = readable(file, user);
    ctx.status(200).contentType("application/json").result(view(p).toString());
  }

  private void download(Context ctx) throws IOException {
    User user = TaxiiServer.user(ctx);
    if (ctx.pathParam("sha256").equals("fetch")) { // the POST-only route, matched here by GET and HEAD
      throw TaxiiException.methodNotAllowed(ctx.method() + " is not allowed on " + ctx.path());
    }
    CaseFile file = visible(ctx.pathParam("id"), user);
    String sha256 = ctx.pathParam("sha256");
    if (!SHA256.matcher(sha256).matches()) {
      throw TaxiiException.notFound("no evidence file " + sha256 + " on request " + file.request().id());
    }
    EvidencePackage p = readable(file, user);
    Optional<EvidenceFile> listed = p.manifest().files().stream().filter(f -> f.sha256().equals(sha256)).findFirst();
    if (listed.isEmpty()) {
      throw TaxiiException.notFound("no evidence file " + sha256 + " on request " + file.request().id());
    }
    if (ctx.method() == io.javalin.http.HandlerType.HEAD) {
      fileHeaders(ctx, listed.get(), p);
      return;
    }
    InputStream in;
    try {
      in = packages.download(p.id(), sha256, user.name(), user.party());
    } catch (EvidenceException e) {
      throw TaxiiException.notFound(e.getMessage()); // listed, but the store no longer holds it
    }
    fileHeaders(ctx, listed.get(), p);
    ctx.result(in); // streamed; Javalin closes it
  }

  /**
   * A file's headers, for GET and HEAD alike. The media type is the uploader's word, so the file is always an
   * attachment and never sniffed: an uploaded text/html must not run in a browser on the node's origin.
   */
  private static void fileHeaders(Context ctx, EvidenceFile file, EvidencePackage p) {
    ctx.status(200)
        .contentType(file.mediaType())
        .header("Content-Length", Long.toString(file.size()))
        .header("Content-Disposition", "attachment; filename=\"" + file.sha256() + "\"")
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Content-SHA256", file.sha256())
        .header("X-Evidence-Package", p.id());
  }

  private void export(Context ctx) throws IOException {
    User user = TaxiiServer.user(ctx);
    CaseFile file = visible(ctx.pathParam("id"), user);
    EvidencePackage p = readable(file, user);
    if (ctx.method() == io.javalin.http.HandlerType.HEAD) {
      ctx.status(200).contentType("application/zip")
          .header("Content-Disposition", "attachment; filename=\"" + p.id() + ".zip\"");
      return;
    }
    if (user.party() != null) {
      // The package leaves this node for its recipient: a SENT entry under the agreement that binds the two (the
      // recipient's node records its RECEIVED once it has kept the package, EvidenceDelivery), the transfer in the
      // chain, then the export; all written ahead of the bytes.
      String agreement = rulebook.get().flatMap(b -> b.agreementBinding(party, user.party())).orElseThrow(
          () -> TaxiiException.notFound("no request " + file.request().id())).id(); // visible() checked it
      ledger.append(Entry.Draft.sent(
          user.party(), List.of(EvidenceDelivery.ref(p)), agreement, p.manifest().digest()));
      packages.transferred(p.id(), user.party(), user.name());
    }
    Files.createDirectories(spool);
    Path zip = spool.resolve("evidence-" + UUID.randomUUID() + ".zip");
    try {
      packages.export(p.id(), zip, user.name());
      ctx.status(200)
          .contentType("application/zip")
          .header("Content-Length", Long.toString(Files.size(zip)))
          .header("Content-Disposition", "attachment; filename=\"" + p.id() + ".zip\"");
      try (InputStream in = Files.newInputStream(zip)) {
        in.transferTo(ctx.res().getOutputStream()); // streamed before the spool copy is deleted
      }
    } finally {
      Files.deleteIfExists(zip);
    }
  }

  /**
   * The request as {@code user} may see it: for own users when this node's party is on it; for a peer when it is the
   * request's requester (the recipient of its evidence), an agreement of the rulebook in force still binds the two
   * parties (as for the case objects themselves, Egress {@code case-counterparty}), and the request was not declined
   * or withdrawn (evidence goes with an answer, or on the way to one). Anything else answers 404, the same as an
   * unknown id.
   */
  private CaseFile visible(String id, User user) {
    Optional<CaseFile> f = cases.find(id).filter(c -> c.request().roleOf(party) != null);
    if (user.party() != null) {
      f = f.filter(c -> c.request().roleOf(party) == Role.REQUESTED && c.request().requester().equals(user.party()))
          .filter(c -> rulebook.get().flatMap(b -> b.agreementBinding(party, user.party())).isPresent())
          .filter(EvidenceEndpoints::stillAnswering);
    }
    return f.orElseThrow(() -> TaxiiException.notFound("no request " + id));
  }

  /** Not declined, and not closed without an answer (withdrawn). */
  private static boolean stillAnswering(CaseFile c) {
    State s = c.state().state();
    if (s == State.DECLINED) {
      return false;
    }
    return s != State.CLOSED || c.steps().stream().anyMatch(
        step -> step.transition() == Transition.ANSWER_PARTIAL || step.transition() == Transition.ANSWER_FULL);
  }

  /** The request's package, which a peer reads only when it is its recipient; 404 when there is none. */
  private EvidencePackage readable(CaseFile file, User user) throws IOException {
    Optional<EvidencePackage> p = current(file.request().id());
    if (user.party() != null) {
      p = p.filter(q -> q.manifest().recipient().equals(user.party()));
    }
    return p.orElseThrow(() -> TaxiiException.notFound("no evidence on request " + file.request().id()));
  }

  /** The request's package: the one listing the most files (each upload's package lists the earlier files). */
  private Optional<EvidencePackage> current(String requestId) throws IOException {
    EvidencePackage best = null;
    for (String id : packages.forRequest(requestId)) {
      Optional<EvidencePackage> p = packages.find(id);
      if (p.isPresent() && (best == null || p.get().manifest().files().size() > best.manifest().files().size())) {
        best = p.get();
      }
    }
    return Optional.ofNullable(best);
  }

  /** The declared SHA-256, from {@code X-Content-SHA256} (hex) or {@code Digest: SHA-256=<base64>} (RFC 3230). */
  private static String declaredSha256(Context ctx) {
    String hex = ctx.header("X-Content-SHA256");
    if (hex != null) {
      String h = hex.trim().toLowerCase(Locale.ROOT);
      if (!SHA256.matcher(h).matches()) {
        throw TaxiiException.badRequest("X-Content-SHA256: 64 hex digits, not '" + abbreviate(hex) + "'");
      }
      return h;
    }
    String digest = ctx.header("Digest");
    if (digest != null) {
      for (String part : digest.split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase("SHA-256")) {
          try {
            byte[] b = Base64.getDecoder().decode(part.substring(eq + 1).trim());
            if (b.length == 32) {
              return HexFormat.of().formatHex(b);
            }
          } catch (IllegalArgumentException e) {
            // said below
          }
          throw TaxiiException.badRequest("Digest: SHA-256=<base64 of 32 bytes>, not '" + abbreviate(part) + "'");
        }
      }
    }
    throw TaxiiException.badRequest(
        "the file's SHA-256 is required: X-Content-SHA256: <64 hex digits> or Digest: SHA-256=<base64>");
  }

  private static EvidenceFile listed(Context ctx, long length, String sha256) {
    String type = ctx.header("Content-Type");
    String media = type == null ? OCTETS : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    String name = ctx.queryParam("name");
    try {
      return new EvidenceFile(name == null ? sha256 : name, media.isEmpty() ? OCTETS : media, length, sha256);
    } catch (EvidenceException e) {
      throw TaxiiException.badRequest(e.getMessage());
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  private static ObjectNode view(EvidencePackage p) {
    ObjectNode out = StixJson.mapper().createObjectNode();
    try {
      out.set("manifest", StixJson.mapper().readTree(p.manifest().bytes()));
      ArrayNode custody = out.putArray("custody");
      for (CustodyEntry e : p.custody()) {
        custody.add(StixJson.mapper().readTree(e.toJson()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // our own canonical JSON
    }
    return out;
  }

  /** Counts the bytes read, to say how much of a truncated body arrived. */
  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
