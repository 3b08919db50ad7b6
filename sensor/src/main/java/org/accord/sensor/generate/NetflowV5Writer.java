package org.accord.sensor.generate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.accord.sensor.flow.FlowRecord;

/**
 * Writes flow records as NetFlow v5 datagrams (24-byte header, up to 30 records of 48 bytes), as an exporter that
 * booted at {@code bootMillis} would.
 *
 * <p>Each datagram is stamped with the latest end time of its records as export time, so every record's uptime
 * offsets are in the past. IPv6 records cannot be expressed in v5 and are refused. The buffer handed to the consumer is
 * reused: it is valid only during the call (write it to a file or a socket, or copy it).
 */
public final class NetflowV5Writer {
  /** Cisco's maximum records per v5 datagram. */
  public static final int MAX_RECORDS = 30;

  private final long bootMillis;
  private final Consumer<ByteBuffer> out;
  private final ByteBuffer buf = ByteBuffer.allocate(24 + MAX_RECORDS * 48).order(ByteOrder.BIG_ENDIAN);
  private int count;
  private long exportMillis;
  private long sequence;
  private long datagrams;

  /**
   * @param bootMillis when the simulated exporter booted (epoch ms); flows must not start before it
   * @param out receives each datagram, positioned at its start
   */
  public NetflowV5Writer(long bootMillis, Consumer<ByteBuffer> out) {
    this.bootMillis = bootMillis;
    this.out = out;
  }

  /** Adds a record; sends a datagram when 30 have gathered. Returns false (and writes nothing) for IPv6. */
  public boolean write(FlowRecord r) {
    if (r.ipv6) {
      return false;
    }
    int o = 24 + count * 48;
    buf.putInt(o, (int) r.srcLo);
    buf.putInt(o + 4, (int) r.dstLo);
    buf.putInt(o + 8, 0); // next hop
    buf.putShort(o + 12, (short) 0); // input ifIndex
    buf.putShort(o + 14, (short) 0); // output ifIndex
    buf.putInt(o + 16, (int) Math.min(r.packets, 0xffffffffL));
    buf.putInt(o + 20, (int) Math.min(r.bytes, 0xffffffffL));
    buf.putInt(o + 24, (int) uptime(r.startMillis));
    buf.putInt(o + 28, (int) uptime(r.endMillis));
    buf.putShort(o + 32, (short) r.srcPort);
    buf.putShort(o + 34, (short) r.dstPort);
    buf.put(o + 36, (byte) 0);
    buf.put(o + 37, (byte) r.tcpFlags);
    buf.put(o + 38, (byte) r.protocol);
    buf.put(o + 39, (byte) 0); // ToS
    buf.putLong(o + 40, 0); // AS numbers, masks, padding
    exportMillis = Math.max(exportMillis, Math.max(r.endMillis, r.startMillis));
    if (++count == MAX_RECORDS) {
      flush();
    }
    return true;
  }

  /** Sends the records gathered so far, if any. */
  public void flush() {
    if (count == 0) {
      return;
    }
    buf.putShort(0, (short) 5);
    buf.putShort(2, (short) count);
    buf.putInt(4, (int) uptime(exportMillis));
    buf.putInt(8, (int) (exportMillis / 1000));
    buf.putInt(12, (int) (exportMillis % 1000 * 1_000_000));
    buf.putInt(16, (int) sequence);
    buf.putInt(20, 0); // engine type and id, sampling interval
    buf.position(0).limit(24 + count * 48);
    sequence += count;
    count = 0;
    exportMillis = 0;
    datagrams++;
    out.accept(buf);
    buf.clear();
  }

  /** Datagrams sent so far. */
  public long datagrams() {
    return datagrams;
  }

  private long uptime(long epochMillis) {
    return Math.max(0, epochMillis - bootMillis) & 0xffffffffL;
  }
}
