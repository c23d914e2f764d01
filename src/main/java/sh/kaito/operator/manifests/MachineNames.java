package sh.kaito.operator.manifests;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Machine names: {@code ws} and 9 hex characters of sha256(workspace UID, ordinal). The same
 * Workspace slot always gets the same name, so a restarted operator finds the Machine (and the AKS
 * agent pool of the same name) instead of creating another. 11 lower-case characters starting with
 * a letter: a valid AKS agent pool name ({@code ^[a-z][a-z0-9]{0,11}$}).
 */
public final class MachineNames {
  private MachineNames() {}

  public static String of(String workspaceUid, int ordinal) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest((workspaceUid + "/" + ordinal).getBytes(StandardCharsets.UTF_8));
      return "ws" + HexFormat.of().formatHex(digest).substring(0, 9);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
