package org.accord.sensor.decode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Builds a datagram field by field, big-endian, for hand-built test packets (independent of the writers). */
final class Bytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Bytes u8(int v) {
    out.write(v);
    return this;
  }

  Bytes u16(int v) {
    return u8(v >>> 8).u8(v);
  }

  Bytes u32(long v) {
    return u16((int) (v >>> 16)).u16((int) v);
  }

  Bytes u64(long v) {
    return u32(v >>> 32).u32(v);
  }

  /** An IPv4 address from its dotted text. */
  Bytes ip(String dotted) {
    for (String part : dotted.split("\\.")) {
      u8(Integer.parseInt(part));
    }
    return this;
  }

  Bytes raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  Bytes zeros(int n) {
    return raw(new byte[n]);
  }

  int size() {
    return out.size();
  }

  byte[] array() {
    return out.toByteArray();
  }

  ByteBuffer buffer() {
    return ByteBuffer.wrap(array());
  }
}
