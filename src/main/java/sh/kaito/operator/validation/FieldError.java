package sh.kaito.operator.validation;

/**
 * One validation failure. Rendered as {@code "<message>: <path>"}, the format of the knative
 * FieldError that KAITO's webhook returns, so that tools matching on KAITO's messages keep working.
 *
 * @param path the field, e.g. {@code tuning.output.image}; empty for object-level errors
 * @param message what is wrong and, where it helps, how to fix it
 */
public record FieldError(String path, String message) {
  public String render() {
    return path == null || path.isEmpty() ? message : message + ": " + path;
  }
}
