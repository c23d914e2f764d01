package sh.kaito.operator.validation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import sh.kaito.operator.catalog.ByteQuantity;

/** NVIDIA MIG profile names such as {@code 1g.10gb}: compute slices and memory of one slice. */
final class MigProfiles {
  private static final Pattern PROFILE = Pattern.compile("^(\\d+)g\\.([\\d.]+)gb$");

  private MigProfiles() {}

  /** Memory of one slice in bytes (the GB figure read as GiB, as KAITO does). */
  static long sliceMemoryBytes(String profile) {
    Matcher m = PROFILE.matcher(profile == null ? "" : profile);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid MIG profile format \"" + profile + "\": expected format like '1g.10gb'");
    }
    int slices = Integer.parseInt(m.group(1));
    double memory;
    try {
      memory = Math.floor(Double.parseDouble(m.group(2)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid MIG profile \"" + profile + "\": cannot parse memory value");
    }
    if (slices == 0) {
      throw new IllegalArgumentException(
          "invalid MIG profile \"" + profile + "\": compute slices must be > 0");
    }
    if (memory == 0) {
      throw new IllegalArgumentException(
          "invalid MIG profile \"" + profile + "\": memory must be > 0");
    }
    return (long) memory * ByteQuantity.GI;
  }
}
