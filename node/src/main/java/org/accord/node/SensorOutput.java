package org.accord.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.accord.sensor.Sensor;
import org.accord.stix.Validator;
import org.accord.store.Importer;
import org.accord.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the sensor's sightings and incidents in the node's collection as its own, through the same {@link Importer}
 * (and so the same validation) as every other way in. From there the rulebook decides who receives them: pulled by
 * peers, pushed to them, never released without a clause. An object the validator refuses is logged with the reason
 * (it would be a bug in the sensor's output, not bad telemetry).
 */
final class SensorOutput implements Sensor.Output {
  private static final Logger LOG = LoggerFactory.getLogger(SensorOutput.class);

  private final ObjectStore store;
  private final String collection;
  private final Validator validator = new Validator();
  private long stored;
  private long duplicates;
  private long rejected;

  SensorOutput(ObjectStore store, String collection) {
    this.store = Objects.requireNonNull(store, "store");
    this.collection = Objects.requireNonNull(collection, "collection");
  }

  @Override
  public synchronized void objects(List<ObjectNode> objects) {
    Importer importer = new Importer(store, validator, collection, Importer.DEFAULT_BATCH_SIZE, false);
    for (int i = 0; i < objects.size(); i++) {
      importer.accept("sensor[" + i + "]", objects.get(i));
    }
    Importer.Summary s = importer.finish();
    stored += s.added();
    duplicates += s.duplicates();
    rejected += s.rejected();
    s.rejections().forEach(r -> LOG.error("the sensor made an invalid object {}: {}", r.id(), r.reason()));
  }

  /** Objects stored, already held (a replay of the same telemetry), refused. */
  synchronized long[] counts() {
    return new long[] {stored, duplicates, rejected};
  }
}
