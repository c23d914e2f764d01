package sh.kaito.operator.catalog;

/** A catalog file is missing or one of its entries is invalid; the message names the entry. */
public class CatalogException extends RuntimeException {
  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
