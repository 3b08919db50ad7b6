package org.accord.sensor.enrich;

/** Country and AS of an address ({@link Geo#UNKNOWN} when not found). Implementations are thread-safe. */
public interface GeoLookup {
  GeoLookup NONE =
      new GeoLookup() {
        @Override
        public Geo lookupV4(long v4) {
          return Geo.UNKNOWN;
        }

        @Override
        public Geo lookupV6(long hi, long lo) {
          return Geo.UNKNOWN;
        }
      };

  /** @param v4 an unsigned 32-bit IPv4 address */
  Geo lookupV4(long v4);

  Geo lookupV6(long hi, long lo);
}
