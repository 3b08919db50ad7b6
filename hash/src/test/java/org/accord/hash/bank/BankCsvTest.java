package org.accord.hash.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.accord.hash.PdqHash;
import org.junit.jupiter.api.Test;

class BankCsvTest {
  private static final String H1 = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  private static final String H2 = "0000000000000000000000000000000000000000000000000000000000000001";

  @Test
  void readsAHeaderQuotedFieldsCrlfAndAMissingLabel() {
    String csv = "hash,label\r\n" + H1 + ",\"poster, \"\"final\"\"\"\r\n" + H2 + "\n\n" + H1.toUpperCase() + ",x\n";
    List<BankCsv.Row> rows = BankCsv.read(new StringReader(csv));
    assertThat(rows).extracting(BankCsv.Row::line).containsExactly(2, 3, 5);
    assertThat(rows.get(0).label()).isEqualTo("poster, \"final\"");
    assertThat(rows.get(0).hash()).isEqualTo(PdqHash.fromHex(H1));
    assertThat(rows.get(1).label()).isEmpty();
    assertThat(rows.get(2).hash()).isEqualTo(PdqHash.fromHex(H1));
  }

  @Test
  void everyBadLineIsReportedWithItsNumberAndNothingIsAnswered() {
    String csv = "hash,label\n" + H1 + ",ok\n" + "abc,short\n" + H2 + ",a,b\n" + H1 + ",x\"y\n" + H1
        + ",\"closed\"x\n" + H2 + ",fine\n";
    assertThatThrownBy(() -> BankCsv.read(new StringReader(csv)))
        .isInstanceOfSatisfying(BankException.class, e -> assertThat(e.problems()).containsExactly(
            "line 3: a PDQ hash is 64 hex digits, got 3 characters",
            "line 4: expected hash,label (2 fields), got 3",
            "line 5: a quote inside an unquoted field (RFC 4180: quote the field and double the quote)",
            "line 6: text after a closing quote (RFC 4180: a quote inside a field is doubled, \"\")"))
        .hasMessageStartingWith("4 bad lines, nothing imported: line 3:");
  }

  @Test
  void aQuotedLineBreakKeepsTheLineNumbersOfLaterRecordsRight() {
    String csv = H1 + ",\"two\nlines\"\nnot-a-hash,x\n";
    assertThatThrownBy(() -> BankCsv.read(new StringReader(csv)))
        .isInstanceOfSatisfying(BankException.class, e -> assertThat(e.problems()).hasSize(2)
            .anySatisfy(p -> assertThat(p).startsWith("line 1: label: no control characters"))
            .anySatisfy(p -> assertThat(p).startsWith("line 3: a PDQ hash is 64 hex digits")));
  }

  @Test
  void anUnclosedQuoteIsReported() {
    assertThatThrownBy(() -> BankCsv.read(new StringReader(H1 + ",ok\n" + H2 + ",\"open\n")))
        .hasMessageContaining("line 2: a quoted field is not closed before the end of the list");
  }

  @Test
  void exportThenImportGivesTheSameHashesAndLabels() {
    Bank b = BankStixTest.bank();
    List<BankEntry> entries = List.of(BankEntry.pdq(b, PdqHash.fromHex(H1), "a, \"quoted\" label", BankStixTest.CLOCK),
        BankEntry.pdq(b, PdqHash.fromHex(H2), "", BankStixTest.CLOCK),
        BankEntry.vpdq(b, List.of(new BankEntry.Frame(0, PdqHash.ZERO, 0)), "video", BankStixTest.CLOCK));
    StringWriter out = new StringWriter();
    BankCsv.write(entries, out);
    assertThat(out.toString()).startsWith("hash,label\r\n" + H1 + ",\"a, \"\"quoted\"\" label\"\r\n");
    List<BankCsv.Row> back = BankCsv.read(new StringReader(out.toString()));
    assertThat(back).extracting(BankCsv.Row::label).containsExactly("a, \"quoted\" label", "");
    assertThat(back).extracting(BankCsv.Row::hash).containsExactly(PdqHash.fromHex(H1), PdqHash.fromHex(H2));
  }
}
