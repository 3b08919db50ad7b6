package org.accord.sensor.generate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.accord.sensor.flow.FlowRecord;

/**
 * Writes flow records as IPFIX messages (RFC 7011) with two templates: 256 for IPv4 and 257 for IPv6 flows.
 *
 * <pre>
 * 256: sourceIPv4Address(8)/4 destinationIPv4Address(12)/4 sourceTransportPort(7)/2 destinationTransportPort(11)/2
 *      protocolIdentifier(4)/1 tcpControlBits(6)/2 packetDeltaCount(2)/8 octetDeltaCount(1)/8
 *      flowStartMilliseconds(152)/8 flowEndMilliseconds(153)/8                               = 47 bytes per record
 * 257: the same with sourceIPv6Address(27)/16 and destinationIPv6Address(28)/16              = 71 bytes per record
 * </pre>
 *
 * <p>The templates go in the first message and again every {@code templateEvery} messages (over UDP a collector
 * that starts late, or loses the first datagram, learns them from a refresh: RFC 7011 §8.4). A message is sent when
 * the next record would not fit in {@code maxMessageBytes} (default 1400, below a common path MTU). The export time is
 * the latest end of its records, in seconds; the sequence number counts the data records sent before it (§3.1). The
 * buffer handed to the consumer is reused: valid only during the call.
 */
public final class IpfixWriter {
  public static final int V4_TEMPLATE = 256;
  public static final int V6_TEMPLATE = 257;
  private static final int[] V4_FIELDS = {8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 6, 2, 2, 8, 1, 8, 152, 8, 153, 8};
  private static final int[] V6_FIELDS = {27, 16, 28, 16, 7, 2, 11, 2, 4, 1, 6, 2, 2, 8, 1, 8, 152, 8, 153, 8};
  private static final int V4_RECORD = 47;
  private static final int V6_RECORD = 71;

  private final long domain;
  private final int templateEvery;
  private final Consumer<ByteBuffer> out;
  private final ByteBuffer buf;
  private int setStart = -1;
  private int setId;
  private int records;
  private long exportMillis;
  private long sequence;
  private long messages;

  /** A writer for observation domain 1, 1400-byte messages, templates every 20 messages. */
  public IpfixWriter(Consumer<ByteBuffer> out) {
    this(1, 1400, 20, out);
  }

  /**
   * @param observationDomain the observation domain id of every message
   * @param maxMessageBytes the largest message (at least 512, at most 65535)
   * @param templateEvery send the templates in every n-th message (1 = in every message)
   * @param out receives each message, positioned at its start
   */
  public IpfixWriter(long observationDomain, int maxMessageBytes, int templateEvery, Consumer<ByteBuffer> out) {
    if (maxMessageBytes < 512 || maxMessageBytes > 65535 || templateEvery < 1) {
      throw new IllegalArgumentException("message size 512..65535 and template interval >= 1");
    }
    this.domain = observationDomain;
    this.templateEvery = templateEvery;
    this.out = out;
    this.buf = ByteBuffer.allocate(maxMessageBytes).order(ByteOrder.BIG_ENDIAN);
    begin();
  }

  /** Adds a record, sending the current message first when it would not fit. */
  public void write(FlowRecord r) {
    int id = r.ipv6 ? V6_TEMPLATE : V4_TEMPLATE;
    int size = r.ipv6 ? V6_RECORD : V4_RECORD;
    if (id != setId && buf.remaining() < 4 + size || id == setId && buf.remaining() < size) {
      flush();
    }
    if (id != setId) {
      closeSet();
      setStart = buf.position();
      setId = id;
      buf.putInt(id << 16); // set header; the length is written when the set closes
    }
    if (r.ipv6) {
      buf.putLong(r.srcHi).putLong(r.srcLo).putLong(r.dstHi).putLong(r.dstLo);
    } else {
      buf.putInt((int) r.srcLo).putInt((int) r.dstLo);
    }
    buf.putShort((short) r.srcPort).putShort((short) r.dstPort).put((byte) r.protocol).putShort((short) r.tcpFlags);
    buf.putLong(r.packets).putLong(r.bytes).putLong(r.startMillis).putLong(r.endMillis);
    exportMillis = Math.max(exportMillis, r.endMillis);
    records++;
  }

  /** Sends the message built so far, if it holds any record. */
  public void flush() {
    if (records == 0) {
      return;
    }
    closeSet();
    int length = buf.position();
    buf.putShort(0, (short) 10);
    buf.putShort(2, (short) length);
    buf.putInt(4, (int) (exportMillis / 1000));
    buf.putInt(8, (int) sequence);
    buf.putInt(12, (int) domain);
    buf.flip();
    sequence += records;
    messages++;
    out.accept(buf);
    begin();
  }

  /** Messages sent so far. */
  public long messages() {
    return messages;
  }

  private void begin() {
    buf.clear();
    buf.position(16);
    records = 0;
    exportMillis = 0;
    setStart = -1;
    setId = 0;
    if (messages % templateEvery == 0) {
      int start = buf.position();
      buf.putInt(2 << 16);
      template(V4_TEMPLATE, V4_FIELDS);
      template(V6_TEMPLATE, V6_FIELDS);
      buf.putShort(start + 2, (short) (buf.position() - start));
    }
  }

  private void template(int id, int[] fields) {
    buf.putShort((short) id).putShort((short) (fields.length / 2));
    for (int i = 0; i < fields.length; i += 2) {
      buf.putShort((short) fields[i]).putShort((short) fields[i + 1]);
    }
  }

  private void closeSet() {
    if (setStart >= 0) {
      buf.putShort(setStart + 2, (short) (buf.position() - setStart));
      setStart = -1;
      setId = 0;
    }
  }
}
