package org.accord.sensor.enrich;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Country and AS attribution from a CSV file of address ranges, for nodes without MaxMind databases.
 *
 * <p>Format (UTF-8, one range per line, RFC 4180 quoting for a field with a comma):
 *
 * <pre>
 * # comment lines and blank lines are skipped; a first line starting with "start" or "network" is a header
 * start,end,country,asn,as_org
 * 198.51.100.0,198.51.100.255,DE,64500,Example Carrier GmbH
 * 203.0.113.0/25,,CN,64501,"Example Net, Ltd."
 * 2001:db8:1::/48,,US,64502,Example Cloud
 * </pre>
 *
 * Each range is either {@code start,end} (inclusive, both addresses of one family) or a CIDR in the first column
 * with the second left empty. {@code country} is an ISO 3166-1 alpha-2 code or empty; {@code asn} a number or
 * empty (0); {@code as_org} optional. Ranges must not overlap. Errors name the line.
 *
 * <p>Lookups go through the same {@link GeoTable} as {@link MaxMindGeo}: allocation-free binary search.
 */
public final class CsvGeo implements GeoLookup {
  private final GeoTable table;

  private CsvGeo(GeoTable table) {
    this.table = table;
  }

  /** Reads the CSV file at {@code path}. */
  public static CsvGeo read(Path path) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return parse(in, path.toString());
    }
  }

  /**
   * Parses CSV text; {@code source} names it in errors.
   *
   * @throws IllegalArgumentException naming {@code source} and the line, for a malformed line or overlapping ranges
   */
  public static CsvGeo parse(Reader text, String source) throws IOException {
    BufferedReader in = text instanceof BufferedReader b ? b : new BufferedReader(text);
    GeoTable.Interner interner = new GeoTable.Interner();
    RangeTable.Builder<Geo> v4 = RangeTable.builder(false);
    RangeTable.Builder<Geo> v6 = RangeTable.builder(true);
    String line;
    int number = 0;
    while ((line = in.readLine()) != null) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || (number == 1 && isHeader(trimmed))) {
        continue;
      }
      try {
        addLine(trimmed, v4, v6, interner);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + " line " + number + ": " + e.getMessage(), e);
      }
    }
    try {
      return new CsvGeo(new GeoTable(v4.build(), v6.build()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static boolean isHeader(String line) {
    String l = line.toLowerCase(Locale.ROOT);
    return l.startsWith("start") || l.startsWith("network");
  }

  private static void addLine(
      String line, RangeTable.Builder<Geo> v4, RangeTable.Builder<Geo> v6, GeoTable.Interner interner) {
    List<String> f = fields(line);
    if (f.size() < 3 || f.size() > 5) {
      throw new IllegalArgumentException("expected start,end,country[,asn[,as_org]], got " + f.size() + " fields");
    }
    String country = f.get(2).toUpperCase(Locale.ROOT);
    if (!country.isEmpty() && !country.matches("[A-Z]{2}")) {
      throw new IllegalArgumentException("country must be a two-letter ISO 3166-1 code, was '" + f.get(2) + "'");
    }
    long asn = 0;
    if (f.size() > 3 && !f.get(3).isEmpty()) {
      String text = f.get(3).toUpperCase(Locale.ROOT).startsWith("AS") ? f.get(3).substring(2) : f.get(3);
      try {
        asn = Long.parseLong(text);
      } catch (NumberFormatException e) {
        asn = -1;
      }
      if (asn < 0 || asn > 0xffff_ffffL) {
        throw new IllegalArgumentException("asn must be a number from 0 to 4294967295, was '" + f.get(3) + "'");
      }
    }
    String org = f.size() > 4 ? f.get(4) : "";
    Geo geo = interner.intern(new Geo(country, asn, org));
    if (!geo.known()) {
      throw new IllegalArgumentException("neither a country nor an asn");
    }
    if (f.get(1).isEmpty()) {
      Cidr cidr = Cidr.parse(f.get(0));
      (cidr.ipv6() ? v6 : v4).add(cidr, geo);
      return;
    }
    boolean startV6 = f.get(0).indexOf(':') >= 0;
    if (startV6 != f.get(1).indexOf(':') >= 0) {
      throw new IllegalArgumentException("start and end are of different address families");
    }
    long[] start = Cidr.parseAddress(f.get(0), f.get(0));
    long[] end = Cidr.parseAddress(f.get(1), f.get(1));
    (startV6 ? v6 : v4).add(start[0], start[1], end[0], end[1], geo);
  }

  /** Splits a CSV line (RFC 4180: a quoted field may hold commas; "" inside quotes is a quote). */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString().strip());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quoted field");
    }
    out.add(field.toString().strip());
    return out;
  }

  @Override
  public Geo lookupV4(long v4) {
    return table.lookupV4(v4);
  }

  @Override
  public Geo lookupV6(long hi, long lo) {
    return table.lookupV6(hi, lo);
  }

  @Override
  public String toString() {
    return "CsvGeo[" + table.ranges() + " ranges]";
  }
}
