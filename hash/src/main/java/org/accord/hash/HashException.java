package org.accord.hash;

/**
 * An input the hash module cannot hash: an unreadable or truncated file, a pixel format the JDK cannot decode (CMYK
 * JPEG), a video {@code ffmpeg} refuses, no {@code ffmpeg} at all. The message names the input and says precisely
 * what is wrong, never with a stack trace, so a caller can hand it on as is (an HTTP 4xx, a CLI exit 1).
 */
public class HashException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HashException(String message) {
    super(message);
  }

  public HashException(String message, Throwable cause) {
    super(message, cause);
  }
}
