package sh.kaito.operator.common;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Kubernetes name rules, with the API server's own error texts. */
public final class Dns1123 {
  private static final String LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String SUBDOMAIN_FMT = LABEL_FMT + "(\\." + LABEL_FMT + ")*";
  private static final Pattern LABEL = Pattern.compile("^" + LABEL_FMT + "$");
  private static final Pattern SUBDOMAIN = Pattern.compile("^" + SUBDOMAIN_FMT + "$");

  private Dns1123() {}

  /** Errors for a DNS-1123 label (e.g. a Workspace name); empty when valid. */
  public static List<String> labelErrors(String value) {
    List<String> errors = new ArrayList<>();
    String v = value == null ? "" : value;
    if (v.length() > 63) {
      errors.add("must be no more than 63 characters");
    }
    if (!LABEL.matcher(v).matches()) {
      errors.add(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-',"
              + " and must start and end with an alphanumeric character (e.g. 'my-name',  or"
              + " '123-abc', regex used for validation is '"
              + LABEL_FMT
              + "')");
    }
    return errors;
  }

  /** Errors for a DNS-1123 subdomain (e.g. a Secret or container-source name); empty when valid. */
  public static List<String> subdomainErrors(String value) {
    List<String> errors = new ArrayList<>();
    String v = value == null ? "" : value;
    if (v.length() > 253) {
      errors.add("must be no more than 253 characters");
    }
    if (!SUBDOMAIN.matcher(v).matches()) {
      errors.add(
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-'"
              + " or '.', and must start and end with an alphanumeric character (e.g."
              + " 'example.com', regex used for validation is '"
              + SUBDOMAIN_FMT
              + "')");
    }
    return errors;
  }
}
