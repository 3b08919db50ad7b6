package org.accord.sensor.decode;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.accord.sensor.flow.Addresses;
import org.accord.stix.AddressRange;

/**
 * The operator's say on sampling rates: a default for exporters that announce none, and per-exporter overrides.
 *
 * <p>Design note. Routers sample 1 packet in N (1:1000 to 1:30000 are common) and most say so: the NetFlow v5 header,
 * a rate in the flow record (IE 34/50, or 305/306), or a sampler table in options data that records name by sampler
 * id. The rule, in order: an <b>override</b> configured for the exporter's address wins over anything the exporter
 * announces — operators configure one exactly for the exporters that lie, announce a stale rate after a
 * reconfiguration, or sample without saying so (some firewalls, some v5 exporters that leave the header at 0); then
 * the rate the exporter announces; then the <b>default</b> (1 unless configured), for exporters that announce none.
 * An override of 1 says "this exporter does not sample, whatever it writes". The decoders cache the override of the
 * last exporter, so the hot path does no map lookup per record.
 *
 * @param defaultRate the rate of records whose exporter announces none (1: unsampled)
 * @param exporters overrides by exporter key (see {@link Collector#exporterKey(byte[])})
 */
public record SamplingPolicy(long defaultRate, Map<Long, Long> exporters) {
  /** Rates as exporters announce them, 1 where they announce none. */
  public static final SamplingPolicy ANNOUNCED = new SamplingPolicy(1, Map.of());

  public SamplingPolicy {
    if (defaultRate < 1) {
      throw new IllegalArgumentException("the default sampling rate must be 1 or more, was " + defaultRate);
    }
    exporters = Map.copyOf(exporters);
    exporters.forEach((k, v) -> {
      if (v < 1) {
        throw new IllegalArgumentException("a sampling rate must be 1 or more, was " + v);
      }
    });
  }

  /**
   * A policy from configuration text: exporter address literals (never resolved) to rates.
   *
   * @throws IllegalArgumentException naming an entry that is not an address literal or a rate below 1
   */
  public static SamplingPolicy of(long defaultRate, Map<String, ? extends Number> byAddress) {
    Map<Long, Long> keyed = new HashMap<>();
    if (byAddress != null) {
      byAddress.forEach((address, rate) -> {
        byte[] literal = AddressRange.literal(address.trim());
        if (literal == null) {
          throw new IllegalArgumentException("not an exporter address literal: '" + address + "'");
        }
        if (rate == null || rate.longValue() < 1) {
          throw new IllegalArgumentException("the sampling rate of " + address + " must be 1 or more");
        }
        keyed.put(Collector.exporterKey(literal), rate.longValue());
      });
    }
    return new SamplingPolicy(defaultRate, keyed);
  }

  /** The override of an exporter, or 0 when it has none. */
  long override(long exporterKey) {
    Long v = exporters.isEmpty() ? null : exporters.get(exporterKey);
    return v == null ? 0 : v;
  }

  /** The rate of a record: the override when there is one, else what was announced, else the default. */
  long rate(long override, long announced) {
    return override > 0 ? override : announced > 0 ? announced : defaultRate;
  }

  /**
   * Scales a record's packets and bytes by {@code rate} (saturating at {@link Long#MAX_VALUE}: a hostile exporter's
   * counter times a rate must not wrap into a negative volume) and records the rate. Returns whether it scaled.
   */
  static boolean scale(org.accord.sensor.flow.FlowRecord r, long rate) {
    if (rate <= 1) {
      return false;
    }
    r.samplingRate = rate;
    r.packets = times(r.packets, rate);
    r.bytes = times(r.bytes, rate);
    return true;
  }

  private static long times(long v, long rate) {
    return v < 0 || v > Long.MAX_VALUE / rate ? Long.MAX_VALUE : v * rate;
  }

  @Override
  public String toString() {
    Map<String, Long> byText = new TreeMap<>();
    exporters.forEach((k, v) -> byText.put(Addresses.formatV4(k), v));
    return "default 1:" + defaultRate + (byText.isEmpty() ? "" : ", overrides " + byText);
  }
}
