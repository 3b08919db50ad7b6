package org.accord.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.stix.Validator;
import org.accord.store.Importer;
import org.accord.store.ObjectStore;
import org.accord.store.Stores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code accord import FILE|-}: streams a bundle, a single object or JSON lines into a collection of the node's
 * store, one transaction per batch. Invalid objects are reported with their reasons and skipped; valid ones are
 * stored. Running an import twice is harmless: versions already stored are counted as duplicates.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import STIX 2.1 objects (a bundle, one object, or JSON lines) into a collection of the node's store.",
      "Each object is validated; invalid ones are reported with the reason and skipped.",
      "Exit code 1 when at least one object was rejected."
    })
final class ImportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The file to import, or - for standard input.")
  String file;

  @Option(
      names = "--collection",
      paramLabel = "ID|ALIAS",
      description = "Target collection (default: the first collection of the first API root).")
  String collection;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "" + Importer.DEFAULT_BATCH_SIZE,
      description = "Objects per transaction (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = {"-q", "--quiet"}, description = "No progress display.")
  boolean quiet;

  @Mixin ConfigOption configOption;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    NodeConfig config = configOption.load();
    PrintWriter err = spec.commandLine().getErr();
    try (ObjectStore store = Stores.open(Node.storeSettings(config))) {
      Node.ensureCollections(config, store);
      String target = Collections.resolve(config, store, collection, spec.commandLine());
      Importer importer = new Importer(store, new Validator(), target, batchSize, false);
      Progress progress = new Progress(err, !quiet && System.console() != null, Inputs.size(file));
      Importer.Summary summary;
      try (InputStream in = Inputs.open(file)) {
        summary = importer.importStream(progress.counting(in), progress::update);
      }
      progress.done();
      for (Importer.Rejection r : summary.rejections()) {
        err.println("rejected " + r.path() + (r.id() == null ? "" : " (" + r.id() + ")") + ": " + r.reason());
      }
      if (summary.rejected() > summary.rejections().size()) {
        err.println("... and " + (summary.rejected() - summary.rejections().size()) + " more rejections");
      }
      for (String id : summary.conflictIds()) {
        err.println("conflict " + id + ": already present at the same modified with other content; the first is kept");
      }
      if (summary.conflicts() > summary.conflictIds().size()) {
        err.println("... and " + (summary.conflicts() - summary.conflictIds().size()) + " more conflicts");
      }
      err.printf(
          "imported into collection %s: %d read, %d accepted (%d new, %d already present, %d conflicting),"
              + " %d rejected%n",
          target,
          summary.read(),
          summary.accepted(),
          summary.added(),
          summary.duplicates(),
          summary.conflicts(),
          summary.rejected());
      err.flush();
      return summary.rejected() == 0 ? Main.OK : Main.INVALID_INPUT;
    }
  }
}
