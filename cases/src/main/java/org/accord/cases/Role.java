package org.accord.cases;

/** A party's role on a request: every transition is made by one of the two. */
public enum Role {
  REQUESTER("requester"),
  REQUESTED("requested party");

  private final String text;

  Role(String text) {
    this.text = text;
  }

  /** How messages name the role. */
  public String text() {
    return text;
  }
}
