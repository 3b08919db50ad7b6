package org.accord.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pixel formats and broken files: each hashes as its 8-bit content would, or fails with a {@link HashException}
 * that says why. The images are generated here (small, with ImageIO's own PNG and JPEG writers).
 */
class PdqInputsTest {
  @TempDir Path dir;

  private final PdqHasher hasher = new PdqHasher();

  /** A 96×80 grey picture with structure (a gradient, a disc, noise), value at (x, y). */
  private static int grey(int x, int y) {
    int v = (x * 2 + y) % 256;
    if ((x - 40) * (x - 40) + (y - 30) * (y - 30) < 400) {
      v = 255 - v;
    }
    return (v + new Random(x * 131L + y).nextInt(8)) & 0xff;
  }

  private static BufferedImage greyImage() {
    BufferedImage img = new BufferedImage(96, 80, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 80; y++) {
      for (int x = 0; x < 96; x++) {
        img.getRaster().setSample(x, y, 0, grey(x, y));
      }
    }
    return img;
  }

  private static BufferedImage rgbImage(int type) {
    BufferedImage img = new BufferedImage(96, 80, type);
    for (int y = 0; y < 80; y++) {
      for (int x = 0; x < 96; x++) {
        int[] px = {grey(x, y), grey(y, x) / 2, 255 - grey(x, y), 200};
        img.getRaster().setPixel(x, y, img.getColorModel().hasAlpha() ? px : Arrays.copyOf(px, 3));
      }
    }
    return img;
  }

  private Path png(BufferedImage image, String name) throws IOException {
    Path file = dir.resolve(name);
    assertThat(ImageIO.write(image, "png", file.toFile())).isTrue();
    return file;
  }

  @Test
  void greyPlusAlphaHashesAsItsGreyValues() throws IOException {
    ColorSpace gray = ColorSpace.getInstance(ColorSpace.CS_GRAY);
    ComponentColorModel cm =
        new ComponentColorModel(gray, true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    WritableRaster raster = cm.createCompatibleWritableRaster(96, 80);
    for (int y = 0; y < 80; y++) {
      for (int x = 0; x < 96; x++) {
        raster.setPixel(x, y, new int[] {grey(x, y), (x * 3) & 0xff});
      }
    }
    Path file = png(new BufferedImage(cm, raster, false, null), "la.png");
    PdqResult la = hasher.hash(file);
    assertThat(la).isEqualTo(hasher.hash(greyImage()));
    assertThat(la.quality()).isGreaterThan(0);
  }

  @Test
  void sixteenBitGreyHashesAsItsEightBitRounding() throws IOException {
    BufferedImage img = new BufferedImage(96, 80, BufferedImage.TYPE_USHORT_GRAY);
    for (int y = 0; y < 80; y++) {
      for (int x = 0; x < 96; x++) {
        // Off the exact multiple of 257 by up to 100 either way: still rounds to the 8-bit value.
        int v = grey(x, y);
        img.getRaster().setSample(x, y, 0, v * 257 + (v == 255 ? -100 : v == 0 ? 100 : x % 3 == 0 ? 100 : -100));
      }
    }
    assertThat(hasher.hash(png(img, "i16.png"))).isEqualTo(hasher.hash(greyImage()));
  }

  @Test
  void paletteImageHashesAsItsColours() throws IOException {
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    for (int i = 0; i < 256; i++) {
      r[i] = (byte) i;
      g[i] = (byte) (i / 2);
      b[i] = (byte) (255 - i);
    }
    IndexColorModel icm = new IndexColorModel(8, 256, r, g, b);
    BufferedImage indexed = new BufferedImage(96, 80, BufferedImage.TYPE_BYTE_INDEXED, icm);
    BufferedImage rgb = new BufferedImage(96, 80, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 80; y++) {
      for (int x = 0; x < 96; x++) {
        int i = grey(x, y);
        indexed.getRaster().setSample(x, y, 0, i);
        rgb.getRaster().setPixel(x, y, new int[] {i, i / 2, 255 - i});
      }
    }
    assertThat(hasher.hash(png(indexed, "palette.png"))).isEqualTo(hasher.hash(rgb));
  }

  @Test
  void packedIntAndInterleavedBytePixelsHashAlike() {
    PdqResult bytes = hasher.hash(rgbImage(BufferedImage.TYPE_3BYTE_BGR));
    assertThat(hasher.hash(rgbImage(BufferedImage.TYPE_INT_RGB))).isEqualTo(bytes);
    assertThat(hasher.hash(rgbImage(BufferedImage.TYPE_INT_ARGB))).isEqualTo(bytes);
    assertThat(hasher.hash(rgbImage(BufferedImage.TYPE_INT_BGR))).isEqualTo(bytes);
    assertThat(hasher.hash(rgbImage(BufferedImage.TYPE_4BYTE_ABGR))).isEqualTo(bytes);
  }

  @Test
  void aSubimageHashesAsItsCopy() {
    BufferedImage whole = rgbImage(BufferedImage.TYPE_3BYTE_BGR);
    BufferedImage sub = whole.getSubimage(7, 5, 60, 50);
    BufferedImage copy = new BufferedImage(60, 50, BufferedImage.TYPE_3BYTE_BGR);
    copy.getRaster().setPixels(0, 0, 60, 50, whole.getRaster().getPixels(7, 5, 60, 50, (int[]) null));
    assertThat(hasher.hash(sub)).isEqualTo(hasher.hash(copy));
    BufferedImage intWhole = rgbImage(BufferedImage.TYPE_INT_RGB);
    assertThat(hasher.hash(intWhole.getSubimage(7, 5, 60, 50))).isEqualTo(hasher.hash(copy));
  }

  @Test
  void rgb24BytesHashAsTheImage() {
    BufferedImage img = rgbImage(BufferedImage.TYPE_3BYTE_BGR);
    byte[] rgb = new byte[96 * 80 * 3];
    for (int y = 0, k = 0; y < 80; y++) {
      for (int x = 0; x < 96; x++) {
        int[] px = img.getRaster().getPixel(x, y, (int[]) null);
        rgb[k++] = (byte) px[0];
        rgb[k++] = (byte) px[1];
        rgb[k++] = (byte) px[2];
      }
    }
    assertThat(hasher.hashRgb(rgb, 96, 80)).isEqualTo(hasher.hash(img));
  }

  @Test
  void aOneByOneImageHashesToZeroWithQualityZeroAsTheReference() throws IOException {
    BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
    one.setRGB(0, 0, 0x123456);
    assertThat(hasher.hash(png(one, "one.png"))).isEqualTo(new PdqResult(PdqHash.ZERO, 0));
    assertThat(hasher.dihedral(one).quality()).isZero();
  }

  @Test
  void cmykJpegIsConvertedToRgbAndHashed() throws IOException {
    // A four-component JPEG written from a raster, its samples inverted as Photoshop stores CMYK (the JDK's reader
    // inverts them back): the JDK (17) reads it as CMYK, and the hasher draws it into RGB before taking the
    // luminance. A decoder that refuses it gets the message of cmykMessageNamesTheFormatWhereTheDecoderRefusesIt.
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 96, 80, 4, null);
    BufferedImage rgb = new BufferedImage(96, 80, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 80; y++) {
      for (int x = 0; x < 96; x++) {
        int c = grey(x, y);
        int k = 40;
        raster.setPixel(x, y, new int[] {255 - c, 255 - c / 2, c, 255 - k});
        rgb.getRaster().setPixel(x, y, new int[] {
            (255 - c) * (255 - k) / 255, (255 - c / 2) * (255 - k) / 255, c * (255 - k) / 255});
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(raster, null, null), null);
    } finally {
      writer.dispose();
    }
    Path file = dir.resolve("cmyk.jpg");
    Files.write(file, out.toByteArray());
    PdqResult cmyk = hasher.hash(file);
    assertThat(cmyk.quality()).isGreaterThan(0);
    assertThat(cmyk.hash().distance(hasher.hash(rgb).hash())).isLessThanOrEqualTo(31);
  }

  @Test
  void cmykMessageNamesTheFormatWhereTheDecoderRefusesIt() {
    assertThat(Images.explain("jpeg", new javax.imageio.IIOException("Unsupported Image Type")))
        .contains("CMYK").contains("convert it to RGB");
  }

  @Test
  void truncatedPngFailsWithAClearMessage() throws IOException {
    byte[] whole = Files.readAllBytes(png(rgbImage(BufferedImage.TYPE_3BYTE_BGR), "whole.png"));
    Path file = dir.resolve("cut.png");
    Files.write(file, Arrays.copyOf(whole, whole.length / 2));
    assertThatThrownBy(() -> hasher.hash(file))
        .isInstanceOf(HashException.class)
        .hasMessageContaining("cut.png")
        .hasMessageContaining("truncated or corrupt");
  }

  @Test
  void truncatedJpegHashesWhatWasDecodedOrFailsClearly() throws IOException {
    Path whole = dir.resolve("whole.jpg");
    ImageIO.write(rgbImage(BufferedImage.TYPE_3BYTE_BGR), "jpeg", whole.toFile());
    byte[] bytes = Files.readAllBytes(whole);
    for (int cut : new int[] {10, 200, bytes.length / 2, bytes.length - 2}) {
      Path file = dir.resolve("cut" + cut + ".jpg");
      Files.write(file, Arrays.copyOf(bytes, cut));
      try {
        assertThat(hasher.hash(file).quality()).isBetween(0, 100);
      } catch (HashException e) {
        assertThat(e.getMessage()).startsWith("cut" + cut + ".jpg: ");
      }
    }
  }

  @Test
  void notAnImageFailsWithAClearMessage() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "not an image");
    assertThatThrownBy(() -> hasher.hash(file)).isInstanceOf(HashException.class).hasMessageContaining("notes.txt")
        .hasMessageContaining("not an image format");
    assertThatThrownBy(() -> hasher.hash(dir.resolve("absent.png"))).isInstanceOf(HashException.class)
        .hasMessage("absent.png: no such file");
  }

  @Test
  void aHugeDeclaredImageIsRefusedBeforeDecoding() throws IOException {
    byte[] png = Files.readAllBytes(png(greyImage(), "small.png"));
    // IHDR starts at byte 8 (length, "IHDR", width, height, ...); declare 200,000 x 200,000 and fix the CRC.
    ByteBuffer buf = ByteBuffer.wrap(png);
    buf.putInt(16, 200_000).putInt(20, 200_000);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    buf.putInt(29, (int) crc.getValue());
    Path file = dir.resolve("bomb.png");
    Files.write(file, png);
    assertThatThrownBy(() -> hasher.hash(file)).isInstanceOf(HashException.class)
        .hasMessageContaining("200000x200000");
  }

  @Test
  void hexFormRoundTripsAndDistanceCountsBits() {
    String hex = "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22";
    PdqHash h = PdqHash.fromHex(hex);
    assertThat(h.toHex()).isEqualTo(hex);
    assertThat(PdqHash.fromHex(hex.toUpperCase())).isEqualTo(h);
    assertThat(h.distance(h)).isZero();
    assertThat(h.distance(PdqHash.ZERO)).isEqualTo(
        Long.bitCount(h.word(0)) + Long.bitCount(h.word(1)) + Long.bitCount(h.word(2)) + Long.bitCount(h.word(3)));
    // Bit 0 is the last hex digit's lowest bit, bit 255 the first digit's highest (Hash256::format).
    assertThat(h.bit(1)).isTrue();
    assertThat(h.bit(0)).isFalse();
    assertThat(h.bit(255)).isTrue();
    assertThatThrownBy(() -> PdqHash.fromHex("xyz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PdqHash.fromHex(hex.replace('f', 'g'))).isInstanceOf(IllegalArgumentException.class);
  }
}
