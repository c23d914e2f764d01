package sh.kaito.operator.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * Byte sizes written as Kubernetes quantities ({@code 7.12Gi}, {@code 16Gi}, {@code 512Mi}, {@code
 * 80G}). Kept apart from fabric8's Quantity so that the catalog stays free of Kubernetes classes.
 */
public final class ByteQuantity {
  public static final long KI = 1024L;
  public static final long MI = KI * 1024;
  public static final long GI = MI * 1024;
  public static final long TI = GI * 1024;

  private static final java.util.regex.Pattern FORMAT =
      java.util.regex.Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$");

  private ByteQuantity() {}

  /** Parses a quantity into bytes, rounding up; throws IllegalArgumentException when malformed. */
  public static long parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("size is missing");
    }
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a byte size such as 16Gi, 7.12Gi or 512Mi");
    }
    BigDecimal number = new BigDecimal(m.group(1));
    String suffix = m.group(2) == null ? "" : m.group(2);
    long unit =
        switch (suffix) {
          case "Ki" -> KI;
          case "Mi" -> MI;
          case "Gi" -> GI;
          case "Ti" -> TI;
          case "k" -> 1000L;
          case "M" -> 1000_000L;
          case "G" -> 1000_000_000L;
          case "T" -> 1000_000_000_000L;
          default -> 1L;
        };
    try {
      return number
          .multiply(BigDecimal.valueOf(unit))
          .setScale(0, RoundingMode.CEILING)
          .longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large for a byte size", e);
    }
  }

  /** Formats bytes in GiB with at most two decimals, e.g. {@code 7.12Gi} or {@code 16Gi}. */
  public static String formatGi(long bytes) {
    BigDecimal gib =
        BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(GI), 2, RoundingMode.HALF_UP);
    return gib.stripTrailingZeros().toPlainString() + "Gi";
  }

  /** GiB as a double, for arithmetic in estimates. */
  public static double toGiB(long bytes) {
    return bytes / (double) GI;
  }

  /** Formats a GiB figure for messages, e.g. {@code 10.4}. */
  public static String oneDecimal(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
