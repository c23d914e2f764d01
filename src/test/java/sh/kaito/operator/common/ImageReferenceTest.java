package sh.kaito.operator.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The distribution/reference grammar (ParseDockerRef) and its error texts. */
class ImageReferenceTest {
  private static final String DIGEST =
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @ParameterizedTest
  @CsvSource({
    "busybox, docker.io/library/busybox, latest",
    "busybox:1.36, docker.io/library/busybox, 1.36",
    "library/ubuntu:22.04, docker.io/library/ubuntu, 22.04",
    "index.docker.io/org/app:v1, docker.io/org/app, v1",
    "myregistry.azurecr.io/phi-3-adapter:0.0.1, myregistry.azurecr.io/phi-3-adapter, 0.0.1",
    "myregistry.azurecr.io/team/adapters/phi-3:TAG_Upper,"
        + " myregistry.azurecr.io/team/adapters/phi-3, TAG_Upper",
    "localhost/app, localhost/app, latest",
    "localhost:5000/foo/bar:dev, localhost:5000/foo/bar, dev",
    "[::1]:5000/repo:x, [::1]:5000/repo, x",
    "registry.example.com:443/a.b_c__d-e--f, registry.example.com:443/a.b_c__d-e--f, latest",
  })
  void validReferencesAreNormalized(String reference, String name, String tag) throws Exception {
    ImageReference ref = ImageReference.parse(reference);

    assertThat(ref.name()).isEqualTo(name);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest()).isNull();
    assertThat(ImageReference.isValid(reference)).isTrue();
  }

  @Test
  void digestReferenceHasNoDefaultTag() throws Exception {
    ImageReference ref = ImageReference.parse("myregistry.io/app@" + DIGEST);

    assertThat(ref.name()).isEqualTo("myregistry.io/app");
    assertThat(ref.tag()).isNull();
    assertThat(ref.digest()).isEqualTo(DIGEST);
    assertThat(ref).hasToString("myregistry.io/app@" + DIGEST);
  }

  @Test
  void tagAndDigestAreBothKept() throws Exception {
    ImageReference ref = ImageReference.parse("myregistry.io/app:1.0@" + DIGEST);

    assertThat(ref.tag()).isEqualTo("1.0");
    assertThat(ref.digest()).isEqualTo(DIGEST);
    assertThat(ref).hasToString("myregistry.io/app:1.0@" + DIGEST);
  }

  @Test
  void seedPlaceholderFailsOnTheUppercaseRepository() {
    assertThatThrownBy(() -> ImageReference.parse("ACR_REPO_HERE.azurecr.io/IMAGE_NAME_HERE:0.0.1"))
        .isInstanceOf(ImageReference.InvalidReferenceException.class)
        .hasMessage(
            "invalid reference format: repository name (IMAGE_NAME_HERE) must be lowercase");
  }

  @ParameterizedTest
  @CsvSource({
    "myregistry.io/MyApp:1, MyApp",
    "myregistry.io/team/App, team/App",
    "UPPER, library/UPPER",
  })
  void uppercaseRepositoryIsRejectedNamingIt(String reference, String remote) {
    assertThatThrownBy(() -> ImageReference.parse(reference))
        .hasMessage("invalid reference format: repository name (" + remote + ") must be lowercase");
  }

  @Test
  void firstComponentWithUppercaseIsARegistryHost() throws Exception {
    ImageReference ref = ImageReference.parse("Org/app:1");

    assertThat(ref.name()).isEqualTo("Org/app");
    assertThat(ref.tag()).isEqualTo("1");
  }

  @Test
  void emptyReferenceIsRejected() {
    assertThatThrownBy(() -> ImageReference.parse(""))
        .hasMessage("invalid reference format: repository name must have at least one component");
    assertThat(ImageReference.isValid(null)).isFalse();
  }

  @Test
  void sixtyFourHexCharactersAreRejectedAsAnIdentifier() {
    String id = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    assertThatThrownBy(() -> ImageReference.parse(id))
        .hasMessage(
            "invalid repository name (" + id + "), cannot specify 64-byte hexadecimal strings");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "myregistry.io/app:",
        "myregistry.io/app:tag:extra",
        "myregistry.io/app name:1",
        "myregistry.io/-app:1",
        "myregistry.io/app--:1",
        "myregistry.io//app",
        "myregistry.io/app@sha256:abc",
        "myregistry.io/app:.tag",
        "https://myregistry.io/app:1",
      })
  void malformedReferencesAreRejected(String reference) {
    assertThatThrownBy(() -> ImageReference.parse(reference))
        .isInstanceOf(ImageReference.InvalidReferenceException.class)
        .hasMessageStartingWith("invalid reference format");
  }

  @Test
  void tagOf128CharactersIsAcceptedAnd129Rejected() {
    assertThat(ImageReference.isValid("myregistry.io/app:" + "a".repeat(128))).isTrue();
    assertThatThrownBy(() -> ImageReference.parse("myregistry.io/app:" + "a".repeat(129)))
        .hasMessage("invalid reference format");
  }

  @Test
  void nameLongerThan255CharactersIsRejected() {
    String reference = "myregistry.io/" + "a".repeat(250);

    assertThatThrownBy(() -> ImageReference.parse(reference))
        .hasMessage(
            "invalid reference format: repository name must not be more than 255 characters");
  }
}
