package org.accord.sensor.decode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.accord.sensor.flow.Addresses;

/** Strict UTF-8 decoding and IP literal parsing for the line decoders. Never does a DNS lookup. */
final class Text {
  private Text() {}

  /** The line as text, or null when it is not valid UTF-8 (overlong forms, lone surrogates, bad bytes). */
  static String utf8(byte[] b, int off, int len, CharsetDecoder strict) {
    if (len > 0 && b[off + len - 1] == '\r') {
      len--;
    }
    try {
      return strict.decode(ByteBuffer.wrap(b, off, len)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  static CharsetDecoder strictDecoder() {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** Whether the text is an IPv4 or IPv6 literal. */
  static boolean isIp(String s) {
    return Addresses.parseV4(s) >= 0 || ipv6(s) != null;
  }

  /** The 16 bytes of an IPv6 literal (RFC 4291 §2.2 text forms), or null when it is not one. */
  static byte[] ipv6(String s) {
    if (s.indexOf(':') < 0 || s.length() > 45) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      boolean ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F') || ch == ':'
          || ch == '.';
      if (!ok) {
        return null;
      }
    }
    try {
      // Only hex digits, colons and dots: InetAddress parses this as a literal and never asks DNS.
      byte[] a = InetAddress.getByName(s).getAddress();
      if (a.length == 16) {
        return a;
      }
      // An IPv4-mapped literal comes back as 4 bytes: keep it as the IPv6 form it was written in.
      byte[] m = new byte[16];
      m[10] = m[11] = (byte) 0xff;
      System.arraycopy(a, 0, m, 12, 4);
      return m;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  static long high(byte[] v6) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (v6[i] & 0xff);
    }
    return v;
  }

  static long low(byte[] v6) {
    long v = 0;
    for (int i = 8; i < 16; i++) {
      v = (v << 8) | (v6[i] & 0xff);
    }
    return v;
  }
}
