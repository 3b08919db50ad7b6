package org.accord.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.accord.hash.HashException;
import org.accord.hash.PdqHasher;
import org.accord.hash.PdqResult;
import org.accord.hash.bank.BankCsv;
import org.accord.hash.bank.BankEntry;
import org.accord.hash.bank.BankException;
import org.accord.hash.video.FrameHash;
import org.accord.hash.video.VideoHash;
import org.accord.hash.video.VideoHasher;
import org.accord.hash.video.VideoSettings;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.NodeHashes;
import org.accord.stix.StixJson;
import org.accord.stix.Tlp;
import org.accord.store.ObjectStore;
import org.accord.store.Stores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code accord hash}: perceptual hashes of files, matching against the node's banks, and the banks themselves.
 *
 * <p>{@code accord hash FILE...} prints one line per image ({@code hash quality file}) and one per sampled frame of a
 * video or a directory of frames ({@code hash quality file@seconds}), or with {@code --frames-json} a video's frame
 * hashes as the JSON {@code POST /api/hash/match} takes (what a platform sends instead of the video); a file that
 * cannot be hashed is named on stderr and the exit code is 1. {@code match} and {@code bank} work on the node's store
 * directly (offline, like {@code accord cases}; the embedded database may be read and written while the node runs,
 * which picks changes up within {@code hash.refresh_seconds}): {@code match} answers what the REST API's {@code
 * POST /api/hash/match} answers, with the rulebook's thresholds, but reports no sighting (only the running node's
 * matches are reported to partners).
 */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    description = {
      "Print the PDQ hash and quality of images (and of a video's sampled frames); match files; manage hash banks.",
      "Forms: accord hash FILE..., accord hash match FILE..., accord hash bank create|list|import|export|disable|enable."
    },
    subcommands = {HashCommand.Match.class, HashCommand.BankCommand.class})
final class HashCommand implements Callable<Integer> {
  private static final Set<String> VIDEO_EXTENSIONS =
      Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "flv", "mpg", "mpeg", "ts", "ogv", "gif", "3gp");

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "Images, videos or directories of frame images.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--ffmpeg", paramLabel = "CMD", description = "The ffmpeg command for videos (default: ffmpeg).")
  String ffmpeg = "ffmpeg";

  @Option(names = "--frames-json", description = "For a video or a directory of frames: print its frame hashes as"
      + " the JSON POST /api/hash/match takes ({\"frames\": [{timestamp, hash, quality}]}), one line per file.")
  boolean framesJson;

  @Option(names = "--dihedral", description = "With --frames-json: add each frame's 7 other dihedral hashes"
      + " (\"variants\"), so a mirrored or rotated copy matches.")
  boolean dihedral;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (dihedral && !framesJson) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--dihedral goes with --frames-json");
    }
    if (files.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "name files to hash, or a hash command");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean failed = false;
    PdqHasher hasher = new PdqHasher();
    for (Path f : files) {
      try {
        if (framesJson) {
          if (!isVideo(f)) {
            err.println("accord: " + f + ": --frames-json takes a video or a directory of frame images");
            failed = true;
            continue;
          }
          VideoHash v = new VideoHasher(VideoSettings.DEFAULTS.withFfmpeg(ffmpeg).withDihedral(dihedral)).hash(f);
          out.println(NodeHashes.framesJson(v, dihedral));
        } else if (isVideo(f)) {
          VideoHash v = new VideoHasher(VideoSettings.DEFAULTS.withFfmpeg(ffmpeg)).hash(f);
          for (FrameHash frame : v.frames()) {
            out.printf(Locale.ROOT, "%s %3d %s@%.1fs%n", frame.hash().toHex(), frame.quality(), f, frame.seconds());
          }
        } else {
          PdqResult r = hasher.hash(f);
          out.printf(Locale.ROOT, "%s %3d %s%n", r.hash().toHex(), r.quality(), f);
        }
      } catch (HashException e) {
        err.println("accord: " + f + ": " + e.getMessage());
        failed = true;
      }
    }
    out.flush();
    err.flush();
    return failed ? Main.INVALID_INPUT : Main.OK;
  }

  static boolean isVideo(Path f) {
    if (Files.isDirectory(f)) {
      return true;
    }
    String name = String.valueOf(f.getFileName()).toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot >= 0 && VIDEO_EXTENSIONS.contains(name.substring(dot + 1));
  }

  /** The node's store and hashes, opened for one command. */
  private static final class Opened implements AutoCloseable {
    final ObjectStore store;
    final NodeHashes hashes;

    Opened(NodeConfig config) {
      this.store = Stores.open(Node.storeSettings(config));
      try {
        Node.ensureCollections(config, store); // as the node does at start: hash.collection may be new
        this.hashes = NodeHashes.open(config, store, Clock.systemUTC());
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /** Runs {@code action} on the node's hashes, a refusal printed on stderr with exit 1. */
  private static int withHashes(CommandSpec spec, ConfigOption config, HashAction action) {
    try (Opened o = new Opened(config.load())) {
      return action.run(o.hashes, spec.commandLine().getOut());
    } catch (NodeHashes.Refused | BankException | HashException e) {
      spec.commandLine().getErr().println("accord: " + e.getMessage());
      if (e instanceof BankException b && b.problems().size() > 1) {
        b.problems().forEach(p -> spec.commandLine().getErr().println("  " + p));
      }
      return Main.INVALID_INPUT;
    } catch (IOException e) {
      spec.commandLine().getErr().println("accord: " + e.getMessage());
      return Main.FAILURE;
    } finally {
      spec.commandLine().getOut().flush();
      spec.commandLine().getErr().flush();
    }
  }

  @FunctionalInterface
  private interface HashAction {
    int run(NodeHashes hashes, PrintWriter out) throws IOException;
  }

  @Command(
      name = "match",
      mixinStandardHelpOptions = true,
      description = {
        "Match images, videos or directories of frames against the node's banks (own and partners'), offline.",
        "One line per match: file, distance (or the video shares), variant, owner, TLP, bank, label. No sighting is"
            + " reported (POST /api/hash/match on the running node does that). Exit 1 when a file cannot be hashed."
      })
  static final class Match implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Images, videos or directories of frames.")
    List<Path> files;

    @Option(names = "--json", description = "Print the REST API's answer, one JSON object per file.")
    boolean json;

    @Option(names = "--ffmpeg", paramLabel = "CMD", description = "The ffmpeg command for videos.")
    String ffmpeg = "ffmpeg";

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return withHashes(spec, configOption, (hashes, out) -> {
        boolean failed = false;
        for (Path f : files) {
          NodeHashes.Answer a;
          try {
            a = isVideo(f)
                ? hashes.matchVideo(new VideoHasher(VideoSettings.DEFAULTS.withFfmpeg(ffmpeg).withDihedral(true))
                    .hash(f), false)
                : hashes.matchImage(new PdqHasher().dihedral(f), false);
          } catch (HashException e) {
            spec.commandLine().getErr().println("accord: " + f + ": " + e.getMessage());
            failed = true;
            continue;
          }
          if (json) {
            out.println(hashes.json(a).put("file", f.toString()));
            continue;
          }
          if (a.matches().isEmpty()) {
            out.println(f + ": no match" + (a.note() == null ? "" : " (" + a.note() + ")"));
          }
          for (NodeHashes.Match m : a.matches()) {
            BankEntry e = m.entry().entry();
            String how = m.distance() >= 0
                ? "distance " + m.distance() + " " + NodeHashes.variantName(m.variant())
                : String.format(Locale.ROOT, "shares %.2f/%.2f", m.queryShare(), m.indexedShare());
            out.printf("%s: %s owner %s tlp %s bank '%s' label '%s' entry %s%n", f, how,
                hashes.ownerParty(e.owner()), e.tlp().v2Name(),
                m.bank() == null ? e.bankRef() : m.bank().bank().name(), e.label(), e.id());
          }
        }
        return failed ? Main.INVALID_INPUT : Main.OK;
      });
    }
  }

  @Command(
      name = "bank",
      mixinStandardHelpOptions = true,
      description = "Create, list, import into, export, and disable or enable entries of the node's hash banks.",
      subcommands = {
        BankCommand.Create.class,
        BankCommand.ListBanks.class,
        BankCommand.Import.class,
        BankCommand.Export.class,
        BankCommand.Disable.class,
        BankCommand.Enable.class
      })
  static final class BankCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "a bank command is required");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a bank of this node's in hash.collection; prints its id.")
    static final class Create implements Callable<Integer> {
      @Option(names = "--name", required = true, description = "The bank's name.")
      String name;

      @Option(names = "--category", required = true,
          description = "What it holds, lower-case words joined by '-' (e.g. terrorist-propaganda).")
      String category;

      @Option(names = "--tlp", defaultValue = "amber", description = "clear, green, amber or amber+strict.")
      String tlp;

      @Option(names = "--source", description = "Where its hashes come from.")
      String source;

      @Option(names = "--description", description = "A description.")
      String description;

      @Mixin ConfigOption configOption;

      @Spec CommandSpec spec;

      @Override
      public Integer call() {
        Tlp level = Tlp.fromName(tlp).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
            "--tlp: one of clear, green, amber, amber+strict; not '" + tlp + "'"));
        return withHashes(spec, configOption, (hashes, out) -> {
          out.println(hashes.createBank(name, category, level, source, description).bank().id());
          return Main.OK;
        });
      }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the banks the node holds, own and partners', with their entry counts.")
    static final class ListBanks implements Callable<Integer> {
      @Option(names = "--json", description = "Print the REST API's form.")
      boolean json;

      @Mixin ConfigOption configOption;

      @Spec CommandSpec spec;

      @Override
      public Integer call() {
        return withHashes(spec, configOption, (hashes, out) -> {
          if (json) {
            ArrayNode a = StixJson.mapper().createArrayNode();
            hashes.banks().forEach(b -> a.add(hashes.json(b)));
            out.println(a);
            return Main.OK;
          }
          out.printf("%-56s %-8s %-12s %-8s %-24s %s%n", "ID", "OWNER", "TLP", "ENTRIES", "CATEGORY", "NAME");
          for (NodeHashes.HeldBank b : hashes.banks()) {
            var j = hashes.json(b);
            out.printf("%-56s %-8s %-12s %-8s %-24s %s%n", b.bank().id(), j.get("owner").asText(),
                b.bank().tlp().v2Name(), j.get("entries").asInt() + "/" + j.get("disabled_entries").asInt(),
                b.bank().category(), b.bank().name());
          }
          return Main.OK;
        });
      }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
        description = "Add the hashes of a hash,label CSV list (RFC 4180) to one of this node's banks: all or none;"
            + " every bad line is named.")
    static final class Import implements Callable<Integer> {
      @Parameters(index = "0", paramLabel = "BANK", description = "The bank's id.")
      String bank;

      @Parameters(index = "1", paramLabel = "CSV", description = "The list.")
      Path csv;

      @Mixin ConfigOption configOption;

      @Spec CommandSpec spec;

      @Override
      public Integer call() {
        return withHashes(spec, configOption, (hashes, out) -> {
          List<BankCsv.Row> rows;
          try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            rows = BankCsv.read(r);
          }
          List<NodeHashes.NewEntry> entries = new ArrayList<>();
          rows.forEach(r -> entries.add(new NodeHashes.NewEntry("line " + r.line(), r.hash(), List.of(), r.label())));
          out.println("added " + hashes.addEntries(bank, entries).size() + " entries to " + bank);
          return Main.OK;
        });
      }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
        description = "Print a bank's enabled image entries as a hash,label CSV list (RFC 4180).")
    static final class Export implements Callable<Integer> {
      @Parameters(index = "0", paramLabel = "BANK", description = "The bank's id.")
      String bank;

      @Option(names = "--disabled", description = "Include disabled entries too.")
      boolean disabled;

      @Mixin ConfigOption configOption;

      @Spec CommandSpec spec;

      @Override
      public Integer call() {
        return withHashes(spec, configOption, (hashes, out) -> {
          List<BankEntry> entries =
              hashes.entries(bank).stream().filter(e -> disabled || !e.disabled()).toList();
          StringWriter csv = new StringWriter();
          BankCsv.write(entries, csv);
          out.print(csv);
          return Main.OK;
        });
      }
    }

    /** {@code disable} and {@code enable}: a new version of one of this node's entries. */
    abstract static class Toggle implements Callable<Integer> {
      @Parameters(paramLabel = "ENTRY", description = "The entry's id.")
      String entry;

      @Mixin ConfigOption configOption;

      @Spec CommandSpec spec;

      private final boolean disabled;

      Toggle(boolean disabled) {
        this.disabled = disabled;
      }

      @Override
      public Integer call() {
        return withHashes(spec, configOption, (hashes, out) -> {
          out.println((disabled ? "disabled " : "enabled ") + hashes.setDisabled(entry, disabled).id());
          return Main.OK;
        });
      }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
        description = "Disable an entry of this node's (a new version, which partners receive).")
    static final class Disable extends Toggle {
      Disable() {
        super(true);
      }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
        description = "Re-enable a disabled entry of this node's (a new version).")
    static final class Enable extends Toggle {
      Enable() {
        super(false);
      }
    }
  }
}
