package org.accord.sensor.enrich;

/** Which asset an address or a domain belongs to; null when none. Implementations are fast and thread-safe. */
public interface AssetLookup {
  AssetLookup NONE =
      new AssetLookup() {
        @Override
        public Asset assetOfV4(long v4) {
          return null;
        }

        @Override
        public Asset assetOfV6(long hi, long lo) {
          return null;
        }

        @Override
        public Asset assetOfDomain(String domain) {
          return null;
        }
      };

  /** @param v4 an unsigned 32-bit IPv4 address */
  Asset assetOfV4(long v4);

  Asset assetOfV6(long hi, long lo);

  /** The asset of {@code domain} or of its nearest registered parent domain. */
  Asset assetOfDomain(String domain);
}
