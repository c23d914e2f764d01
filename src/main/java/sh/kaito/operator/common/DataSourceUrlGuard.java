package sh.kaito.operator.common;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps tuning data downloads away from the cluster's own network (SSRF): only http(s) URLs to
 * public hosts. Rejects localhost names, cloud metadata names, and loopback, private, link-local,
 * unspecified and multicast addresses, also when written in the numeric forms that curl accepts
 * ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}). Host names are not resolved here: a
 * public name that resolves to a private address is not caught at admission.
 */
public final class DataSourceUrlGuard {
  private static final Set<String> METADATA_HOSTS =
      Set.of("metadata.google.internal", "metadata.google", "instance-data.ec2.internal");

  private DataSourceUrlGuard() {}

  /** The reason the URL is refused (KAITO's texts), or empty when it may be downloaded. */
  public static Optional<String> check(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      return Optional.of("invalid data source URL");
    }
    String host = hostOf(uri);
    if (!uri.isAbsolute() || host == null || host.isEmpty()) {
      return Optional.of("invalid data source URL");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("data source URL must use HTTP or HTTPS");
    }
    String hostname = host.toLowerCase(Locale.ROOT);
    if (hostname.startsWith("[") && hostname.endsWith("]")) {
      hostname = hostname.substring(1, hostname.length() - 1);
    }
    if (hostname.endsWith(".")) {
      hostname = hostname.substring(0, hostname.length() - 1);
    }
    if (hostname.equals("localhost")
        || hostname.endsWith(".localhost")
        || METADATA_HOSTS.contains(hostname)) {
      return Optional.of("data source URL must not target a local or metadata endpoint");
    }
    Optional<InetAddress> address = literalAddress(hostname);
    if (address.isPresent() && isInternal(address.get())) {
      return Optional.of(
          "data source URL must not target a loopback, private, or link-local address");
    }
    return Optional.empty();
  }

  private static String hostOf(URI uri) {
    if (uri.getHost() != null) {
      return uri.getHost();
    }
    // java.net.URI leaves host null for names it considers invalid (e.g. with '_'); take it from
    // the authority so such hosts are still checked.
    String authority = uri.getRawAuthority();
    if (authority == null) {
      return null;
    }
    int at = authority.lastIndexOf('@');
    String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      return end > 0 ? hostPort.substring(0, end + 1) : hostPort;
    }
    int colon = hostPort.lastIndexOf(':');
    return colon >= 0 ? hostPort.substring(0, colon) : hostPort;
  }

  /** Parses an IP literal without any DNS lookup; empty for host names. */
  static Optional<InetAddress> literalAddress(String hostname) {
    String h = hostname;
    int zone = h.indexOf('%');
    if (zone >= 0) {
      h = h.substring(0, zone);
    }
    try {
      if (h.contains(":")) {
        // An IPv6 literal: InetAddress parses literals without resolving them.
        return h.matches("[0-9a-f:.]+") ? Optional.of(InetAddress.getByName(h)) : Optional.empty();
      }
      byte[] v4 = parseInetAton(h);
      return v4 == null ? Optional.empty() : Optional.of(InetAddress.getByAddress(v4));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /**
   * The address forms of inet_aton (what curl and glibc accept): one to four parts, each decimal,
   * octal (leading 0) or hexadecimal (0x); the last part fills the remaining bytes.
   */
  static byte[] parseInetAton(String host) {
    if (host.isEmpty() || !host.matches("[0-9a-fx.]+")) {
      return null;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Long v = parseNumber(parts[i]);
      if (v == null) {
        return null;
      }
      values[i] = v;
    }
    long address = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (values[i] > 255) {
        return null;
      }
      address |= values[i] << (8 * (3 - i));
    }
    long last = values[parts.length - 1];
    int remainingBytes = 4 - (parts.length - 1);
    if (last >= (1L << (8 * remainingBytes))) {
      return null;
    }
    address |= last;
    return new byte[] {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
  }

  private static Long parseNumber(String part) {
    try {
      if (part.isEmpty()) {
        return null;
      }
      if (part.startsWith("0x")) {
        return part.length() == 2 ? 0L : Long.parseLong(part.substring(2), 16);
      }
      if (part.length() > 1 && part.startsWith("0")) {
        return Long.parseLong(part.substring(1), 8);
      }
      return Long.parseLong(part, 10);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Loopback, private (RFC 1918, fc00::/7), link-local, unspecified or multicast. */
  static boolean isInternal(InetAddress address) {
    byte[] b = address.getAddress();
    if (address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isAnyLocalAddress()
        || address.isMulticastAddress()
        || address.isSiteLocalAddress()) {
      return true;
    }
    if (b.length == 4) {
      int first = b[0] & 0xff;
      // 0.0.0.0/8 reaches the local host on Linux; 100.64.0.0/10 is carrier-grade NAT space
      // that cloud VNets use for pod and service ranges.
      return first == 0 || (first == 100 && (b[1] & 0xc0) == 64);
    }
    // IPv6 unique local addresses, fc00::/7.
    return (b[0] & 0xfe) == 0xfc;
  }
}
