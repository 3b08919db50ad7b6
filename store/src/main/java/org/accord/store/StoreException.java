package org.accord.store;

/** A store operation failed: an unknown collection, a conflict, or the database itself. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The named collection does not exist. */
  public static final class UnknownCollection extends StoreException {
    private static final long serialVersionUID = 1L;

    public UnknownCollection(String collectionId) {
      super("no collection with id or alias '" + collectionId + "'");
    }
  }
}
