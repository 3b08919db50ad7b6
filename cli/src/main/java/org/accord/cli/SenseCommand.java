package org.accord.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.NodeSensor;
import org.accord.sensor.Sensor;
import org.accord.sensor.decode.AccessLogDecoder;
import org.accord.sensor.decode.Collector;
import org.accord.sensor.decode.DecoderStats;
import org.accord.sensor.decode.ExporterAllowList;
import org.accord.sensor.decode.FlowFiles;
import org.accord.sensor.decode.LineStats;
import org.accord.sensor.decode.LogLineDecoder;
import org.accord.sensor.decode.PacketCapture;
import org.accord.sensor.decode.SamplingPolicy;
import org.accord.sensor.decode.SshAuthLogDecoder;
import org.accord.sensor.detect.Attack;
import org.accord.sensor.enrich.Asset;
import org.accord.sensor.enrich.AssetFiles;
import org.accord.sensor.enrich.Sector;
import org.accord.sensor.flow.FlowSink;
import org.accord.sensor.generate.GroundTruth;
import org.accord.sensor.generate.IpfixWriter;
import org.accord.sensor.generate.NetflowV5Writer;
import org.accord.sensor.generate.TrafficGenerator;
import org.accord.sensor.generate.UdpSender;
import org.accord.store.AssetStore;
import org.accord.store.ObjectStore;
import org.accord.store.StoredAsset;
import org.accord.store.Stores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code accord sense}: the node's sensor. {@code replay} and {@code listen} run telemetry (files, or NetFlow/IPFIX over
 * UDP) through the pipeline — decode, enrich, match every indicator the node holds, detect attacks — and store the
 * sightings and incidents in the node's sensor collection ({@code sensor.collection}, else the node's first; {@code
 * accord export --collection sensor} reads it), from where the rulebook decides who receives them. {@code
 * assets} manages the critical-infrastructure registry; {@code generate} makes traffic for tests, demos and benchmarks.
 */
@Command(
    name = "sense",
    mixinStandardHelpOptions = true,
    description = "Ingest telemetry, detect attacks, match indicators; manage the CI asset registry; generate traffic.",
    subcommands = {
      SenseCommand.Replay.class,
      SenseCommand.Listen.class,
      SenseCommand.Generate.class,
      SenseCommand.Assets.class
    })
final class SenseCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a sense command is required");
  }

  /** The attacks and counts of a run, on standard output. */
  static void report(PrintWriter out, NodeSensor sensor, ObjectStore store) {
    Sensor.Stats s = sensor.sensor().stats();
    long[] stored = sensor.stored();
    out.printf(Locale.ROOT, "flows %d, log events %d, indicator matches %d, sightings %d, attack reports %d;"
            + " %d flows without an address kept out of matching and detection%n",
        s.flows(), s.events(), s.matches(), s.sightings(), s.attackReports(), s.noAddress());
    for (Attack a : sensor.sensor().attacks()) {
      out.printf(Locale.ROOT, "attack %s on %s (group %s): %s .. %s, peak %.0f pps %.1f Mbit/s %.0f flows/s,"
              + " %d sources%s%s%n",
          a.kind().name().toLowerCase(Locale.ROOT), a.target(), a.targetGroup(), Instant.ofEpochMilli(a.startMillis()),
          Instant.ofEpochMilli(a.endMillis()), a.peakPps(), a.peakBps() / 1e6, a.peakFps(), a.sources(),
          a.foreignShare() >= 0 ? String.format(Locale.ROOT, ", %.0f%% from abroad", a.foreignShare() * 100) : "",
          a.detail().isEmpty() ? "" : " (" + a.detail() + ")");
    }
    String alias = store.collection(sensor.collection()).map(c -> c.alias()).orElse(null);
    out.printf(Locale.ROOT, "stored %d STIX objects in the sensor collection %s (%d already held, %d refused);"
            + " accord export --collection %s writes them out%n",
        stored[0], alias == null ? sensor.collection() : alias + " (" + sensor.collection() + ")", stored[1],
        stored[2], Collections.SENSOR);
    out.flush();
  }

  /** The decoder's counters after a file, so that what was skipped is never silent. */
  static String counters(FlowFiles.Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append(r.lines() != null ? counters(r.lines()) : counters(r.flows()));
    PacketCapture.Counts p = r.capture();
    if (p != null) {
      sb.append(String.format(Locale.ROOT, "%n  packets %d: UDP %d (not NetFlow/IPFIX %d), fragments %d (reassembled"
              + " into %d datagrams, fragmented (not reassembled) %d), cut by snap length %d, not IP %d, not UDP %d,"
              + " unsupported link type %d",
          p.packets(), p.udp(), r.notFlow(), p.fragments(), p.reassembled(), p.fragmentsLost(), p.snapped(),
          p.notIp(), p.notUdp(), p.unsupportedLink()));
    }
    return sb.toString();
  }

  static String counters(LineStats.Counts l) {
    return String.format(Locale.ROOT, "  lines %d: records %d, ignored %d, malformed %d, clamped %d",
        l.lines(), l.events(), l.ignored(), l.malformed(), l.clamped());
  }

  static String counters(DecoderStats.Counts c) {
    return String.format(Locale.ROOT, "  datagrams %d: records %d, malformed %d, truncated %d,"
            + " unknown template %d, no address %d, clamped %d, templates %d, sampled %d",
        c.datagrams(), c.records(), c.malformed(), c.truncated(), c.unknownTemplate(), c.noAddress(), c.clamped(),
        c.templates(), c.sampled());
  }

  /**
   * {@code --template-expiry}: {@code 0} or {@code never}, a number of seconds, a number with a unit ({@code 90s},
   * {@code 30m}, {@code 2h}, {@code 1d}), or an ISO-8601 duration ({@code PT30M}).
   */
  static final class ExpiryConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      if (t.equals("never") || t.equals("0")) {
        return Duration.ZERO;
      }
      Duration d;
      try {
        if (t.startsWith("p")) {
          d = Duration.parse(t.toUpperCase(Locale.ROOT));
        } else {
          char unit = t.charAt(t.length() - 1);
          long n = Long.parseLong(Character.isDigit(unit) ? t : t.substring(0, t.length() - 1));
          d = switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> {
              if (!Character.isDigit(unit)) {
                throw new NumberFormatException();
              }
              yield Duration.ofSeconds(n);
            }
          };
        }
      } catch (RuntimeException e) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "' is not a duration (0 or never, 90s, 30m, 2h, 1d, PT30M)");
      }
      if (d.isNegative()) {
        throw new CommandLine.TypeConversionException("a template expiry cannot be negative: " + text);
      }
      return d;
    }
  }

  static FlowFiles.Progress progress(PrintWriter err, Path file) {
    boolean terminal = System.console() != null;
    long[] last = {0};
    return (read, total) -> {
      long now = System.nanoTime();
      if (terminal && (now - last[0] > 500_000_000L || read == total)) {
        last[0] = now;
        err.printf(Locale.ROOT, "\r%s: %d%%", file.getFileName(), total > 0 ? read * 100 / total : 100);
        err.flush();
      }
    };
  }

  /** {@code sense replay FILE...}: telemetry files through the sensor, in event time. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Run telemetry files through the sensor and store what it finds.",
        "Flow files are told by their first bytes, not their names: NetFlow v5, v9 and IPFIX export packets back to"
            + " back (raw, as a collector's dump or nc -lu writes them, versions may be mixed), framed NetFlow v9,"
            + " JSON lines, and pcap or pcapng captures of exporter traffic (UDP to any port, IPv4 or IPv6 exporters,"
            + " fragments reassembled, Ethernet with VLAN tags, raw IP, Linux cooked SLL and SLL2, loopback).",
        "With --log the files are an OpenSSH auth log (ssh) or a combined-format web access log (access).",
        "A file of no known format is refused before anything is read, saying what it looks like.",
        "After each file the decoder's counters are printed on standard error: records, malformed, truncated,"
            + " unknown template, no address, clamped, sampled (and the packets of a capture).",
        "Packets and bytes are scaled by the sampling rate each exporter announces (v5 header, v9/IPFIX sampler"
            + " options), unless sensor.sampling overrides it for that exporter; exporters announcing none get"
            + " sensor.sampling.default_rate (or --default-sampling-rate). The 'sampled' counter says how many"
            + " records were scaled.",
        "Findings are stored in the sensor collection: the one sensor.collection names, else the node's first"
            + " (alias default); accord export --collection sensor writes it out."
      })
  static final class Replay implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Telemetry files.")
    List<Path> files;

    @Option(
        names = "--log",
        paramLabel = "ssh|access",
        description = "The files are logs of this kind: ssh, an OpenSSH auth log (syslog); access, a web access log.")
    String log;

    @Option(
        names = "--year",
        paramLabel = "YEAR",
        description = "Year of the syslog timestamps, which carry none (default: this year, or last year for a date"
            + " more than a day ahead of today, so last December's log read in January is last year's).")
    Integer year;

    @Option(
        names = "--site",
        paramLabel = "HOST[:PORT]",
        description = "With --log access: the site the log belongs to (its virtual host, and port if not 80), the"
            + " victim of the attacks found and the host of URL indicators; lines in Apache's vhost_combined format"
            + " name their own. Without it, plain combined lines match only absolute-form request URLs.")
    String site;

    @Option(
        names = "--template-expiry",
        paramLabel = "DURATION",
        converter = ExpiryConverter.class,
        description = "Forget a template (or sampler rate) not refreshed within DURATION of the file's own time"
            + " (export or capture time): 0 or never (the default: a file holds the templates its data need, however"
            + " long before them), 90s, 30m, 2h, PT30M.")
    Duration templateExpiry = Duration.ZERO;

    @Option(
        names = "--default-sampling-rate",
        paramLabel = "N",
        description = "Scale flows of exporters that announce no sampling rate by N (default:"
            + " sensor.sampling.default_rate, else 1); overrides per exporter in sensor.sampling still win.")
    Long defaultSamplingRate;

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      NodeConfig config = configOption.load();
      FlowFiles.Settings settings;
      try {
        SamplingPolicy policy = config.sensor().sampling().policy();
        if (defaultSamplingRate != null) {
          policy = new SamplingPolicy(defaultSamplingRate, policy.exporters());
        }
        settings = new FlowFiles.Settings(templateExpiry, policy);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--default-sampling-rate: " + e.getMessage());
      }
      PrintWriter err = spec.commandLine().getErr();
      LogLineDecoder checked = log != null ? logDecoder(log, spec.commandLine()) : null;
      if (checked == null && !formatsKnown(err)) {
        return Main.INVALID_INPUT;
      }
      try (ObjectStore store = Stores.open(Node.storeSettings(config))) {
        Node.ensureCollections(config, store);
        NodeSensor sensor = NodeSensor.open(config, store, Clock.systemUTC());
        NodeSensor.IndicatorReport ir = sensor.indicators();
        err.printf(Locale.ROOT, "accord sense: %d indicators indexed, %d complex and %d unsupported not matched%n",
            ir.indexed(), ir.complex(), ir.unsupported());
        for (Path file : files) {
          if (log != null) {
            LogLineDecoder decoder = logDecoder(log, spec.commandLine());
            FlowFiles.readLog(file, decoder, sensor.sensor()::event, progress(err, file));
            err.printf(Locale.ROOT, "%s:%n%s%n", file, counters(decoder.stats().snapshot()));
          } else {
            FlowFiles.Result r = FlowFiles.read(file, sensor.sensor(), progress(err, file), settings);
            err.printf(Locale.ROOT, "%n%s: %s, %d bytes%s%n", file, r.format(), r.bytes(),
                r.error() != null ? " (stopped: " + r.error() + "; the flows before it are kept)"
                    : r.complete() ? "" : " (framing lost: the rest of the file was skipped)");
            err.println(counters(r));
          }
        }
        sensor.sensor().finish();
        report(spec.commandLine().getOut(), sensor, store);
      }
      return Main.OK;
    }

    /** Detects every file's format before any is read: an unknown one is refused up front, not after an hour. */
    private boolean formatsKnown(PrintWriter err) throws IOException {
      boolean known = true;
      for (Path file : files) {
        if (!Files.isRegularFile(file)) {
          throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file");
        }
        try {
          FlowFiles.detect(file);
        } catch (IOException e) {
          err.println("accord: " + e.getMessage());
          known = false;
        }
      }
      err.flush();
      return known;
    }

    private AccessLogDecoder accessLog(CommandLine cl) {
      if (site == null || site.isBlank()) {
        return new AccessLogDecoder("", 80);
      }
      String host = site.trim().toLowerCase(java.util.Locale.ROOT);
      int port = 80;
      int colon = host.lastIndexOf(':');
      if (colon > 0 && host.indexOf(':') == colon) { // host:port; an IPv6 literal needs brackets for a port
        try {
          port = Integer.parseInt(host.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
        host = host.substring(0, colon);
      } else if (host.startsWith("[") && host.contains("]:")) {
        int end = host.indexOf("]:");
        try {
          port = Integer.parseInt(host.substring(end + 2));
        } catch (NumberFormatException e) {
          port = -1;
        }
        host = host.substring(1, end);
      }
      if (port < 1 || port > 65535 || host.isEmpty()) {
        throw new CommandLine.ParameterException(cl, "--site must be HOST or HOST:PORT (port 1-65535), not " + site);
      }
      return new AccessLogDecoder(host, port);
    }

    private LogLineDecoder logDecoder(String kind, CommandLine cl) {
      return switch (kind) {
        case "ssh" -> year != null
            ? new SshAuthLogDecoder(year)
            : SshAuthLogDecoder.inferringYear(java.time.Clock.systemUTC(), ZoneOffset.UTC, 22);
        case "access" -> accessLog(cl);
        default -> throw new CommandLine.ParameterException(cl, "--log must be ssh or access, not " + kind);
      };
    }
  }

  /** {@code sense listen}: UDP collectors feeding the sensor until Ctrl-C. */
  @Command(
      name = "listen",
      mixinStandardHelpOptions = true,
      description = {
        "Collect NetFlow (v5/v9) and IPFIX over UDP and run them through the sensor until Ctrl-C or SIGTERM.",
        "Datagrams are decoded by their version field whichever port they reach; only the allowed exporters are heard.",
        "Templates and sampler rates belong to the exporter's transport session (address and source port, RFC 7011"
            + " §8) and expire after sensor.collector.template_expiry_seconds (default 1800) without a refresh.",
        "Packets and bytes are scaled by the announced sampling rate unless sensor.sampling overrides it.",
        "When it stops, the open attacks are closed, the findings stored in the sensor collection (the one"
            + " sensor.collection names, else the node's first; accord export --collection sensor writes it out), and"
            + " the decoder's counters printed: records, malformed, truncated, unknown template, no address, clamped, sampled."
      })
  static final class Listen implements Callable<Integer> {
    @Option(names = "--netflow", paramLabel = "PORT", description = "NetFlow v5/v9 port (e.g. 2055).")
    Integer netflow;

    @Option(names = "--ipfix", paramLabel = "PORT", description = "IPFIX port (e.g. 4739).")
    Integer ipfix;

    @Option(names = "--seconds", paramLabel = "N", description = "Stop after N seconds (default: until Ctrl-C).")
    Integer seconds;

    @Option(
        names = "--host",
        paramLabel = "ADDRESS",
        description = "Local address to listen on (default: sensor.collector.host, else the node's host).")
    String host;

    @Option(
        names = "--exporter",
        paramLabel = "ADDRESS|CIDR",
        description = "An exporter whose datagrams are decoded; repeatable (default: sensor.collector.exporters,"
            + " else loopback only). Datagrams from others are dropped and counted.")
    List<String> exporterOptions;

    @Option(
        names = "--template-expiry",
        paramLabel = "DURATION",
        converter = ExpiryConverter.class,
        description = "Forget a template (or sampler rate) not refreshed within DURATION: 0 or never, 90s, 30m, 2h,"
            + " PT30M (default: sensor.collector.template_expiry_seconds, else 30 minutes).")
    Duration templateExpiry;

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (netflow == null && ipfix == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give --netflow PORT, --ipfix PORT or both");
      }
      NodeConfig config = configOption.load();
      NodeConfig.Collector settings = config.sensor().collector();
      String bindHost = host != null ? host : settings.host() != null ? settings.host() : config.host();
      ExporterAllowList exporters;
      try {
        exporters = ExporterAllowList.of(
            exporterOptions != null && !exporterOptions.isEmpty() ? exporterOptions : settings.exporters());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--exporter: " + e.getMessage());
      }
      java.net.InetAddress bind = java.net.InetAddress.getByName(bindHost);
      PrintWriter err = spec.commandLine().getErr();
      CountDownLatch reported = new CountDownLatch(1);
      try (ObjectStore store = Stores.open(Node.storeSettings(config))) {
        Node.ensureCollections(config, store);
        NodeSensor sensor = NodeSensor.open(config, store, Clock.systemUTC());
        Object lock = new Object();
        FlowSink serial = r -> {
          synchronized (lock) { // one collector thread per port; the pipeline is single-threaded
            sensor.sensor().flow(r);
          }
        };
        CountDownLatch stop = new CountDownLatch(1);
        Duration expiry = templateExpiry != null ? templateExpiry
            : Duration.ofSeconds(settings.templateExpirySeconds());
        try (Collector collector = new Collector(serial, Clock.systemUTC(), expiry, exporters,
            config.sensor().sampling().policy())) {
          String at = bind.getHostAddress();
          if (netflow != null) {
            err.println("accord sense: NetFlow on UDP port " + collector.listenNetflow(bind, netflow) + " at " + at
                + ", from exporters " + exporters);
          }
          if (ipfix != null) {
            err.println("accord sense: IPFIX on UDP port " + collector.listenIpfix(bind, ipfix) + " at " + at
                + ", from exporters " + exporters);
          }
          err.flush();
          // Ctrl-C or SIGTERM: the JVM halts once the hooks return, so the hook waits (up to a minute) for this thread
          // to finish the pipeline, close every open attack, store the findings and print the report. Without the
          // wait, a stopped listener printed nothing and stored nothing (issue 9, finding 11).
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
              reported.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }, "accord-sense-stop"));
          var refresher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
          refresher.scheduleWithFixedDelay(() -> {
            synchronized (lock) { // indicators partners shared since the start join the index
              int n = sensor.refresh();
              if (n > 0) {
                err.println("accord sense: " + n + " new indicator version(s) indexed");
                err.flush();
              }
            }
          }, 30, 30, java.util.concurrent.TimeUnit.SECONDS);
          if (seconds != null) {
            stop.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
          } else {
            stop.await();
          }
          collector.stop();
          refresher.shutdownNow();
          err.println("accord sense: collected" + System.lineSeparator() + counters(collector.stats().total())
              + (collector.dropped() > 0 ? "; " + collector.dropped() + " datagram(s) from other sources dropped" : ""));
        }
        synchronized (lock) {
          sensor.sensor().finish();
        }
        report(spec.commandLine().getOut(), sensor, store);
        spec.commandLine().getOut().flush();
      } finally {
        reported.countDown();
      }
      return Main.OK;
    }
  }

  /** {@code sense generate}: synthetic traffic with known truth, to a file or a collector. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Generate the traffic of a scenario as NetFlow v5 or IPFIX, into a file or over UDP.",
        "Scenarios: background, ddos-finance, scan, bruteforce.",
        "The ground truth (each injected attack) is printed on standard output."
      })
  static final class Generate implements Callable<Integer> {
    @Option(names = "--scenario", required = true, paramLabel = "NAME", description = "background, ddos-finance, scan, bruteforce.")
    String scenario;

    @Option(names = "--rate", defaultValue = "10000", paramLabel = "N", description = "Background flows/s (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seconds", defaultValue = "60", paramLabel = "N", description = "Duration (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", defaultValue = "netflow-v5", paramLabel = "netflow-v5|ipfix", description = "Export format (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the datagrams to FILE.")
    Path out;

    @Option(names = "--udp", paramLabel = "HOST:PORT", description = "Send the datagrams to a collector.")
    String udp;

    @Option(
        names = "--pace",
        paramLabel = "N",
        defaultValue = "20000",
        description = "With --udp, at most N datagrams per second (default 20000, about 600,000 flows/s; 0: no"
            + " pacing). A burst faster than the collector's socket buffer is dropped by the kernel, not decoded.")
    int pace;

    @Option(names = "--auth-log", paramLabel = "FILE", description = "Also write the SSH auth log of the scenario.")
    Path authLog;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if ((out == null) == (udp == null)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --out FILE and --udp HOST:PORT");
      }
      TrafficGenerator.Scenario s;
      try {
        s = TrafficGenerator.Scenario.of(scenario);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      TrafficGenerator generator =
          new TrafficGenerator(TrafficGenerator.Config.of(s, rate, Duration.ofSeconds(seconds), seed));
      long flows;
      try (Sink sink = out != null ? Sink.file(out) : Sink.udp(udp, pace, spec.commandLine())) {
        flows = write(generator, format, sink, spec.commandLine());
      }
      if (authLog != null) {
        try (var w = Files.newBufferedWriter(authLog, StandardCharsets.UTF_8)) {
          generator.authLog(line -> {
            try {
              w.write(line);
              w.write('\n');
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
        }
      }
      PrintWriter o = spec.commandLine().getOut();
      for (GroundTruth t : generator.truth()) {
        o.printf(Locale.ROOT, "truth %s on %s from %s to %s, %d sources%s%n", t.kind().name().toLowerCase(Locale.ROOT),
            t.target(), Instant.ofEpochMilli(t.startMillis()), Instant.ofEpochMilli(t.endMillis()), t.sources(),
            t.detail().isEmpty() ? "" : " (" + t.detail() + ")");
      }
      o.flush();
      spec.commandLine().getErr().println("accord sense: generated " + flows + " flows (" + scenario + ", "
          + format + ")");
      return Main.OK;
    }

    static long write(TrafficGenerator g, String format, Consumer<ByteBuffer> sink, CommandLine cl) {
      return switch (format) {
        case "netflow-v5" -> {
          NetflowV5Writer w = new NetflowV5Writer(g.config().startMillis(), sink);
          long n = g.flows(w::write);
          w.flush();
          yield n;
        }
        case "ipfix" -> {
          IpfixWriter w = new IpfixWriter(sink);
          long n = g.flows(w::write);
          w.flush();
          yield n;
        }
        default -> throw new CommandLine.ParameterException(cl, "--format must be netflow-v5 or ipfix");
      };
    }

    /** Where datagrams go: a file (back to back, the framing of their formats) or a UDP collector. */
    interface Sink extends Consumer<ByteBuffer>, AutoCloseable {
      @Override
      void close() throws IOException;

      static Sink file(Path file) throws IOException {
        OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        WritableByteChannel ch = Channels.newChannel(stream);
        return new Sink() {
          @Override
          public void accept(ByteBuffer b) {
            try {
              ch.write(b.duplicate());
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }

          @Override
          public void close() throws IOException {
            ch.close();
          }
        };
      }

      static Sink udp(String target, int pace, CommandLine cl) throws IOException {
        int colon = target.lastIndexOf(':');
        if (colon < 1) {
          throw new CommandLine.ParameterException(cl, "--udp must be HOST:PORT");
        }
        if (pace < 0) {
          throw new CommandLine.ParameterException(cl, "--pace must be 0 or more");
        }
        UdpSender sender =
            new UdpSender(
                new InetSocketAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1))), pace);
        return new Sink() {
          @Override
          public void accept(ByteBuffer b) {
            sender.accept(b);
          }

          @Override
          public void close() throws IOException {
            sender.close();
          }
        };
      }
    }
  }

  /** {@code sense assets}: the critical-infrastructure registry in the node's database. */
  @Command(
      name = "assets",
      mixinStandardHelpOptions = true,
      description = "List, add, import or remove critical-infrastructure assets (address ranges, domains, sector).",
      subcommands = {Assets.ListAssets.class, Assets.Add.class, Assets.Import.class, Assets.Remove.class})
  static final class Assets implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "an assets command is required");
    }

    static <T> T withAssets(ConfigOption option, java.util.function.Function<AssetStore, T> action) {
      NodeConfig config = option.load();
      try (ObjectStore store = Stores.open(Node.storeSettings(config))) {
        return action.apply(Stores.assets(store));
      }
    }

    static String line(StoredAsset a) {
      return a.id() + "\t" + a.sector() + "\tcriticality " + a.criticality() + "\tgroup " + a.group() + "\t"
          + a.operator() + " / " + a.name() + "\t" + String.join(",", a.cidrs())
          + (a.domains().isEmpty() ? "" : "\t" + String.join(",", a.domains()));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered assets.")
    static final class ListAssets implements Callable<Integer> {
      @Mixin ConfigOption configOption;
      @Spec CommandSpec spec;

      @Override
      public Integer call() {
        List<StoredAsset> all = withAssets(configOption, AssetStore::list);
        all.forEach(a -> spec.commandLine().getOut().println(line(a)));
        spec.commandLine().getOut().flush();
        return Main.OK;
      }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register (or replace) one asset.")
    static final class Add implements Callable<Integer> {
      @Option(names = "--id", required = true, description = "The asset's id; an existing one is replaced.") String id;
      @Option(names = "--name", required = true, description = "What it is, e.g. Online banking.") String name;
      @Option(names = "--operator", required = true, description = "Who runs it.") String operator;
      @Option(names = "--sector", required = true, description = "finance, energy, communications, transport, water, health, government.") String sector;
      @Option(names = "--criticality", defaultValue = "3", description = "1 (low) to 5 (vital); default ${DEFAULT-VALUE}.") int criticality;
      @Option(names = "--group", description = "Detection threshold group (default: default).") String group;
      @Option(names = "--cidr", split = ",", description = "Address ranges (repeatable or comma-separated).") List<String> cidrs = new ArrayList<>();
      @Option(names = "--domain", split = ",", description = "Domains, subdomains included.") List<String> domains = new ArrayList<>();
      @Mixin ConfigOption configOption;
      @Spec CommandSpec spec;

      @Override
      public Integer call() {
        Sector s = Sector.of(sector).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
            "--sector: unknown sector '" + sector + "'"));
        Asset asset;
        try {
          asset = new Asset(id, name, operator, s, criticality, group, cidrs, domains);
          org.accord.sensor.enrich.AssetRegistry.of(List.of(asset)); // checks the CIDRs and domains
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        withAssets(configOption, store -> {
          store.put(NodeSensor.stored(asset));
          return null;
        });
        spec.commandLine().getOut().println("registered " + id);
        spec.commandLine().getOut().flush();
        return Main.OK;
      }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Register every asset of a YAML or JSON file.")
    static final class Import implements Callable<Integer> {
      @Parameters(
          paramLabel = "FILE",
          description = "A YAML file (JSON when named .json): assets: followed by a list of assets with the fields of"
              + " add.")
      Path file;
      @Mixin ConfigOption configOption;
      @Spec CommandSpec spec;

      @Override
      public Integer call() throws IOException {
        List<Asset> assets;
        try {
          assets = AssetFiles.read(file);
        } catch (IllegalArgumentException e) {
          spec.commandLine().getErr().println("accord: " + file + ": " + e.getMessage());
          return Main.INVALID_INPUT;
        }
        withAssets(configOption, store -> {
          assets.forEach(a -> store.put(NodeSensor.stored(a)));
          return null;
        });
        spec.commandLine().getOut().println("registered " + assets.size() + " asset(s) from " + file);
        spec.commandLine().getOut().flush();
        return Main.OK;
      }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove one asset.")
    static final class Remove implements Callable<Integer> {
      @Parameters(paramLabel = "ID", description = "The asset's id.") String id;
      @Mixin ConfigOption configOption;
      @Spec CommandSpec spec;

      @Override
      public Integer call() {
        boolean removed = withAssets(configOption, store -> store.remove(id));
        if (!removed) {
          spec.commandLine().getErr().println("accord: no asset " + id);
          return Main.INVALID_INPUT;
        }
        spec.commandLine().getOut().println("removed " + id);
        spec.commandLine().getOut().flush();
        return Main.OK;
      }
    }
  }
}
