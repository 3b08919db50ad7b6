package org.accord.cli;

import org.accord.node.NodeConfig;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectStore;
import picocli.CommandLine;

/** Resolves the {@code --collection} option of the commands that work on a node's store. */
final class Collections {
  private Collections() {}

  /** The collection named by id or alias, or the first collection of the first API root when none is named. */
  static String resolve(NodeConfig config, ObjectStore store, String idOrAlias, CommandLine commandLine) {
    if (idOrAlias == null) {
      return config.taxii().apiRoots().get(0).collections().get(0).id();
    }
    return store
        .collection(idOrAlias)
        .map(CollectionInfo::id)
        .orElseThrow(
            () ->
                new CommandLine.ParameterException(
                    commandLine,
                    "no collection with id or alias '" + idOrAlias + "' (known: "
                        + String.join(
                            ", ",
                            store.collections().stream()
                                .map(c -> c.alias() == null ? c.id() : c.alias() + " (" + c.id() + ")")
                                .toList())
                        + ")"));
  }
}
