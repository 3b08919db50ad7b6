package org.accord.hash.bank;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.accord.hash.PdqHash;

/**
 * Plain {@code hash,label} lists, the form hash-sharing programmes exchange outside STIX (ThreatExchange's and
 * HMA's PDQ exports): CSV as RFC 4180 says (fields separated by commas, records by CRLF or LF, a field in double
 * quotes may hold commas, line breaks and doubled quotes), an optional header record {@code hash,label}, the label
 * optional.
 *
 * <p>Import is all or nothing: {@link #read} reads the whole list and either answers every row or throws one {@link
 * BankException} whose {@link BankException#problems()} name every bad line (the line a record starts on, counted
 * from 1, header included) and what is wrong with it, so a caller never stores half a list.
 */
public final class BankCsv {
  /** Rows beyond this many are refused (the whole list with them): a bound on what one import can cost. */
  public static final int MAX_ROWS = 1_000_000;
  /** At most this many problems are listed; the message gives the total. */
  static final int MAX_PROBLEMS = 100;

  private BankCsv() {}

  /** One row of a list: the line it starts on, the hash and the label (empty when absent). */
  public record Row(int line, PdqHash hash, String label) {}

  /**
   * Every row of the list.
   *
   * @throws BankException naming every bad line; nothing is answered then
   * @throws UncheckedIOException when the reader fails
   */
  public static List<Row> read(Reader in) {
    List<Row> rows = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int bad = 0;
    Parser p = new Parser(in);
    boolean first = true;
    List<String> fields;
    while ((fields = p.next()) != null) {
      int line = p.recordLine;
      String problem = p.problem;
      if (problem == null && first && fields.get(0).trim().equalsIgnoreCase("hash")) {
        first = false;
        continue; // the header
      }
      first = false;
      if (problem == null && fields.size() == 1 && fields.get(0).isEmpty()) {
        continue; // an empty line (a trailing newline, a blank line in a hand-made list)
      }
      if (problem == null) {
        problem = rowProblem(fields, line, rows);
      }
      if (problem != null) {
        bad++;
        if (problems.size() < MAX_PROBLEMS) {
          problems.add("line " + line + ": " + problem);
        }
      }
      if (rows.size() > MAX_ROWS) {
        throw new BankException("more than " + MAX_ROWS + " rows: split the list");
      }
    }
    if (bad > 0) {
      String more = bad > problems.size() ? " (the first " + problems.size() + " listed)" : "";
      throw new BankException(bad + " bad line" + (bad == 1 ? "" : "s") + more + ", nothing imported: "
          + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
          + (problems.size() > 3 ? "; ..." : ""), problems);
    }
    return rows;
  }

  private static String rowProblem(List<String> fields, int line, List<Row> rows) {
    if (fields.size() > 2) {
      return "expected hash,label (2 fields), got " + fields.size();
    }
    PdqHash hash;
    try {
      hash = PdqHash.fromHex(fields.get(0).trim());
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    String label = fields.size() == 2 ? fields.get(1) : "";
    try {
      BankEntry.checkLabel(label);
    } catch (BankException e) {
      return e.getMessage();
    }
    rows.add(new Row(line, hash, label));
    return null;
  }

  /** Writes the PDQ entries (video entries have no one hash and are left out) as {@code hash,label}, CRLF. */
  public static void write(List<BankEntry> entries, Writer out) {
    try {
      out.write("hash,label\r\n");
      for (BankEntry e : entries) {
        if (e.algorithm() != Algorithm.PDQ) {
          continue;
        }
        out.write(e.hash().toHex());
        out.write(',');
        out.write(quote(e.label()));
        out.write("\r\n");
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RFC 4180 §2.6–2.7: quoted when it holds a comma, a quote or a line break, or starts or ends with a space. */
  static String quote(String field) {
    boolean needs = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
        || field.indexOf('\r') >= 0 || (!field.isEmpty() && (field.charAt(0) == ' '
        || field.charAt(field.length() - 1) == ' '));
    return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }

  /** RFC 4180 records, one at a time; a malformed record is reported in {@link #problem} and skipped to its end. */
  private static final class Parser {
    private final Reader in;
    private int line = 1;
    private int pending = -2; // a character read ahead, or -2 for none
    int recordLine;
    String problem;

    Parser(Reader in) {
      this.in = in;
    }

    private int read() {
      if (pending != -2) {
        int c = pending;
        pending = -2;
        return c;
      }
      try {
        return in.read();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The next record's fields, or null at the end. */
    List<String> next() {
      int c = read();
      if (c == -1) {
        return null;
      }
      pending = c;
      recordLine = line;
      problem = null;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      while (true) {
        c = read();
        if (c == '"' && field.length() == 0) {
          if (!quoted(field)) {
            return fields; // unterminated: the problem is set and the input is over
          }
          c = read();
          if (c != ',' && c != '\n' && c != '\r' && c != -1) {
            fail("text after a closing quote (RFC 4180: a quote inside a field is doubled, \"\")");
            skipLine(c);
            fields.add(field.toString());
            return fields;
          }
        }
        if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
        } else if (c == '\r' || c == '\n' || c == -1) {
          fields.add(field.toString());
          endLine(c);
          return fields;
        } else if (c == '"') {
          fail("a quote inside an unquoted field (RFC 4180: quote the field and double the quote)");
          field.append('"');
        } else {
          field.append((char) c);
        }
      }
    }

    /** Reads a quoted field's content up to its closing quote; false when the input ends first. */
    private boolean quoted(StringBuilder field) {
      while (true) {
        int c = read();
        if (c == -1) {
          fail("a quoted field is not closed before the end of the list");
          return false;
        }
        if (c == '"') {
          int d = read();
          if (d == '"') {
            field.append('"');
            continue;
          }
          pending = d;
          return true;
        }
        if (c == '\n') {
          line++;
        }
        field.append((char) c);
      }
    }

    private void endLine(int c) {
      if (c == '\r') {
        int d = read();
        if (d != '\n') {
          pending = d;
        }
      }
      if (c != -1) {
        line++;
      }
    }

    private void skipLine(int c) {
      while (c != '\r' && c != '\n' && c != -1) {
        c = read();
      }
      endLine(c);
    }

    private void fail(String message) {
      if (problem == null) {
        problem = message;
      }
    }
  }
}
