package sh.kaito.operator.validation;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of validating one Workspace: errors reject it, warnings are only reported. */
public record ValidationResult(List<FieldError> errors, List<String> warnings) {
  public ValidationResult {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean isValid() {
    return errors.isEmpty();
  }

  /** All errors, one per line. */
  public String message() {
    return errors.stream().map(FieldError::render).collect(Collectors.joining("\n"));
  }
}
