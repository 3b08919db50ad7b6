package org.accord.cases.evidence;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.accord.cases.evidence.VerifyReport.Kind;
import org.accord.cases.evidence.VerifyReport.Problem;
import org.accord.ledger.Ed25519;

/**
 * Checks an exported evidence package — a directory or a zip file — with nothing but the package and, optionally,
 * pinned public keys: every listed file's size and SHA-256 (streamed), nothing unlisted beside them, and the custody
 * chain entry by entry: its form (canonical, so any edited byte shows), its place ({@code seq} is its line), its link
 * ({@code prev_hash} is the previous line's hash; for entry 1, the manifest's digest, so the chain commits to the
 * manifest), its hash and its signer's signature. Every problem is reported, not only the first, each naming the
 * file or entry and what was expected and found.
 *
 * <p>Keys. A signer's key is the pinned one when given ({@code --key PARTY=KEY}), else the one the manifest names,
 * with a warning: a package re-signed whole by a forger who put its own key in the manifest verifies against that
 * key, and only a pinned key (from the rulebook or the other party) tells it apart. With {@code requirePinned}, an
 * unpinned signer is a problem. A pinned key that differs from the manifest's is a problem.
 */
public final class PackageVerifier {
  private PackageVerifier() {}

  /**
   * Verifies the package at {@code path} (a directory, or a {@code .zip} file).
   *
   * @param pinned keys by party, to check signatures with instead of the manifest's
   * @param requirePinned whether a signer without a pinned key is a problem (else a warning)
   */
  public static VerifyReport verify(Path path, Map<String, PublicKey> pinned, boolean requirePinned)
      throws IOException {
    List<String> checked = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String source = path.toString();
    if (!Files.exists(path)) {
      throw new EvidenceException("no evidence package at " + path);
    }
    try (Source src = Files.isDirectory(path) ? new DirectorySource(path) : ZipSource.open(path)) {
      for (String twice : src.duplicates()) {
        // Readers disagree on which of two entries of one name they see: the zip is not one package.
        problems.add(new Problem(Kind.UNLISTED, twice + " appears more than once in the zip"));
      }
      Manifest manifest = manifest(src, problems);
      if (manifest == null) {
        return new VerifyReport(source, null, checked, problems, warnings);
      }
      Map<String, PublicKey> keys = keys(manifest, pinned, problems);
      files(src, manifest, checked, problems);
      custody(src, manifest, keys, pinned, requirePinned, checked, problems, warnings);
      return new VerifyReport(source, manifest, checked, problems, warnings);
    }
  }

  private static Manifest manifest(Source src, List<Problem> problems) throws IOException {
    try (InputStream in = src.open(PackageFiles.MANIFEST)) {
      if (in == null) {
        problems.add(new Problem(Kind.MANIFEST, "manifest.json is missing: nothing can be checked"));
        return null;
      }
      return Manifest.parse(PackageFiles.readDocument(in, PackageFiles.MANIFEST));
    } catch (EvidenceException e) {
      problems.add(new Problem(Kind.MANIFEST, e.getMessage()));
      return null;
    } catch (ZipException e) {
      problems.add(new Problem(Kind.MANIFEST, "manifest.json is a damaged zip entry: " + e.getMessage()));
      return null;
    }
  }

  private static Map<String, PublicKey> keys(
      Manifest manifest, Map<String, PublicKey> pinned, List<Problem> problems) {
    Map<String, PublicKey> keys = new HashMap<>();
    for (var k : manifest.keys().entrySet()) {
      keys.put(k.getKey(), Ed25519.decodePublic(k.getValue())); // valid: the manifest checked it
    }
    for (var p : pinned.entrySet()) {
      PublicKey named = keys.get(p.getKey());
      if (named != null && !named.equals(p.getValue())) {
        problems.add(new Problem(Kind.KEY,
            "the manifest names key " + manifest.keys().get(p.getKey()) + " for " + p.getKey()
                + ", the pinned key is " + Ed25519.encodePublic(p.getValue())));
      }
      keys.put(p.getKey(), p.getValue());
    }
    return keys;
  }

  private static void files(Source src, Manifest manifest, List<String> checked, List<Problem> problems)
      throws IOException {
    Set<String> listed = new HashSet<>();
    Map<String, String> actualByHash = new HashMap<>(); // a content listed under two names is read once
    Map<String, Long> sizeByHash = new HashMap<>();
    Set<String> unreadable = new HashSet<>();
    for (EvidenceFile f : manifest.files()) {
      String name = PackageFiles.FILES + f.sha256();
      listed.add(name);
      if (!actualByHash.containsKey(f.sha256()) && !unreadable.contains(f.sha256())) {
        try (InputStream in = src.open(name)) {
          if (in == null) {
            actualByHash.put(f.sha256(), null);
          } else {
            MessageDigest d = Canonical.digest();
            byte[] buffer = new byte[EvidenceStore.BUFFER];
            long size = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
              d.update(buffer, 0, n);
              size += n;
            }
            actualByHash.put(f.sha256(), HexFormat.of().formatHex(d.digest()));
            sizeByHash.put(f.sha256(), size);
          }
        } catch (ZipException e) {
          unreadable.add(f.sha256()); // a damaged zip entry: its bytes cannot even be read
        }
      }
      String actual = actualByHash.get(f.sha256());
      if (unreadable.contains(f.sha256())) {
        problems.add(new Problem(Kind.ALTERED,
            "file '" + f.name() + "' (" + name + ") is altered: expected sha256 " + f.sha256()
                + ", found a damaged zip entry that cannot be read"));
      } else if (actual == null) {
        problems.add(new Problem(Kind.MISSING,
            "file '" + f.name() + "' (sha256 " + f.sha256() + ", " + f.size() + " bytes) is missing: no " + name));
      } else if (!actual.equals(f.sha256()) || sizeByHash.get(f.sha256()) != f.size()) {
        problems.add(new Problem(Kind.ALTERED,
            "file '" + f.name() + "' (" + name + ") is altered: expected sha256 " + f.sha256() + " (" + f.size()
                + " bytes), found sha256 " + actual + " (" + sizeByHash.get(f.sha256()) + " bytes)"));
      } else {
        checked.add("file '" + f.name() + "' sha256 " + f.sha256() + " (" + f.size() + " bytes)");
      }
    }
    for (String name : src.names()) {
      if (!listed.contains(name) && !name.equals(PackageFiles.MANIFEST) && !name.equals(PackageFiles.CUSTODY)) {
        problems.add(new Problem(Kind.UNLISTED, name + " is in the package but not in its manifest"));
      }
    }
  }

  private static void custody(
      Source src, Manifest manifest, Map<String, PublicKey> keys, Map<String, PublicKey> pinned,
      boolean requirePinned, List<String> checked, List<Problem> problems, List<String> warnings)
      throws IOException {
    byte[] bytes;
    try (InputStream in = src.open(PackageFiles.CUSTODY)) {
      if (in == null) {
        problems.add(new Problem(Kind.CUSTODY, "custody.jsonl is missing: the package has no chain of custody"));
        return;
      }
      bytes = PackageFiles.readDocument(in, PackageFiles.CUSTODY);
    } catch (EvidenceException e) {
      problems.add(new Problem(Kind.CUSTODY, e.getMessage()));
      return;
    } catch (ZipException e) {
      problems.add(new Problem(Kind.CUSTODY, "custody.jsonl is a damaged zip entry: " + e.getMessage()));
      return;
    }
    List<byte[]> lines;
    try {
      lines = PackageFiles.lines(bytes);
    } catch (EvidenceException e) {
      problems.add(new Problem(Kind.CUSTODY, e.getMessage()));
      int cut = bytes.length;
      while (cut > 0 && bytes[cut - 1] != '\n') {
        cut--;
      }
      lines = PackageFiles.lines(java.util.Arrays.copyOf(bytes, cut)); // still check the whole lines before it
    }
    if (lines.isEmpty()) {
      problems.add(new Problem(Kind.CUSTODY, "the custody chain is empty: it begins with the files' collection"));
      return;
    }
    Set<String> unpinned = new TreeSet<>();
    CustodyEntry previous = null;
    boolean previousRead = true;
    for (int i = 0; i < lines.size(); i++) {
      long line = i + 1;
      String at = "custody entry " + line;
      CustodyEntry e;
      try {
        e = CustodyEntry.parse(lines.get(i));
      } catch (EvidenceException x) {
        problems.add(new Problem(Kind.CUSTODY, at + ": " + x.getMessage()));
        previous = null;
        previousRead = false;
        continue;
      }
      int before = problems.size();
      if (e.seq() != line) {
        problems.add(new Problem(Kind.CUSTODY,
            at + " has seq " + e.seq() + " where " + line + " is expected: an entry was removed, inserted or moved"));
      }
      if (!e.packageId().equals(manifest.id())) {
        problems.add(new Problem(Kind.CUSTODY,
            at + " belongs to package " + e.packageId() + ", not " + manifest.id()));
      }
      if (i == 0) {
        if (!e.previousHash().equals(manifest.digest())) {
          problems.add(new Problem(Kind.CUSTODY,
              at + " links to " + e.previousHash() + ", but the manifest's digest is " + manifest.digest()
                  + ": the manifest changed after custody began, or the chain is another package's"));
        }
        if (e.action() != CustodyAction.COLLECTED) {
          problems.add(new Problem(Kind.CUSTODY,
              at + " is '" + e.action().wire() + "': a chain begins with 'collected'"));
        }
      } else if (previous != null && !e.previousHash().equals(previous.hash())) {
        problems.add(new Problem(Kind.CUSTODY,
            at + " links to " + e.previousHash() + ", but entry " + i + " has hash " + previous.hash()
                + ": the chain is broken between entries " + i + " and " + line));
      } else if (!previousRead) {
        problems.add(new Problem(Kind.CUSTODY, at + ": its link cannot be checked, entry " + i + " is unreadable"));
      }
      if (previous != null && e.time().isBefore(previous.time())) {
        problems.add(new Problem(Kind.CUSTODY,
            at + " is dated " + Canonical.time(e.time()) + ", before entry " + i + " (" + Canonical.time(
                previous.time()) + ")"));
      }
      if (!e.hashValid()) {
        problems.add(new Problem(Kind.CUSTODY,
            at + ": its hash " + e.hash() + " does not match its content (edited after it was signed)"));
      }
      PublicKey key = keys.get(e.party());
      if (key == null) {
        problems.add(new Problem(Kind.KEY,
            at + " is signed by " + e.party() + ", whose key neither the manifest nor --key gives"));
      } else {
        if (!pinned.containsKey(e.party())) {
          unpinned.add(e.party());
        }
        if (!e.signatureValid(key)) {
          problems.add(new Problem(Kind.CUSTODY,
              at + ": its signature does not verify with " + e.party() + "'s key " + Ed25519.encodePublic(key)
                  + (pinned.containsKey(e.party()) ? " (pinned)" : " (from the manifest)")
                  + ": signed by another key, or edited"));
        }
      }
      if (problems.size() == before) {
        checked.add(at + ": " + e.action().wire() + " by " + e.actor()
            + (e.counterparty() == null ? "" : " (" + e.counterparty() + ")") + " at " + Canonical.time(e.time())
            + ", signed by " + e.party());
      }
      previous = e;
      previousRead = true;
    }
    for (String p : unpinned) {
      String m = p + "'s signatures were checked with the key the package itself names ("
          + manifest.keys().get(p) + "): give --key " + p + "=ed25519:... to pin it";
      if (requirePinned) {
        problems.add(new Problem(Kind.KEY, m));
      } else {
        warnings.add(m);
      }
    }
  }

  /** The entries of a package, by name ({@code manifest.json}, {@code files/<sha256>}, ...). */
  private interface Source extends Closeable {
    /** Opens the entry, or returns null when there is none. */
    InputStream open(String name) throws IOException;

    /** Every file entry's name, sorted. */
    Set<String> names() throws IOException;

    /** Names that occur more than once (only a zip can hold such). */
    default Set<String> duplicates() {
      return Set.of();
    }
  }

  private static final class DirectorySource implements Source {
    private final Path dir;

    DirectorySource(Path dir) {
      this.dir = dir;
    }

    @Override
    public InputStream open(String name) throws IOException {
      Path p = dir.resolve(name);
      return Files.isRegularFile(p) ? Files.newInputStream(p) : null;
    }

    @Override
    public Set<String> names() throws IOException {
      Set<String> out = new TreeSet<>();
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile)
            .forEach(p -> out.add(dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/")));
      }
      return out;
    }

    @Override
    public void close() {}
  }

  private static final class ZipSource implements Source {
    private final ZipFile zip;
    private final Map<String, ZipEntry> entries = new TreeMap<>();
    private final Set<String> duplicates = new TreeSet<>();

    private ZipSource(ZipFile zip) {
      this.zip = zip;
    }

    static ZipSource open(Path path) throws IOException {
      ZipFile zip;
      try {
        zip = new ZipFile(path.toFile());
      } catch (ZipException e) {
        throw new EvidenceException(path + " is neither a package directory nor a readable zip file: "
            + e.getMessage());
      }
      ZipSource s = new ZipSource(zip);
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry e = all.nextElement();
        if (!e.isDirectory() && s.entries.put(e.getName(), e) != null) {
          s.duplicates.add(e.getName());
        }
      }
      return s;
    }

    @Override
    public InputStream open(String name) throws IOException {
      ZipEntry e = entries.get(name);
      return e == null ? null : zip.getInputStream(e);
    }

    @Override
    public Set<String> names() {
      return entries.keySet();
    }

    @Override
    public Set<String> duplicates() {
      return duplicates;
    }

    @Override
    public void close() throws IOException {
      zip.close();
    }
  }
}
