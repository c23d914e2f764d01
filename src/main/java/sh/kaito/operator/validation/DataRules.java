package sh.kaito.operator.validation;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import sh.kaito.operator.api.v1beta1.AdapterSpec;
import sh.kaito.operator.api.v1beta1.DataDestination;
import sh.kaito.operator.api.v1beta1.DataSource;
import sh.kaito.operator.common.DataSourceUrlGuard;
import sh.kaito.operator.common.Dns1123;
import sh.kaito.operator.common.ImageReference;

/** Rules on data sources (tuning input, adapters) and data destinations (tuning output). */
final class DataRules {
  /**
   * A decimal number as Go's ParseFloat and Python's float() both read it; Java's parser would also
   * take suffixes such as {@code 0.5f} that the runtime cannot parse.
   */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");

  private DataRules() {}

  /** KAITO's DataSource.validateCreate: exactly one of urls, volumeSource, image. */
  static void source(Errors errors, DataSource source, String path) {
    int specified = 0;
    List<String> urls = source.urlsOrEmpty();
    if (!urls.isEmpty()) {
      for (String url : urls) {
        Optional<String> refused = DataSourceUrlGuard.check(url);
        refused.ifPresent(reason -> errors.invalid(path + ".urls", reason));
      }
      specified++;
    }
    if (notEmpty(source.image())) {
      inputImage(errors, source.image(), path + ".image");
      specified++;
    }
    if (source.volumeSource() != null) {
      specified++;
    }
    if (specified != 1) {
      errors.generic(path, "Exactly one of URLs, Volume, or Image must be specified");
    }
  }

  static void inputImage(Errors errors, String image, String path) {
    try {
      ImageReference.parse(image);
    } catch (ImageReference.InvalidReferenceException e) {
      errors.invalid(path, "Unable to parse input image reference: " + e.getMessage());
    }
  }

  /** KAITO's DataDestination.validateCreate, plus a check that the push secret is a valid name. */
  static void destination(Errors errors, DataDestination destination, String path) {
    int specified = 0;
    if (notEmpty(destination.image())) {
      outputImage(errors, destination.image(), path + ".image");
      String secret = destination.imagePushSecret();
      if (!notEmpty(secret)) {
        errors.missing(
            path + ".imagePushSecret", "Must specify imagePushSecret with destination image");
      } else {
        List<String> problems = Dns1123.subdomainErrors(secret);
        if (!problems.isEmpty()) {
          errors.invalid(
              path + ".imagePushSecret",
              "\""
                  + secret
                  + "\" is not a valid Secret name: "
                  + String.join(", ", problems)
                  + "; set it to the name of a kubernetes.io/dockerconfigjson Secret in the"
                  + " Workspace namespace");
        }
      }
      specified++;
    }
    if (destination.volumeSource() != null) {
      specified++;
    }
    if (specified != 1) {
      errors.missing(path, "Exactly one of Volume or Image must be specified");
    }
  }

  static void outputImage(Errors errors, String image, String path) {
    try {
      ImageReference.parse(image);
    } catch (ImageReference.InvalidReferenceException e) {
      errors.invalid(
          path,
          "Unable to parse output image reference: "
              + e.getMessage()
              + "; use a reference such as myregistry.azurecr.io/my-adapter:0.0.1");
    }
  }

  /** KAITO's AdapterSpec.validateCreateorUpdate. */
  static void adapter(Errors errors, AdapterSpec adapter, String path) {
    DataSource source = adapter.source();
    if (source == null) {
      errors.missing(path + ".source");
      return;
    }
    source(errors, source, path + ".source");
    String name = source.name();
    if (!notEmpty(name)) {
      errors.missing(path + ".source.name", "Name of Adapter field must be specified");
    } else {
      List<String> problems = Dns1123.subdomainErrors(name);
      if (!problems.isEmpty()) {
        errors.invalid(path + ".source.name", String.join(", ", problems));
      }
    }
    if (!notEmpty(source.image()) && source.volumeSource() == null) {
      errors.generic(
          path + ".source", "Either Image or Volume must be specified for adapter source");
    }
    if (!source.urlsOrEmpty().isEmpty()) {
      errors.generic(path + ".source.urls", "URLs are not supported as adapter source");
    }
    String strength = adapter.strength() == null ? "1.0" : adapter.strength();
    double value;
    try {
      if (!DECIMAL.matcher(strength.trim()).matches()) {
        throw new NumberFormatException(strength);
      }
      value = Double.parseDouble(strength.trim());
    } catch (NumberFormatException e) {
      errors.generic(
          path + ".strength",
          "Invalid strength value for Adapter '"
              + name
              + "': strconv.ParseFloat: parsing \""
              + strength
              + "\": invalid syntax");
      return;
    }
    if (value < 0 || value > 1.0 || Double.isNaN(value)) {
      errors.generic(
          path + ".strength", "Strength value for Adapter '" + name + "' must be between 0 and 1");
    }
  }

  static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
