package sh.kaito.operator.common;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container image references with the grammar and error texts of the distribution/reference library
 * that Docker, containerd and KAITO use ({@code ParseDockerRef}): a reference that this accepts is
 * one a kubelet can pull.
 */
public final class ImageReference {
  private static final String DEFAULT_DOMAIN = "docker.io";
  private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
  private static final String OFFICIAL_REPO_PREFIX = "library/";

  private static final String ALPHANUMERIC = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT =
      ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
  private static final String DOMAIN_NAME_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN_NAME =
      DOMAIN_NAME_COMPONENT + "(?:\\." + DOMAIN_NAME_COMPONENT + ")*";
  private static final String HOST = "(?:" + DOMAIN_NAME + "|\\[(?:[a-fA-F0-9:]+)\\])";
  private static final String DOMAIN_AND_PORT = HOST + "(?::[0-9]+)?";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
  private static final String NAME =
      "(?:" + DOMAIN_AND_PORT + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final Pattern REFERENCE =
      Pattern.compile("^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
  private static final Pattern ANCHORED_IDENTIFIER = Pattern.compile("^[a-f0-9]{64}$");

  private final String name;
  private final String tag;
  private final String digest;

  private ImageReference(String name, String tag, String digest) {
    this.name = name;
    this.tag = tag;
    this.digest = digest;
  }

  /** Thrown for a reference that does not parse; the message is the library's. */
  public static final class InvalidReferenceException extends Exception {
    InvalidReferenceException(String message) {
      super(message);
    }
  }

  /**
   * Parses a reference the way {@code reference.ParseDockerRef} does: normalizes the Docker Hub
   * domain and adds the {@code latest} tag when there is neither tag nor digest.
   */
  public static ImageReference parse(String reference) throws InvalidReferenceException {
    if (reference == null || reference.isEmpty()) {
      throw new InvalidReferenceException(
          "invalid reference format: repository name must have at least one component");
    }
    if (ANCHORED_IDENTIFIER.matcher(reference).matches()) {
      throw new InvalidReferenceException(
          "invalid repository name ("
              + reference
              + "), cannot specify 64-byte hexadecimal strings");
    }
    String[] split = splitDomain(reference);
    String domain = split[0];
    String remainder = split[1];
    int tagSep = remainder.indexOf(':');
    String remote = tagSep > -1 ? remainder.substring(0, tagSep) : remainder;
    if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
      throw new InvalidReferenceException(
          "invalid reference format: repository name (" + remote + ") must be lowercase");
    }
    String full = domain + "/" + remainder;
    Matcher m = REFERENCE.matcher(full);
    if (!m.matches()) {
      if (REFERENCE.matcher(full.toLowerCase(Locale.ROOT)).matches()) {
        throw new InvalidReferenceException(
            "invalid reference format: repository name must be lowercase");
      }
      throw new InvalidReferenceException("invalid reference format");
    }
    String parsedName = m.group(1);
    if (parsedName.length() > 255) {
      throw new InvalidReferenceException(
          "invalid reference format: repository name must not be more than 255 characters");
    }
    String parsedTag = m.group(2);
    String parsedDigest = m.group(3);
    if (parsedTag == null && parsedDigest == null) {
      parsedTag = "latest";
    }
    return new ImageReference(parsedName, parsedTag, parsedDigest);
  }

  /** Returns whether the reference parses. */
  public static boolean isValid(String reference) {
    try {
      parse(reference);
      return true;
    } catch (InvalidReferenceException e) {
      return false;
    }
  }

  private static String[] splitDomain(String reference) {
    int i = reference.indexOf('/');
    String domain;
    String remainder;
    if (i == -1
        || (!containsAny(reference.substring(0, i), ".:")
            && !reference.substring(0, i).equals("localhost")
            && reference
                .substring(0, i)
                .toLowerCase(Locale.ROOT)
                .equals(reference.substring(0, i)))) {
      domain = DEFAULT_DOMAIN;
      remainder = reference;
    } else {
      domain = reference.substring(0, i);
      remainder = reference.substring(i + 1);
    }
    if (domain.equals(LEGACY_DEFAULT_DOMAIN)) {
      domain = DEFAULT_DOMAIN;
    }
    if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) {
      remainder = OFFICIAL_REPO_PREFIX + remainder;
    }
    return new String[] {domain, remainder};
  }

  private static boolean containsAny(String s, String chars) {
    for (char c : chars.toCharArray()) {
      if (s.indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** The normalized repository, e.g. {@code docker.io/library/busybox}. */
  public String name() {
    return name;
  }

  /** The tag; {@code latest} when the reference had neither tag nor digest. */
  public String tag() {
    return tag;
  }

  public String digest() {
    return digest;
  }

  @Override
  public String toString() {
    return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
