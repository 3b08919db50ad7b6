package org.accord.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.accord.ledger.Ledger;
import org.accord.rules.RulebookException;
import org.accord.rules.RulebookParser;
import org.accord.rules.SignedRulebook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activation of a rulebook version while the node runs. The running node holds the ledger (an activation must be
 * recorded in it), so {@code accord rules activate} hands the version to the node through a directory,
 * {@code <data_dir>/rulebook/incoming/}: it writes {@code ID.yaml} and {@code ID.yaml.sig} (each renamed into place
 * whole), the node picks them up within a second, activates with the same checks as ever (all signed, newer,
 * superseding the active version, keys pinned), records the activation in its ledger, switches its {@link LiveGate},
 * and answers in {@code ID.result}: {@code OK <description>} or {@code REFUSED <reason>}. Whoever may write the data
 * directory is the node's operator already, so the directory needs no other authentication.
 */
final class RulebookInbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RulebookInbox.class);
  static final String DIR = "incoming";
  private static final String YAML = ".yaml";
  private static final String SIG = ".yaml.sig";
  private static final String RESULT = ".result";

  private final NodeConfig config;
  private final Ledger ledger;
  private final LiveGate gate;
  private final Clock clock;
  private final Path dir;
  private final ScheduledExecutorService poller;

  RulebookInbox(NodeConfig config, Ledger ledger, LiveGate gate, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.dir = dir(config);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "accord-rulebook-inbox");
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(this::poll, 0, 500, TimeUnit.MILLISECONDS);
  }

  static Path dir(NodeConfig config) {
    return config.dataDir().resolve(Node.RULEBOOK_DIR).resolve(DIR);
  }

  /** Activates every complete submission waiting in the directory. */
  void poll() {
    if (!Files.isDirectory(dir)) {
      return; // the data directory went away under a node being shut down
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SIG)) {
      for (Path sig : files) {
        String name = sig.getFileName().toString();
        String id = name.substring(0, name.length() - SIG.length());
        Path yaml = dir.resolve(id + YAML);
        if (Files.exists(yaml) && !Files.exists(dir.resolve(id + RESULT))) {
          answer(id, activate(yaml, sig));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("reading the rulebook inbox {} failed: {}", dir, e.getMessage());
    }
  }

  private String activate(Path yaml, Path sig) {
    try {
      String text = Files.readString(yaml, StandardCharsets.UTF_8);
      SignedRulebook candidate =
          new SignedRulebook(
              RulebookParser.parse(text, yaml.toString()),
              SignedRulebook.parseSignatures(Files.readString(sig, StandardCharsets.UTF_8), sig.toString()));
      SignedRulebook active = Node.activate(config, candidate, ledger, clock);
      gate.switchTo(Node.gate(config, clock, gate.current().holdings()));
      LOG.info("activated {} while running; the gate now applies it", active.describe());
      return "OK " + active.describe();
    } catch (RulebookException | IllegalArgumentException e) {
      return "REFUSED " + e.getMessage();
    } catch (IOException e) {
      return "FAILED " + e.getMessage();
    }
  }

  private void answer(String id, String result) throws IOException {
    Path tmp = dir.resolve(id + RESULT + ".tmp");
    Files.writeString(tmp, result + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(id + RESULT), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Hands a version to the running node and waits for its answer ({@code OK ...}, {@code REFUSED ...} or {@code
   * FAILED ...}).
   *
   * @throws IOException when no node answers within {@code timeout} (the submission is withdrawn)
   */
  static String submit(NodeConfig config, String yamlText, String signatureText, Duration timeout)
      throws IOException {
    Path dir = dir(config);
    Files.createDirectories(dir);
    String id = UUID.randomUUID().toString();
    place(dir.resolve(id + YAML), yamlText);
    place(dir.resolve(id + SIG), signatureText); // the signature file last: the node waits for it
    Path result = dir.resolve(id + RESULT);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (Files.exists(result)) {
          return Files.readString(result, StandardCharsets.UTF_8).trim();
        }
        Thread.sleep(100);
      }
      throw new IOException("the running node did not take the rulebook within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the node", e);
    } finally {
      for (String suffix : new String[] {SIG, YAML, RESULT}) {
        Files.deleteIfExists(dir.resolve(id + suffix));
      }
    }
  }

  private static void place(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
