package org.accord.cli;

import static org.accord.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code accord hash}: hashes of files, banks from CSV, offline matching, export, disable and enable. */
class HashCommandTest {
  @TempDir Path dir;

  private String config() throws Exception {
    Path yaml = dir.resolve("accord.yaml");
    Files.writeString(yaml, "name: us-node\nparty: us\nport: 0\ndata_dir: " + dir.resolve("data")
        + "\nhash: { collection: default }\n");
    return yaml.toString();
  }

  private Path picture(String name, int seed, boolean mirrored) throws Exception {
    BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    java.util.Random r = new java.util.Random(seed);
    for (int y = 0; y < 240; y += 8) {
      g.setColor(new Color((y * 3 + seed * 40) % 256, (y + seed * 90) % 256, 255 - y));
      g.fillRect(0, y, 320, 8);
    }
    for (int k = 0; k < 6; k++) {
      g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
      g.fillOval(r.nextInt(320) - 30, r.nextInt(240) - 30, 60 + k * 10, 60);
    }
    g.dispose();
    if (mirrored) {
      BufferedImage m = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
      for (int y = 0; y < 240; y++) {
        for (int x = 0; x < 320; x++) {
          m.setRGB(319 - x, y, img.getRGB(x, y));
        }
      }
      img = m;
    }
    Path file = dir.resolve(name);
    ImageIO.write(img, name.endsWith(".png") ? "png" : "jpg", file.toFile());
    return file;
  }

  @Test
  void hashPrintsHashAndQualityPerFileAndExits1NamingAFileItCannotHash() throws Exception {
    Path a = picture("a.png", 1, false);
    Path broken = Files.writeString(dir.resolve("broken.png"), "not an image");
    CliTest.Run r = run("hash", a.toString(), broken.toString());
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.out().lines().toList()).hasSize(1);
    assertThat(r.out()).matches("[0-9a-f]{64} +\\d+ " + java.util.regex.Pattern.quote(a.toString()) + "\\R");
    assertThat(r.err()).contains("broken.png");
  }

  @Test
  void framesJsonPrintsADirectoryOfFramesAsTheMatchApisFrameList() throws Exception {
    Path frames = Files.createDirectories(dir.resolve("frames"));
    for (int t = 0; t < 3; t++) {
      Files.move(picture("f" + t + ".png", t + 1, false), frames.resolve(String.format("frame-%04d.png", t)));
    }
    CliTest.Run r = run("hash", "--frames-json", "--dihedral", frames.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    var json = org.accord.stix.StixJson.mapper().readTree(r.out());
    assertThat(json.get("frames")).hasSize(3);
    for (int t = 0; t < 3; t++) {
      var f = json.get("frames").get(t);
      assertThat(f.get("timestamp").asDouble()).isEqualTo(t);
      assertThat(f.get("hash").asText()).matches("[0-9a-f]{64}");
      assertThat(f.get("quality").asInt()).isBetween(0, 100);
      assertThat(f.get("variants")).hasSize(7);
    }
    CliTest.Run image = run("hash", "--frames-json", picture("still.png", 1, false).toString());
    assertThat(image.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(image.err()).contains("--frames-json takes a video or a directory of frame images");
  }

  @Test
  void aBankIsCreatedFromCsvMatchedOfflineExportedAndItsEntryDisabledAndEnabled() throws Exception {
    String c = config();
    CliTest.Run created = run("hash", "bank", "create", "-c", c, "--name", "Stills", "--category",
        "terrorist-propaganda", "--tlp", "green");
    assertThat(created.exit()).as(created.err()).isZero();
    String bank = created.out().strip();
    assertThat(bank).startsWith("x-accord-hash-bank--");

    String hash = run("hash", picture("one.png", 1, false).toString()).out().substring(0, 64);
    Path csv = Files.writeString(dir.resolve("list.csv"), "hash,label\n" + hash + ",still one\n");
    CliTest.Run imported = run("hash", "bank", "import", "-c", c, bank, csv.toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("added 1 entries");

    Path copy = picture("copy.jpg", 1, true);
    CliTest.Run matched = run("hash", "match", "-c", c, copy.toString(), picture("other.png", 9, false).toString());
    assertThat(matched.exit()).as(matched.err()).isZero();
    assertThat(matched.out()).contains(copy + ": distance").contains("owner us tlp green bank 'Stills' label"
        + " 'still one'").contains("other.png: no match");
    String entry = matched.out().replaceAll("(?s).*entry (x-accord-hash-entry--[0-9a-f-]+).*", "$1");

    assertThat(run("hash", "bank", "export", "-c", c, bank).out()).isEqualTo("hash,label\r\n" + hash
        + ",still one\r\n");
    assertThat(run("hash", "bank", "list", "-c", c).out()).contains(bank).contains("1/0").contains("Stills");
    assertThat(run("hash", "bank", "disable", "-c", c, entry).exit()).isZero();
    assertThat(run("hash", "match", "-c", c, copy.toString()).out()).contains("no match");
    assertThat(run("hash", "bank", "export", "-c", c, bank).out()).isEqualTo("hash,label\r\n");
    assertThat(run("hash", "bank", "enable", "-c", c, entry).exit()).isZero();
    assertThat(run("hash", "match", "-c", c, copy.toString()).out()).contains("label 'still one'");
  }

  @Test
  void aBadCsvExits1NamingEveryBadLineAndAddsNothing() throws Exception {
    String c = config();
    String bank = run("hash", "bank", "create", "-c", c, "--name", "B", "--category", "x").out().strip();
    Path csv = Files.writeString(dir.resolve("bad.csv"), "hash,label\nzz,one\n" + "0".repeat(64) + ",a,b\n");
    CliTest.Run r = run("hash", "bank", "import", "-c", c, bank, csv.toString());
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("line 2: a PDQ hash is 64 hex digits").contains("line 3: expected hash,label");
    assertThat(run("hash", "bank", "list", "-c", c).out()).contains("0/0");
  }
}
