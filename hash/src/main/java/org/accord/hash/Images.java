package org.accord.hash;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decoding image files and reading their pixels into a luminance plane.
 *
 * <p>Design note. Pixels are read from the raster's {@link DataBuffer} arrays in bulk, through the sample model's
 * offsets and strides, never by a per-pixel {@code getRGB} (which converts every pixel through the colour model and
 * costs more than the whole hash). Four layouts cover what the JDK's decoders produce: interleaved or banded 8-bit
 * components (JPEG, 8-bit PNG: RGB, RGBA, grey, grey + alpha), the same in 16 bits (16-bit PNG, scaled to 8 bits by
 * rounding {@code v / 257}), packed ints ({@code TYPE_INT_RGB} and kin) and palettes ({@link IndexColorModel}, read as
 * index rows). Anything else (a CMYK JPEG, which the JDK 17 decoder reads with Adobe's inverted samples put right;
 * a custom colour space; float samples) is first drawn into an 8-bit RGB image by Java2D's colour conversion. A JPEG
 * the decoder refuses (YCCK on some JDKs) fails with a message that says to convert it to RGB.
 *
 * <p>Colour values are taken as they are stored, without colour management: the reference reads them so too
 * (libpng and libjpeg through CImg). A grey image is hashed on its grey values, as the reference's one-channel path
 * does; an alpha channel is ignored (the reference tool has no alpha path; Python's PDQ drops it too).
 */
final class Images {
  /** Decoded images above this many pixels are refused before decoding: a small file can declare a huge image. */
  static final long MAX_PIXELS = 100_000_000L;

  private Images() {}

  /** Decodes an image file, or fails with a {@link HashException} that names the file and the reason. */
  static BufferedImage read(Path file) {
    String name = String.valueOf(file.getFileName());
    if (!Files.isRegularFile(file)) {
      throw new HashException(name + ": no such file");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new HashException(name + ": cannot open the file");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new HashException(name + ": not an image format this node decodes (PNG, JPEG, GIF, BMP, TIFF)");
      }
      ImageReader reader = readers.next();
      String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_PIXELS) {
          throw new HashException(name + ": " + reader.getWidth(0) + "x" + reader.getHeight(0)
              + " pixels is more than the " + MAX_PIXELS + " this node decodes");
        }
        BufferedImage image = reader.read(0);
        if (image.getWidth() < 1 || image.getHeight() < 1) {
          throw new HashException(name + ": the image has no pixels");
        }
        return image;
      } catch (javax.imageio.IIOException e) {
        throw new HashException(name + ": " + explain(format, e), e);
      } finally {
        reader.dispose();
      }
    } catch (HashException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Decoders signal a truncated or corrupt file with IOExceptions (EOFException among them) and, for some
      // corruptions, with runtime exceptions (an IndexOutOfBounds in a Huffman table): either way the file is bad.
      throw new HashException(name + ": cannot decode the image (truncated or corrupt file: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ", " + e.getMessage()) + ")", e);
    }
  }

  static String explain(String format, javax.imageio.IIOException e) {
    String message = String.valueOf(e.getMessage());
    if (format.contains("jp") && message.contains("Unsupported Image Type")) {
      // The JDK's JPEG decoder reads grey, YCbCr and RGB; Adobe CMYK and YCCK JPEGs land here.
      return "a CMYK (or YCCK) JPEG, which the JDK's decoder cannot read; convert it to RGB first";
    }
    return "cannot decode the image (truncated or corrupt file: " + message + ")";
  }

  /**
   * Nearest-neighbour source indices for resizing {@code from} samples to {@code to}: index x reads {@code floor(x *
   * from / to)} computed in double, CImg's rule ({@code resize}, interpolation 1). The identity when equal.
   */
  static int[] sampleIndices(int from, int to) {
    int[] idx = new int[to];
    for (int x = 0; x < to; x++) {
      idx[x] = from == to ? x : (int) (((double) x * from) / to);
    }
    return idx;
  }

  /** Fills {@code luma} ({@code rows × cols}, row-major) from the image, resized by nearest neighbour if needed. */
  static void fillLuma(BufferedImage image, int rows, int cols, float[] luma) {
    int[] xs = sampleIndices(image.getWidth(), cols);
    int[] ys = sampleIndices(image.getHeight(), rows);
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    SampleModel sm = raster.getSampleModel();
    DataBuffer db = raster.getDataBuffer();
    if (cm instanceof IndexColorModel icm) {
      fromPalette(raster, icm, xs, ys, luma);
      return;
    }
    int type = cm.getColorSpace().getType();
    boolean grey = type == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1;
    boolean rgb = type == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3;
    if ((grey || rgb) && sm instanceof ComponentSampleModel csm
        && (db instanceof DataBufferByte || db instanceof DataBufferUShort)) {
      fromComponents(raster, csm, grey, xs, ys, luma);
      return;
    }
    if (rgb && sm instanceof SinglePixelPackedSampleModel psm && db instanceof DataBufferInt dbi
        && dbi.getNumBanks() == 1) {
      fromPackedInts(raster, psm, dbi.getData(), xs, ys, luma);
      return;
    }
    // Anything else (e.g. a custom colour space, float samples): draw it into 8-bit RGB once, then read that.
    BufferedImage converted = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = converted.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    fillLuma(converted, rows, cols, luma);
  }

  private static void fromComponents(
      Raster raster, ComponentSampleModel csm, boolean grey, int[] xs, int[] ys, float[] luma) {
    int dx = -raster.getSampleModelTranslateX();
    int dy = -raster.getSampleModelTranslateY();
    int pixelStride = csm.getPixelStride();
    int scanline = csm.getScanlineStride();
    int[] offsets = csm.getBandOffsets();
    int[] banks = csm.getBankIndices();
    DataBuffer db = raster.getDataBuffer();
    int bands = grey ? 1 : 3;
    int[] base = new int[bands];
    for (int b = 0; b < bands; b++) {
      base[b] = db.getOffsets()[banks[b]] + offsets[b] + dx * pixelStride + dy * scanline;
    }
    int[] colOffset = new int[xs.length];
    for (int j = 0; j < xs.length; j++) {
      colOffset[j] = xs[j] * pixelStride;
    }
    int cols = xs.length;
    if (db instanceof DataBufferByte bytes) {
      byte[] r = bytes.getData(banks[0]);
      if (grey) {
        for (int i = 0; i < ys.length; i++) {
          int row = base[0] + ys[i] * scanline;
          int k = i * cols;
          for (int j = 0; j < cols; j++) {
            luma[k + j] = (float) (r[row + colOffset[j]] & 0xff);
          }
        }
      } else {
        byte[] g = bytes.getData(banks[1]);
        byte[] b = bytes.getData(banks[2]);
        for (int i = 0; i < ys.length; i++) {
          int rowOffset = ys[i] * scanline;
          int k = i * cols;
          for (int j = 0; j < cols; j++) {
            int p = rowOffset + colOffset[j];
            luma[k + j] = PdqHasher.LUMA_R * (r[base[0] + p] & 0xff)
                + PdqHasher.LUMA_G * (g[base[1] + p] & 0xff)
                + PdqHasher.LUMA_B * (b[base[2] + p] & 0xff);
          }
        }
      }
      return;
    }
    DataBufferUShort shorts = (DataBufferUShort) db;
    short[] r = shorts.getData(banks[0]);
    short[] g = grey ? r : shorts.getData(banks[1]);
    short[] b = grey ? r : shorts.getData(banks[2]);
    for (int i = 0; i < ys.length; i++) {
      int rowOffset = ys[i] * scanline;
      int k = i * cols;
      for (int j = 0; j < cols; j++) {
        int p = rowOffset + colOffset[j];
        int rv = to8(r[base[0] + p]);
        luma[k + j] = grey
            ? (float) rv
            : PdqHasher.LUMA_R * rv + PdqHasher.LUMA_G * to8(g[base[1] + p]) + PdqHasher.LUMA_B * to8(b[base[2] + p]);
      }
    }
  }

  /** A 16-bit sample to 8 bits, rounded ({@code round(v * 255 / 65535)}). */
  private static int to8(short sample) {
    return ((sample & 0xffff) + 128) / 257;
  }

  private static void fromPackedInts(
      Raster raster, SinglePixelPackedSampleModel psm, int[] data, int[] xs, int[] ys, float[] luma) {
    int[] masks = psm.getBitMasks();
    int[] shifts = psm.getBitOffsets();
    int scanline = psm.getScanlineStride();
    int base = raster.getDataBuffer().getOffset()
        - raster.getSampleModelTranslateX() - raster.getSampleModelTranslateY() * scanline;
    int cols = xs.length;
    for (int i = 0; i < ys.length; i++) {
      int row = base + ys[i] * scanline;
      int k = i * cols;
      for (int j = 0; j < cols; j++) {
        int px = data[row + xs[j]];
        int r = (px & masks[0]) >>> shifts[0];
        int g = (px & masks[1]) >>> shifts[1];
        int b = (px & masks[2]) >>> shifts[2];
        luma[k + j] = PdqHasher.LUMA_R * r + PdqHasher.LUMA_G * g + PdqHasher.LUMA_B * b;
      }
    }
  }

  /** A palette image: each needed row of indices in one {@code getSamples} call, then the palette's RGB. */
  private static void fromPalette(Raster raster, IndexColorModel icm, int[] xs, int[] ys, float[] luma) {
    int size = icm.getMapSize();
    float[] paletteLuma = new float[256];
    for (int p = 0; p < size; p++) {
      paletteLuma[p] = PdqHasher.LUMA_R * icm.getRed(p) + PdqHasher.LUMA_G * icm.getGreen(p)
          + PdqHasher.LUMA_B * icm.getBlue(p);
    }
    int width = raster.getWidth();
    int[] indices = new int[width];
    int cols = xs.length;
    for (int i = 0; i < ys.length; i++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + ys[i], width, 1, 0, indices);
      int k = i * cols;
      for (int j = 0; j < cols; j++) {
        luma[k + j] = paletteLuma[indices[xs[j]] & 0xff];
      }
    }
  }
}
