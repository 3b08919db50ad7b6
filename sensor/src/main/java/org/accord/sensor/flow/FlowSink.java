package org.accord.sensor.flow;

/** Receives decoded flow records. The record is reused by the caller: copy it to keep it (see {@link FlowRecord}). */
@FunctionalInterface
public interface FlowSink {
  void flow(FlowRecord record);
}
