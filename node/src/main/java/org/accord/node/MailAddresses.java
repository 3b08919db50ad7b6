package org.accord.node;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * E-mail addresses as the configuration writes them ({@code cases.smtp.from}, {@code cases.contacts.*.email}): one
 * mailbox, {@code local@domain} or {@code "Name <local@domain>"}, parsed strictly (RFC 5322 §3.4). Groups, lists,
 * addresses without a domain and any control character are refused, so that an address can never add a header or a
 * recipient to a mail.
 */
final class MailAddresses {
  private MailAddresses() {}

  /**
   * {@code text} as one address.
   *
   * @param key the setting it comes from, named in the message
   * @throws IllegalArgumentException naming the setting, the text and what is wrong with it
   */
  static InternetAddress parse(String text, String key) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(key + ": an e-mail address must not be blank");
    }
    if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException(key + ": '" + text.strip() + "' holds a control character (a line break?)");
    }
    InternetAddress[] all;
    try {
      all = InternetAddress.parse(text, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException(
          key + ": '" + text + "' is not an e-mail address (" + e.getMessage() + ")", e);
    }
    if (all.length != 1 || all[0].isGroup()) {
      throw new IllegalArgumentException(key + ": '" + text + "' is not one e-mail address; list each on its own");
    }
    String address = all[0].getAddress();
    int at = address.lastIndexOf('@');
    if (at < 1 || at == address.length() - 1) {
      throw new IllegalArgumentException(key + ": '" + text + "' is not an e-mail address (local@domain)");
    }
    return all[0];
  }
}
