package org.accord.cli;

import org.accord.node.NodeConfig;
import org.accord.node.NodeSensor;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectStore;
import picocli.CommandLine;

/**
 * Resolves the {@code --collection} option of the commands that work on a node's store. {@value #SENSOR} names the
 * sensor's collection (the one {@code sensor.collection} names, else the first) unless a collection has that id or
 * alias itself: the name the help of {@code accord sense} gives for where its findings are (issue 9, finding 6: they
 * went to {@code default} while {@code export --collection sensor} failed).
 */
final class Collections {
  /** The name of the collection the sensor writes to. */
  static final String SENSOR = "sensor";

  private Collections() {}

  /** The collection named by id or alias, or the first collection of the first API root when none is named. */
  static String resolve(NodeConfig config, ObjectStore store, String idOrAlias, CommandLine commandLine) {
    if (idOrAlias == null) {
      return config.taxii().apiRoots().get(0).collections().get(0).id();
    }
    if (SENSOR.equals(idOrAlias) && store.collection(SENSOR).isEmpty()) {
      try {
        return NodeSensor.collection(config, store);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(commandLine, e.getMessage());
      }
    }
    return store
        .collection(idOrAlias)
        .map(CollectionInfo::id)
        .orElseThrow(
            () ->
                new CommandLine.ParameterException(
                    commandLine,
                    "no collection with id or alias '" + idOrAlias + "' (known: " + SENSOR + " for the sensor's, "
                        + String.join(
                            ", ",
                            store.collections().stream()
                                .map(c -> c.alias() == null ? c.id() : c.alias() + " (" + c.id() + ")")
                                .toList())
                        + ")"));
  }
}
