package sh.kaito.operator.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** DNS-1123 labels and subdomains with the API server's messages. */
class Dns1123Test {
  private static final String LABEL_ERROR =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
          + " must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc',"
          + " regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  private static final String SUBDOMAIN_ERROR =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
          + " regex used for validation is"
          + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "my-name", "123-abc", "workspace-tuning-phi-3", "a--b"})
  void validLabels(String value) {
    assertThat(Dns1123.labelErrors(value)).isEmpty();
  }

  @Test
  void labelOf63CharactersIsValid() {
    assertThat(Dns1123.labelErrors("a".repeat(63))).isEmpty();
  }

  @Test
  void labelOf64CharactersIsTooLong() {
    assertThat(Dns1123.labelErrors("a".repeat(64)))
        .containsExactly("must be no more than 63 characters");
  }

  @Test
  void longInvalidLabelGetsBothErrors() {
    assertThat(Dns1123.labelErrors("A".repeat(64)))
        .containsExactly("must be no more than 63 characters", LABEL_ERROR);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-a", "a-", "A", "my_name", "a.b", "a b", "ä"})
  void invalidLabels(String value) {
    assertThat(Dns1123.labelErrors(value)).containsExactly(LABEL_ERROR);
  }

  @Test
  void nullLabelIsInvalid() {
    assertThat(Dns1123.labelErrors(null)).containsExactly(LABEL_ERROR);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "acr-push-secret", "example.com", "a.b.c", "1.2.3"})
  void validSubdomains(String value) {
    assertThat(Dns1123.subdomainErrors(value)).isEmpty();
  }

  @Test
  void subdomainOf253CharactersIsValidAnd254TooLong() {
    String name253 = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61);

    assertThat(name253).hasSize(253);
    assertThat(Dns1123.subdomainErrors(name253)).isEmpty();
    assertThat(Dns1123.subdomainErrors(name253 + "a"))
        .containsExactly("must be no more than 253 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".a", "a.", "a..b", "ACR_SECRET", "a_b", "-a.b"})
  void invalidSubdomains(String value) {
    assertThat(Dns1123.subdomainErrors(value)).containsExactly(SUBDOMAIN_ERROR);
  }
}
