package sh.kaito.operator.cloud.azure;

/**
 * Where a long-running agent pool operation that this process started stands after one poll.
 *
 * @param kind create (PUT) or delete
 * @param status in progress, succeeded or failed
 * @param error the cloud's error when it failed (code and message kept), else null
 */
public record AgentPoolOperation(Kind kind, Status status, ArmError error) {
  /** Which operation. */
  public enum Kind {
    CREATE,
    DELETE
  }

  /** Its progress. */
  public enum Status {
    IN_PROGRESS,
    SUCCEEDED,
    FAILED
  }
}
