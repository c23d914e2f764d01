package sh.kaito.operator.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects errors and warnings while the rules run; the three shapes of knative's FieldError. */
final class Errors {
  private final List<FieldError> errors = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  /** A free-form message ({@code apis.ErrGeneric}). */
  void generic(String path, String message) {
    errors.add(new FieldError(path, message));
  }

  /** An invalid value ({@code apis.ErrInvalidValue}): "invalid value: ...". */
  void invalid(String path, String value) {
    errors.add(new FieldError(path, "invalid value: " + value));
  }

  /** A missing field ({@code apis.ErrMissingField}): "missing field(s)". */
  void missing(String path) {
    errors.add(new FieldError(path, "missing field(s)"));
  }

  /** A missing field with an explanation: "missing field(s): explanation". */
  void missing(String path, String explanation) {
    errors.add(new FieldError(path, "missing field(s): " + explanation));
  }

  void warn(String warning) {
    warnings.add(warning);
  }

  int size() {
    return errors.size();
  }

  ValidationResult result() {
    return new ValidationResult(errors, warnings);
  }
}
