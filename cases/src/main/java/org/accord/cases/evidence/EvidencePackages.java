package org.accord.cases.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.accord.ledger.Ed25519;

/**
 * The evidence packages of one node, and every access to them as a signed chain of custody.
 *
 * <p>Design note. A package is a directory {@code <root>/packages/<id>/} holding {@code manifest.json} and {@code
 * custody.jsonl} (the layout of {@link PackageFiles}); its files are in the {@link EvidenceStore} by hash, shared
 * between packages. The package is created whole: manifest and its first entries (collected, stored) are written in a
 * temporary directory and renamed into place, so a crash leaves no package without its chain. Each later action
 * ({@link #transferred}, {@link #download}, {@link #export}) makes the next custody entry — linked to the previous
 * entry's hash, signed with the node's Ed25519 key — hands it to the {@link CustodyLedger} first (written ahead: if
 * the ledger fails, nothing happens), then appends it to {@code custody.jsonl} and forces it to disk. The manifest
 * carries the node's public key, and {@link PackageVerifier} checks an export with it or with a pinned one.
 *
 * <p>What the package is for limits where it goes: only to its {@code recipient}, the requesting party of the
 * request it answers ({@link #transferred} refuses anyone else). Time comes from the injected {@link Clock}, to the
 * millisecond; a clock that goes back is held at the last entry's time, so a chain's times never decrease.
 * Thread-safe: one node's actions on packages are serialised. Between processes (the node and a command-line
 * export), each append re-reads the chain's end under an exclusive lock of {@code custody.jsonl}; within one JVM keep
 * one instance per data directory (file locks are held by the JVM, so two instances there would not wait for each
 * other but fail with {@code OverlappingFileLockException}).
 */
public final class EvidencePackages {
  private final EvidenceStore store;
  private final Path packages;
  private final String party;
  private final KeyPair keys;
  private final Clock clock;
  private final CustodyLedger ledger;

  private EvidencePackages(
      EvidenceStore store, String party, KeyPair keys, Clock clock, CustodyLedger ledger) {
    this.store = store;
    this.packages = store.root().resolve("packages");
    this.party = party;
    this.keys = keys;
    this.clock = clock;
    this.ledger = ledger;
  }

  /**
   * Opens the packages held beside {@code store} ({@code <root>/packages}), deleting what a crashed creation left.
   *
   * @param party this node's party, which signs the custody entries
   * @param keys this node's Ed25519 key pair
   */
  public static EvidencePackages open(
      EvidenceStore store, String party, KeyPair keys, Clock clock, CustodyLedger ledger) {
    EvidencePackages p =
        new EvidencePackages(
            Objects.requireNonNull(store, "store"), Objects.requireNonNull(party, "party"),
            Objects.requireNonNull(keys, "keys"), Objects.requireNonNull(clock, "clock"),
            Objects.requireNonNull(ledger, "ledger"));
    try {
      OwnerOnly.directory(p.packages);
      try (DirectoryStream<Path> temps = Files.newDirectoryStream(p.packages, EvidenceStore.TEMP_PREFIX + "*")) {
        for (Path t : temps) {
          deleteTree(t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the evidence packages at " + p.packages + ": " + e.getMessage(), e);
    }
    return p;
  }

  /**
   * Makes a package of files already in the store, answering {@code requestId} for {@code recipient}; its chain
   * begins with {@code collected} by {@code actor} and {@code stored} by this node.
   *
   * @throws EvidenceException when a file is not in the store, or not with the size the list gives
   */
  public synchronized EvidencePackage create(
      String requestId, String recipient, List<EvidenceFile> files, String actor) throws IOException {
    for (EvidenceFile f : files) {
      StoredFile held =
          store.find(f.sha256()).orElseThrow(() -> new EvidenceException(
              "file " + f.name() + ": no evidence file with sha256 " + f.sha256() + " is stored; upload it first"));
      if (held.size() != f.size()) {
        throw new EvidenceException(
            "file " + f.name() + ": the stored file with sha256 " + f.sha256() + " has " + held.size()
                + " bytes, not " + f.size());
      }
    }
    Instant now = now(null);
    Manifest manifest =
        new Manifest(
            Manifest.TYPE + "--" + UUID.randomUUID(), requestId, party, recipient, now, files,
            Map.of(party, Ed25519.encodePublic(keys.getPublic())));
    CustodyEntry collected = entry(manifest.id(), 1, now, actor, CustodyAction.COLLECTED, null, null,
        manifest.digest());
    CustodyEntry stored = entry(manifest.id(), 2, now, party, CustodyAction.STORED, null, null, collected.hash());
    ledger.record(collected);
    ledger.record(stored);
    return install(manifest, List.of(collected, stored));
  }

  /**
   * Writes a new package whole: manifest and chain in a temporary directory, renamed into place, so a crash leaves no
   * package without its chain.
   */
  private EvidencePackage install(Manifest manifest, List<CustodyEntry> chain) throws IOException {
    Path temp = packages.resolve(EvidenceStore.TEMP_PREFIX + UUID.randomUUID());
    try {
      OwnerOnly.directory(temp);
      PackageFiles.writeNew(temp.resolve(PackageFiles.MANIFEST), manifest.bytes());
      PackageFiles.writeNew(temp.resolve(PackageFiles.CUSTODY), PackageFiles.custodyBytes(chain));
      Files.move(temp, packages.resolve(manifest.id()), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteTree(temp);
    }
    return new EvidencePackage(manifest, chain);
  }

  /** The package with this id, as held. */
  public synchronized Optional<EvidencePackage> find(String packageId) throws IOException {
    if (packageId == null || !Manifest.ID.matcher(packageId).matches()) {
      return Optional.empty(); // never a path from outside
    }
    Path dir = packages.resolve(packageId);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    Manifest m = Manifest.parse(Files.readAllBytes(dir.resolve(PackageFiles.MANIFEST)));
    try (FileChannel ch = FileChannel.open(dir.resolve(PackageFiles.CUSTODY), StandardOpenOption.READ)) {
      ch.lock(0, Long.MAX_VALUE, true); // shared: no append is half-written while we read; released on close
      return Optional.of(new EvidencePackage(m, custody(ch)));
    }
  }

  /** The ids of the packages that answer {@code requestId}. */
  public synchronized List<String> forRequest(String requestId) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(packages)) {
      for (Path d : dirs.sorted().toList()) {
        String id = d.getFileName().toString();
        if (Manifest.ID.matcher(id).matches()) {
          find(id).filter(p -> p.manifest().requestId().equals(requestId)).ifPresent(p -> out.add(id));
        }
      }
    }
    return out;
  }

  /**
   * Records that the package went to {@code recipient} (the node calls this before it sends, over the federation's
   * authenticated channel).
   *
   * @throws EvidenceException when {@code recipient} is not the requesting party the package is for
   */
  public synchronized CustodyEntry transferred(String packageId, String recipient, String actor) throws IOException {
    EvidencePackage p = require(packageId);
    if (!p.manifest().recipient().equals(recipient)) {
      throw new EvidenceException(
          "package " + packageId + " goes to the requesting party " + p.manifest().recipient() + " only, not to "
              + recipient);
    }
    return append(p, actor, CustodyAction.TRANSFERRED, recipient, null);
  }

  /**
   * Takes in a package this node's party requested, exported by the answering party's node as a zip ({@link
   * #export}) and fetched from it: the zip is checked as {@code accord cases evidence verify --require-pinned} would,
   * with {@code senderKey} pinned for {@code sender}, every file is copied into this node's store (streamed, its size
   * and hash checked again), and the chain as received gains a {@code received} entry that this node signs. From
   * then on the package is held here like one made here; its later entries are this node's. A package held already
   * is returned as it is (a second delivery of the same package changes nothing).
   *
   * @param actor who took it in (the node, or the user who asked for it)
   * @throws EvidenceException when the package is not intact (each problem named), is not from {@code sender}, or is
   *     not for this node's party; nothing is kept
   */
  public synchronized EvidencePackage receive(Path zip, String sender, PublicKey senderKey, String actor)
      throws IOException {
    return receive(zip, null, sender, senderKey, actor);
  }

  /**
   * As {@link #receive(Path, String, PublicKey, String)}, and the package must answer {@code requestId}: a sender
   * asked for one request's evidence may not file a package under another request of this node's (one between this
   * party and a third, whose evidence it would then shadow).
   *
   * @param requestId the request it was fetched for; null takes a package for any request
   */
  public synchronized EvidencePackage receive(
      Path zip, String requestId, String sender, PublicKey senderKey, String actor) throws IOException {
    VerifyReport report = PackageVerifier.verify(zip, Map.of(sender, senderKey), true);
    if (!report.intact()) {
      throw new EvidenceException("the evidence package from " + sender + " is not intact: "
          + String.join("; ", report.problems().stream().map(p -> p.kind() + " " + p.message()).toList()));
    }
    Manifest m = report.manifest();
    if (!m.party().equals(sender) || !m.recipient().equals(party)) {
      throw new EvidenceException("evidence package " + m.id() + " is from " + m.party() + " for " + m.recipient()
          + ": this node takes in only packages from " + sender + " for " + party);
    }
    if (requestId != null && !m.requestId().equals(requestId)) {
      throw new EvidenceException("evidence package " + m.id() + " from " + sender + " answers request "
          + m.requestId() + ", not request " + requestId + " it was fetched for");
    }
    Optional<EvidencePackage> held = find(m.id());
    if (held.isPresent()) {
      // The same package again, or another under an id this node holds: only the first is the one held.
      if (!held.get().manifest().digest().equals(m.digest())) {
        throw new EvidenceException("evidence package " + m.id() + " from " + sender
            + " is refused: this node holds another package under that id");
      }
      return held.get();
    }
    List<CustodyEntry> chain;
    try (ZipFile z = new ZipFile(zip.toFile())) {
      chain = entries(z.getInputStream(z.getEntry(PackageFiles.CUSTODY)));
      for (String hash : hashes(new EvidencePackage(m, chain))) {
        long size = m.files().stream().filter(f -> f.sha256().equals(hash)).findFirst().orElseThrow().size();
        try (InputStream in = z.getInputStream(z.getEntry(PackageFiles.FILES + hash))) {
          store.put(in, java.util.OptionalLong.of(size), Optional.of(hash));
        }
      }
    }
    CustodyEntry last = chain.get(chain.size() - 1);
    CustodyEntry received =
        entry(m.id(), last.seq() + 1, now(last.time()), actor, CustodyAction.RECEIVED, sender, null, last.hash());
    chain.add(received);
    ledger.record(received); // written ahead, as every entry
    return install(m, chain);
  }

  /**
   * Opens one file of the package for {@code actor} (of {@code counterparty}, or of this node when null), after
   * recording the download.
   *
   * @throws EvidenceException when the package does not list the file
   */
  public synchronized InputStream download(String packageId, String sha256, String actor, String counterparty)
      throws IOException {
    EvidencePackage p = require(packageId);
    if (p.manifest().files().stream().noneMatch(f -> f.sha256().equals(sha256))) {
      throw new EvidenceException("package " + packageId + " lists no file with sha256 " + sha256);
    }
    if (!store.contains(sha256)) {
      throw new EvidenceException(
          "package " + packageId + " lists sha256 " + sha256 + ", which the store no longer holds");
    }
    append(p, actor, CustodyAction.DOWNLOADED, counterparty, sha256);
    return store.open(sha256);
  }

  /**
   * Exports the package to {@code target}: a zip file when its name ends in {@code .zip}, else a new directory. The
   * export entry is recorded first and is part of the exported chain. Written beside the target and renamed into
   * place, so a failed export leaves nothing at {@code target}.
   *
   * @throws EvidenceException when {@code target} exists
   */
  public synchronized EvidencePackage export(String packageId, Path target, String actor) throws IOException {
    EvidencePackage p = require(packageId);
    if (Files.exists(target)) {
      throw new EvidenceException("cannot export to " + target + ": it exists");
    }
    append(p, actor, CustodyAction.EXPORTED, null, null);
    EvidencePackage exported = require(packageId);
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = parent.resolve(EvidenceStore.TEMP_PREFIX + UUID.randomUUID());
    try {
      if (target.getFileName().toString().endsWith(".zip")) {
        Files.createFile(temp, OwnerOnly.fileAttributes(parent));
        try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE);
            ZipOutputStream zip = new ZipOutputStream(out)) {
          writeZip(exported, zip);
        }
      } else {
        writeDirectory(exported, temp);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        throw new EvidenceException("cannot export to " + target + ": " + e.getMessage());
      }
    } finally {
      deleteTree(temp);
    }
    return exported;
  }

  private void writeDirectory(EvidencePackage p, Path dir) throws IOException {
    OwnerOnly.directory(dir);
    PackageFiles.writeNew(dir.resolve(PackageFiles.MANIFEST), p.manifest().bytes());
    PackageFiles.writeNew(dir.resolve(PackageFiles.CUSTODY), PackageFiles.custodyBytes(p.custody()));
    Path files = OwnerOnly.directory(dir.resolve("files"));
    for (String hash : hashes(p)) {
      Path copy = Files.createFile(files.resolve(hash), OwnerOnly.fileAttributes(files));
      try (InputStream in = store.open(hash);
          OutputStream out = Files.newOutputStream(copy, StandardOpenOption.WRITE)) {
        in.transferTo(out); // streamed
      }
    }
  }

  private void writeZip(EvidencePackage p, ZipOutputStream zip) throws IOException {
    zip.putNextEntry(new ZipEntry(PackageFiles.MANIFEST));
    zip.write(p.manifest().bytes());
    zip.closeEntry();
    zip.putNextEntry(new ZipEntry(PackageFiles.CUSTODY));
    zip.write(PackageFiles.custodyBytes(p.custody()));
    zip.closeEntry();
    for (String hash : hashes(p)) {
      zip.putNextEntry(new ZipEntry(PackageFiles.FILES + hash));
      try (InputStream in = store.open(hash)) {
        in.transferTo(zip); // streamed: a file is never held whole
      }
      zip.closeEntry();
    }
  }

  /** Each distinct content once: two names of one content are one file of the export. */
  private static Set<String> hashes(EvidencePackage p) {
    Set<String> out = new LinkedHashSet<>();
    p.manifest().files().forEach(f -> out.add(f.sha256()));
    return out;
  }

  private EvidencePackage require(String packageId) throws IOException {
    return find(packageId).orElseThrow(() -> new EvidenceException("no evidence package " + packageId));
  }

  /**
   * Appends the next custody entry under an exclusive lock of {@code custody.jsonl}, re-reading the chain's end under
   * it: another process of this node (a command-line export while the node runs) cannot fork the chain.
   */
  private CustodyEntry append(
      EvidencePackage p, String actor, CustodyAction action, String counterparty, String file) throws IOException {
    Path custody = packages.resolve(p.id()).resolve(PackageFiles.CUSTODY);
    try (FileChannel ch = FileChannel.open(custody, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.lock(); // exclusive, released when the channel closes
      List<CustodyEntry> chain = custody(ch);
      CustodyEntry last = chain.get(chain.size() - 1);
      CustodyEntry e =
          entry(p.id(), last.seq() + 1, now(last.time()), actor, action, counterparty, file, last.hash());
      ledger.record(e); // written ahead: a failed ledger stops the action here
      ByteBuffer line = ByteBuffer.wrap((e.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
      long at = ch.size();
      while (line.hasRemaining()) {
        at += ch.write(line, at);
      }
      ch.force(true);
      return e;
    }
  }

  /** The chain in {@code custody.jsonl}, read through {@code ch} (whose lock the caller holds). */
  private static List<CustodyEntry> custody(FileChannel ch) throws IOException {
    ch.position(0);
    List<CustodyEntry> chain = entries(Channels.newInputStream(ch));
    if (chain.isEmpty()) {
      throw new EvidenceException("the custody chain of this package is empty");
    }
    return chain;
  }

  /** The entries of a {@code custody.jsonl}, one a line. */
  private static List<CustodyEntry> entries(InputStream custody) throws IOException {
    List<CustodyEntry> chain = new ArrayList<>();
    for (byte[] line : PackageFiles.lines(PackageFiles.readDocument(custody, PackageFiles.CUSTODY))) {
      chain.add(CustodyEntry.parse(line));
    }
    return chain;
  }

  private CustodyEntry entry(
      String packageId, long seq, Instant at, String actor, CustodyAction action, String counterparty, String file,
      String previousHash) {
    return CustodyEntry.sign(
        seq, packageId, at, party, actor, action, counterparty, file, previousHash, keys.getPrivate());
  }

  /** Now to the millisecond, never before {@code floor}: a chain's times do not decrease. */
  private Instant now(Instant floor) {
    Instant t = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return floor != null && t.isBefore(floor) ? floor : t;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(q);
        } catch (NoSuchFileException e) {
          // gone meanwhile
        }
      }
    }
  }
}
