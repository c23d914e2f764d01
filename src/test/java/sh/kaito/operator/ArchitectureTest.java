package sh.kaito.operator;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The pure packages (catalogs, sizing, validation, manifest builders, helpers) never reach the API
 * server, the cloud, the operator framework or Quarkus: they get everything as values, which is
 * what lets the webhook and the offline planner share them.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("sh.kaito.operator");

  @Test
  void purePackagesUseNoClientCloudOrFramework() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "sh.kaito.operator.catalog..",
            "sh.kaito.operator.common..",
            "sh.kaito.operator.sizing..",
            "sh.kaito.operator.validation..",
            "sh.kaito.operator.manifests..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8.kubernetes.client.dsl..",
            "io.fabric8.kubernetes.client.http..",
            "com.azure..",
            "io.javaoperatorsdk..",
            "io.quarkus..",
            "jakarta.enterprise..",
            "jakarta.inject..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.fabric8.kubernetes.client.KubernetesClient")
        .check(CLASSES);
  }

  @Test
  void catalogAndSizingDoNotDependOnTheApiServerTypes() {
    noClasses()
        .that()
        .resideInAnyPackage("sh.kaito.operator.catalog..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fabric8..", "sh.kaito.operator.api..")
        .check(CLASSES);
  }

  @Test
  void azureSdkOnlyInTheAzurePackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("sh.kaito.operator.cloud.azure..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.azure..")
        .check(CLASSES);
  }
}
