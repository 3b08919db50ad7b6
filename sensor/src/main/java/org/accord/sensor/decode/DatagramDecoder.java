package org.accord.sensor.decode;

import java.nio.ByteBuffer;
import org.accord.sensor.flow.FlowSink;

/**
 * Decodes one export datagram (a NetFlow packet or an IPFIX message) into flow records.
 *
 * <p>Contract: {@link #decode} never throws for bad input. A malformed or truncated datagram is counted in {@link
 * #stats()} under its exporter and skipped (records decoded before the damage may already have reached the sink). The
 * {@link org.accord.sensor.flow.FlowRecord} handed to the sink is reused: copy it to keep it. A decoder is used by one
 * thread at a time; its stats may be read from any thread.
 */
public interface DatagramDecoder {
  /**
   * Decodes the datagram between the buffer's position and limit; the buffer's position, limit and byte order are left
   * as they were.
   *
   * @param datagram the datagram's bytes
   * @param exporterV4 the exporter's IPv4 address as unsigned 32 bits (the key of its templates and counters)
   * @param receivedMillis when it was received, ms since the epoch (for template expiry)
   * @param sink receives each decoded flow
   */
  default void decode(ByteBuffer datagram, long exporterV4, long receivedMillis, FlowSink sink) {
    decode(datagram, exporterV4, 0, receivedMillis, sink);
  }

  /**
   * Decodes a datagram that came from {@code exporterPort} of the exporter: templates and sampler tables are scoped
   * to the transport session, address and port (RFC 7011 §8), so an exporter restarting on a new port starts afresh.
   *
   * @param exporterPort the exporter's UDP source port; 0 when unknown (a file of messages)
   */
  void decode(ByteBuffer datagram, long exporterV4, int exporterPort, long receivedMillis, FlowSink sink);

  /** The counters this decoder adds to. */
  DecoderStats stats();
}
