package org.accord.sensor.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Sends datagrams (from {@link NetflowV5Writer} or {@link IpfixWriter}) to a collector over UDP, optionally paced to at
 * most {@code maxPerSecond} datagrams per second (a burst faster than the receiver's socket buffer would only be
 * dropped by the kernel).
 */
public final class UdpSender implements Consumer<ByteBuffer>, AutoCloseable {
  private final DatagramChannel channel;
  private final InetSocketAddress target;
  private final long nanosPerDatagram;
  private long nextNanos;
  private long sent;

  /** A sender without pacing. */
  public UdpSender(InetSocketAddress target) throws IOException {
    this(target, 0);
  }

  /**
   * @param target the collector's address
   * @param maxPerSecond datagrams per second at most; 0 for no pacing
   */
  public UdpSender(InetSocketAddress target, int maxPerSecond) throws IOException {
    this.target = target;
    this.channel = DatagramChannel.open();
    this.nanosPerDatagram = maxPerSecond > 0 ? 1_000_000_000L / maxPerSecond : 0;
    this.nextNanos = System.nanoTime();
  }

  /** Sends the datagram between the buffer's position and limit. */
  @Override
  public void accept(ByteBuffer datagram) {
    if (nanosPerDatagram > 0) {
      long wait = nextNanos - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      nextNanos = Math.max(nextNanos + nanosPerDatagram, System.nanoTime() - 1_000_000_000L);
    }
    try {
      channel.send(datagram.duplicate(), target);
      sent++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Datagrams sent. */
  public long sent() {
    return sent;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
