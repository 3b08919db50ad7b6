package org.accord.sensor.decode;

import java.util.ArrayList;
import java.util.List;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.flow.FlowSink;

/** A sink that keeps copies of what it receives. */
final class Sinks {
  private Sinks() {}

  static final class Collecting implements FlowSink {
    final List<FlowRecord> flows = new ArrayList<>();

    @Override
    public synchronized void flow(FlowRecord record) {
      flows.add(record.copy());
    }

    synchronized int size() {
      return flows.size();
    }
  }
}
