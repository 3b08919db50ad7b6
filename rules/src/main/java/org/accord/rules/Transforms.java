package org.accord.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.accord.stix.ScoIds;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;

/**
 * The privacy transforms clauses require on the way out (issue 3, part 5). Each call works on a copy: the stored
 * object is never modified. Whatever order a clause lists them in, they run as drop, strip custom properties,
 * pseudonymise.
 *
 * <p>Pseudonyms. A pseudonym is {@code HMAC-SHA256(k_A, value)}, cut to 128 bits, where the key of agreement A is
 * {@code k_A = HMAC-SHA256(nodeSecret, "accord/pseudonym/v1/" + A)}. The same identifier so maps to the same
 * pseudonym within one agreement (recipients can still correlate sightings of one account) and to unrelated
 * pseudonyms across agreements (two agreements' partners cannot join their data on it); without the node secret a
 * pseudonym cannot be reversed by trying candidate values.
 *
 * <p>What is pseudonymised, and how the result stays valid STIX 2.1:
 *
 * <ul>
 *   <li>{@code email-addr}: {@code value} becomes {@code p-<hex>@pseudonymised.invalid} (a well-formed address in
 *       the reserved {@code .invalid} domain, RFC 2606), {@code display_name} becomes {@code p-<hex>}.
 *   <li>{@code user-account}: {@code user_id}, {@code account_login}, {@code display_name} become {@code p-<hex>};
 *       {@code credential} (a cleartext password, STIX 2.1 §6.16) is removed.
 *   <li>{@code ipv4-addr} and {@code ipv6-addr} whose value is in a private range (RFC 1918, RFC 6598, loopback,
 *       link-local, RFC 4193 unique local): the value becomes an address of the reserved 240.0.0.0/4 (IPv4) or the
 *       documentation prefix 2001:db8::/32 (IPv6, RFC 3849), so it is still an address of the right family and can
 *       never be mistaken for a real host. Public addresses are indicators, not personal data: unchanged.
 *   <li>The same rules apply to the SCOs embedded in a (deprecated) {@code observed-data.objects} dictionary.
 *   <li>{@code identity}: e-mail addresses and phone numbers inside {@code contact_information} are replaced.
 * </ul>
 *
 * <p>A pseudonymised SCO gets its deterministic id recomputed from the new values (STIX 2.1 §2.9), since the old id
 * is a UUIDv5 of the original value and would let a recipient confirm a guess. References to it from other objects
 * are not rewritten (a per-object transform cannot know the new id of another object): they then point to an id the
 * recipient never receives.
 */
public final class Transforms {
  private static final String KEY_LABEL = "accord/pseudonym/v1/";
  private static final String HMAC = "HmacSHA256";
  private static final String INVALID_DOMAIN = "@pseudonymised.invalid";
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()./-]{5,}[0-9]");

  private final byte[] nodeSecret;
  private final Map<String, SecretKeySpec> keys = new ConcurrentHashMap<>();

  /**
   * @param nodeSecret this node's pseudonymisation secret, at least 32 bytes; keep it stable, since a new secret
   *     changes every pseudonym
   */
  public Transforms(byte[] nodeSecret) {
    if (nodeSecret == null || nodeSecret.length < 32) {
      throw new IllegalArgumentException("the pseudonymisation secret needs at least 32 bytes");
    }
    this.nodeSecret = nodeSecret.clone();
  }

  /**
   * The object after {@code transforms}, as a new object; {@code object} itself is untouched.
   *
   * @param agreement the agreement whose pseudonym key applies
   */
  public StixObject apply(StixObject object, List<Transform> transforms, String agreement) {
    ObjectNode json = object.json();
    for (Transform t : transforms) {
      if (t instanceof Transform.Drop d) {
        json.remove(d.properties());
      }
    }
    if (transforms.stream().anyMatch(Transform.StripCustom.class::isInstance)) {
      stripCustom(json);
    }
    if (transforms.stream().anyMatch(Transform.Pseudonymise.class::isInstance)) {
      ObjectNode before = json.deepCopy();
      pseudonymise(json, agreement);
      if (!json.equals(before)) {
        // Only a changed SCO gets a new id: an untouched one keeps whatever id its producer gave it.
        ScoIds.deterministicId(json).ifPresent(id -> json.put("id", id));
      }
    }
    return StixObject.adopt(json);
  }

  /** The pseudonym of {@code value} under {@code agreement}: 32 hex digits. */
  public String pseudonym(String agreement, String value) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(keys.computeIfAbsent(agreement, this::deriveKey));
      byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  private SecretKeySpec deriveKey(String agreement) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(nodeSecret, HMAC));
      return new SecretKeySpec(mac.doFinal((KEY_LABEL + agreement).getBytes(StandardCharsets.UTF_8)), HMAC);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  /**
   * Removes every {@code x_} property (STIX 2.1 §11.1), at any depth, and every property extension defined by an
   * extension definition (§7.3: the form of custom properties STIX 2.1 prefers, Accord's own among them), except the
   * TLP 2.0 extension, which says what a marking means. An {@code extensions} dictionary left empty is removed (§3.2
   * wants at least one entry). Extensions of other types stay: a new object type or top-level properties would not
   * be valid without the entry that declares them.
   */
  private static void stripCustom(JsonNode node) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().startsWith("x_")) {
          it.remove();
        } else if (e.getKey().equals("extensions") && e.getValue().isObject()) {
          stripPropertyExtensions((ObjectNode) e.getValue());
          if (e.getValue().isEmpty()) {
            it.remove();
          } else {
            stripCustom(e.getValue());
          }
        } else {
          stripCustom(e.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(Transforms::stripCustom);
    }
  }

  private static void stripPropertyExtensions(ObjectNode extensions) {
    Iterator<Map.Entry<String, JsonNode>> it = extensions.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("extension-definition--") && !e.getKey().equals(Tlp.TLP2_EXTENSION_ID)
          && "property-extension".equals(e.getValue().path("extension_type").asText())) {
        it.remove();
      }
    }
  }

  private void pseudonymise(ObjectNode o, String agreement) {
    switch (o.path("type").asText()) {
      case "email-addr" -> {
        replace(o, "value", v -> "p-" + pseudonym(agreement, v) + INVALID_DOMAIN);
        replace(o, "display_name", v -> "p-" + pseudonym(agreement, v));
      }
      case "user-account" -> {
        for (String p : List.of("user_id", "account_login", "display_name")) {
          replace(o, p, v -> "p-" + pseudonym(agreement, v));
        }
        o.remove("credential");
      }
      case "ipv4-addr", "ipv6-addr" -> replace(o, "value", v -> PrivateAddresses.pseudonym(v, this, agreement));
      case "identity" -> replace(o, "contact_information", v -> scrubText(v, agreement));
      case "observed-data" -> {
        JsonNode objects = o.get("objects");
        if (objects != null && objects.isObject()) {
          objects.forEach(sco -> {
            if (sco.isObject()) {
              pseudonymise((ObjectNode) sco, agreement);
            }
          });
        }
      }
      default -> {}
    }
  }

  private String scrubText(String text, String agreement) {
    Matcher m = EMAIL.matcher(text);
    String out = m.replaceAll(r -> "p-" + pseudonym(agreement, r.group()) + INVALID_DOMAIN);
    return PHONE.matcher(out).replaceAll(r -> "p-" + pseudonym(agreement, r.group()));
  }

  private static void replace(ObjectNode o, String property, java.util.function.UnaryOperator<String> f) {
    JsonNode v = o.get(property);
    if (v != null && v.isTextual()) {
      String replaced = f.apply(v.asText());
      if (replaced != null) {
        o.set(property, TextNode.valueOf(replaced));
      }
    }
  }

  /** Private-range tests and replacement addresses for the ip address SCOs. */
  static final class PrivateAddresses {
    private PrivateAddresses() {}

    /** The replacement of a private address (keeping a CIDR suffix), or the value itself when it is public. */
    static String pseudonym(String value, Transforms t, String agreement) {
      int slash = value.indexOf('/');
      String addr = slash < 0 ? value : value.substring(0, slash);
      String suffix = slash < 0 ? "" : value.substring(slash);
      Optional<byte[]> bytes = parse(addr);
      if (bytes.isEmpty() || !isPrivate(bytes.get())) {
        return value;
      }
      byte[] h = HexFormat.of().parseHex(t.pseudonym(agreement, addr));
      if (bytes.get().length == 4) {
        return (240 | (h[0] & 0x0f)) + "." + (h[1] & 0xff) + "." + (h[2] & 0xff) + "." + (h[3] & 0xff) + suffix;
      }
      StringBuilder sb = new StringBuilder("2001:db8");
      for (int i = 0; i < 12; i += 2) {
        sb.append(':').append(Integer.toHexString(((h[i] & 0xff) << 8) | (h[i + 1] & 0xff)));
      }
      return sb + suffix;
    }

    static boolean isPrivate(byte[] a) {
      int b0 = a[0] & 0xff;
      int b1 = a[1] & 0xff;
      if (a.length == 4) {
        return b0 == 10
            || b0 == 127
            || (b0 == 172 && (b1 & 0xf0) == 16)
            || (b0 == 192 && b1 == 168)
            || (b0 == 169 && b1 == 254)
            || (b0 == 100 && (b1 & 0xc0) == 64);
      }
      boolean loopback = true;
      for (int i = 0; i < 15; i++) {
        loopback &= a[i] == 0;
      }
      return (loopback && a[15] == 1) || (b0 & 0xfe) == 0xfc || (b0 == 0xfe && (b1 & 0xc0) == 0x80);
    }

    /** The address bytes, parsed without any name lookup; empty when it is not a literal address. */
    static Optional<byte[]> parse(String s) {
      if (s.isEmpty() || !(s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
        return Optional.empty();
      }
      if (s.indexOf(':') < 0 && s.chars().filter(c -> c == '.').count() != 3) {
        return Optional.empty();
      }
      try {
        // Only literals reach this point (digits and dots, or a colon), so no DNS lookup can happen.
        return Optional.of(java.net.InetAddress.getByName(s).getAddress());
      } catch (java.net.UnknownHostException e) {
        return Optional.empty();
      }
    }
  }
}
