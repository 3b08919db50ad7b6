package org.accord.cases.evidence;

import org.accord.cases.CaseException;

/**
 * Evidence refused or found broken: an upload over the limit, cut short or with another hash than declared, an
 * unknown package or file, a package that cannot be read. The message says precisely what and never holds a secret,
 * so the node can hand it to the caller as is (an HTTP 4xx, a CLI exit 1).
 */
public class EvidenceException extends CaseException {
  private static final long serialVersionUID = 1L;

  public EvidenceException(String message) {
    super(message);
  }
}
