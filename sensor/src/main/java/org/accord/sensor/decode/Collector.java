package org.accord.sensor.decode;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.accord.sensor.flow.FlowSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP collectors for NetFlow and IPFIX: one listening socket and one thread per port.
 *
 * <p>Design note. Transport apart from parsing: a listener only receives datagrams and hands each to a decoder chosen
 * by the version field (5, 9, or 10 for IPFIX, on any port: some exporters send IPFIX to 2055). IPFIX template withdrawals are ignored here, as they have no
 * place over UDP (RFC 7011 §8.4). Each listener thread
 * has its own decoders, so template state needs no locks; all share one {@link DecoderStats}. The sink is called from
 * the listener threads, concurrently when there are several listeners: it must be thread-safe then. Nothing a
 * datagram contains can stop a listener (decoders count and skip); an exception from the sink is logged and the
 * listener goes on. {@link #stop()} closes the sockets, which ends the blocking receives.
 *
 * <p>Only exporters on the {@link ExporterAllowList} are heard (default: loopback): a datagram from any other source
 * is dropped before decoding, counted ({@link #dropped()}), and logged at most once per source per {@link
 * #DROP_LOG_INTERVAL}, so a flood of forged datagrams cannot flood the log either. Listeners bind the address they are
 * given, never every interface by default.
 *
 * <p>Templates and sampler tables are scoped to the transport session (RFC 7011 §8): the exporter's address and UDP
 * source port, which each datagram carries; the listener's own address and port are fixed per listener, whose
 * decoders are its own. An exporter restarting on a new source port starts a new session: its data decode once its
 * templates arrive again, never with the old session's templates. Templates expire {@code templateExpiry} after their
 * last refresh on the collector's clock (default {@link NetflowV9Decoder#DEFAULT_TEMPLATE_EXPIRY}; zero: never).
 *
 * <p>Exporters are keyed by IPv4 address; an IPv6 exporter is keyed by a 32-bit fold of its address (IPv4-mapped ones
 * by their IPv4 address), so two IPv6 exporters could in principle share counters and template scope.
 */
public final class Collector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Collector.class);
  /** Larger than any UDP payload. */
  private static final int MAX_DATAGRAM = 65_535;
  /** Kernel receive buffer asked for: bursts of exports outrun a thread briefly. */
  private static final int RECEIVE_BUFFER = 8 << 20;

  private final FlowSink sink;
  private final Clock clock;
  private final Duration templateExpiry;
  private final SamplingPolicy sampling;
  private final DecoderStats stats = new DecoderStats();
  private final List<Listener> listeners = new ArrayList<>();
  private final ExporterAllowList exporters;
  private final AtomicLong dropped = new AtomicLong();
  /** When each refused source was last logged; cleared when it reaches {@link #DROP_LOG_SOURCES} (bounded). */
  private final ConcurrentHashMap<InetAddress, Long> dropLogged = new ConcurrentHashMap<>();

  /** How often one refused source is logged at most. */
  static final Duration DROP_LOG_INTERVAL = Duration.ofMinutes(1);
  /** Most refused sources remembered for log rate limiting (spoofed sources are unbounded). */
  private static final int DROP_LOG_SOURCES = 4096;

  /** A collector with the system clock and the default template expiry, hearing loopback exporters only. */
  public Collector(FlowSink sink) {
    this(sink, Clock.systemUTC(), NetflowV9Decoder.DEFAULT_TEMPLATE_EXPIRY);
  }

  /** A collector with the system clock and the default template expiry, hearing only {@code exporters}. */
  public Collector(FlowSink sink, ExporterAllowList exporters) {
    this(sink, Clock.systemUTC(), NetflowV9Decoder.DEFAULT_TEMPLATE_EXPIRY, exporters);
  }

  /** As {@link #Collector(FlowSink, Clock, Duration, ExporterAllowList)} hearing loopback exporters only. */
  public Collector(FlowSink sink, Clock clock, Duration templateExpiry) {
    this(sink, clock, templateExpiry, ExporterAllowList.of(ExporterAllowList.LOOPBACK));
  }

  /**
   * @param sink receives every decoded flow (from the listener threads)
   * @param clock stamps the arrival of datagrams (template expiry)
   * @param templateExpiry how long a template lives without a refresh
   * @param exporters the sources whose datagrams are decoded
   */
  public Collector(FlowSink sink, Clock clock, Duration templateExpiry, ExporterAllowList exporters) {
    this(sink, clock, templateExpiry, exporters, SamplingPolicy.ANNOUNCED);
  }

  /**
   * @param sink receives every decoded flow (from the listener threads)
   * @param clock stamps the arrival of datagrams (template expiry)
   * @param templateExpiry how long a template or sampler rate lives without a refresh; zero: for ever
   * @param exporters the sources whose datagrams are decoded
   * @param sampling the operator's default and per-exporter sampling rates
   */
  public Collector(FlowSink sink, Clock clock, Duration templateExpiry, ExporterAllowList exporters,
      SamplingPolicy sampling) {
    this.sampling = Objects.requireNonNull(sampling, "sampling");
    this.exporters = Objects.requireNonNull(exporters, "exporters");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.templateExpiry = Objects.requireNonNull(templateExpiry, "templateExpiry");
  }

  /** Listens for NetFlow v5/v9 (and IPFIX) on a UDP port of {@code host}; 0 picks a free port. Returns the port. */
  public int listenNetflow(InetAddress host, int port) throws IOException {
    return listen(new InetSocketAddress(host, port), "netflow");
  }

  /** Listens for IPFIX (and NetFlow) on a UDP port of {@code host}; 0 picks a free port. Returns the port. */
  public int listenIpfix(InetAddress host, int port) throws IOException {
    return listen(new InetSocketAddress(host, port), "ipfix");
  }

  /** Datagrams dropped because their source is not on the exporter allow-list. */
  public long dropped() {
    return dropped.get();
  }

  /** Listens on a given local address (e.g. loopback in tests). Returns the bound port. */
  public synchronized int listen(InetSocketAddress local, String name) throws IOException {
    DatagramChannel ch = DatagramChannel.open();
    try {
      ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
      ch.bind(local);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    Listener l = new Listener(ch);
    int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
    Thread t = new Thread(l, "collector-" + name + "-" + port);
    t.setDaemon(true);
    l.thread = t;
    listeners.add(l);
    t.start();
    return port;
  }

  /** Counters per exporter, over all listeners. */
  public DecoderStats stats() {
    return stats;
  }

  /** Closes every socket and waits (briefly) for the listener threads to end. */
  public synchronized void stop() {
    for (Listener l : listeners) {
      try {
        l.channel.close();
      } catch (IOException e) {
        log.warn("closing a collector socket: {}", e.toString());
      }
    }
    for (Listener l : listeners) {
      try {
        l.thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    listeners.clear();
  }

  @Override
  public void close() {
    stop();
  }

  /** The key of an exporter's address: IPv4 as unsigned 32 bits; IPv6 folded (see the class note). */
  static long exporterKey(SocketAddress from) {
    if (!(from instanceof InetSocketAddress isa) || isa.getAddress() == null) {
      return 0;
    }
    InetAddress a = isa.getAddress();
    return a instanceof Inet4Address || a instanceof Inet6Address ? exporterKey(a.getAddress()) : 0;
  }

  private static final byte[] V4_MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1};

  /** The key of an exporter's address given as 4 or 16 bytes (a capture's source address). */
  static long exporterKey(byte[] b) {
    if (b.length == 4) {
      return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    }
    if (b.length == 16) {
      if (Arrays.equals(b, 0, 12, V4_MAPPED, 0, 12)) {
        return exporterKey(Arrays.copyOfRange(b, 12, 16));
      }
      long h = 0;
      for (int i = 0; i < 16; i += 4) {
        h ^= ((b[i] & 0xffL) << 24) | ((b[i + 1] & 0xffL) << 16) | ((b[i + 2] & 0xffL) << 8) | (b[i + 3] & 0xffL);
      }
      return h;
    }
    return 0;
  }

  /** Whether {@code from} is an allowed exporter; counts and (rate-limited) logs the others. */
  private boolean permitted(SocketAddress from) {
    InetAddress source = from instanceof InetSocketAddress isa ? isa.getAddress() : null;
    if (source != null && exporters.permits(source)) {
      return true;
    }
    long n = dropped.incrementAndGet();
    long now = clock.millis();
    if (dropLogged.size() >= DROP_LOG_SOURCES) {
      dropLogged.clear();
    }
    Long last = dropLogged.get(source == null ? InetAddress.getLoopbackAddress() : source);
    if (source != null && (last == null || now - last >= DROP_LOG_INTERVAL.toMillis())) {
      dropLogged.put(source, now);
      log.warn("collector: datagram from {} dropped: not an allowed exporter ({}); {} dropped in all",
          source.getHostAddress(), exporters, n);
    }
    return false;
  }

  private final class Listener implements Runnable {
    final DatagramChannel channel;
    Thread thread;
    private final NetflowV5Decoder v5 = new NetflowV5Decoder(stats, sampling);
    private final NetflowV9Decoder v9 = new NetflowV9Decoder(stats, templateExpiry, sampling);
    private final IpfixDecoder ipfix = new IpfixDecoder(stats, templateExpiry, false, sampling);

    Listener(DatagramChannel channel) {
      this.channel = channel;
    }

    @Override
    public void run() {
      ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM);
      while (channel.isOpen()) {
        SocketAddress from;
        buf.clear();
        try {
          from = channel.receive(buf);
        } catch (ClosedChannelException e) {
          return; // stop()
        } catch (IOException e) {
          if (!channel.isOpen()) {
            return;
          }
          log.warn("collector receive failed: {}", e.toString());
          continue;
        }
        if (from == null) {
          continue;
        }
        if (!permitted(from)) {
          continue;
        }
        buf.flip();
        dispatch(buf, exporterKey(from), ((InetSocketAddress) from).getPort());
      }
    }

    private void dispatch(ByteBuffer buf, long exporter, int port) {
      long now = clock.millis();
      int version = buf.remaining() >= 2 ? buf.getShort(0) & 0xffff : -1;
      try {
        switch (version) {
          case 5 -> v5.decode(buf, exporter, port, now, sink);
          case 9 -> v9.decode(buf, exporter, port, now, sink);
          default -> ipfix.decode(buf, exporter, port, now, sink); // 10, or counted malformed/truncated by it
        }
      } catch (RuntimeException e) {
        log.warn("flow sink failed on a datagram from {}: {}", exporter, e.toString());
      }
    }
  }
}
