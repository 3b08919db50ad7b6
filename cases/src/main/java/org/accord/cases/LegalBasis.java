package org.accord.cases;

import org.accord.rules.Clause;

/**
 * What a request rests on: the rulebook clause (an obligation clause's id, e.g. {@code A1.O1}) and, where one applies,
 * a treaty article (e.g. "Budapest Convention art. 29").
 *
 * @param clauseId the rulebook clause
 * @param treatyArticle the treaty article, or null
 */
public record LegalBasis(String clauseId, String treatyArticle) {
  static final int MAX_ARTICLE = 200;

  public LegalBasis {
    if (clauseId == null) {
      // A CaseException, not a NullPointerException: a request read from JSON without it is bad input (a 400).
      throw new CaseException("legal_basis.clause: name the rulebook clause the request rests on");
    }
    if (!Clause.ID.matcher(clauseId).matches()) {
      throw new CaseException(
          "legal_basis.clause: '" + clauseId + "' is not a clause id (a letter, then letters, digits, '.', '-', '_')");
    }
    if (treatyArticle != null && (treatyArticle.isBlank() || treatyArticle.length() > MAX_ARTICLE)) {
      throw new CaseException("legal_basis.treaty_article: leave it out or write 1 to " + MAX_ARTICLE + " characters");
    }
  }
}
