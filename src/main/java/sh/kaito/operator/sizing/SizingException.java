package sh.kaito.operator.sizing;

/** The workload cannot be sized for the given GPUs; the message gives the numbers. */
public class SizingException extends Exception {
  public SizingException(String message) {
    super(message);
  }
}
