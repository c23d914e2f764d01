package sh.kaito.operator.common;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/** Conditions kept as Kubernetes' meta.SetStatusCondition keeps them. */
class ConditionsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T11:30:00Z");

  private static Condition condition(String type, String status, String time) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason("OldReason")
        .withMessage("old message")
        .withObservedGeneration(1L)
        .withLastTransitionTime(time)
        .build();
  }

  @Test
  void setAddsANewConditionWithGenerationAndTransitionTime() {
    List<Condition> out =
        Conditions.set(null, "Ready", Conditions.TRUE, "AllGood", "everything is fine", 7L, T0);

    assertThat(out).hasSize(1);
    Condition c = out.get(0);
    assertThat(c.getType()).isEqualTo("Ready");
    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getReason()).isEqualTo("AllGood");
    assertThat(c.getMessage()).isEqualTo("everything is fine");
    assertThat(c.getObservedGeneration()).isEqualTo(7L);
    assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
  }

  @Test
  void setAppendsAfterTheExistingConditionsWithoutChangingThem() {
    Condition other = condition("Other", Conditions.FALSE, "2025-12-01T00:00:00Z");
    List<Condition> before = List.of(other);

    List<Condition> out = Conditions.set(before, "Ready", Conditions.TRUE, "R", "m", 2L, T0);

    assertThat(out).extracting(Condition::getType).containsExactly("Other", "Ready");
    assertThat(out.get(0))
        .isSameAs(other)
        .isEqualTo(condition("Other", "False", "2025-12-01T00:00:00Z"));
    assertThat(before).hasSize(1);
  }

  @Test
  void aNullMessageBecomesEmpty() {
    List<Condition> out = Conditions.set(List.of(), "Ready", Conditions.TRUE, "R", null, 1L, T0);

    assertThat(out.get(0).getMessage()).isEmpty();
  }

  @Test
  void unchangedStatusKeepsTheTransitionTimeWhenReasonAndMessageChange() {
    List<Condition> before = List.of(condition("Ready", Conditions.FALSE, "2026-01-01T09:00:00Z"));

    List<Condition> out =
        Conditions.set(before, "Ready", Conditions.FALSE, "NewReason", "new message", 5L, T1);

    assertThat(out).hasSize(1);
    Condition c = out.get(0);
    assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T09:00:00Z");
    assertThat(c.getReason()).isEqualTo("NewReason");
    assertThat(c.getMessage()).isEqualTo("new message");
    assertThat(c.getObservedGeneration()).isEqualTo(5L);
  }

  @Test
  void settingTheSameValuesAgainGivesAnEqualList() {
    List<Condition> first = Conditions.set(null, "Ready", Conditions.TRUE, "R", "m", 3L, T0);

    List<Condition> second = Conditions.set(first, "Ready", Conditions.TRUE, "R", "m", 3L, T1);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void flippedStatusGetsTheNewTransitionTime() {
    List<Condition> before = List.of(condition("Ready", Conditions.FALSE, "2026-01-01T09:00:00Z"));

    List<Condition> out = Conditions.set(before, "Ready", Conditions.TRUE, "R", "m", 2L, T1);

    assertThat(out.get(0).getStatus()).isEqualTo("True");
    assertThat(out.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T11:30:00Z");
  }

  @Test
  void anExistingConditionWithoutTransitionTimeGetsNow() {
    List<Condition> before = List.of(condition("Ready", Conditions.TRUE, null));

    List<Condition> out = Conditions.set(before, "Ready", Conditions.TRUE, "R", "m", 2L, T1);

    assertThat(out.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T11:30:00Z");
  }

  @Test
  void otherTypesAreUntouchedAndKeepTheirPosition() {
    Condition a = condition("A", Conditions.TRUE, "2025-01-01T00:00:00Z");
    Condition b = condition("B", Conditions.FALSE, "2025-02-01T00:00:00Z");
    Condition c = condition("C", Conditions.UNKNOWN, "2025-03-01T00:00:00Z");

    List<Condition> out =
        Conditions.set(List.of(a, b, c), "B", Conditions.TRUE, "Flipped", "now true", 9L, T1);

    assertThat(out).extracting(Condition::getType).containsExactly("A", "B", "C");
    assertThat(out.get(0)).isSameAs(a);
    assertThat(out.get(2)).isSameAs(c);
    assertThat(out.get(1).getStatus()).isEqualTo("True");
    assertThat(out.get(1).getLastTransitionTime()).isEqualTo("2026-01-01T11:30:00Z");
  }

  @Test
  void longMessagesAreCappedAtTheKubernetesLimit() {
    String huge = "x".repeat(Conditions.MAX_MESSAGE + 10);

    List<Condition> out = Conditions.set(null, "Ready", Conditions.FALSE, "R", huge, 1L, T0);

    assertThat(out.get(0).getMessage()).hasSize(Conditions.MAX_MESSAGE).endsWith("...");
  }

  @Test
  void removeDropsOnlyThatType() {
    Condition a = condition("A", Conditions.TRUE, "2025-01-01T00:00:00Z");
    Condition b = condition("B", Conditions.FALSE, "2025-02-01T00:00:00Z");
    List<Condition> before = List.of(a, b);

    assertThat(Conditions.remove(before, "A")).containsExactly(b);
    assertThat(Conditions.remove(before, "Missing")).containsExactly(a, b);
    assertThat(Conditions.remove(null, "A")).isEmpty();
    assertThat(before).containsExactly(a, b);
  }

  @Test
  void findAndIsTrue() {
    Condition ready = condition("Ready", Conditions.TRUE, "2025-01-01T00:00:00Z");
    Condition synced = condition("Synced", Conditions.FALSE, "2025-01-01T00:00:00Z");
    Condition unknown = condition("Probed", Conditions.UNKNOWN, "2025-01-01T00:00:00Z");
    List<Condition> all = List.of(ready, synced, unknown);

    assertThat(Conditions.find(all, "Synced")).contains(synced);
    assertThat(Conditions.find(all, "Missing")).isEmpty();
    assertThat(Conditions.find(null, "Ready")).isEmpty();
    assertThat(Conditions.isTrue(all, "Ready")).isTrue();
    assertThat(Conditions.isTrue(all, "Synced")).isFalse();
    assertThat(Conditions.isTrue(all, "Probed")).isFalse();
    assertThat(Conditions.isTrue(all, "Missing")).isFalse();
    assertThat(Conditions.isTrue(null, "Ready")).isFalse();
  }

  @Test
  void truncateLeavesShortAndExactMessagesAlone() {
    assertThat(Conditions.truncate(null, 5)).isNull();
    assertThat(Conditions.truncate("", 5)).isEmpty();
    assertThat(Conditions.truncate("abcd", 5)).isEqualTo("abcd");
    assertThat(Conditions.truncate("abcde", 5)).isEqualTo("abcde");
  }

  @Test
  void truncateCutsOneOverTheLimitAndMarksTheCut() {
    assertThat(Conditions.truncate("abcdef", 5)).isEqualTo("ab...").hasSize(5);
    assertThat(Conditions.truncate("abcdefghij", 3)).isEqualTo("...");
  }

  @Test
  void timestampsHaveSecondPrecision() {
    assertThat(Conditions.timestamp(Instant.parse("2026-03-04T05:06:07.891234Z")))
        .isEqualTo("2026-03-04T05:06:07Z");
    assertThat(Conditions.timestamp(Instant.parse("2026-03-04T05:06:07Z")))
        .isEqualTo("2026-03-04T05:06:07Z");
    assertThat(Conditions.timestamp(Instant.parse("2026-03-04T05:06:00.999Z")))
        .isEqualTo("2026-03-04T05:06:00Z");
  }

  @Test
  void setStoresTheTransitionTimeAtSecondPrecision() {
    List<Condition> out =
        Conditions.set(
            null,
            "Ready",
            Conditions.TRUE,
            "R",
            "m",
            1L,
            Instant.parse("2026-01-01T10:00:00.750Z"));

    assertThat(out.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
  }
}
